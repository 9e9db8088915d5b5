#!/usr/bin/env python3
"""The shipped WPR profile against the provider: well-formed XML, every
provider named *siotrace, every keyword mask made of the keywords etwsink.h
defines, the full profile taking all of them and the audit profile the audit,
process and health keywords but not the per-call ones.
usage: check_wprp.py siotrace.wprp etwsink.h"""
import re
import sys
import xml.etree.ElementTree as ET

wprp, header = sys.argv[1], sys.argv[2]
kw = {m.group(1): int(m.group(2), 16)
      for m in re.finditer(r"#define ETWSINK_KW_(\w+) +(0x[0-9A-Fa-f]+)ull", open(header).read())}
assert set(kw) == {"CALL", "DECODED", "AUDIT", "PROCESS", "HEALTH"}, kw
everything = sum(kw.values())

root = ET.parse(wprp).getroot()
providers = {p.get("Id"): p for p in root.iter("EventProvider")}
assert providers, "no EventProvider"
masks = {}
for pid, p in providers.items():
    assert p.get("Name") == "*siotrace", (pid, p.get("Name"))
    values = [int(k.get("Value"), 16) for k in p.iter("Keyword")]
    assert len(values) == 1 and values[0] & ~everything == 0, (pid, values)
    masks[pid] = (values[0], int(p.get("Level")))
assert masks["EP_siotrace_all"] == (everything, 5), masks
audit = kw["AUDIT"] | kw["PROCESS"] | kw["HEALTH"]
assert masks["EP_siotrace_audit"] == (audit, 4), masks
ids = {p.get("Id") for p in root.iter("Profile")}
for name in ("siotrace", "siotraceAudit"):
    assert {name + ".Verbose.File", name + ".Verbose.Memory"} <= ids, ids
print("check_wprp: ok")
