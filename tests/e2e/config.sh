#!/bin/sh
# Item 7: siotrace's configuration, set with `wine reg` as a user would, seen
# through what e2e_probe.exe leaves on disk. Each case starts from no
# HKLM\SOFTWARE\siotrace key at all.
# usage: config.sh PROBE.EXE  (SIOT_WINEPREFIX set, as ctest does)
set -eu
probe=$1
here=$(cd "$(dirname "$0")" && pwd)
wine_run="$here/../../cmake/wine-run.sh"
prefix=$SIOT_WINEPREFIX
key='HKLM\SOFTWARE\siotrace'
work=$(mktemp -d "${TMPDIR:-/tmp}/siot-config.XXXXXX")
trap 'rm -rf "$work"; "$wine_run" reg delete "$key" /f >/dev/null 2>&1 || true;
      "$wine_run" reg delete "HKCU\\SOFTWARE\\siotrace" /f >/dev/null 2>&1 || true' EXIT
failures=0

dos() { printf 'Z:%s' "$1" | tr / '\\'; }
fail() { echo "FAIL: $case: $*"; failures=$((failures + 1)); }
reset() {
    case=$1
    "$wine_run" reg delete "$key" /f >/dev/null 2>&1 || true
    "$wine_run" reg delete 'HKCU\SOFTWARE\siotrace' /f >/dev/null 2>&1 || true
}
set_value() { "$wine_run" reg add "$key" /v "$1" /t "$2" /d "$3" /f >/dev/null; }
# run CALLS [ARGS]: runs the probe; $pid is its <pid>.<instance>.
run() {
    rc=0
    (cd "$work" && "$wine_run" "$probe" "$@") >"$work/out" 2>"$work/err" || rc=$?
    pid=$(tr -d '\r' <"$work/out" | tail -n 1)
    case $rc:$pid in
    0:[0-9]*) ;;
    *) fail "the program exited $rc and printed '$pid'; its stderr: $(head -c 2000 "$work/err")"
       pid=none ;;
    esac
}
# Call lines: the socket lines (created, bound, closed) of the probe's socket are left out.
socket_line='"event":"(socket|bind|close)"|\] socket=0x[0-9A-F]+ (created by |bind |close = )'
lines() { if [ -f "$1" ]; then grep -Ecv "$socket_line" "$1" || true; else echo none; fi; }
expect_lines() { # FILE N
    got=$(lines "$1")
    [ "$got" = "$2" ] || fail "$1: $got lines, expected $2"
}
expect_calls() { # FILE N: N call records, whatever notices surround them
    got=$(grep -Evc -e '"event":' -e '\] siotrace: ' -e "$socket_line" "$1" 2>/dev/null || true)
    [ "$got" = "$2" ] || fail "$1: ${got:-no} call records, expected $2"
}
expect_ignored() { # FILE SETTING: the file begins by saying SETTING was ignored
    head -n 1 "$1" 2>/dev/null | grep -q "\"event\":\"ignored\",\"setting\":\"$2\"" ||
        fail "$1 does not begin with the notice that $2 was ignored"
}
json_ok() { # FILE: every line one JSON object
    python3 -c 'import json,sys
for n,l in enumerate(open(sys.argv[1],"rb").read().split(b"\n")[:-1]):
    o=json.loads(l)
    assert isinstance(o,dict), n' "$1" || fail "$1: a line is not a JSON object"
}

programdata="$prefix/drive_c/ProgramData"
default_dir="$programdata/siotrace/logs"
image=e2e_probe.exe

# lspctl install creates the default directory; siotrace.dll never creates one.
mkdir -p "$default_dir" "$programdata/siotrace/expanded"

reset "no configuration: defaults (ProgramData\\siotrace\\logs, JSON)"
run 3
expect_lines "$default_dir/$image.$pid.1.jsonl" 3
json_ok "$default_dir/$image.$pid.1.jsonl"
[ ! -e "$default_dir/$image.$pid.1.log" ] || fail "a text log without Formats"

reset "LogDirectory REG_SZ"
mkdir -p "$work/logs"
set_value LogDirectory REG_SZ "$(dos "$work/logs")"
run 4
expect_lines "$work/logs/$image.$pid.1.jsonl" 4

reset "LogDirectory REG_EXPAND_SZ with %ProgramData%"
set_value LogDirectory REG_EXPAND_SZ '%ProgramData%\siotrace\expanded'
run 2
expect_lines "$programdata/siotrace/expanded/$image.$pid.1.jsonl" 2

reset "LogDirectory missing: no file, the directory is not created, the program unaffected"
set_value LogDirectory REG_EXPAND_SZ '%ProgramData%\siotrace\expanded\missing'
run 2
[ "$pid" != none ] || fail "the program failed"
[ ! -e "$programdata/siotrace/expanded/missing" ] || fail "the directory was created"

