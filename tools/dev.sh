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
  bench              build optimised and print the benchmarks' figures: the writer's
                     rendering (native), and under Wine the layer's cost per call
                     without and with an ETW session recording (bench_ioctl)
  try [--no-install] [--etw] FILE.c [ARGS...]
                     compile one Winsock program against the client layer and
                     run it under Wine through the chains of the model catalog
                     (siotrace put first with lspctl when absent), then show its trace;
                     --etw: with an ETW session listening (level and keywords from
                     SIOT_ETW_SESSION, default 5,0xFFFFFFFFFFFF), and print the events
                     siotrace wrote, decoded, one JSON object per line
  lspctl ARGS...     run lspctl (win64 build, model backend) under Wine on the model
                     catalog `try` uses; siotrace's DLLs are put where lspctl looks
                     for them, %SystemRoot%\system32 and \SysWOW64 of that prefix
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

configure() {
    mkdir -p "$BUILD"
    cmake --preset "$1" -S "$ROOT" >"$BUILD/$1.configure.log" 2>&1 \
        || { cat "$BUILD/$1.configure.log" >&2; die "configure of preset $1 failed"; }
}

build() {
    setup
    local presets=("$@")
    [ ${#presets[@]} -gt 0 ] || presets=(host win64 win32 fuzz)
    local p
    for p in "${presets[@]}"; do
        say "configure $p"
        configure "$p"
        say "build $p"
        cmake --build --preset "$p" -- -k 0 2>&1 | grep -v '^\[' >&2 || true
        [ "${PIPESTATUS[0]}" -eq 0 ] || die "build of preset $p failed"
    done
}

run_tests() {
    build host win64 win32 fuzz
    local p failed=() log passed=0 total=0 n
    for p in host win64 win32 fuzz; do
        say "test $p"
        log=$BUILD/$p/ctest.log
        # pipefail makes the pipeline fail when ctest does.
        ctest --preset "$p" --timeout 600 2>&1 | tee "$log" || failed+=("$p")
        n=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\1 \2/p' "$log")
        [ -n "$n" ] || { failed+=("$p(no summary)"); continue; }
        total=$((total + ${n#* }))
        passed=$((passed + ${n#* } - ${n% *}))
    done
    # One closing line for every preset together.
    echo "$passed passed, $((total - passed)) failed"
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
    demo_lspctl
}

# lspctl puts siotrace into the model catalog, a sample program runs traced
# through it, and lspctl takes siotrace out again.
demo_lspctl() {
    local sample=$ROOT/tests/e2e/samples/keepalive.c
    lspctl_env
    try_build
    try_prefix
    try_seed
    lspctl_deploy || die "demo: siotrace.dll is not built"
    say "lspctl: siotrace into the model catalog (both catalogs, chains first)"
    printf '\n$ lspctl install --force\n'
    try_lspctl install --force 2>/dev/null
    printf '\n$ lspctl show   (its LSP map)\n'
    try_lspctl show 2>/dev/null | sed -n '/^LSP map, 64-bit/,/^$/p'
    say "the sample program, traced"
    ( try_run --no-install "$sample" ) || die "demo: the sample program failed"
    printf '\n$ lspctl uninstall\n'
    try_lspctl uninstall
    printf '\n$ lspctl status\n'
    try_lspctl status 2>/dev/null | head -3 || true
    WINEPREFIX=$TRY_PREFIX wineserver -k </dev/null >/dev/null 2>&1 || true
}

# ---- try: one Winsock program through the model catalog's chains ----

WIN64=$BUILD/win64
SPI=$WIN64/tests/spi
# The layered entry's GUID, the one lspctl installs siotrace under.
SIOT_GUID='{17084EE7-78C8-47CC-AAD0-0B188B764700}'

# The Wine path of a Unix path (the Z: drive maps /).
winpath() { printf 'Z:%s' "${1//\//\\}"; }

try_wine() {
    WINEPREFIX=$TRY_PREFIX WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" \
        WINEPATH=$(winpath "$SPI") SIOT_CATALOG=$(winpath "$TRY_CATALOG") wine "$@"
}

try_build() {
    local targets=(siotws2 siot_baseprov catmodel lspctl-model siotrace etwdump)
    setup
    [ -f "$WIN64/build.ninja" ] || configure win64
    cmake --build "$WIN64" --target "${targets[@]}" >"$WIN64/try.build.log" 2>&1 \
        || { cat "$WIN64/try.build.log" >&2; die "build of the client layer failed (log above)"; }
}

# A prefix of its own, so a test run recreating the build's prefix cannot pull
# it away; its server and services start with no pipe of ours to hold.
try_prefix() {
    if [ ! -f "$TRY_PREFIX/system.reg" ]; then
        say "creating the Wine prefix $TRY_PREFIX"
        "$ROOT/cmake/wine-prefix.sh" init "$TRY_PREFIX"
    else
        WINEPREFIX=$TRY_PREFIX wineserver -p 120 </dev/null >/dev/null 2>&1
        try_wine cmd /c exit </dev/null >/dev/null 2>&1 || true
    fi
}

try_seed() {
    try_wine "$SPI/catmodel.exe" seed </dev/null >&2 || die "cannot seed the catalog $TRY_CATALOG"
}

# ---- lspctl: the installer on the model catalog `try` uses ----

try_lspctl() {
    try_wine "$WIN64/installer/lspctl-model.exe" "$@" </dev/null
}

# siotrace.dll of both builds where a Windows install keeps them and lspctl
# looks by default: the prefix's System32 (x64) and SysWOW64 (x86). The x86
# DLL comes from the win32 preset, built here when missing or older.
lspctl_deploy() {
    local dll64=$WIN64/lsp/provider/siotrace.dll dll32=$BUILD/win32/lsp/provider/siotrace.dll
    local windir=$TRY_PREFIX/drive_c/windows
    [ -f "$dll64" ] || return 1
    [ -f "$BUILD/win32/build.ninja" ] || configure win32
    cmake --build "$BUILD/win32" --target siotrace >"$BUILD/win32.lspctl.log" 2>&1 \
        || { cat "$BUILD/win32.lspctl.log" >&2; die "build of the x86 siotrace.dll failed"; }
    mkdir -p "$windir/system32" "$windir/syswow64"
    cp "$dll64" "$windir/system32/siotrace.dll"
    cp "$dll32" "$windir/syswow64/siotrace.dll"
}

lspctl_env() {
    TRY_DIR=$WIN64/try
    TRY_PREFIX=${SIOT_TRY_PREFIX:-$TRY_DIR/wineprefix}
    TRY_CATALOG=${SIOT_TRY_CATALOG:-$WIN64/catalog.txt}
    mkdir -p "$TRY_DIR" "$(dirname "$TRY_CATALOG")"
}

lspctl_run() {
    local status=0
    lspctl_env
    try_build
    try_prefix
    try_seed
    lspctl_deploy || say "siotrace.dll is not built (CMake target siotrace): not deployed"
    try_lspctl "$@" || status=$?
    WINEPREFIX=$TRY_PREFIX wineserver -k </dev/null >/dev/null 2>&1 || true
    exit "$status"
}

# Seeds the catalog when absent; puts siotrace first with lspctl when it is
# not wholly there.
try_catalog() {
    local install=$1 rc=0
    try_seed
    [ "$install" = 1 ] || return 0
    try_lspctl status >/dev/null || rc=$?
    case $rc in
        0) return 0 ;;
        1|5) ;;
        *) die "lspctl status failed (exit $rc) on the catalog $TRY_CATALOG" ;;
    esac
    if ! lspctl_deploy; then
        say "siotrace.dll is not built (CMake target siotrace): running with the catalog as it is"
        return 0
    fi
    if [ $rc = 1 ]; then
        say "siotrace is not in the model catalog: installing it (lspctl install)"
        try_lspctl install >&2 || die "lspctl install failed on the catalog $TRY_CATALOG"
    else
        say "siotrace is not wholly in place: reinstalling it (lspctl install --force)"
        try_lspctl install --force >&2 || die "lspctl install --force failed on $TRY_CATALOG"
    fi
}

try_trace() {
    local dir=$1 f found=0
    for f in "$dir"/*.jsonl; do
        [ -f "$f" ] || continue
        found=1
        say "trace: ${f#"$dir"/}"
        cat "$f"
    done
    [ $found = 1 ] || say "no trace records were written (no siotrace layer in the chains used?)"
}

# The events the host's ETW session recorded, decoded by etwdump.
try_etw() {
    local file=$1
    if [ ! -s "$file" ]; then
        say "no ETW events were recorded"
        return 0
    fi
    say "ETW events (session ${SIOT_ETW_SESSION})"
    try_wine "$WIN64/tests/etw/etwdump.exe" "$(winpath "$file")" </dev/null | tr -d '\r'
}

try_run() {
    local install=1 etw=0 file name exe logs out status=0
    while [ $# -gt 0 ]; do
        case $1 in
            --no-install) install=0; shift ;;
            --etw) etw=1; shift ;;
            --) shift; break ;;
            -*) die "try: unknown option $1" ;;
            *) break ;;
        esac
    done
    [ $# -ge 1 ] || die "usage: tools/dev.sh try [--no-install] [--etw] FILE.c [ARGS...]"
    file=$1
    shift
    [ -f "$file" ] || die "try: no such file: $file"
    name=$(basename "$file" .c)
    TRY_DIR=$WIN64/try
    TRY_PREFIX=${SIOT_TRY_PREFIX:-$TRY_DIR/wineprefix}
    TRY_CATALOG=${SIOT_TRY_CATALOG:-$WIN64/catalog.txt}
    exe=$TRY_DIR/$name.exe
    logs=$TRY_DIR/logs/$name.$(date +%Y%m%d-%H%M%S).$$
    mkdir -p "$TRY_DIR" "$logs" "$(dirname "$TRY_CATALOG")"

    try_build
    # shellcheck disable=SC2086
    x86_64-w64-mingw32-gcc -std=gnu11 -g -O1 -Wall ${CFLAGS:-} -o "$exe" "$file" \
        -L"$SPI" -lsiotws2 -lmswsock ${LDLIBS:-} -static-libgcc \
        || die "try: $file does not compile against the client layer"
    try_prefix
    try_catalog "$install"
    out=$(try_lspctl config set LogDirectory "$(winpath "$logs")" 2>&1) \
        || { printf '%s\n' "$out" >&2; die "cannot set the log directory (lspctl config set)"; }

    if [ $etw = 1 ]; then
        export SIOT_ETW_SESSION=${SIOT_ETW_SESSION:-5,0xFFFFFFFFFFFF}
        export SIOT_ETW_FILE
        SIOT_ETW_FILE=$(winpath "$logs/etw.events")
    fi
    say "running $name.exe${*:+ $*} (catalog $TRY_CATALOG)"
    try_wine "$exe" "$@" || status=$?
    try_trace "$logs"
    [ $etw = 0 ] || try_etw "$logs/etw.events"
    WINEPREFIX=$TRY_PREFIX wineserver -k </dev/null >/dev/null 2>&1 || true
    printf 'siotrace log: %s\n' "$logs" >&2
    exit "$status"
}

# ---- bench: the writer's rendering (native) and the layer's cost per call ----

# bench_ioctl under Wine, in a prefix and log directory of its own: the
# layer's cost per WSAIoctl, without and with an ETW session recording.
bench_layer() {
    local dir=$WIN64/bench status=0
    [ -f "$WIN64/build.ninja" ] || configure win64
    cmake --build "$WIN64" --target bench_ioctl e2e_dlls bench_base >"$WIN64/bench.build.log" 2>&1 \
        || { cat "$WIN64/bench.build.log" >&2; die "build of bench_ioctl failed (log above)"; }
    rm -rf "$dir/logs"
    mkdir -p "$dir/logs"
    "$ROOT/cmake/wine-prefix.sh" init "$dir/wineprefix"
    (cd "$WIN64/tests/e2e" && SIOT_WINEPREFIX=$dir/wineprefix "$ROOT/tests/e2e/run.sh" \
        "$(winpath "$dir/logs")" json ./bench_ioctl.exe "$(winpath "$dir/logs")") || status=$?
    "$ROOT/cmake/wine-prefix.sh" kill "$dir/wineprefix"
    [ $status = 0 ] || die "bench_ioctl failed (exit $status)"
}

cmd=${1:-help}
[ $# -gt 0 ] && shift
case $cmd in
    setup) setup ;;
    build) build "$@" ;;
    test) run_tests ;;
    demo) demo ;;
    decode) decoder "$@" ;;
    bench) build bench && "$BUILD/bench/tests/bench/bench_render" && bench_layer ;;
    try) try_run "$@" ;;
    lspctl) lspctl_run "$@" ;;
    help|-h|--help) usage ;;
    *) usage >&2; exit 2 ;;
esac
