#!/bin/sh
# lsplog as a user runs it, on hand-made logs: the text of each kind of
# line, time order across files, every filter, --json, and the broken inputs
# (a line still being written, another program's line, invalid UTF-8, an
# empty file, a huge line, missing or empty inputs, bad options) with their
# messages and exit statuses. Every good line also validates against the schema.
# usage: test-lsplog.sh SCHEMA COMMAND... (the tool, possibly behind an emulator)
schema=$1
shift
fails=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Under Wine the tool reads the Unix file system through drive Z:.
case "$*" in *wine*) root=Z: ;; *) root= ;; esac
run() { "$@" 2>"$work/err" | tr -d '\r'; }
err() { tr -d '\r' <"$work/err"; }
status() { "$@" >/dev/null 2>"$work/err"; echo $?; }
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
same() { [ "$2" = "$3" ] || { fail "$1"; printf '  want: %s\n  got:  %s\n' "$2" "$3"; }; }
has() { case $3 in *"$2"*) ;; *) fail "$1: missing: $2"; printf '  got: %s\n' "$3" | head -5 ;; esac; }
count() { grep -c . || true; }

head='"pid":1234,"instance":"2026-11-30T00:00:00.000000Z","tid":5678,"image":"app.exe"'
sock='"socket":"0x00000000000001A4","af":"AF_INET","socktype":"SOCK_STREAM","protocol":"IPPROTO_TCP"'
keepalive='{"time":"2026-11-30T00:42:03.456789Z",'$head','$sock',"name":"SIO_KEEPALIVE_VALS","code":"0x98000004","io":"IN","t":3,"vendor":0,"number":4,"in":{"addr":"0x0000007FF0001000","size":12,"state":"ok","len":12,"type":"tcp_keepalive","value":{"onoff":1,"keepalivetime":1800000,"keepaliveinterval":1000}},"out":null,"ret":0,"error":null,"bytes":0,"overlapped":false,"pending":false,"lower_ns":1250}'
rcvall='{"time":"2026-11-30T00:42:04.000000Z",'$head','$sock',"name":"SIO_RCVALL","code":"0x98000001","io":"IN","t":3,"vendor":0,"number":1,"in":{"addr":"0x0000007FF0001000","size":4,"state":"ok","len":4,"type":"RCVALL_VALUE","value":"RCVALL_ON"},"out":null,"ret":-1,"error":"WSAEOPNOTSUPP","errno":10045,"bytes":0,"overlapped":false,"pending":false,"lower_ns":5000}'
mkdir "$work/logs"
printf '%s\n%s\n' "$keepalive" "$rcvall" >"$work/logs/app.exe.1234.jsonl"
logs=$root$work/logs
log=$logs/app.exe.1234.jsonl

# cat: a call's text line, as the DLL writes it.
out=$(run "$@" cat "$log")
same "cat, first line" "2026-11-30T00:42:03.456789Z app.exe[1234:5678] socket=0x1A4 AF_INET/SOCK_STREAM/IPPROTO_TCP SIO_KEEPALIVE_VALS(0x98000004 IN T=3) in={tcp_keepalive, {onoff=1, keepalivetime=1800000, keepaliveinterval=1000}} = 0 bytes=0 [1.250us]" "$(echo "$out" | head -n 1)"
has "cat, failed call" "SIO_RCVALL(0x98000001 IN T=3) in={RCVALL_VALUE, RCVALL_ON} = -1 WSAEOPNOTSUPP (10045) bytes=0 [5.000us]" "$out"
same "cat --json gives the lines as they are" "$(cat "$work/logs/app.exe.1234.jsonl")" "$(run "$@" cat --json "$log")"
same "standard input" "$out" "$(run "$@" cat <"$work/logs/app.exe.1234.jsonl")"
same "a directory" "$out" "$(run "$@" cat "$logs")"

