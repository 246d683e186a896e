#!/usr/bin/env bash
# Runs every test: installs the pinned Azurite (the integration tests start their own), then the .NET tests.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/azurite ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
dotnet test CrmFunctions.sln --nologo "$@"
