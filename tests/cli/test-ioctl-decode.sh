#!/bin/sh
# ioctl-decode as a user runs it: output, JSON Lines, errors and exit codes.
# usage: test-ioctl-decode.sh COMMAND... (the tool, possibly behind an emulator)
fails=0
run() { "$@" 2>/tmp/ioctl-decode-err.$$ | tr -d '\r'; }
expect() { # expect NAME WANT GOT
    case $3 in
        *"$2"*) ;;
        *) echo "FAIL: $1: missing: $2"; echo "  got: $3" | head -20; fails=$((fails + 1)) ;;
    esac
}
status() { "$@" >/dev/null 2>&1; echo $?; }
json_lines() { python3 -c '
import json, sys
n = 0
for line in sys.stdin:
    json.loads(line); n += 1
print(n)'; }

out=$(run "$@" FIONBIO)
expect "FIONBIO form" "FIONBIO 0x8004667E _IOW('f', 126, u_long)" "$out"
expect "FIONBIO bits" "io=IN I=1 O=0 V=0 T=0 (unix)" "$out"
expect "FIONBIO bsd" "group 'f' number 126 size 4" "$out"

out=$(run "$@" 0x98000001 2550136833 sio_rcvall)
[ "$(echo "$out" | grep -c '^SIO_RCVALL 0x98000001 _WSAIOW(IOC_VENDOR, 1)$')" = 3 ] \
    || { echo "FAIL: hex, decimal and name give the same code"; fails=$((fails + 1)); }

out=$(run "$@" SIO_GET_QOS)
expect "documented disagreement" "O, T==1 (DISAGREES with the bits" "$out"

out=$(run "$@" 0xDEADBEEF)
expect "unknown code by bits" "(unknown) 0xDEADBEEF _WSAIORW(IOC_VENDOR, 0x6ADBEEF)" "$out"

out=$(run "$@" SIO_KEEPALIVE_VALS --in "01000000 40771b00 e8030000")
expect "keepalive text" "in:         {tcp_keepalive, {onoff=1, keepalivetime=1800000, keepaliveinterval=1000}} (12 bytes)" "$out"

out=$(run "$@" --json SIO_BASE_HANDLE --ptr 32 --out 34120000)
expect "json socket 32-bit" '"out":{"len":4,"type":"SOCKET","value":"0x00001234"}' "$out"
expect "json fields" '{"name":"SIO_BASE_HANDLE","code":"0x48000022","io":"OUT","t":1,"vendor":0,"number":34,' "$out"

n=$(run "$@" --json FIONBIO FIONREAD 0x12345678 | json_lines)
[ "$n" = 3 ] || { echo "FAIL: --json gives one object per code (got $n)"; fails=$((fails + 1)); }

n=$(run "$@" --list --json | json_lines)
[ "$n" -ge 80 ] || { echo "FAIL: --list --json rows: $n"; fails=$((fails + 1)); }
out=$(run "$@" --list)
expect "list" "SIO_TCP_INFO                                 0xD8000027 INOUT 3 I, O, T==3" "$out"

for bad in "SIO_NOPE" "--in zz FIONBIO" "--in 123 FIONBIO" "--ptr 16 FIONBIO" "--bogus" "" "0x100000000"; do
    # shellcheck disable=SC2086
    s=$(status "$@" $bad)
    [ "$s" = 2 ] || { echo "FAIL: '$bad' exits $s, want 2"; fails=$((fails + 1)); }
done
"$@" SIO_NOPE 2>&1 >/dev/null | tr -d '\r' | grep -q "unknown IOCTL name or bad number: 'SIO_NOPE' (try --list)" \
    || { echo "FAIL: unknown name message"; fails=$((fails + 1)); }
[ "$(status "$@" --help)" = 0 ] || { echo "FAIL: --help"; fails=$((fails + 1)); }

rm -f /tmp/ioctl-decode-err.$$
[ $fails = 0 ] && echo "test-ioctl-decode: all checks passed"
exit $fails
