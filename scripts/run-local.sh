#!/usr/bin/env bash
# Runs the function app in standalone mode on http://localhost:7071 against a local Azurite.
# Azurite's data lives in .azurite/ (git-ignored) and survives restarts; local.settings.json is
# created from local.settings.sample.json on first run. On the first start against an empty .azurite/
# it also sends a sample hotel group's data through the public API, so there is something to see
# (SAMPLE_DATA=0 skips that). Extra arguments go to the app.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x node_modules/.bin/azurite ]; then
  echo "Installing the pinned Azurite (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ ! -f local.settings.json ]; then
  cp local.settings.sample.json local.settings.json
  echo "Created local.settings.json from local.settings.sample.json."
else
  # A local.settings.json made before the sample gained a setting the app requires (Privacy__KeySecret) gets the
  # sample's local value; settings already there are kept as they are.
  node -e '
    const fs = require("fs");
    const local = JSON.parse(fs.readFileSync("local.settings.json", "utf8"));
    const sample = JSON.parse(fs.readFileSync("local.settings.sample.json", "utf8"));
    local.Values = local.Values || {};
    const added = Object.keys(sample.Values).filter(name => !(name in local.Values));
    for (const name of added) local.Values[name] = sample.Values[name];
    if (added.length > 0) {
      fs.writeFileSync("local.settings.json", JSON.stringify(local, null, 2) + "\n");
      console.log("Added to local.settings.json from the sample: " + added.join(", "));
    }'
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

seed_marker=.azurite/sample-data-sent
seed=false
if [ "${SAMPLE_DATA:-1}" != "0" ] && [ ! -f "$seed_marker" ]; then
  seed=true
  # Built before the app starts so the two builds do not share the compiler at once.
  dotnet build tools/CrmFunctions.SampleData -c Release --nologo -v quiet >/dev/null
fi

dotnet run --project functions/CrmFunctions -c Release -- "$@" &
app_pid=$!
trap 'kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; [ -z "$azurite_pid" ] || kill "$azurite_pid" 2>/dev/null || true' EXIT INT TERM

if $seed; then
  for _ in $(seq 1 300); do
    if curl -fs -o /dev/null http://localhost:7071/api/openapi/v1.json; then break; fi
    kill -0 "$app_pid" 2>/dev/null || exit 1
    sleep 0.5
  done
  echo "First start: sending sample data through the API (SAMPLE_DATA=0 skips this)..."
  if dotnet run --project tools/CrmFunctions.SampleData -c Release --no-build -- --url http://localhost:7071; then
    touch "$seed_marker"
  fi
fi
wait "$app_pid"