# Filters, one at a time: how many records pass.
filter() { # WANT ARGS...
    want=$1
    shift
    same "filter $*" "$want" "$(run "$CMD" cat "$@" "$log" | count)"
}
CMD="$*"
filter_n() { want=$1; shift; same "filter $*" "$want" "$(run "$@" | count)"; }
filter_n 1 "$@" cat --code sio_rcvall "$log"
filter_n 1 "$@" cat --code 0x98000004 "$log"
filter_n 1 "$@" cat --code SIO_KEEPALIVE_VALS "$log"
filter_n 1 "$@" cat --error any "$log"
filter_n 1 "$@" cat --error wsaeopnotsupp "$log"
filter_n 1 "$@" cat --error 10045 "$log"
filter_n 0 "$@" cat --error WSAEFAULT "$log"
filter_n 2 "$@" cat --pid 1234 "$log"
filter_n 0 "$@" cat --pid 1 "$log"
filter_n 2 "$@" cat --image APP "$log"
filter_n 2 "$@" cat --image app.exe "$log"
filter_n 0 "$@" cat --image ap "$log"
filter_n 2 "$@" cat --socket 0x1a4 "$log"
filter_n 2 "$@" cat --socket 420 "$log"
filter_n 0 "$@" cat --socket 0x1a8 "$log"
filter_n 1 "$@" cat --since 2026-11-30T00:42:03.5Z "$log"
filter_n 1 "$@" cat --until "2026-11-30 00:42:03.5" "$log"
filter_n 2 "$@" cat --since 2026-11-30T01:42:03+01:00 "$log"
filter_n 0 "$@" cat --since 2026-11-30T01:42:05+01:00 "$log"
filter_n 2 "$@" cat --until 1m "$log"
filter_n 0 "$@" cat --since 1d "$log"
filter_n 1 "$@" cat --audit "$log"
filter_n 1 "$@" cat --pid 1234 --code sio_rcvall --error any "$log"

# A code is matched by value: 0x9800000D has two names.
mkdir "$work/alias"
printf '%s\n' "$rcvall" | sed 's/"name":"SIO_RCVALL","code":"0x98000001"/"name":"SIO_RCVALL_MCAST_IF","code":"0x9800000D"/' \
    >"$work/alias/a.jsonl"
filter_n 1 "$@" cat --code SIO_SOCKET_CLOSE_NOTIFY "$root$work/alias/a.jsonl"
filter_n 1 "$@" cat --code sio_rcvall_mcast_if "$root$work/alias/a.jsonl"
filter_n 0 "$@" cat --code SIO_RCVALL "$root$work/alias/a.jsonl"

# summary: per process and code.
out=$(run "$@" summary --json "$log")
has "summary row" '{"image":"app.exe","pid":1234,"name":"SIO_KEEPALIVE_VALS","code":"0x98000004","calls":1,"failed":0,"errors":{},"median_ns":1250,"p99_ns":1250,"max_ns":1250}' "$out"
has "summary errors by name" '"name":"SIO_RCVALL","code":"0x98000001","calls":1,"failed":1,"errors":{"WSAEOPNOTSUPP":1}' "$out"
has "summary slowest first" '{"slowest":1,"record":{"time":"2026-11-30T00:42:04.000000Z"' "$out"

# Time order across files; socket lines, notices and stories.
mkdir "$work/two"
t() { echo "2026-11-30T00:00:0$1.000000Z"; }
sl() { printf '%s\n' '{"time":"'"$(t "$1")"'","pid":7,"instance":"2026-11-30T00:00:00.000000Z","tid":8,"image":"b.exe","event":'"$2"'}'; }
{
    sl 1 '"socket","socket":"0x0000000000000010","af":"AF_INET6","socktype":"SOCK_DGRAM","protocol":"IPPROTO_UDP","how":"socket"'
    sl 3 '"bind","socket":"0x0000000000000010","local":"[::1]:5353"'
    sl 5 '"close","socket":"0x0000000000000010","ret":0,"error":null'
    sl 6 '"socket","socket":"0x0000000000000010","af":"AF_INET","socktype":"SOCK_STREAM","protocol":"IPPROTO_TCP","how":"accept"'
} >"$work/two/b.exe.7.jsonl"
printf '%s\n' '{"time":"'"$(t 4)"'","pid":9,"instance":"2026-11-30T00:00:00.000000Z","image":"c.exe","event":"dropped","dropped":3,"dropped_audit":0,"total_dropped":3,"total_dropped_audit":0}' \
    '{"time":"'"$(t 7)"'","pid":9,"instance":"2026-11-30T00:00:00.000000Z","image":"c.exe","event":"capped","max_file_bytes":4096}' >"$work/two/c.exe.9.jsonl"
