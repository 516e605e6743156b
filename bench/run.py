#!/usr/bin/env python3
"""run.py - the nxtrace performance benchmark, in one command.

  python3 bench/run.py                       # everything: about 25 min on 2 idle cores, hours on busy ones
  python3 bench/run.py --phases wall --repeat 3 --captures dtls     # more wall-time runs
  python3 bench/run.py --phases report       # rewrite bench/RESULTS.md from the stored results

Phases (--phases, comma-separated, in this order):
  build   cmake --build the plugin in --build (configured RelWithDebInfo if new),
          so the benchmark always measures the tree it runs from;
  gen     writes the captures with bench/gen_capture.py unless they exist
          (<workdir>/<name>.pcap + .log; delete either to regenerate):
            dtls    field-1000000.pcap  1M frames, one STATUS per ~4 DTLS datagrams
            trace   trace-1000000.pcap  1M frames, ~half trace datagrams, 2,000 devices
            dtls5m  field-5000000.pcap  5M frames, as dtls (linearity);
  check   20,000-frame samples of both kinds: plain tshark decodes every
          generated DTLS datagram as DTLS, and the plugin with -2 links every
          STATUS that has a RECORD block by "record";
  wall    the configurations of each capture (--configs-NAME; by default
          a,b,d,c on dtls, a,b on trace and dtls5m) --repeat times,
          round-robin, stdout to /dev/null, through bench/tshark-as-nobody:
          wall and CPU time and the tshark process's own peak RSS (ru_maxrss
          from os.wait4), and the same for the capture's first frame alone
          (start-up, for per-frame figures);
  mem     bytes per indexed DTLS record and per status link (see memory());
  instr   instructions per frame under cachegrind (bench/instr.py) on
          --instr-frames windows of dtls and trace, every mode;
  report  writes the Markdown report to --out (bench/RESULTS.md).
Raw results: <workdir>/results.json (each phase replaces its own part).

Python 3 standard library only (plus cmake, tshark, editcap, valgrind).
"""
import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
WRAP = os.path.join(HERE, 'tshark-as-nobody')
sys.path.insert(0, HERE)
import instr  # noqa: E402

PHASES = ['build', 'gen', 'check', 'wall', 'mem', 'instr', 'report']
TRACE_HEAVY = ['--trace-ratio', '1.0', '--devices', '2000', '--keepalive', '600']
# name -> (file, generator args, what)
CAPTURES = {
    'dtls': ('field-1000000.pcap', ['--frames', '1000000'], 'DTLS-heavy: one STATUS per ~4 DTLS datagrams, 200 devices'),
    'trace': ('trace-1000000.pcap', ['--frames', '1000000'] + TRACE_HEAVY,
              'trace-heavy: ~half of the frames STATUS datagrams with SESSION and RECORD, 2,000 devices'),
    'dtls5m': ('field-5000000.pcap', ['--frames', '5000000'], 'DTLS-heavy, 5M frames'),
}
FRAMES = {'dtls': 1000000, 'trace': 1000000, 'dtls5m': 5000000}
# wall configurations: the modes of instr.py, the same names
# wall configurations per capture (the modes of instr.py, the same names); few, because on 2 cores
# shared with other engineers a 7 s tshark run can take minutes: instructions are the figure that counts
CONFIGS = {'dtls': 'a,b,d,c', 'trace': 'a,b', 'dtls5m': 'a,b'}
RATIOS = [
    ('b/a', 'b', 'a', 'single pass: plugin vs. protocol disabled'),
    ('b/none', 'b', 'none', 'single pass: plugin vs. no plugin installed'),
    ('a/none', 'a', 'none', 'a loaded but disabled plugin'),
    ('b_nolink/a', 'b_nolink', 'a', 'decoding and resolving only (linking off)'),
    ('b/b_nolink', 'b', 'b_nolink', 'what linking adds'),
    ('c/d', 'c', 'd', '-2: plugin vs. protocol disabled'),
    ('f/f0', 'f', 'f0', '-T fields with link fields: plugin vs. disabled'),
]


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def find_plugin(build):
    for root, _, files in os.walk(os.path.join(build, 'plugins')):
        if 'nxtrace.so' in files and root.endswith('epan'):
            return os.path.join(root, 'nxtrace.so')
    return None


