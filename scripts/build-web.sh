#!/usr/bin/env bash
# Installs the web dependencies (npm ci, only when package-lock.json changed)
# and builds web/dist (only when a source file is newer than the last build).
set -euo pipefail
cd "$(dirname "$0")/../web"
stamp=node_modules/.wcp-lock-stamp
if [[ ! -f $stamp || package-lock.json -nt $stamp ]]; then
  npm ci --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi
if [[ ! -f dist/index.html ]] || [[ -n $(find src public index.html vite.config.js package-lock.json -newer dist/index.html -print -quit) ]]; then
  npx vite build --logLevel warn
  node scripts/precompress.mjs
fi