out=$(run "$@" cat "$root$work/two")
same "time order across files, each kind's text" "2026-11-30T00:00:01.000000Z b.exe[7:8] socket=0x10 created by socket AF_INET6/SOCK_DGRAM/IPPROTO_UDP
2026-11-30T00:00:03.000000Z b.exe[7:8] socket=0x10 bind [::1]:5353
2026-11-30T00:00:04.000000Z c.exe[9] siotrace: 3 records dropped (0 audit); 3 (0 audit) in all
2026-11-30T00:00:05.000000Z b.exe[7:8] socket=0x10 close = 0
2026-11-30T00:00:06.000000Z b.exe[7:8] socket=0x10 created by accept AF_INET/SOCK_STREAM/IPPROTO_TCP
2026-11-30T00:00:07.000000Z c.exe[9] siotrace: log reached MaxFileBytes (4096): later records are not written" "$out"
out=$(run "$@" sockets "$root$work/two")
has "a story" "b.exe[7] socket 0x10 AF_INET6/SOCK_DGRAM/IPPROTO_UDP bound to [::1]:5353: 0 calls, 0 failed, closed" "$out"
has "a reused handle starts a new story" "b.exe[7] socket 0x10 AF_INET/SOCK_STREAM/IPPROTO_TCP: 0 calls, 0 failed, no close seen" "$out"
same "two stories as JSON" 2 "$(run "$@" sockets --json "$root$work/two" | count)"
# Another thread given the handle queues its socket line before the close
# that freed it, which is stamped when closesocket was called.
mkdir "$work/race"
{
    sl 1 '"socket","socket":"0x0000000000000020","af":"AF_INET","socktype":"SOCK_STREAM","protocol":"IPPROTO_TCP","how":"socket"'
    sl 3 '"socket","socket":"0x0000000000000020","af":"AF_INET","socktype":"SOCK_DGRAM","protocol":"IPPROTO_UDP","how":"socket"'
    sl 2 '"close","socket":"0x0000000000000020","ret":0,"error":null'
    sl 5 '"close","socket":"0x0000000000000020","ret":0,"error":null'
} >"$work/race/b.exe.7.jsonl"
same "a close queued after the handle's next socket line" "b.exe[7] socket 0x20 AF_INET/SOCK_STREAM/IPPROTO_TCP: 0 calls, 0 failed, closed
b.exe[7] socket 0x20 AF_INET/SOCK_DGRAM/IPPROTO_UDP: 0 calls, 0 failed, closed" \
    "$(run "$@" sockets "$root$work/race" | grep -v '^  ')"
out=$(run "$@" summary "$root$work/two")
has "summary: drops" "c.exe[9]                 dropped: 3 records (0 audit)" "$out"
has "summary: capped" "capped: $root$work/two/c.exe.9.jsonl reached MaxFileBytes" "$out"
same "tail -n 2" "$(run "$@" cat "$root$work/two" | tail -n 2)" "$(run "$@" tail -n 2 "$root$work/two")"

