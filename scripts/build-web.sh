#!/usr/bin/env bash
# `make web` (part of `make build`): the browser UI from web/ into web/dist with Vite. Needs Node.js
# 18 or newer (Vite 5.4; Debian 12's own nodejs is 18.20) and npm; installs Debian's `nodejs npm`
# when either is missing, and the locked npm packages when package-lock.json changed.
set -euo pipefail
cd "$(dirname "$0")/../web"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "build-web: installing Node.js and npm" >&2
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq nodejs npm
fi
if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)'; then
  echo "build-web: Node.js $(node --version) is too old; the web build (Vite 5.4) and the e2e tests (playwright-core 1.61) need Node.js 18 or newer" >&2
  exit 1
fi
# `npm install` at the locked versions rather than `npm ci`, which would delete node_modules on every
# build. --no-save: the committed lock is never rewritten, whichever npm runs (Debian's 9 writes a
# lock differently from npm 10/11), so a build leaves git clean. After changing package.json, run
# `npm install` in web/ yourself and commit the new lock.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm install --no-save --no-audit --no-fund --loglevel=error
fi
npx --no-install vite build --logLevel warn
