#!/bin/sh
# Creates (init) or ends (kill) the Wine prefix of one test run. A fresh prefix
# takes seconds, later starts milliseconds: one per run, not one per test.
# Every Wine process started here has its output sent to /dev/null: a server
# left holding ctest's pipe would make ctest wait for it forever.
set -eu
prefix=$2
export WINEPREFIX="$prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
case $1 in
init)
    wineserver -k >/dev/null 2>&1 || true
    rm -rf "$prefix"
    mkdir -p "$prefix"
    # A persistent server keeps each later start cheap. The system services
    # wineboot starts stay up with it, holding /dev/null rather than the
    # output of whichever test would otherwise have started them.
    wineserver -p 120 </dev/null >/dev/null 2>&1
    wineboot -i </dev/null >/dev/null 2>&1
    # Wine 8 reports Windows 7 (6.1), which lspctl install refuses: lspctl's
    # builds run as Windows 10, everything else as Wine chooses.
    for exe in lspctl.exe lspctl-model.exe lspctl-secfake.exe; do
        wine reg add "HKCU\\Software\\Wine\\AppDefaults\\$exe" /v Version /t REG_SZ /d win10 /f \
            </dev/null >/dev/null 2>&1
    done
    # "The prefix exists" from now on: system.reg is written only when the
    # server flushes the registry, seconds later.
    : >"$prefix/.siot-prefix-ready-3" ;;
kill)
    wineserver -k </dev/null >/dev/null 2>&1 || true ;;
*)
    echo "usage: wine-prefix.sh init|kill PREFIX" >&2; exit 2 ;;
esac
