#!/usr/bin/env bash
# tools/dev.sh try: the program's output, its exit status, and the last line
# of stderr naming the log directory. Runs on a catalog of its own.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$1
mkdir -p "$WORK"
export SIOT_TRY_CATALOG=$WORK/try.catalog
rm -f "$SIOT_TRY_CATALOG"
fail() { echo "test_try: $*" >&2; exit 1; }

"$ROOT/tools/dev.sh" try --no-install "$ROOT/tests/e2e/samples/keepalive.c" >"$WORK/out" 2>"$WORK/err"
status=$?
[ $status -eq 0 ] || { cat "$WORK/out" "$WORK/err" >&2; fail "keepalive exited $status"; }
grep -qE $'^keepalive: all calls succeeded\r?$' "$WORK/out" || fail "keepalive output: $(cat "$WORK/out")"
last=$(tail -n 1 "$WORK/err")
case $last in
    "siotrace log: /"*) [ -d "${last#siotrace log: }" ] || fail "no directory: $last" ;;
    *) fail "last stderr line: $last" ;;
esac
grep -q '^entry' "$SIOT_TRY_CATALOG" || fail "the catalog was not seeded"

# A capture call: audited in the audit file and the Event Log, shown after the trace.
"$ROOT/tools/dev.sh" try "$ROOT/tests/e2e/samples/rcvall.c" >"$WORK/rout" 2>"$WORK/rerr"
status=$?
[ $status -eq 0 ] || { cat "$WORK/rout" "$WORK/rerr" >&2; fail "rcvall exited $status"; }
grep -q '^==> capture audit: rcvall.exe\.' "$WORK/rerr" || fail "no audit file shown: $(cat "$WORK/rerr")"
grep -q '"event":"audit","socket"' "$WORK/rout" || fail "no audit record shown"
grep -q '^==> Event Log (Application, source siotrace)' "$WORK/rerr" || fail "no Event Log shown"
[ "$(grep -c '^siotrace information id=2 user=S-1-5-' "$WORK/rout")" = 2 ] \
    || fail "not two 'capture refused' entries: $(cat "$WORK/rout")"

printf '#include <winsock2.h>\nint main(void) { WSADATA w; return WSAStartup(MAKEWORD(2, 2), &w) == 0 ? 3 : 1; }\n' \
    >"$WORK/three.c"
"$ROOT/tools/dev.sh" try --no-install "$WORK/three.c" >/dev/null 2>"$WORK/err3"
status=$?
[ $status -eq 3 ] || { cat "$WORK/err3" >&2; fail "exit status $status, not the program's 3"; }

# --etw (siotrace installed by try): one decoded Call event per WSAIoctl, as
# many as JSON lines, each with its Decoded twin, under the provider's name
# and GUID.
"$ROOT/tools/dev.sh" try --etw "$ROOT/tests/e2e/samples/keepalive.c" \
    >"$WORK/etw.out" 2>"$WORK/etw.err"
status=$?
[ $status -eq 0 ] || { cat "$WORK/etw.out" "$WORK/etw.err" >&2; fail "try --etw exited $status"; }
lines=$(grep '^{"time"' "$WORK/etw.out" | grep -vc '"event":')  # call lines, not socket lines
calls=$(grep -c '^{"provider":"siotrace","guid":"{6657e705-6f30-52f8-21cf-5202b43971a8}","event":"Call"' \
    "$WORK/etw.out")
decoded=$(grep -c '"event":"Decoded"' "$WORK/etw.out")
[ "$lines" -eq 3 ] && [ "$calls" -eq 3 ] && [ "$decoded" -eq 3 ] \
    || fail "try --etw: $lines JSON lines, $calls Call and $decoded Decoded events"
grep -q '"event":"ProcessStart"' "$WORK/etw.out" || fail "try --etw: no ProcessStart event"

echo "dev.sh try: ok"
