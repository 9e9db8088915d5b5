#!/usr/bin/env bash
# siotrace developer entry point: set-up, build, test, demo and tools.
# Run `tools/dev.sh help` for the commands.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$ROOT/build
PACKAGES=(cmake ninja-build gcc mingw-w64 wine wine64 clang libclang-rt-14-dev binutils-mingw-w64-i686 python3)

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'dev.sh: %s\n' "$*" >&2; exit 1; }

usage() {
    cat <<'TXT'
usage: tools/dev.sh COMMAND [ARGS...]

  setup              install the Debian packages the build needs (when missing)
  build [PRESET...]  configure and build presets (default: all of host win64 win32 fuzz)
  test               build every preset and run every test
  demo               show siotrace at work
  decode ARGS...     run the native ioctl-decode (builds it if needed)
  help               this text

Presets: host (native gcc, ASan+UBSan), win64 (MinGW x86_64, tests under Wine),
win32 (MinGW i686, checked with objdump), fuzz (clang + libFuzzer).
TXT
}

missing_packages() {
    local p
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
            || printf '%s\n' "$p"
    done
}

setup() {
    local missing
    missing=$(missing_packages)
    [ -z "$missing" ] && return 0
    say "installing: $(echo $missing)"
    local sudo=
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
    missing=$(missing_packages)
    [ -z "$missing" ] || die "could not install: $(echo $missing)"
}

build() {
    setup
    local presets=("$@")
    [ ${#presets[@]} -gt 0 ] || presets=(host win64 win32 fuzz)
    local p
    for p in "${presets[@]}"; do
        say "configure $p"
        cmake --preset "$p" -S "$ROOT" >"$BUILD.$p.configure.log" 2>&1 \
            || { cat "$BUILD.$p.configure.log" >&2; die "configure of preset $p failed"; }
        say "build $p"
        cmake --build --preset "$p" -- -k 0 2>&1 | grep -v '^\[' >&2 || true
        [ "${PIPESTATUS[0]}" -eq 0 ] || die "build of preset $p failed"
    done
}

run_tests() {
    build host win64 win32 fuzz
    local p failed=()
    for p in host win64 win32 fuzz; do
        say "test $p"
        ctest --preset "$p" --timeout 600 || failed+=("$p")
    done
    [ ${#failed[@]} -eq 0 ] || die "tests failed in: ${failed[*]}"
    say "all tests passed"
}

decoder() {
    local exe=$BUILD/host/tools/ioctl-decode
    [ -x "$exe" ] || build host >/dev/null
    "$exe" "$@"
}

demo() {
    build host >/dev/null
    local d=decoder
    say "ioctl-decode: names, bits and buffers of real Winsock IOCTLs"
    set -x
    $d FIONBIO SIO_RCVALL 0x48000022 SIO_BSP_HANDLE_POLL
    $d SIO_KEEPALIVE_VALS --in 01000000 40771b00 e8030000
    $d SIO_RCVALL --in 03000000
    $d SIO_GET_EXTENSION_FUNCTION_POINTER --in b9a207b2f3dd6046 8ee976e58c74063e --out 0010ab8967452301
    $d SIO_ROUTING_INTERFACE_QUERY --in 02000050 5db8d822 0000000000000000 --out 0200000 07f000001 0000000000000000
    $d SIO_TCP_INFO --json --in 00000000
    $d 0xDEADBEEF
    { set +x; } 2>/dev/null
}

# Paths for subcommands with spaces in the data above are joined by ioctl-decode.
cmd=${1:-help}
[ $# -gt 0 ] && shift
case $cmd in
    setup) setup ;;
    build) build "$@" ;;
    test) run_tests ;;
    demo) demo ;;
    decode) decoder "$@" ;;
    help|-h|--help) usage ;;
    *) usage >&2; exit 2 ;;
esac
