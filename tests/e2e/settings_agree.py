#!/usr/bin/env python3
"""siotrace.dll and lspctl judge every setting alike.

For each case of settings_cases.txt: the value is written to the Wine
prefix's registry with `wine reg add`; e2e_probe.exe runs through siotrace,
whose log says which settings it ignored and why; `lspctl status` shows the
value, flagged IGNORED or not; `lspctl config set` is given the typed words
and must refuse them with the same message, or store exactly that value.
Each verdict must be the case's: the test fails when either program reads a
value otherwise.

usage: settings_agree.py CASES PROBE.EXE LSPCTL.EXE  (SIOT_WINEPREFIX set)
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

KEY = 'HKLM\\SOFTWARE\\siotrace'
HERE = os.path.dirname(os.path.abspath(__file__))
WINE_RUN = os.path.join(HERE, '..', '..', 'cmake', 'wine-run.sh')
PREFIX = os.environ['SIOT_WINEPREFIX']
DRIVE_C = os.path.join(PREFIX, 'drive_c')
IMAGE = 'e2e_probe.exe'


def wine(*args, cwd=None):
    # A run that ends with status 1 and no output at all is tried once more:
    # seen once in a full run, from `lspctl config set Formats json`, which
    # never exits 1 and always says what it did, so it was Wine's. Every
    # command run here can be run twice; a program that meant it answers the
    # same the second time.
    for _ in range(2):
        p = subprocess.run([WINE_RUN, *args], cwd=cwd, capture_output=True)
        if p.returncode != 1 or p.stdout or p.stderr:
            break
        print('%s exited 1 with no output; running it once more' % ' '.join(args))
    return p.returncode, p.stdout.decode('utf-8', 'replace'), p.stderr.decode('utf-8', 'replace')


def reset():
    wine('reg', 'delete', KEY, '/f')


def exported(name, work):
    """The value's line in `reg export`, which gives its exact bytes."""
    path = os.path.join(work, 'export.reg')
    # Wine's reg.exe now and then exits without writing the file (seen once in
    # a full run, never alone): one more try, then the value reads as absent.
    for _ in range(2):
        rc, _, err = wine('reg', 'export', KEY, 'Z:' + path.replace('/', '\\'), '/y')
        if os.path.exists(path):
            break
        print('reg export exited %d without writing %s: %s' % (rc, path, err.strip()[-500:]))
    if not os.path.exists(path):
        return None
    with open(path, 'rb') as f:
        text = f.read().decode('utf-16')
    os.remove(path)
    lines = text.replace('\\\r\n  ', '').splitlines()
    return next((l for l in lines if l.startswith('"%s"=' % name)), None)


def unix_dir(windows_dir):
    assert windows_dir[:3].upper() == 'C:\\', windows_dir
    return os.path.join(DRIVE_C, *windows_dir[3:].split('\\'))


def probe_logs(pid):
    """The probe's log files, wherever in drive C: they went."""
    found = []
    for root, dirs, files in os.walk(DRIVE_C):
        if root == DRIVE_C and 'windows' in dirs:
            dirs.remove('windows')
        found += [os.path.join(root, f) for f in files if f.startswith('%s.%s.' % (IMAGE, pid))]
    return found


def notice(logs, setting):
    """What siotrace's log says the setting must be, 'ok' when it says nothing."""
    for path in logs:
        with open(path, encoding='utf-8') as f:
            for line in f:
                if path.endswith('.jsonl'):
                    o = json.loads(line)
                    if o.get('event') == 'ignored' and o.get('setting') == setting:
                        return o['expected']
                else:
                    m = re.search(r' siotrace: setting %s ignored \(expected (.*)\); using ' %
                                  setting, line)
                    if m:
                        return m.group(1)
    return 'ok'


