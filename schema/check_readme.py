#!/usr/bin/env python3
"""Checks that the README's tables of record fields name exactly the members
the schema gives each kind of line.

usage: check_readme.py SCHEMA README
A table follows a line "<!-- schema: KIND -->"; every `name` in its first
column is a field (a row may name several). Exits 1 on any difference.
"""
import json
import re
import sys


def tables(readme):
    lines = readme.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"<!-- schema: (\w+) -->", line.strip())
        if not m:
            continue
        names, j = set(), i + 1
        while j < len(lines) and not lines[j].startswith("|"):
            j += 1
        for row in lines[j + 2:]:
            if not row.startswith("|"):
                break
            names |= set(re.findall(r"`([a-z_]+)`", row.split("|")[1]))
        yield m.group(1), names


def main():
    schema = json.load(open(sys.argv[1]))
    readme = open(sys.argv[2], encoding="utf-8").read()
    seen, bad = set(), 0
    for kind, names in tables(readme):
        seen.add(kind)
        want = set(schema["$defs"][kind]["properties"])
        for name in sorted(want - names):
            print(f"README: the {kind} table lacks `{name}`, which the schema has")
            bad += 1
        for name in sorted(names - want):
            print(f"README: the {kind} table names `{name}`, which the schema lacks")
            bad += 1
    kinds = {r["$ref"].split("/")[-1] for r in schema["oneOf"]}
    for kind in sorted(kinds - seen):
        print(f"README: no table of the {kind} line (<!-- schema: {kind} -->)")
        bad += 1
    print(f"{len(seen)} tables checked, {bad} differences")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
