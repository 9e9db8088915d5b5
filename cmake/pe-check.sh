#!/bin/sh
# Checks a Windows binary that cannot be run here: its PE machine type and,
# for a DLL, that each named export is present under exactly that name.
# usage: pe-check.sh OBJDUMP FILE FORMAT [EXPORT...]
set -eu
objdump=$1 file=$2 format=$3
shift 3
dump=$("$objdump" -p "$file") || { echo "pe-check: cannot read $file" >&2; exit 1; }
echo "$dump" | grep -q "file format $format\$" || {
    echo "pe-check: $file: not $format:" >&2
    echo "$dump" | grep 'file format' >&2
    exit 1
}
names=$(echo "$dump" | sed -n '/^\[Ordinal\/Name Pointer\] Table/,/^$/p')
for name in "$@"; do
    # Rows of the name table read "[   0] WSPStartup"; a decorated name
    # (_WSPStartup@76) does not match.
    echo "$names" | grep -Eq "^[[:space:]]*\[[[:space:]]*[0-9]+\] ${name}\$" || {
        echo "pe-check: $file does not export '$name' undecorated; exports:" >&2
        echo "$names" >&2
        exit 1
    }
done
echo "pe-check: $file: $format${*:+, exports $*}"
