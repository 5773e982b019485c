#!/usr/bin/env bash
# Installs what building, running and testing rampart needs on Debian bookworm, only when missing.
# Safe to run repeatedly; does nothing when everything is present.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache git ca-certificates curl
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libsodium-dev libssl-dev libspdlog-dev libfmt-dev
  libargon2-dev  # password hashes on reused memory (the reference Argon2)  # rampart:only(iam)
  libpq-dev  # rampart:only(postgres)
  libgtest-dev libgmock-dev libcli11-dev libtomlplusplus-dev
  libhiredis-dev  # rampart:only(redis)
  # rampart:begin(iam)
  libidn2-dev libunistring-dev  # e-mail addresses: IDNA2008 domains, NFC/NFKC and case mapping
  libzxcvbn-dev  # password strength estimates (zxcvbn-c)
  libqrencode-dev  # the QR code of a TOTP enrolment (drawn as SVG in process)
  # rampart:end
  libjemalloc-dev  # the allocator linked into rampart (build without it: -DRAMPART_JEMALLOC=OFF)
  sqlite3 wrk procps
  python3  # `rampart new` runs scripts/new_service.py  # rampart:only(template)
  nodejs npm  # the build fetches Swagger UI for GET /docs with `npm pack` (cmake/swagger_ui.cmake)
)
[ "${1:-}" = "--test" ] && packages+=(openssl)  # openssl: TLS e2e certs
# Tests start their own redis-server on a free loopback port (and stop it by PID).  # rampart:only(redis)
[ "${1:-}" = "--test" ] && packages+=(redis-server)  # rampart:only(redis)
# rampart:begin(postgres)
# PostgreSQL 15 server + psql for the throwaway test cluster (tests/services/postgres.sh).
[ "${1:-}" = "--test" ] && packages+=(postgresql postgresql-client)
# rampart:end
# promtool checks the alert rules shipped in deploy/observability/ (tests/observability).
[ "${1:-}" = "--test" ] && packages+=(prometheus)
# rampart:begin(deploy)
# `make deploy-check` (tests/deploy): debootstrap rebuilds the image's runtime stage as a folder
# and runs the binary in it in namespaces of its own (unshare, nsenter, ip); Debian's
# docker-compose validates the Compose files offline.
[ "${1:-}" = "--deploy" ] && packages+=(debootstrap docker-compose util-linux iproute2 curl)
# rampart:begin(sqlite)
# rampart:else
# # The runtime stage's binary needs its database: a throwaway cluster (tests/services/postgres.sh).
# [ "${1:-}" = "--deploy" ] && packages+=(postgresql postgresql-client)
# rampart:end
# rampart:end
# `make fuzz` (fuzz/, libFuzzer) and `make tidy`: clang 16, the first clang that compiles
# libstdc++ 12's std::expected (cmake/clang_compat.cmake), with its sanitizer and libFuzzer
# runtimes; `make coverage`: gcovr for the gcov reports.
[ "${1:-}" = "--fuzz" ] && packages+=(clang-16 libclang-rt-16-dev)
[ "${1:-}" = "--tidy" ] && packages+=(clang-tidy-16)
[ "${1:-}" = "--coverage" ] && packages+=(gcovr)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node may come from outside apt (e.g. a preinstalled toolchain); accept any node >= 18 with npm.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
   && [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 18 ]; then
  missing=("${missing[@]/nodejs/}"); missing=("${missing[@]/npm/}")
fi
filtered=()
for p in "${missing[@]}"; do [ -n "$p" ] && filtered+=("$p"); done
if [ ${#filtered[@]} -eq 0 ]; then exit 0; fi

echo "setup: installing ${filtered[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
# Several checkouts may run this at once (parallel builds on one machine): take turns.
exec 9>/tmp/rampart-setup.lock
flock 9
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${filtered[@]}" >/dev/null