def dll_verdict(case, work, fail):
    # The folder exists, as lspctl leaves it: the DLL is not what creates it.
    # The default one too, whichever test ran before (uninstall --purge
    # removes it).
    os.makedirs(os.path.join(DRIVE_C, 'ProgramData', 'siotrace', 'logs'), exist_ok=True)
    if case['effect'].startswith('in='):
        os.makedirs(unix_dir(case['effect'][3:]), exist_ok=True)
    rc, out, err = wine(case['probe'], '1', cwd=work)
    # <pid>.<instance>: the start of its log files' names.
    pid = out.strip().splitlines()[-1] if out.strip() else ''
    if rc != 0 or not re.fullmatch(r'[0-9]+\.[0-9]{8}T[0-9]{12}Z', pid):
        fail('the probe exited %d and printed %r: %s' % (rc, out, err[-2000:]))
        return None
    logs = probe_logs(pid)
    try:
        if not logs:
            return 'untraced'
        verdict = notice(logs, case['setting'])
        effect = case['effect']
        kinds = sorted({'json' if p.endswith('.jsonl') else 'text' for p in logs})
        if effect.startswith('files=') and kinds != sorted(effect[6:].split(',')):
            fail('siotrace wrote %s, expected %s' % (','.join(kinds), effect[6:]))
        if effect.startswith('in=') and {os.path.dirname(p) for p in logs} != {
                unix_dir(effect[3:])}:
            fail('siotrace wrote %s, expected them in %s' % (logs, effect[3:]))
        return verdict
    finally:
        for p in logs:
            os.remove(p)


def status_verdict(case, fail):
    _, out, _ = wine(case['lspctl'], 'status')
    name = case['setting']
    for line in out.splitlines():
        if re.match(r'  %s +' % name, line):
            m = re.search(r': IGNORED by siotrace \(expected (.*)\); it uses ', line)
            return m.group(1) if m else 'ok'
    fail('`lspctl status` shows no line for %s:\n%s' % (name, out))
    return None


def set_verdict(case, stored, work, fail):
    reset()
    rc, out, err = wine(case['lspctl'], 'config', 'set', case['setting'], *case['typed'].split(' '))
    if rc == 0:
        now = exported(case['setting'], work)
        if now != stored:
            fail('`config set` stored %s, `reg add` %s' % (now, stored))
        return 'ok'
    m = re.search(r'config set %s: expected (.*); nothing was changed' % case['setting'], err)
    if rc != 2 or not m:
        fail('`config set` exited %d: %s' % (rc, err))
        return None
    return m.group(1)


def read_cases(path, probe, lspctl):
    cases = []
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            if line.startswith('#') or not line.strip():
                continue
            cols = line.rstrip('\n').split('\t')
            if len(cols) != 6:
                sys.exit('%s:%d: %d columns, expected 6' % (path, n, len(cols)))
            cases.append(dict(zip(('setting', 'type', 'data', 'typed', 'verdict', 'effect'), cols),
                              line=n, probe=probe, lspctl=lspctl))
    return cases


def run_case(case, work):
    failures = []
    label = '%s %s %s' % (case['setting'], case['type'], case['data'])

    def fail(msg):
        failures.append('FAIL: line %d: %s: %s' % (case['line'], label, msg))

    reset()
    rc, _, err = wine('reg', 'add', KEY, '/v', case['setting'], '/t', case['type'], '/d',
                      case['data'], '/f')
    if rc != 0:
        fail('reg add: ' + err)
        return failures
    stored = exported(case['setting'], work)
    want = case['verdict']
    dll = dll_verdict(case, work, fail)
    want_dll = 'untraced' if case['effect'] == 'untraced' else want
    if dll is not None and dll != want_dll:
        fail('siotrace.dll: %s; expected %s' % (dll, want_dll))
    status = status_verdict(case, fail)
    if status is not None and status != want:
        fail('lspctl status: %s; expected %s' % (status, want))
    if case['typed'] != '-':
        typed = set_verdict(case, stored, work, fail)
        if typed is not None and typed != want:
            fail('lspctl config set %s: %s; expected %s' % (case['typed'], typed, want))
    return failures


def main():
    cases_path, probe, lspctl = (os.path.abspath(a) for a in sys.argv[1:4])
    work = tempfile.mkdtemp(prefix='siot-agree.')
    cases = read_cases(cases_path, probe, lspctl)
    failures = []
    try:
        for case in cases:
            failures += run_case(case, work)
    finally:
        reset()
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(os.path.join(DRIVE_C, 'siotcases'), ignore_errors=True)
        shutil.rmtree(os.path.join(DRIVE_C, 'ProgramData', 'siotcases'), ignore_errors=True)
    for f in failures:
        print(f)
    if failures:
        sys.exit('%d failures over %d cases: the programs disagree or misread'
                 % (len(failures), len(cases)))
    print('settings: %d cases, siotrace.dll, lspctl status and lspctl config set agree'
          % len(cases))


if __name__ == '__main__':
    main()
