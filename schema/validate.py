#!/usr/bin/env python3
"""Validates every line of siotrace JSON Lines logs against the record schema.

usage: validate.py SCHEMA FILE|DIR...   (a directory: every *.jsonl in it)
Prints FILE:LINE: why for each line that does not validate, then a count;
exits 1 when any line fails or no line was read.
"""
import json
import pathlib
import sys

from jsonschema import Draft202012Validator


def files(args):
    for a in args:
        p = pathlib.Path(a)
        yield from sorted(p.glob("*.jsonl")) if p.is_dir() else [p]


def main():
    schema = json.loads(pathlib.Path(sys.argv[1]).read_text())
    Draft202012Validator.check_schema(schema)
    v = Draft202012Validator(schema)
    # The kind's own schema names the member at fault; oneOf alone would not.
    kinds = {k: Draft202012Validator({"$ref": f"#/$defs/{k}", "$defs": schema["$defs"]})
             for k in ("call", "socket", "bind", "close", "dropped", "capped", "audit", "audit_end")}
    lines = bad = 0
    for f in files(sys.argv[2:]):
        for n, raw in enumerate(f.read_bytes().split(b"\n")[:-1], 1):
            lines += 1
            try:
                rec = json.loads(raw)
                kind = kinds.get(rec.get("event", "call"), v) if isinstance(rec, dict) else v
                errors = list(kind.iter_errors(rec)) + list(v.iter_errors(rec))
            except ValueError as e:
                errors = [e]
            for e in errors[:1]:
                bad += 1
                print(f"{f}:{n}: {getattr(e, 'message', e)}")
    print(f"{lines} lines, {bad} invalid")
    if not lines:
        print("no log lines to validate: run it after the programs that write them")
    return 0 if lines and not bad else 1


if __name__ == "__main__":
    sys.exit(main())
