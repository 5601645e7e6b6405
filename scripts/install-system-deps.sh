#!/usr/bin/env bash
# Installs the system packages the tests and checks need, only where missing: a PostgreSQL server
# (Debian binaries; the test harness runs its own throwaway cluster), docker-compose v1 (validates
# docker-compose.yml without an engine), Java and Maven (run the Kafka broker from its jars),
# Chromium (headless, opens the HTML report of `baton analyze --html` in its test), openssl (makes
# the certificates of the TLS tests).
set -euo pipefail
need=()
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
command -v docker-compose >/dev/null || need+=(docker-compose)
command -v java >/dev/null || need+=(openjdk-17-jre-headless)
command -v mvn >/dev/null || need+=(maven)
command -v chromium >/dev/null || need+=(chromium)
command -v openssl >/dev/null || need+=(openssl)
if [ ${#need[@]} -eq 0 ]; then
  echo "system packages present"
  exit 0
fi
echo "installing: ${need[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
# Debian's postgresql package would create and start a default cluster; the harness wants none.
$sudo mkdir -p /etc/postgresql-common/createcluster.d
echo "create_main_cluster = false" | $sudo tee /etc/postgresql-common/createcluster.d/baton.conf >/dev/null
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "installed: ${need[*]}"
