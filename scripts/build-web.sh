#!/usr/bin/env bash
# `make web` (part of `make build`): the browser UI from web/ into web/dist with Vite. Needs Node.js
# 20.19 or newer (Vite 7); installs the locked npm packages when package-lock.json changed.
set -euo pipefail
cd "$(dirname "$0")/../web"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "build-web: installing Node.js and npm" >&2
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq nodejs npm
fi
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
  echo "build-web: Node.js $(node --version) is too old; Vite 7 needs 20.19 or newer (e.g. from NodeSource)" >&2
  exit 1
fi
# `npm install` at the locked versions rather than `npm ci`: ci also demands every other platform's
# optional native build (rollup's android/darwin/win32 packages), which registry mirrors that carry
# only Linux builds do not have — the lock is then "out of sync" although nothing differs here.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm install --no-audit --no-fund --loglevel=error
fi
npx --no-install vite build --logLevel warn
