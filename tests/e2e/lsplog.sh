#!/bin/sh
# lsplog on logs siotrace wrote: e2e_log's and e2e_sockets' (JSON and text)
# in a log directory of this test's own. cat reproduces the DLL's text file
# byte for byte; summary, sockets and the filters give exact counts (taken
# from the JSON independently, and, for e2e_sockets, known); every line
# validates against the schema.
# usage: lsplog.sh LOG_DIR LOG_DIR_DOS SCHEMA LSPLOG E2E_LOG E2E_SOCKETS
set -u
dir=$1 dos=$2 schema=$3 lsplog=$4
here=$(dirname "$0")
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
same() { [ "$2" = "$3" ] || { fail "$1"; printf '  want: %s\n  got:  %s\n' "$2" "$3"; }; }
lsplog() { "$here/../../cmake/wine-run.sh" "$lsplog" "$@" | tr -d '\r'; }
count() { grep -c . || true; }

rm -rf "$dir"
mkdir -p "$dir"
for prog in "$5" "$6"; do
    "$here/run.sh" "$dos" json,text "$prog" "$dos" >/dev/null || fail "$prog failed"
done

for json in "$dir"/*.jsonl; do
    name=${json##*/}
    case $name in
    *.audit.jsonl) # the capture audit has no text form: read, not compared
        "$here/../../cmake/wine-run.sh" "$lsplog" audit "Z:$json" >/dev/null 2>"$dir/cat.err"
        same "$name: lsplog audit exits 0" 0 $?
        continue ;;
    esac
    "$here/../../cmake/wine-run.sh" "$lsplog" cat "Z:$json" >"$dir/cat.out" 2>"$dir/cat.err"
    same "$name: lsplog cat exits 0" 0 $?
    cmp -s "$dir/cat.out" "${json%.jsonl}.log" || fail "$name: lsplog cat differs from the DLL's ${name%.jsonl}.log"
    same "$name: nothing on stderr" "" "$(cat "$dir/cat.err")"
    # The counts an independent reader finds in the JSON.
    python3 -c '
import collections, json, sys
calls, failed = collections.Counter(), collections.Counter()
for line in open(sys.argv[1], "rb"):
    r = json.loads(line)
    if "event" not in r:
        calls[r["code"]] += 1
        failed[r["code"]] += r["ret"] != 0
for c in sorted(calls):
    print(c, calls[c], failed[c])' "$json" >"$dir/want"
    lsplog summary --json --top 0 "Z:$json" | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin if l.strip()]
for r in sorted(rows, key=lambda r: r["code"]):
    print(r["code"], r["calls"], r["failed"])' >"$dir/got"
    cmp -s "$dir/want" "$dir/got" || { fail "$name: summary counts"; diff "$dir/want" "$dir/got" | head; }
    same "$name: --code FIONREAD" "$(grep '"name":"FIONREAD"' "$json" | grep -vc '"event"')" \
        "$(lsplog cat --code fionread "Z:$json" | count)"
    same "$name: --error any" "$(grep -v '"event"' "$json" | grep -vc '"ret":0,')" \
        "$(lsplog cat --error any "Z:$json" | count)"
done

# e2e_log's own numbers: 8 threads x 150 sockets, each FIONBIO, FIONREAD,
# SIO_BASE_HANDLE then closed, beside one call of each case it checks.
log=$(ls "$dir"/e2e_log.exe.*.jsonl | grep -v '\.audit\.jsonl$')
same "e2e_log: calls, failures and errors of the threads' codes" "FIONBIO 1202 1 {'WSAEFAULT': 1}
FIONREAD 1201 0 {}
SIO_BASE_HANDLE 1202 1 {'WSA_IO_PENDING': 1}" \
    "$(lsplog summary --json --top 0 "Z:$log" | python3 -c '
import json, sys
for r in sorted((json.loads(l) for l in sys.stdin if l.strip()), key=lambda r: r["name"]):
    if r["calls"] > 1:
        print(r["name"], r["calls"], r["failed"], r["errors"])')"
same "e2e_log: 3610 calls in all" 3610 "$(lsplog cat --json "Z:$log" | grep -vc '"event"')"
same "e2e_log: the threads' 1200 sockets, three calls each, closed" 1200 \
    "$(lsplog sockets --json "Z:$log" | grep -c '"calls":3,"failed":0,"closed":true')"

sockets=$(ls "$dir"/e2e_sockets.exe.*.jsonl | grep -v '\.audit\.jsonl$')
same "e2e_sockets: four stories, their calls in order" "0 2 1 1" \
    "$(lsplog sockets --json "Z:$sockets" | python3 -c '
import json, sys
print(*[json.loads(l)["calls"] for l in sys.stdin if l.strip()])')"
same "e2e_sockets: all closed" 4 "$(lsplog sockets --json "Z:$sockets" | grep -c '"closed":true')"
python3 "$here/../../schema/validate.py" "$schema" "$dir" >"$dir/valid" || { fail "schema"; cat "$dir/valid"; }

# A handle used again by another thread, whose socket line and close are both
# queued before the first close: as e2e_log once wrote it, 8 threads racing.
# Each close goes to its own socket's story (the first at the microsecond the
# second socket begins).
reuse=$dir/reuse
mkdir -p "$reuse"
line() { printf '{"time":"2026-12-01T10:00:00.%sZ","pid":7,"instance":"2026-12-01T09:59:59.000000Z","tid":%s,"image":"race.exe","event":"%s","socket":"0x00000000000000CC"%s}\n' "$@"; }
sock=',"af":"AF_INET","socktype":"SOCK_DGRAM","protocol":"IPPROTO_UDP","how":"socket"'
{
    line 000100 1 socket "$sock"
    line 000300 2 socket "$sock"
    line 000400 2 close ',"ret":0,"error":null'
    line 000300 1 close ',"ret":0,"error":null'
} >"$reuse/race.exe.7.20261201T095959000000Z.1.jsonl"
same "a handle's two stories, each closed" "2026-12-01T10:00:00.000100Z 2026-12-01T10:00:00.000300Z
2026-12-01T10:00:00.000300Z 2026-12-01T10:00:00.000400Z" \
    "$(lsplog sockets --json "Z:$reuse/race.exe.7.20261201T095959000000Z.1.jsonl" | python3 -c '
import json, sys
for s in (json.loads(l) for l in sys.stdin if l.strip()):
    print(s["from"], s["until"]) if s["closed"] else print("not closed", s["from"])')"

[ $fails -eq 0 ] && echo "lsplog on e2e logs: all checks passed"
[ $fails -eq 0 ]
