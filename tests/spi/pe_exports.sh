#!/bin/sh
# Checks that a DLL exports each NAME exactly so (undecorated), reading the
# [Ordinal/Name Pointer] table that objdump -p prints.
# usage: pe_exports.sh OBJDUMP DLL NAME...
set -eu
objdump=$1 dll=$2
shift 2
names=$("$objdump" -p "$dll" | sed -n '/\[Ordinal\/Name Pointer\] Table/,/^$/p' |
        sed -n 's/^[[:space:]]*\[[[:space:]]*[0-9]*\] //p') || exit 1
for name in "$@"; do
    printf '%s\n' "$names" | grep -qx "$name" || {
        echo "pe_exports: $dll does not export '$name'; it exports:" >&2
        printf '%s\n' "$names" >&2
        exit 1
    }
done
echo "pe_exports: $dll exports $*"