# audit: capture sessions from the audit records.
mkdir "$work/audit"
who='"user":"VM\\root","user_sid":"S-1-5-21-0-0-0-1000","instance":"2026-11-30T00:00:00.000000Z"'
al() { printf '%s\n' '{"time":"'"$(t "$1")"'","pid":50,"tid":51,"image":"cap.exe","event":"audit","socket":"0x0000000000000020","name":"SIO_RCVALL","code":"0x98000001",'"$who"','"$2"'}'; }
{
    al 1 '"outcome":"on","mode":"RCVALL_ON","local":{"sa_family":"AF_INET","sin_port":0,"sin_addr":"192.0.2.1"},"in":null,"ret":0,"error":null,"capture":"start","capture_since":"'"$(t 1)"'"'
    al 2 '"outcome":"on","mode":"RCVALL_IPLEVEL","local":{"sa_family":"AF_INET","sin_port":0,"sin_addr":"192.0.2.1"},"in":null,"ret":0,"error":null,"capture":"change","capture_since":"'"$(t 1)"'"'
    printf '%s\n' '{"time":"'"$(t 4)"'","pid":50,"instance":"2026-11-30T00:00:00.000000Z","image":"cap.exe","event":"audit_end","socket":"0x0000000000000020","name":"SIO_RCVALL","code":"0x98000001","capture_since":"'"$(t 1)"'","duration_us":3000000,"ended":"closed"}'
    al 5 '"outcome":"refused","mode":"RCVALL_ON","interface":7,"local":null,"in":null,"ret":-1,"error":"WSAEACCES","errno":10013,"capture":"none","capture_since":null'
} >"$work/audit/cap.exe.50.1.audit.jsonl"
out=$(run "$@" audit "$root$work/audit")
has "a session" "2026-11-30T00:00:01.000000Z 2026-11-30T00:00:04.000000Z VM\\root                  cap.exe                   50 RCVALL_ON->RCVALL_IPLEVEL  192.0.2.1:0            ok, closed" "$out"
has "a refused call" "if 7                   refused: WSAEACCES" "$out"
same "audit rows" 3 "$(echo "$out" | count)"
out=$(run "$@" audit --json "$root$work/audit")
has "audit --json" '"user":"VM\\root","user_sid":"S-1-5-21-0-0-0-1000","image":"cap.exe","pid":50,"socket":"0x0000000000000020","mode":"RCVALL_ON->RCVALL_IPLEVEL","interface":"192.0.2.1:0","result":"ok","ended":"closed"' "$out"
if [ -n "$root" ]; then
    # Windows: the file's owner (under Wine, the Unix user S-1-5-21-0-0-0-1000)
    # is not the SYSTEM account a record names: a forged file.
    mkdir "$work/forged"
    sed 's/S-1-5-21-0-0-0-1000/S-1-5-18/' "$work/audit/cap.exe.50.1.audit.jsonl" >"$work/forged/x.audit.jsonl"
    has "a forged file is flagged" "ok, closed  FORGED: file owner S-1-5-21-0-0-0-1000" "$(run "$@" audit "$root$work/forged")"
    same "a file its user created is not" 0 "$(run "$@" audit "$root$work/audit" | grep -c FORGED)"
fi
same "--audit keeps audit records" 4 "$(run "$@" cat --audit "$root$work/audit" | count)"
command -v python3 >/dev/null && python3 -c 'import jsonschema' 2>/dev/null && {
    python3 "$(dirname "$0")/../../schema/validate.py" "$schema" "$work/logs" "$work/two" "$work/audit" >"$work/v" \
        || { fail "hand-made good lines against the schema"; cat "$work/v"; }
}

