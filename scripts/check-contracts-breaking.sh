#!/usr/bin/env bash
# Fails when proto/ breaks the contracts of the latest release (a tag v<major>.<minor>.<patch>).
# Before the first release is tagged, contracts may still change freely and this only says so.
set -euo pipefail
cd "$(dirname "$0")/.."
latest=$(git tag --list 'v[0-9]*' --sort=-v:refname | head -1)
if [ -z "$latest" ]; then
  echo "contracts: no release tag yet (v*), buf breaking not applicable"
  exit 0
fi
npx buf breaking proto --against ".git#tag=${latest},subdir=proto"
echo "contracts: no breaking change against ${latest}"