def build_plugin(build):
    if not os.path.exists(os.path.join(build, 'CMakeCache.txt')):
        sh(['cmake', '-S', TOP, '-B', build, '-DCMAKE_BUILD_TYPE=RelWithDebInfo'], stdout=subprocess.DEVNULL)
    sh(['nice', 'cmake', '--build', build, '-j2', '--target', 'nxtrace'], stdout=subprocess.DEVNULL)
    plugin = find_plugin(build)
    if plugin is None:
        sys.exit('run.py: no nxtrace.so after the build')
    return plugin


def mach_commit():
    return subprocess.run(['git', '-C', TOP, 'describe', '--always', '--dirty'], capture_output=True,
                          text=True).stdout.strip()


def plugin_id(build):
    import hashlib
    with open(find_plugin(build), 'rb') as f:
        return hashlib.sha1(f.read()).hexdigest()[:12]


def generate(path, args):
    """Runs gen_capture.py unless path and its log exist; returns the log text."""
    log = path + '.log'
    if os.path.exists(path) and os.path.exists(log):
        with open(log) as f:
            return f.read()
    t0 = time.time()
    r = subprocess.run(['nice', sys.executable, os.path.join(HERE, 'gen_capture.py'), '-o', path] + list(args),
                       stderr=subprocess.PIPE, text=True, check=True)
    text = r.stderr + 'generation wall time %.1f s\n' % (time.time() - t0)
    os.chmod(path, 0o644)
    with open(log, 'w') as f:
        f.write(text)
    return text


def gen_counts(log):
    """Numbers the generator printed."""
    def num(pat):
        m = re.search(pat, log)
        return int(m.group(1)) if m else None
    return {'dtls_datagrams': num(r'DTLS datagrams (\d+)'), 'records': num(r'DTLS records (\d+)'),
            'traces': num(r'trace datagrams (\d+)'), 'statuses': num(r'STATUS events (\d+)'),
            'status_with_record': num(r'\((\d+) with a RECORD block\)')}


def cfg_cmd(name, cap, extra=()):
    _, plugin, args, _, _ = instr.MODE[name]
    return [WRAP] + ([] if plugin else ['--no-plugin']) + ['-n', '-r', cap] + args + list(extra)


def fmt_cmd(name):
    _, plugin, args, _, _ = instr.MODE[name]
    return ('[no plugin] ' if not plugin else '') + ' '.join(['tshark', '-n', '-r', 'CAP'] + args)


def run_one(cmd, env):
    """Wall time and rusage of one tshark process (the wrapper execs into it)."""
    with open(os.devnull, 'wb') as devnull, open(env['NXT_ERRLOG'], 'ab') as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=devnull, stderr=err, env=env)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
    rc = os.waitstatus_to_exitcode(status)
    if rc != 0:
        sys.exit('run.py: %s exited with %d (see %s)' % (' '.join(cmd), rc, env['NXT_ERRLOG']))
    return {'wall': wall, 'rss_kb': ru.ru_maxrss, 'cpu': ru.ru_utime + ru.ru_stime}


def warm(path):
    with open(path, 'rb') as f:   # the page cache, so the first run reads no disk
        while f.read(1 << 24):
            pass


