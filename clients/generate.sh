#!/usr/bin/env bash
# Regenerates the typed .NET client (clients/dotnet/Marketplace.Client/Generated) from the committed OpenAPI document
# (docs/openapi.json) with the Kiota version pinned in .config/dotnet-tools.json. Run it after regenerating
# docs/openapi.json (see docs/architecture.md, "The OpenAPI document"); a test fails while the generated code is stale.
#   clients/generate.sh [output directory]   (default: the committed one)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/clients/dotnet/Marketplace.Client/Generated}"
cd "$root"
export KIOTA_TUTORIAL_ENABLED=false KIOTA_OFFLINE_ENABLED=true
dotnet tool restore >/dev/null
# Kiota asks GitHub for a newer version after generating; without network that is a logged warning, not a failure.
dotnet kiota generate --language CSharp --openapi docs/openapi.json --output "$out" \
  --class-name MarketplaceClient --namespace-name Marketplace.Client --exclude-backward-compatible --clean-output \
  --log-level Error >/dev/null 2>&1 || { echo "kiota generate failed; run it by hand to see why" >&2; exit 1; }
# The lock file records where the description was read from; keep it relative to the repository so it is the same
# wherever the script runs.
sed -i 's#"descriptionLocation": "[^"]*"#"descriptionLocation": "docs/openapi.json"#' "$out/kiota-lock.json"
echo "generated $(find "$out" -name '*.cs' | wc -l) files into ${out#$root/}"
