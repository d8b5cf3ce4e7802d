#!/usr/bin/env bash
# Regenerates the Python client's generated package (clients/python/marketplace_client) from the committed OpenAPI
# document with openapi-python-client, pinned below, and records which document it was generated from
# (clients/python/GENERATED_FROM: a test fails while docs/openapi.json differs from it).
#   clients/python/generate.sh            installs the pinned generator in .run/openapi-python-client (needs PyPI)
#   OPENAPI_PYTHON_CLIENT=/path/to/openapi-python-client clients/python/generate.sh   uses that one (same version)
# No formatter runs afterwards (generator.yaml: post_hooks: []), so any machine writes the same bytes.
set -euo pipefail
VERSION=0.29.0
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
generator="${OPENAPI_PYTHON_CLIENT:-}"
if [[ -z "$generator" ]]; then
  venv="$root/.run/openapi-python-client"
  if [[ ! -x "$venv/bin/openapi-python-client" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "openapi-python-client==$VERSION"
  fi
  generator="$venv/bin/openapi-python-client"
fi
actual="$("$generator" --version | awk '{print $NF}')"
[[ "$actual" == "$VERSION" ]] || { echo "openapi-python-client $actual found, $VERSION pinned" >&2; exit 1; }
"$generator" generate --path docs/openapi.json --config clients/python/generator.yaml --meta none \
  --output-path clients/python/marketplace_client --overwrite
{
  echo "openapi-python-client $VERSION"
  echo "docs/openapi.json sha256 $(sha256sum docs/openapi.json | cut -d' ' -f1)"
} > clients/python/GENERATED_FROM
echo "generated $(find clients/python/marketplace_client -name '*.py' | wc -l) files into clients/python/marketplace_client"