def validate(workdir, env, kind, extra):
    """Small sample: DTLS seen by plain tshark, RECORD statuses linked by record."""
    sample = os.path.join(workdir, 'sample-%s-20000.pcap' % kind)
    log = generate(sample, ['--frames', '20000'] + extra)
    want = gen_counts(log)
    out = subprocess.run([WRAP, '--no-plugin', '-n', '-r', sample, '-Y', 'dtls', '-T', 'fields',
                          '-e', 'frame.number'], env=env, capture_output=True, text=True, check=True).stdout
    got_dtls = len(out.split())
    out = subprocess.run([WRAP, '-n', '-2', '-r', sample, '-Y', 'nxtrace.status', '-T', 'fields', '-E',
                          'aggregator=;', '-e', 'nxtrace.link.method'],
                         env=env, capture_output=True, text=True, check=True).stdout
    methods = {}
    for line in out.split():
        for mth in line.split(';'):
            methods[mth] = methods.get(mth, 0) + 1
    ok = got_dtls == want['dtls_datagrams'] and methods.get('record', 0) == want['status_with_record']
    text = ('%s sample of 20,000 frames: plain tshark decodes %d of %d generated DTLS datagrams as DTLS; '
            'plugin -2 link methods: %s (STATUS events with a RECORD block: %d) -> %s'
            % (kind, got_dtls, want['dtls_datagrams'], ', '.join('%s %d' % kv for kv in sorted(methods.items())),
               want['status_with_record'], 'OK' if ok else 'MISMATCH'))
    print('   ' + text, flush=True)
    if not ok:
        sys.exit('run.py: validation failed')
    return text


def wall(caps, o, env):
    """Interleaved runs: for each repeat, every capture's every configuration once."""
    res = {}
    plan = []
    for cname in caps:
        cap = os.path.join(o.workdir, CAPTURES[cname][0])
        first = instr.cut(cap, os.path.splitext(cap)[0] + '-first1.pcap', 1)
        cfgs = getattr(o, 'configs_' + cname).split(',')
        reps = o.repeat_5m if cname == 'dtls5m' else o.repeat
        res[cname] = {c: [] for c in cfgs}
        res[cname + ':first1'] = {c: [] for c in cfgs}
        plan.append((cname, cap, first, cfgs, reps))
    for rep in range(max(p[4] for p in plan)):
        for cname, cap, first, cfgs, reps in plan:
            if rep >= reps:
                continue
            warm(cap)
            for c in cfgs:
                r = run_one(cfg_cmd(c, cap), env)
                res[cname][c].append(r)
                res[cname + ':first1'][c].append(run_one(cfg_cmd(c, first), env))
                print('   run %d/%d %-7s %-9s %7.2f s %8.1f MB' % (rep + 1, reps, cname, c, r['wall'],
                                                                   r['rss_kb'] / 1024), flush=True)
    med = {}
    for cname, runs in res.items():
        med[cname] = {c: {'wall': statistics.median(x['wall'] for x in v),
                          'cpu': statistics.median(x['cpu'] for x in v),
                          'rss_kb': statistics.median(x['rss_kb'] for x in v),
                          'min': min(x['wall'] for x in v), 'max': max(x['wall'] for x in v), 'n': len(v)}
                      for c, v in runs.items()}
    return {'runs': res, 'median': med}


def memory(o, env, counts):
    """Bytes per indexed DTLS record and per status link.

    For each 1M capture F, D is F without its trace datagrams (plain tshark
    -Y '!(udp.port == 47474)'): the same DTLS records, no statuses.  Each
    is read by the plugin in single pass with nxtrace.link_dtls TRUE and
    FALSE (interleaved, --mem-repeat times, median peak RSS).  Linking off
    still decodes every trace datagram, so
        per record = (RSS(D, on) - RSS(D, off)) / records
        per status = ((RSS(F, on) - RSS(F, off)) - (RSS(D, on) - RSS(D, off))) / STATUS events
    i.e. everything the link engine keeps (sessions, records, per-status
    links, reverse links, side maps), averaged."""
    res = {}
    for cname in o.mem_captures.split(','):
        full = os.path.join(o.workdir, CAPTURES[cname][0])
        only = os.path.splitext(full)[0] + '-dtlsonly.pcap'
        if not (os.path.exists(only) and os.path.getmtime(only) >= os.path.getmtime(full)):
            sh([WRAP, '--no-plugin', '-n', '-r', full, '-Y', '!(udp.port == 47474)', '-w', '-'],
               stdout=open(only + '.part', 'wb'), env=env)
            os.replace(only + '.part', only)
            os.chmod(only, 0o644)
        runs = {k: [] for k in ('F_on', 'F_off', 'D_on', 'D_off')}
        for _ in range(o.mem_repeat):
            for key, cap in (('F', full), ('D', only)):
                warm(cap)
                for onoff in ('on', 'off'):
                    cmd = [WRAP, '-n', '-r', cap, '-o', 'nxtrace.link_dtls:%s' % ('TRUE' if onoff == 'on' else 'FALSE')]
                    r = run_one(cmd, env)
                    runs['%s_%s' % (key, onoff)].append(r['rss_kb'])
                    print('   mem %-5s %s link %-3s %8.1f MB' % (cname, key, onoff, r['rss_kb'] / 1024), flush=True)
        m = {k: statistics.median(v) * 1024 for k, v in runs.items()}
        recs = counts[cname]['records']
        stats = counts[cname]['statuses']
        d_delta = m['D_on'] - m['D_off']
        f_delta = m['F_on'] - m['F_off']
        res[cname] = {'rss_bytes': m, 'runs_kb': runs, 'records': recs, 'statuses': stats,
                      'per_record': d_delta / recs, 'per_status': (f_delta - d_delta) / stats,
                      'per_record_and_status': f_delta / (recs + stats)}
        print('   mem %-5s %.1f bytes/record, %.1f bytes/status link' % (
            cname, res[cname]['per_record'], res[cname]['per_status']), flush=True)
    return res


