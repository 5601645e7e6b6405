#!/usr/bin/env bash
# Puts the Kafka 3.9.1 broker jars into ${BATON_CACHE_DIR:-$HOME/.cache/baton}/kafka-3.9.1/lib so
# the test harness (libs/testing) can run a real broker without Docker. Idempotent: a no-op once the
# jars are cached. Needs Maven and Java 17; Maven keeps its own copy in ~/.m2.
set -euo pipefail
version=3.9.1
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${BATON_CACHE_DIR:-$HOME/.cache/baton}"
dest="$cache/kafka-$version"
# The marker is written last, so a download cut short is redone rather than half-used.
if [ -f "$dest/.complete" ]; then
  exit 0
fi
command -v mvn >/dev/null || { echo "fetch-kafka: mvn not found (install Maven and Java 17)" >&2; exit 1; }
# A per-process staging dir: two test runs fetching at once must not write into the same one.
tmp="$dest.tmp.$$"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"
echo "fetch-kafka: downloading Kafka $version jars into $dest" >&2
# Maven's output goes to a file and is shown only on failure (even -q -B emits colour codes).
if ! mvn -q -B -f "$root/libs/testing/kafka/pom.xml" \
  org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies \
  -DoutputDirectory="$tmp/lib" -DincludeScope=runtime >"$tmp/mvn.log" 2>&1; then
  cat "$tmp/mvn.log" >&2
  exit 1
fi
test -f "$tmp/lib/kafka_2.13-$version.jar"
rm -f "$tmp/mvn.log"
touch "$tmp/.complete"
# Another process may have finished first; its copy is as good, and may be in use already.
if [ -f "$dest/.complete" ]; then
  exit 0
fi
rm -rf "$dest"
mv "$tmp" "$dest"
echo "fetch-kafka: done ($(ls "$dest/lib" | wc -l) jars)" >&2
