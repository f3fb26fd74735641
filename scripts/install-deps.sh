#!/usr/bin/env bash
# Installs the Debian packages UrbanGrid needs to build, run and test.
# One idempotent script for `make run`, `make test` and CI: it installs only what is missing,
# so a second run costs a dpkg query. Works as root on a fresh Debian bookworm (uses sudo otherwise).
set -euo pipefail

# Boost: only the versioned 1.81 packages; Debian's unversioned libboost-dev is 1.74 and conflicts.
build_packages=(
  build-essential cmake ninja-build ccache pkg-config git clang-format
  libboost1.81-dev libboost-json1.81-dev
  libexpected-dev libcli11-dev libtoml11-dev libspdlog-dev libfmt-dev
  libsqlite3-dev sqlite3 libpq-dev zlib1g-dev libgeos-dev libsodium-dev libgd-dev libexif-dev libicu-dev libxlsxwriter-dev libssl-dev ca-certificates
  libgtest-dev libgmock-dev libbenchmark-dev
)
# Tests start a throwaway PostgreSQL 15, speak HTTP to the real binary, smoke-run bench/ (wrk, nginx)
# and drive the web UI in Debian's Chromium (with CJK fonts, so screenshots show the Chinese text);
# python3-jsonschema checks every API reply against the published OpenAPI schemas.
test_packages=(postgresql-15 postgresql-client-15 curl python3 python3-jsonschema wrk nginx-light util-linux chromium fonts-noto-cjk)
# `make test-full`: clang-14 for libFuzzer and the sanitizer runtimes.
full_packages=(clang-14 libclang-rt-14-dev llvm-14)
# `bench/http_load.sh`: load generator and the nginx baseline.
bench_packages=(postgresql-15-postgis-3)

wanted=("${build_packages[@]}")
case "${1:-build}" in
  build) ;;
  test) wanted+=("${test_packages[@]}") ;;
  full) wanted+=("${test_packages[@]}" "${full_packages[@]}") ;;
  bench) wanted+=("${test_packages[@]}" "${bench_packages[@]}") ;;
  all) wanted+=("${test_packages[@]}" "${full_packages[@]}" "${bench_packages[@]}") ;;
  *) echo "usage: $0 [build|test|full|bench|all]" >&2; exit 2 ;;
esac

missing=()
for pkg in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