def machine():
    cpu = '?'
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    cpu = line.split(':', 1)[1].strip()
                    break
    except OSError:
        pass
    mem = '?'
    try:
        with open('/proc/meminfo') as f:
            mem = '%.1f GiB' % (int(f.readline().split()[1]) / 1048576)
    except OSError:
        pass
    ts = subprocess.run(['tshark', '--version'], capture_output=True, text=True).stdout.splitlines()[0].rstrip('.')
    osr = platform.freedesktop_os_release().get('PRETTY_NAME', '?') if hasattr(platform, 'freedesktop_os_release') else '?'
    vg = subprocess.run(['valgrind', '--version'], capture_output=True, text=True).stdout.strip() \
        if subprocess.run(['which', 'valgrind'], capture_output=True).returncode == 0 else '-'
    rev = subprocess.run(['git', '-C', TOP, 'describe', '--always', '--dirty'], capture_output=True,
                         text=True).stdout.strip()
    return {'cpu': cpu, 'cores': os.cpu_count(), 'mem': mem, 'kernel': platform.release(), 'os': osr,
            'tshark': ts, 'python': platform.python_version(), 'valgrind': vg, 'commit': rev}


def num(v, fmt):
    return '—' if v is None else fmt % v


def div(a, b):
    return None if a is None or b is None else a / b


def verdict(ok):
    return 'met' if ok else '**NOT met**'


