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
  bench              build optimised and print the benchmarks' figures
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

demo_step() {
    printf '\n$ ioctl-decode'
    printf ' %q' "$@"
    printf '\n'
    decoder "$@"
}

demo() {
    build host
    say "ioctl-decode: names, bits and buffers of real Winsock IOCTLs"
    demo_step FIONBIO SIO_BASE_HANDLE 0x98000001
    demo_step SIO_GET_QOS
    demo_step SIO_KEEPALIVE_VALS --in "01000000 40771b00 e8030000"
    demo_step SIO_RCVALL --in 03000000
    demo_step SIO_GET_EXTENSION_FUNCTION_POINTER --in "b907a225f3dd60468ee976e58c74063e" \
        --out "1032547600000000"
    demo_step SIO_ROUTING_INTERFACE_QUERY --in "02000050 5db8d822 0000000000000000"
    demo_step --json SIO_BSP_HANDLE_POLL --ptr 32 --out a4010000
    demo_step 0xDEADBEEF
}

cmd=${1:-help}
[ $# -gt 0 ] && shift
case $cmd in
    setup) setup ;;
    build) build "$@" ;;
    test) run_tests ;;
    demo) demo ;;
    decode) decoder "$@" ;;
    bench) build bench && "$BUILD/bench/tests/bench/bench_render" ;;
    help|-h|--help) usage ;;
    *) usage >&2; exit 2 ;;
esac