# Broken inputs.
mkdir "$work/bad" "$work/empty"
printf '%s\n%s' "$keepalive" '{"time":"2026-11-30T00:42:05' >"$work/bad/partial.jsonl"
same "a partial last line: the whole lines" 1 "$(run "$@" cat "$root$work/bad/partial.jsonl" | count)"
same "a partial last line is not an error" 0 "$(status "$@" cat "$root$work/bad/partial.jsonl")"
has "a partial last line: said on stderr" "partial.jsonl:2: last line not complete (still being written?): left unread" "$(err)"
printf '%s\nhello from another program\n{"level":"info","msg":"hi"}\n%s\n' "$keepalive" "$rcvall" >"$work/bad/other.jsonl"
same "other lines skipped: exit 1" 1 "$(status "$@" cat "$root$work/bad/other.jsonl")"
has "another program's line" "other.jsonl:2: not a siotrace record (JSON: not a JSON object at byte 1)" "$(err)"
has "a JSON line of another program" "other.jsonl:3: not a siotrace record: no \"time\" like 2026-11-24T03:09:21.088850Z" "$(err)"
same "the records around them" 2 "$(run "$@" cat "$root$work/bad/other.jsonl" | count)"
printf '%s\n' "$keepalive" | sed 's/app\.exe/app\xff.exe/' >"$work/bad/utf8.jsonl"
same "invalid UTF-8: exit 1" 1 "$(status "$@" cat "$root$work/bad/utf8.jsonl")"
has "invalid UTF-8" "utf8.jsonl:1: not a siotrace record (JSON: invalid UTF-8 at byte 114)" "$(err)"
: >"$work/bad/empty.jsonl"
same "an empty file: exit 0" 0 "$(status "$@" cat "$root$work/bad/empty.jsonl")"
has "an empty file" "empty.jsonl: empty file" "$(err)"
{ printf '{"x":"'; head -c 300000 /dev/zero | tr '\0' a; printf '"}\n%s\n' "$keepalive"; } >"$work/bad/huge.jsonl"
same "a huge line: exit 1" 1 "$(status "$@" cat "$root$work/bad/huge.jsonl")"
has "a huge line" "huge.jsonl:1: line longer than 256 KiB: not a siotrace record" "$(err)"
same "the line after a huge one" 1 "$(run "$@" cat "$root$work/bad/huge.jsonl" | count)"
same "a missing file: exit 3" 3 "$(status "$@" cat "$root$work/nothing.jsonl")"
has "a missing file" "nothing.jsonl: No such file or directory" "$(err)"
same "an empty directory: exit 3" 3 "$(status "$@" cat "$root$work/empty")"
has "an empty directory" "no siotrace logs (*.jsonl) in this directory" "$(err)"
same "no command: exit 2" 2 "$(status "$@")"
same "an unknown command: exit 2" 2 "$(status "$@" show "$log")"
has "an unknown command" "lsplog: unknown command: show" "$(err)"
same "an unknown option: exit 2" 2 "$(status "$@" cat --colour "$log")"
has "an unknown option" "lsplog: unknown option: --colour" "$(err)"
same "a bad time: exit 2" 2 "$(status "$@" cat --since yesterday "$log")"
has "a bad time" "lsplog: --since yesterday: not a time" "$(err)"
same "a bad code: exit 2" 2 "$(status "$@" cat --code SIO_NOPE "$log")"
same "a missing value: exit 2" 2 "$(status "$@" cat --pid)"
same "-f is tail's: exit 2" 2 "$(status "$@" cat -f "$log")"
same "--help: exit 0" 0 "$(status "$@" --help)"

# tail -f follows the files as they grow, and new files in the directory
# (natively: a background program under Wine outlives the test's kill).
if [ -z "$root" ]; then
    mkdir "$work/follow"
    printf '%s\n' "$keepalive" >"$work/follow/a.jsonl"
    "$@" tail -f -n 1 "$work/follow" >"$work/followed" 2>&1 &
    pid=$!
    sleep 1
    printf '%s' "$rcvall" >>"$work/follow/a.jsonl"
    sleep 1
    same "tail -f waits for the rest of a line" 1 "$(count <"$work/followed")"
    printf '\n' >>"$work/follow/a.jsonl"
    printf '%s\n' "$keepalive" | sed 's/"pid":1234/"pid":99/' >"$work/follow/new.exe.99.jsonl"
    sleep 1
    kill "$pid"
    wait "$pid" 2>/dev/null
    same "tail -f: the line completed, then the new file's" 3 "$(count <"$work/followed")"
    has "tail -f: a new process's file" "app.exe[99:5678]" "$(cat "$work/followed")"
fi

[ $fails -eq 0 ] && echo "lsplog: all checks passed"
[ $fails -eq 0 ]
