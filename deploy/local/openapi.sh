#!/usr/bin/env bash
# Regenerates what follows from the API's shape, in one go, after changing or merging endpoints:
#   1. docs/openapi.json, written by the drift test from the document a test-hosted gateway serves (UPDATE_OPENAPI=1);
#   2. the typed .NET client under clients/dotnet/Marketplace.Client/Generated (clients/generate.sh, pinned Kiota).
# The output is deterministic (paths, operations and schemas in a fixed order), so running it twice changes nothing.
# Needs PostgreSQL and RabbitMQ, like every test (started here if they are not running). Review and commit the diff.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

"$REPO_ROOT/deploy/local/infra.sh"
log "Writing docs/openapi.json from the served document"
UPDATE_OPENAPI=1 dotnet test "$REPO_ROOT/tests/Gateway.Tests" -c Release \
  --filter "FullyQualifiedName~When_the_openapi_document_is_read.Should_match_the_committed_docs_openapi_json" --nologo -v q
log "Regenerating the typed client"
"$REPO_ROOT/clients/generate.sh"
git -C "$REPO_ROOT" status --short -- docs/openapi.json clients/dotnet/Marketplace.Client/Generated
