#!/usr/bin/env bash
# Runs the function app in standalone mode on http://localhost:7071 against a local Azurite.
# Azurite's data lives in .azurite/ (git-ignored) and survives restarts; local.settings.json is
# created from local.settings.sample.json on first run. Extra arguments go to the app.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/azurite ]; then
  echo "Installing the pinned Azurite (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ ! -f local.settings.json ]; then
  cp local.settings.sample.json local.settings.json
  echo "Created local.settings.json from local.settings.sample.json."
fi

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

azurite_pid=""
if port_open 10000 && port_open 10001 && port_open 10002; then
  echo "Azurite is already listening on 10000-10002; using it."
else
  mkdir -p .azurite
  node_modules/.bin/azurite --location .azurite --silent --skipApiVersionCheck --loose \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 >.azurite/azurite.log 2>&1 &
  azurite_pid=$!
  trap 'kill "$azurite_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do
    if port_open 10000 && port_open 10001 && port_open 10002; then break; fi
    if ! kill -0 "$azurite_pid" 2>/dev/null; then
      echo "Azurite failed to start; see .azurite/azurite.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  echo "Azurite started (blob 10000, queue 10001, table 10002), data in .azurite/"
fi

dotnet run --project functions/CrmFunctions -c Release -- "$@"
