#!/usr/bin/env bash
# siotrace developer entry point: set-up, build, test, demo and tools.
# Run `tools/dev.sh help` for the commands.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$ROOT/build
PACKAGES=(cmake ninja-build gcc mingw-w64 wine wine64 clang libclang-rt-14-dev clang-format
          binutils-mingw-w64-i686 python3 python3-jsonschema)

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'dev.sh: %s\n' "$*" >&2; exit 1; }

usage() {
    cat <<'TXT'
usage: tools/dev.sh COMMAND [ARGS...]

  setup              install the Debian packages the build needs (when missing)
  build [PRESET...]  configure and build presets (default: all of host win64 win32 fuzz)
  test               build every preset, run every test, check the formatting
  format [--check] [PATH...]
                     apply .clang-format to the C sources (default: the whole tree);
                     --check changes nothing and lists the files that differ
  demo               show siotrace at work
  decode ARGS...     run the native ioctl-decode (builds it if needed)
  bench              build optimised and print every benchmark's figures, one table
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
        # Ninja's progress lines hidden, the compiler's messages shown; with
        # pipefail the pipeline's status is the build's (grep finding no line
        # to print is not a failure).
        cmake --build --preset "$p" -- -k 0 2>&1 | { grep -v '^\[' >&2 || true; } \
            || die "build of preset $p failed (the compiler's messages are above)"
    done
}

# The C sources clang-format keeps: every tracked .c and .h under PATHs.
format_files() {
    git -C "$ROOT" ls-files -- "${@:-.}" | grep -E '\.[ch]$' || true
}

