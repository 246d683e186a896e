#!/usr/bin/env bash
# Runs the function app in standalone mode on http://localhost:7071 against a local Azurite.
# Azurite's data lives in .azurite/ (git-ignored) and survives restarts; local.settings.json is
# created from local.settings.sample.json on first run. On the first start against an empty .azurite/
# it also sends a sample hotel group's data through the public API, so there is something to see
# (SAMPLE_DATA=0 skips that). Extra arguments go to the app.
# Campaign triggers go to a local Brevo stand-in (the app's brevo-standin command, on BREVO_STANDIN_PORT, default
# 7073) unless local.settings.json holds a Brevo API key: it answers as Brevo does and writes what it received, without
# recipients, to .brevo-standin/requests.jsonl. BREVO_STANDIN=1 uses it even with a key, BREVO_STANDIN=0 never.
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

standin="${BREVO_STANDIN:-}"
if [ -z "$standin" ]; then
  brevo_key=$(node -e 'const v = (JSON.parse(require("fs").readFileSync("local.settings.json", "utf8")).Values || {}); process.stdout.write(v.Campaigns__Brevo__ApiKey || "")')
  if [ -z "$brevo_key" ]; then standin=1; else standin=0; fi
fi

# One build, then the stand-in and the app run from it, so they do not build at once.
dotnet build functions/CrmFunctions -c Release --nologo -v quiet >/dev/null
standin_pid=""
if [ "$standin" = "1" ]; then
  standin_port="${BREVO_STANDIN_PORT:-7073}"
  # An absolute path: dotnet run starts the command in the project's directory.
  dotnet run --project functions/CrmFunctions -c Release --no-build -- brevo-standin --port "$standin_port" \
    --requests "$PWD/.brevo-standin/requests.jsonl" &
  standin_pid=$!
  export Campaigns__Brevo__BaseUrl="http://127.0.0.1:$standin_port/"
  export Campaigns__Brevo__ApiKey="local-brevo-standin"
fi

dotnet run --project functions/CrmFunctions -c Release --no-build -- "$@" &
app_pid=$!
trap 'kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; [ -z "$standin_pid" ] || kill "$standin_pid" 2>/dev/null || true; [ -z "$azurite_pid" ] || kill "$azurite_pid" 2>/dev/null || true' EXIT INT TERM

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
