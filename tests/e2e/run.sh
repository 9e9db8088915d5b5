#!/bin/sh
# Runs one end-to-end test program under Wine the way a user would have set
# siotrace up: the log directory named in HKLM\SOFTWARE\siotrace with
# `wine reg add`, here just before the program starts (tests that change the
# configuration hold a ctest resource lock, so this is the value it reads).
# With E2E_ETWCHECK (etwcheck.exe) set, the test host plays an ETW session
# taking every siotrace event for the whole run, into E2E_ETW_EVENTS, and
# etwcheck then holds the events against the logs (--partial when
# E2E_ETW_PARTIAL is set).
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
if [ -z "${E2E_ETWCHECK:-}" ]; then
    exec "$wine_run" "$@"
fi
events=$(printf 'Z:%s' "$E2E_ETW_EVENTS" | tr / '\\')
mkdir -p "$(dirname "$E2E_ETW_EVENTS")"
rm -f "$E2E_ETW_EVENTS"
SIOT_ETW_SESSION=5,0xFFFFFFFFFFFF SIOT_ETW_FILE=$events "$wine_run" "$@"
exec "$wine_run" "$E2E_ETWCHECK" ${E2E_ETW_PARTIAL:+--partial} "$dir" "$events"
