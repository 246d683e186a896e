#!/usr/bin/env bash
# Builds the Functions deployment package: dist/package/ (host.json, one folder per function with its
# generated function.json, handler/ = the app published self-contained for linux-x64, ReadyToRun)
# and dist/crmfunctions.zip of the same tree, executable bit kept.
set -euo pipefail
cd "$(dirname "$0")/.."
root=dist/package
rm -rf "$root" dist/crmfunctions.zip
dotnet publish functions/CrmFunctions/CrmFunctions.csproj -c Release -r linux-x64 --self-contained true \
  -p:PublishReadyToRun=true -p:UseAppHost=true -o "$root/handler" --nologo
chmod +x "$root/handler/CrmFunctions"
"$root/handler/CrmFunctions" package --root "$root" --zip dist/crmfunctions.zip