format() {
    local check=0 f off=()
    [ "${1:-}" = --check ] && { check=1; shift; }
    setup
    cd "$ROOT"
    while IFS= read -r f; do
        if [ $check = 1 ]; then
            clang-format "$f" | cmp -s "$f" - || off+=("$f")
        else
            clang-format -i "$f"
        fi
    done < <(format_files "$@")
    [ ${#off[@]} -eq 0 ] && return 0
    printf '%s\n' "${off[@]}" >&2
    die "${#off[@]} file(s) differ from .clang-format (tools/dev.sh format fixes them)"
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
    say "format check"
    ( format --check ) || failed+=("format")
    [ ${#failed[@]} -eq 0 ] || die "tests failed in: ${failed[*]}"
    say "all tests passed"
}

decoder() {
    local exe=$BUILD/host/tools/ioctl-decode
    [ -x "$exe" ] || build host >/dev/null
    "$exe" "$@"
}

# Prints the command a reader would type, then runs its equivalent here.
demo_show() {
    printf '\n$ %s\n' "$*"
}

demo_decode() {
    demo_show "tools/dev.sh decode$(printf ' %q' "$@")"
    decoder "$@"
}

# lspctl in the demo: its output shown, its messages kept and shown only
# when it fails.
demo_lspctl_run() {
    local err=$TRY_DIR/demo.err
    try_lspctl "$@" 2>"$err" | tr -d '\r' || { cat "$err" >&2; die "demo: lspctl $* failed"; }
}

demo_lspctl_step() {
    demo_show "tools/dev.sh lspctl $*"
    demo_lspctl_run "$@"
}

demo() {
    build host
    say "ioctl-decode: names, bits and buffers of real Winsock IOCTLs"
    demo_decode FIONBIO SIO_BASE_HANDLE 0x98000001
    demo_decode SIO_GET_QOS
    demo_decode SIO_KEEPALIVE_VALS --in "01000000 40771b00 e8030000"
    demo_decode SIO_RCVALL --in 03000000
    demo_decode SIO_GET_EXTENSION_FUNCTION_POINTER --in "b907a225f3dd60468ee976e58c74063e" \
        --out "1032547600000000"
    demo_decode SIO_ROUTING_INTERFACE_QUERY --in "02000050 5db8d822 0000000000000000"
    demo_decode --json SIO_BSP_HANDLE_POLL --ptr 32 --out a4010000
    demo_decode 0xDEADBEEF
    demo_lspctl
}

# lspctl puts siotrace into a fresh model catalog, a sample program runs
# traced through it, and lspctl takes siotrace out again.
demo_lspctl() {
    local sample=tests/e2e/samples/keepalive.c status=0 log
    lspctl_env
    try_build
    try_prefix
    say "a fresh model catalog with Windows' default entries ($TRY_CATALOG)"
    try_wine "$SPI/catmodel.exe" seed --force </dev/null >/dev/null \
        || die "cannot seed the catalog $TRY_CATALOG"
    lspctl_deploy || die "demo: siotrace.dll is not built"
    say "lspctl: siotrace into the model catalog (both catalogs, chains first)"
    demo_lspctl_step install
    demo_show "tools/dev.sh lspctl show      (the 64-bit LSP map it ends with)"
    demo_lspctl_run show | sed -n '/^LSP map, 64-bit/,/^$/p'
    demo_lspctl_step config set Formats json,text
    say "a sample Winsock program, traced"
    demo_show "tools/dev.sh try --no-install $sample"
    try_program 0 "$ROOT/$sample" || status=$?
    [ "$status" = 0 ] || die "demo: the sample program failed (exit $status)"
    log=$(ls "$TRY_LOGS"/*.log 2>/dev/null | head -n 1)
    [ -n "$log" ] || die "demo: siotrace wrote no trace in $TRY_LOGS"
    say "the trace, as text (${log##*/})"
    cat "$log"
    log=${log%.log}.jsonl
    say "its SIO_KEEPALIVE_VALS call as JSON (${log##*/})"
    grep -m 1 '"name":"SIO_KEEPALIVE_VALS"' "$log" || die "demo: no SIO_KEEPALIVE_VALS record in $log"
    demo_lspctl_step config unset Formats
    demo_lspctl_step uninstall
    demo_show "tools/dev.sh lspctl status"
    try_lspctl status 2>/dev/null | tr -d '\r' | head -n 3 || true
    WINEPREFIX=$TRY_PREFIX wineserver -k </dev/null >/dev/null 2>&1 || true
}

# ---- try: one Winsock program through the model catalog's chains ----

WIN64=$BUILD/win64
SPI=$WIN64/tests/spi
# The layered entry's GUID, the one lspctl installs siotrace under.
SIOT_GUID='{17084EE7-78C8-47CC-AAD0-0B188B764700}'
# Left in a prefix by cmake/wine-prefix.sh init when the prefix is whole.
PREFIX_READY=.siot-prefix-ready-3

# The Wine path of a Unix path (the Z: drive maps /).
winpath() { printf 'Z:%s' "${1//\//\\}"; }

try_wine() {
    WINEPREFIX=$TRY_PREFIX WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" \
        SIOT_EVENTLOG=${SIOT_EVENTLOG:-} \
        WINEPATH=$(winpath "$SPI") SIOT_CATALOG=$(winpath "$TRY_CATALOG") wine "$@"
}

try_build() {
    local targets=(siotws2 siot_baseprov catmodel lspctl-model siotrace etwdump)
    setup
    [ -f "$WIN64/build.ninja" ] || configure win64
    cmake --build "$WIN64" --target "${targets[@]}" >"$WIN64/try.build.log" 2>&1 \
        || { cat "$WIN64/try.build.log" >&2; die "build of the client layer failed (log above)"; }
}

# A Wine prefix of a command's own (try's, bench's), so a test run recreating
# the build's prefix cannot pull it away; its server and services start with
# no pipe of ours to hold. It exists once wine-prefix.sh init has left its
# marker: system.reg reaches the disk only when the server flushes it.
prefix_up() {
    local prefix=$1
    if [ ! -f "$prefix/$PREFIX_READY" ]; then
        say "creating the Wine prefix $prefix"
        "$ROOT/cmake/wine-prefix.sh" init "$prefix"
    else
        WINEPREFIX=$prefix wineserver -p 120 </dev/null >/dev/null 2>&1
        WINEPREFIX=$prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" \
            wine cmd /c exit </dev/null >/dev/null 2>&1 || true
    fi
}

try_prefix() { prefix_up "$TRY_PREFIX"; }

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
        case $f in
            *.audit.jsonl) say "capture audit: ${f#"$dir"/}" ;;
            *) say "trace: ${f#"$dir"/}" ;;
        esac
        cat "$f"
    done
    [ $found = 1 ] || say "no trace records were written (no siotrace layer in the chains used?)"
}

