#!/bin/sh
# Runs one end-to-end test program under Wine the way a user would have set
# siotrace up: the log directory named in HKLM\SOFTWARE\siotrace with
# `wine reg add`, here just before the program starts (tests that change the
# configuration hold a ctest resource lock, so this is the value it reads).
# usage: run.sh LOG_DIR_DOS FORMATS [--set NAME TYPE VALUE]... PROGRAM [ARGS...]
set -eu
here=$(dirname "$0")
wine_run="$here/../../cmake/wine-run.sh"
dir=$1 formats=$2
shift 2
key='HKLM\SOFTWARE\siotrace'
"$wine_run" reg delete "$key" /f >/dev/null 2>&1 || true
"$wine_run" reg add "$key" /v LogDirectory /t REG_SZ /d "$dir" /f >/dev/null
"$wine_run" reg add "$key" /v Formats /t REG_SZ /d "$formats" /f >/dev/null
while [ "${1:-}" = --set ]; do
    "$wine_run" reg add "$key" /v "$2" /t "$3" /d "$4" /f >/dev/null
    shift 4
done
exec "$wine_run" "$@"
