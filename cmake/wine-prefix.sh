#!/bin/sh
# Creates (init) or ends (kill) the Wine prefix of one test run. A fresh prefix
# takes seconds, later starts milliseconds: one per run, not one per test.
set -eu
prefix=$2
export WINEPREFIX="$prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
case $1 in
init)
    wineserver -k 2>/dev/null || true
    rm -rf "$prefix"
    mkdir -p "$(dirname "$prefix")"
    wineboot -i >/dev/null 2>&1
    wineserver -w
    # Keep the server alive between tests so each start is cheap.
    wineserver -p 60 ;;
kill)
    wineserver -k 2>/dev/null || true ;;
*)
    echo "usage: wine-prefix.sh init|kill PREFIX" >&2; exit 2 ;;
esac