reset "neither the environment nor HKCU redirects the log"
mkdir -p "$work/env" "$work/hkcu"
set_value LogDirectory REG_EXPAND_SZ '%ProgramData%\siotrace\expanded'
"$wine_run" reg add 'HKCU\SOFTWARE\siotrace' /v LogDirectory /t REG_SZ /d "$(dos "$work/hkcu")" /f >/dev/null
run 2 --programdata "$(dos "$work/env")"
expect_lines "$programdata/siotrace/expanded/$image.$pid.1.jsonl" 2
[ -z "$(find "$work/env" "$work/hkcu" -type f)" ] || fail "a log went where the user pointed"

reset "Enabled 0: nothing written, calls unchanged"
set_value LogDirectory REG_SZ "$(dos "$work/logs")"
set_value Enabled REG_DWORD 0
run 3
expect_lines "$work/logs/$image.$pid.1.jsonl" none

reset "Exclude names the program"
set_value LogDirectory REG_SZ "$(dos "$work/logs")"
set_value Exclude REG_MULTI_SZ 'other.exe\0E2E_PROBE.EXE'
run 3
expect_lines "$work/logs/$image.$pid.1.jsonl" none

reset "Include names another program only"
set_value LogDirectory REG_SZ "$(dos "$work/logs")"
set_value Include REG_MULTI_SZ 'other.exe'
run 3
expect_lines "$work/logs/$image.$pid.1.jsonl" none

reset "Include names the program without its extension"
set_value LogDirectory REG_SZ "$(dos "$work/logs")"
set_value Include REG_MULTI_SZ 'other\0e2e_probe'
run 3
expect_lines "$work/logs/$image.$pid.1.jsonl" 3

reset "Formats json,text: both files, one line per call each"
set_value LogDirectory REG_SZ "$(dos "$work/logs")"
set_value Formats REG_SZ 'json,text'
run 5
expect_lines "$work/logs/$image.$pid.1.jsonl" 5
expect_lines "$work/logs/$image.$pid.1.log" 5

reset "Formats text alone"
set_value LogDirectory REG_SZ "$(dos "$work/logs")"
set_value Formats REG_SZ 'text'
run 2
expect_lines "$work/logs/$image.$pid.1.jsonl" none
expect_lines "$work/logs/$image.$pid.1.log" 2

reset "Formats unknown: the default, JSON, and a notice"
set_value LogDirectory REG_SZ "$(dos "$work/logs")"
set_value Formats REG_SZ 'xml'
run 2
expect_calls "$work/logs/$image.$pid.1.jsonl" 2
expect_ignored "$work/logs/$image.$pid.1.jsonl" Formats

reset "MaxFileBytes 4096: the file stops at the cap, and says so"
set_value LogDirectory REG_SZ "$(dos "$work/logs")"
set_value MaxFileBytes REG_DWORD 4096
run 200
f="$work/logs/$image.$pid.1.jsonl"
json_ok "$f"
size=$(wc -c < "$f" | tr -d ' ')
last_line=$(tail -n 1 "$f")
body=$((size - ${#last_line} - 1))
[ "$body" -le 4096 ] || fail "$body bytes of records past the cap"
case $last_line in *'"event":"capped"'*'"max_file_bytes":4096'*) ;; *) fail "no capped line at the end";; esac
[ "$(grep -c '"event":"capped"' "$f")" = 1 ] || fail "not exactly one capped line"

reset "MaxFileBytes below 4096 or of the wrong type: the default, and a notice"
set_value LogDirectory REG_SZ "$(dos "$work/logs")"
set_value MaxFileBytes REG_SZ 100
run 2
expect_calls "$work/logs/$image.$pid.1.jsonl" 2
expect_ignored "$work/logs/$image.$pid.1.jsonl" MaxFileBytes

reset "A setting ignored, in a text log"
set_value LogDirectory REG_SZ "$(dos "$work/logs")"
set_value Formats REG_SZ 'text'
set_value MaxFileBytes REG_SZ 100
run 2
f="$work/logs/$image.$pid.1.log"
expect_calls "$f" 2
case $(head -n 1 "$f" 2>/dev/null) in
*" $image[${pid%%.*}] siotrace: setting MaxFileBytes ignored (expected a REG_DWORD or REG_QWORD); using 67108864"*) ;;
*) fail "$f does not begin with the notice that MaxFileBytes was ignored" ;;
esac

reset "LogDirectory relative: the default directory, and a notice"
set_value LogDirectory REG_SZ 'relative\logs'
run 2
expect_calls "$default_dir/$image.$pid.1.jsonl" 2
expect_ignored "$default_dir/$image.$pid.1.jsonl" LogDirectory

reset "LogDirectory naming another environment variable: the default directory, and a notice"
set_value LogDirectory REG_EXPAND_SZ '%TEMP%\siotrace'
run 2
expect_calls "$default_dir/$image.$pid.1.jsonl" 2
expect_ignored "$default_dir/$image.$pid.1.jsonl" LogDirectory

reset "LogDirectory that cannot be created: the program is not affected"
set_value LogDirectory REG_SZ "$(dos "$work/file")\\sub"
: > "$work/file"
run 3
[ "$pid" != none ] || fail "the program failed"

[ "$failures" -eq 0 ] || { echo "$failures configuration check(s) failed"; exit 1; }
echo "configuration: every case as documented"
