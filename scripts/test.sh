#!/usr/bin/env bash
# Runs every test: installs the pinned Azurite (the integration tests start their own) and Debian's Chromium (the
# dashboard's browser test drives it), then the .NET tests.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x node_modules/.bin/azurite ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Chromium for the dashboard's browser test (apt-get install chromium)..."
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test CrmFunctions.sln --nologo "$@" 2>&1 | tee "$log" || status=$?
# One closing line for the whole solution, summed over the test projects.
grep -E '^(Passed|Failed)!' "$log" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\1 \2 \3/' |
  awk '{f+=$1; p+=$2; s+=$3} END {printf "%d passed, %d failed, %d skipped\n", p, f, s}'
exit "$status"