def report(data, o):
    L = []
    mach = data.get('machine', {})
    L.append('# nxtrace benchmark results (%s)' % data.get('when', '?'))
    L.append('')
    L.append('Machine: %s, %s cores (shared), %s RAM; %s, kernel %s; %s; %s; Python %s. Plugin: RelWithDebInfo '
             'build of commit %s (nxtrace.so sha1 %s…).' % (
                 mach.get('cpu'), mach.get('cores'), mach.get('mem'), mach.get('os'), mach.get('kernel'),
                 mach.get('tshark'), mach.get('valgrind'), mach.get('python'), data.get('commit', '?'),
                 (data.get('instr') or {}).get('plugin', '?')))
    L.append('')
    L.append('Baseline everywhere: the same tshark with the plugin loaded and `--disable-protocol nxtrace`. '
             'Modes: `a`/`b` single pass disabled/plugin, `b_nolink` plugin with `-o nxtrace.link_dtls:FALSE`, '
             '`d`/`c` `-2` disabled/plugin, `f0`/`f` `-T fields -e frame.number -e nxtrace.status.name '
             '-e nxtrace.link.method -e nxtrace.link.record_frame` disabled/plugin, `none` no plugin installed.')
    L.append('')
    gens = data.get('gen', {})
    if gens:
        L.append('## Captures')
        L.append('')
        for cname, g in gens.items():
            L.append('* **%s** — `%s` (%s), `bench/gen_capture.py %s`:' % (
                cname, CAPTURES[cname][0], CAPTURES[cname][2], ' '.join(CAPTURES[cname][1])))
            L.append('')
            L.append('  ```')
            L.extend('  ' + x for x in g['log'].rstrip().splitlines() if not x.startswith('template '))
            L.append('  ```')
        L.append('')
    if data.get('check'):
        L.append('Checks:')
        L.append('')
        L.extend('* ' + c for c in data['check'])
        L.append('')
    targets = []
    ins = data.get('instr')
    if ins:
        fr = ins['frames']
        wins = ', '.join('%s frames %d–%d' % (c, v[next(iter(v))].get('start', 1),
                                                 v[next(iter(v))].get('start', 1) + fr - 1)
                         for c, v in ins['results'].items())
        L.append('## Instructions per frame (cachegrind, %d-frame windows)' % fr)
        L.append('')
        L.append('`valgrind --tool=cachegrind --cache-sim=no`, per frame = (I(window) − I(the window\'s first frame '
                 'alone)) / %d; the first frame alone is tshark\'s start-up in that mode. Windows: %s (the '
                 'trace-heavy capture opens with its 2,000 devices\' handshakes; its middle is ~48 %% trace '
                 'datagrams, like the whole). `python3 bench/instr.py`; per-function breakdown: '
                 '`python3 bench/profile.py`.' % (fr - 1, wins))
        L.append('')
        L.append(instr.table(ins['results'], fr))
        L.append('')
        r = ins['results']
        def ratio(c, x, y):
            return r[c][x]['per_frame'] / r[c][y]['per_frame'] if c in r and x in r[c] and y in r[c] else None
        for c, x, y, lim, what in (('dtls', 'b', 'a', 1.05, 'single pass, DTLS-heavy'),
                                   ('trace', 'b', 'a', 1.00, 'single pass, trace-heavy'),
                                   ('dtls', 'c', 'd', 1.10, '-2, DTLS-heavy'),
                                   ('trace', 'c', 'd', 1.10, '-2, trace-heavy')):
            v = ratio(c, x, y)
            if v is not None:
                targets.append('| instructions/frame, %s | %s/%s | %.3fx | ≤ %.2fx | %s |' % (
                    what, x, y, v, lim, verdict(v <= lim)))
    w = data.get('wall')
    if w:
        L.append('## Wall time and peak RSS')
        L.append('')
        L.append('Medians of interleaved runs (every configuration of every capture once per round; %s), '
                 'stdout to /dev/null, as nobody via `bench/tshark-as-nobody`; RSS = the tshark process\'s own '
                 'ru_maxrss.' % ', '.join('%s ×%d' % (c, next(iter(v.values()))['n'])
                                          for c, v in w['median'].items() if ':' not in c))
        L.append('')
        L.append('| capture | config | command | wall s | min–max s | CPU s | peak RSS MB |')
        L.append('|---|---|---|---:|---:|---:|---:|')
        for cname, cm in w['median'].items():
            if ':' in cname:
                continue
            for c, m in cm.items():
                L.append('| %s | %s | `%s` | %.2f | %.2f–%.2f | %s | %.0f |' % (
                    cname, c, fmt_cmd(c), m['wall'], m['min'], m['max'], num(m.get('cpu'), '%.2f'),
                    m['rss_kb'] / 1024))
        L.append('')
        L.append('| capture | ratio | wall | CPU | peak RSS | meaning |')
        L.append('|---|---|---:|---:|---:|---|')
        for cname, cm in w['median'].items():
            if ':' in cname:
                continue
            for label, x, y, what in RATIOS:
                if x in cm and y in cm:
                    L.append('| %s | %s | %.2fx | %s | %.2fx | %s |' % (
                        cname, label, cm[x]['wall'] / cm[y]['wall'],
                        num(div(cm[x].get('cpu'), cm[y].get('cpu')), '%.2fx'),
                        cm[x]['rss_kb'] / cm[y]['rss_kb'], what))
                    if label in ('b/a', 'c/d'):
                        v = cm[x]['rss_kb'] / cm[y]['rss_kb']
                        targets.append('| peak RSS, %s, %s | %s | %.3fx | ≤ 1.15x | %s |' % (
                            cname, 'single pass' if label == 'b/a' else '-2', label, v, verdict(v <= 1.15)))
        L.append('')
        if 'dtls' in w['median'] and 'dtls5m' in w['median']:
            L.append('### Linearity, 1M → 5M frames (DTLS-heavy)')
            L.append('')
            L.append('Per frame = (figure for N frames − figure for the first frame alone) / N: CPU time '
                     '(user + system) and peak RSS.')
            L.append('')
            L.append('| config | CPU µs/frame 1M | 5M | 5M/1M | RSS bytes/frame 1M | 5M | 5M/1M |')
            L.append('|---|---:|---:|---:|---:|---:|---:|')
            for c in [c for c in w['median']['dtls5m'] if c in w['median']['dtls']]:
                row = []
                for cname in ('dtls', 'dtls5m'):
                    m = w['median'][cname][c]
                    f1 = (w['median'].get(cname + ':first1') or w['median']['dtls5m:first1'])[c]
                    cpu = None if m.get('cpu') is None or f1.get('cpu') is None else \
                        (m['cpu'] - f1['cpu']) / FRAMES[cname] * 1e6
                    row.append((cpu, (m['rss_kb'] - f1['rss_kb']) * 1024 / FRAMES[cname]))
                L.append('| %s | %s | %s | %s | %.0f | %.0f | %.2fx |' % (
                    c, num(row[0][0], '%.2f'), num(row[1][0], '%.2f'), num(div(row[1][0], row[0][0]), '%.2fx'),
                    row[0][1], row[1][1], row[1][1] / row[0][1]))
                if c in ('b', 'c'):
                    for i, what in ((0, 'CPU'), (1, 'RSS')):
                        if row[0][i] is None or row[1][i] is None:
                            continue
                        v = row[1][i] / row[0][i]
                        targets.append('| linear 1M → 5M, %s per frame, %s | %s | %.2fx | ≈ 1.00x (±10 %%) | %s |'
                                       % (what, 'single pass' if c == 'b' else '-2', c, v,
                                          verdict(0.9 <= v <= 1.1)))
            L.append('')
    mem = data.get('mem')
    if mem:
        L.append('## Memory per indexed DTLS record and per status link')
        L.append('')
        L.append(memory.__doc__.split('\n', 1)[1].replace('\n    ', '\n').strip())
        L.append('')
        L.append('| capture | records | STATUS events | RSS F on / off MB | RSS D on / off MB | bytes/record '
                 '| bytes/status link |')
        L.append('|---|---:|---:|---:|---:|---:|---:|')
        for cname, m in mem.items():
            b = m['rss_bytes']
            L.append('| %s | %d | %d | %.1f / %.1f | %.1f / %.1f | %.1f | %.1f |' % (
                cname, m['records'], m['statuses'], b['F_on'] / 2**20, b['F_off'] / 2**20, b['D_on'] / 2**20,
                b['D_off'] / 2**20, m['per_record'], m['per_status']))
            targets.append('| bytes per DTLS record, %s | | %.1f | ≤ 64 | %s |' % (
                cname, m['per_record'], verdict(m['per_record'] <= 64)))
            targets.append('| bytes per status link, %s | | %.1f | ≤ 64 | %s |' % (
                cname, m['per_status'], verdict(m['per_status'] <= 64)))
        L.append('')
    if targets:
        L.insert(5, '\n'.join(['', '## Targets (issue 6)', '', '| figure | ratio | value | target | |',
                               '|---|---|---:|---:|---|'] + targets + ['']))
    L.append('Commands: `python3 bench/run.py` (all phases); `python3 bench/instr.py` (instructions only).')
    return '\n'.join(L) + '\n'


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--phases', default=','.join(PHASES))
    ap.add_argument('--captures', default='dtls,trace,dtls5m', help='for the wall phase')
    ap.add_argument('--repeat', type=int, default=1, help='wall runs per configuration, 1M captures (default 1)')
    ap.add_argument('--repeat-5m', type=int, default=1, help='wall runs per configuration, 5M capture (default 1)')
    for cname, cfgs in CONFIGS.items():
        ap.add_argument('--configs-' + cname, default=cfgs,
                        help='wall configurations on %s (default %s; any mode of bench/instr.py)' % (cname, cfgs))
    ap.add_argument('--mem-repeat', type=int, default=1)
    ap.add_argument('--mem-captures', default='trace,dtls', help='captures for the mem phase (default trace,dtls)')
    ap.add_argument('--instr-frames', type=int, default=50000)
    ap.add_argument('--instr-modes', default=','.join(m[0] for m in instr.MODES))
    ap.add_argument('--build', default='/tmp/bench-build', help='plugin build tree (default /tmp/bench-build)')
    ap.add_argument('--workdir', default='/tmp/nxt-bench', help='captures, HOMEs, results (default /tmp/nxt-bench)')
    ap.add_argument('--out', default=os.path.join(HERE, 'RESULTS.md'), help='report file (default bench/RESULTS.md)')
    o = ap.parse_args()
    phases = o.phases.split(',')
    for p in phases:
        if p not in PHASES:
            sys.exit('run.py: unknown phase %s (%s)' % (p, ', '.join(PHASES)))
    os.makedirs(o.workdir, exist_ok=True)
    os.chmod(o.workdir, 0o755)
    env = dict(os.environ, NXT_BUILD_DIR=o.build, NXT_BENCH_HOME=os.path.join(o.workdir, 'home'),
               NXT_ERRLOG=os.path.join(o.workdir, 'tshark-stderr.log'))
    store = os.path.join(o.workdir, 'results.json')
    data = {}
    if os.path.exists(store):
        with open(store) as f:
            data = json.load(f)

    def save(*keys):
        # re-read first: another run.py (e.g. --phases instr beside --phases wall) may have saved meanwhile
        cur = {}
        if os.path.exists(store):
            with open(store) as f:
                cur = json.load(f)
        for k in ('gen', 'machine', 'when') + keys:
            if k in data:
                cur[k] = data[k]
        data.update(cur)
        with open(store + '.part', 'w') as f:
            json.dump(cur, f, indent=1)
        os.replace(store + '.part', store)

    if 'build' in phases:
        print('== build', flush=True)
        print('   ' + build_plugin(o.build))
        data['commit'] = mach_commit()
        save('commit')
    if any(p in phases for p in ('gen', 'wall', 'mem', 'instr')):
        print('== captures', flush=True)
        need = set(o.captures.split(',')) | {'dtls', 'trace'}
        data['gen'] = {}
        for cname in [c for c in CAPTURES if c in need]:
            fname, args, _ = CAPTURES[cname]
            log = generate(os.path.join(o.workdir, fname), args)
            data['gen'][cname] = {'log': log, 'counts': gen_counts(log)}
            print('   %s: %s' % (cname, data['gen'][cname]['counts']), flush=True)
    data['machine'] = machine()
    data['when'] = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')
    if 'check' in phases:
        print('== check', flush=True)
        data['check'] = [validate(o.workdir, env, 'dtls', []), validate(o.workdir, env, 'trace', TRACE_HEAVY)]
        save('check')
    if 'wall' in phases:
        print('== wall time and peak RSS', flush=True)
        data['wall'] = wall(o.captures.split(','), o, env)
        save('wall')
    if 'mem' in phases:
        print('== memory per record and per status link', flush=True)
        mem = memory(o, env, {c: g['counts'] for c, g in data['gen'].items()})
        data['mem'] = dict(data.get('mem') or {}, **mem)
        save('mem')
    if 'instr' in phases:
        print('== instructions per frame (cachegrind, one job at a time)', flush=True)
        caps = [(c, os.path.join(o.workdir, CAPTURES[c][0]), instr.KNOWN[c][1]) for c in ('dtls', 'trace')]
        def done(res):
            data['instr'] = {'frames': o.instr_frames, 'results': res, 'plugin': plugin_id(o.build)}
            save('instr')
        instr.measure(caps, o.instr_modes.split(','), o.instr_frames, o.workdir, env,
                      progress=lambda s: print(s, flush=True), done=done)
    if 'report' in phases:
        save()
        text = report(data, o)
        with open(o.out, 'w') as f:
            f.write(text)
        print(text)
        print('wrote %s' % o.out)


if __name__ == '__main__':
    main()