# Compiles FILE.c against the client layer and runs it through the model
# catalog's chains, siotrace put first when INSTALL is 1; its logs go to a
# fresh directory, TRY_LOGS. Returns the program's exit status.
try_program() {
    local install=$1 file=$2 name exe out status=0
    shift 2
    name=$(basename "$file" .c)
    exe=$TRY_DIR/$name.exe
    TRY_LOGS=$TRY_DIR/logs/$name.$(date +%Y%m%d-%H%M%S).$$
    mkdir -p "$TRY_LOGS"
    try_build
    # shellcheck disable=SC2086
    x86_64-w64-mingw32-gcc -std=gnu11 -g -O1 -Wall ${CFLAGS:-} -o "$exe" "$file" \
        -L"$SPI" -lsiotws2 -lmswsock ${LDLIBS:-} -static-libgcc \
        || die "try: $file does not compile against the client layer"
    try_prefix
    try_catalog "$install"
    out=$(try_lspctl config set LogDirectory "$(winpath "$TRY_LOGS")" 2>&1) \
        || { printf '%s\n' "$out" >&2; die "cannot set the log directory (lspctl config set)"; }
    say "running $name.exe${*:+ $*} (catalog $TRY_CATALOG)"
    if [ "${TRY_ETW:-0}" = 1 ]; then
        export SIOT_ETW_SESSION=${SIOT_ETW_SESSION:-5,0xFFFFFFFFFFFF}
        export SIOT_ETW_FILE
        SIOT_ETW_FILE=$(winpath "$TRY_LOGS/etw.events")
    fi
    SIOT_EVENTLOG=$(winpath "$TRY_LOGS.events") try_wine "$exe" "$@" || status=$?
    return "$status"
}

# The Event Log entries siotrace reported, as the test host recorded them.
try_events() {
    if [ -s "$1" ]; then
        say "Event Log (Application, source siotrace), as the test host recorded it:"
        cat "$1"
    else
        say "no Event Log entries"
    fi
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
    local install=1 status=0
    while [ $# -gt 0 ]; do
        case $1 in
            --no-install) install=0; shift ;;
            --etw) TRY_ETW=1; shift ;;
            --) shift; break ;;
            -*) die "try: unknown option $1" ;;
            *) break ;;
        esac
    done
    [ $# -ge 1 ] || die "usage: tools/dev.sh try [--no-install] [--etw] FILE.c [ARGS...]"
    [ -f "$1" ] || die "try: no such file: $1"
    lspctl_env
    try_program "$install" "$@" || status=$?
    try_trace "$TRY_LOGS"
    try_events "$TRY_LOGS.events"
    [ "${TRY_ETW:-0}" = 0 ] || try_etw "$TRY_LOGS/etw.events"
    WINEPREFIX=$TRY_PREFIX wineserver -k </dev/null >/dev/null 2>&1 || true
    printf 'siotrace log: %s\n' "$TRY_LOGS" >&2
    exit "$status"
}

# ---- bench: every benchmark, one table ----

bench() {
    build bench win64
    local prefix=$WIN64/bench/wineprefix logs=$WIN64/bench/logs e2e=$WIN64/tests/e2e
    local key='HKLM\SOFTWARE\siotrace' run
    rm -rf "$logs"
    mkdir -p "$logs"
    prefix_up "$prefix"
    run() { WINEPREFIX=$prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" wine "$@"; }
    run reg delete "$key" /f </dev/null >/dev/null 2>&1 || true
    run reg add "$key" /v LogDirectory /t REG_SZ /d "$(winpath "$logs")" /f </dev/null >/dev/null
    printf '%-46s %12s  %s\n' "figure" "median" "ratio, from the same run"
    "$BUILD/bench/tests/bench/bench_render"
    "$BUILD/bench/tests/bench/bench_lsplog" "$BUILD/bench/tools/lsplog" "$BUILD/bench" \
        || die "bench_lsplog failed"
    ( cd "$e2e" && run "$e2e/bench_ioctl.exe" "$(winpath "$logs")" </dev/null ) | tr -d '\r' \
        || die "bench_ioctl failed"
    WINEPREFIX=$prefix wineserver -k </dev/null >/dev/null 2>&1 || true
}

cmd=${1:-help}
[ $# -gt 0 ] && shift
case $cmd in
    setup) setup ;;
    build) build "$@" ;;
    test) run_tests ;;
    format) format "$@" ;;
    demo) demo ;;
    decode) decoder "$@" ;;
    bench) bench ;;
    try) try_run "$@" ;;
    lspctl) lspctl_run "$@" ;;
    help|-h|--help) usage ;;
    *) usage >&2; exit 2 ;;
esac
