#!/usr/bin/env python3
"""instr.py - instructions per frame of tshark with and without nxtrace.

  python3 bench/instr.py                       # both 1M captures, 50,000-frame windows
  python3 bench/instr.py --frames 20000 --captures dtls --modes a,b

Wall time on shared machines swings by tens of percent; the number of
instructions tshark executes does not.  For each capture, a window of N frames
(editcap -r: the first N of the DTLS-heavy capture; N from frame 500,001 of the
trace-heavy one, whose first minutes are handshakes) and the window's first
frame alone are read by tshark under
`valgrind --tool=cachegrind --cache-sim=no`, as nobody, through
bench/tshark-as-nobody.  The first frame's count is tshark's start-up (loading
every dissector, preferences, ...), so

    instructions per frame = (I(window) - I(its first frame)) / (N - 1)

for each mode (single pass, -2, -T fields with link fields; with the plugin,
with the protocol disabled, without the plugin).  The ratios against the
`--disable-protocol nxtrace` baseline of the same mode are the figures that
count.  One valgrind job at a time, under nice; about 35 s per job.

The cachegrind output files stay in <workdir>/cg/ for cg_annotate, e.g.
  cg_annotate /tmp/nxt-bench/cg/dtls-b-50000.out | head -60
and the figures go to <workdir>/instr.json (read by bench/run.py's report).

Python 3 standard library only; needs valgrind and editcap.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
WRAP = os.path.join(HERE, 'tshark-as-nobody')

LINK_FIELDS = ['-T', 'fields', '-e', 'frame.number', '-e', 'nxtrace.status.name', '-e', 'nxtrace.link.method',
               '-e', 'nxtrace.link.record_frame']
OFF = ['--disable-protocol', 'nxtrace']
# name -> (plugin installed?, tshark args after "-n -r CAP", baseline name, what)
MODES = [   # in the order they are measured: the ratios of issue 6 first
    ('a', True, OFF, None, 'single pass, plugin loaded, protocol disabled (baseline)'),
    ('b', True, [], 'a', 'single pass, plugin'),
    ('d', True, ['-2'] + OFF, None, '-2, protocol disabled (baseline)'),
    ('c', True, ['-2'], 'd', '-2, plugin'),
    ('f0', True, LINK_FIELDS + OFF, None, '-T fields with link fields, protocol disabled (baseline)'),
    ('f', True, LINK_FIELDS, 'f0', '-T fields with link fields, plugin'),
    ('none', False, [], None, 'no plugin installed'),
    ('b_nolink', True, ['-o', 'nxtrace.link_dtls:FALSE'], 'a', 'single pass, plugin, linking off'),
]
MODE = {m[0]: m for m in MODES}
# capture name -> (file in the workdir, first frame of the measured window).  The trace-heavy capture's
# first minutes are its 2,000 devices' handshakes (72 % DTLS); from the middle on it is ~48 % traces.
KNOWN = {'dtls': ('field-1000000.pcap', 1), 'trace': ('trace-1000000.pcap', 500001)}


def cut(src, dst, frames, start=1):
    """Frames start .. start + frames - 1 of src, readable by nobody."""
    if not (os.path.exists(dst) and os.path.getmtime(dst) >= os.path.getmtime(src)):
        subprocess.run(['editcap', '-r', src, dst + '.part', '%d-%d' % (start, start + frames - 1)], check=True)
        os.replace(dst + '.part', dst)
        os.chmod(dst, 0o644)
    return dst


def count(mode, cap, out_base, env):
    """Instructions of one tshark run under cachegrind."""
    _, plugin, args, _, _ = MODE[mode]
    log = out_base + '.log'
    prefix = 'valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=%s.out --log-file=%s' % (
        out_base, log)
    cmd = ['nice', WRAP] + ([] if plugin else ['--no-plugin']) + ['-n', '-r', cap] + args
    with open(os.devnull, 'wb') as devnull:
        subprocess.run(cmd, stdout=devnull, env=dict(env, NXT_TSHARK_PREFIX=prefix), check=True)
    with open(log) as f:
        m = re.search(r'I\s+refs:\s+([\d,]+)', f.read())
    if m is None:
        sys.exit('instr.py: no "I refs" in %s' % log)
    return int(m.group(1).replace(',', ''))


def measure(captures, modes, frames, workdir, env, progress=print, done=None):
    """{capture: {mode: {'n': I(N), 'one': I(1), 'per_frame': ...}}}.  Runs mode by mode over
    the captures (so the ratios that matter come first); done(res) after each job."""
    cg = os.path.join(workdir, 'cg')
    os.makedirs(cg, exist_ok=True)
    os.chmod(cg, 0o777)
    res = {c[0]: {} for c in captures}
    files = {}
    for cname, path, start in captures:
        base = os.path.splitext(path)[0]
        if start == 1:
            files[cname] = (cut(path, '%s-first%d.pcap' % (base, frames), frames),
                            cut(path, '%s-first1.pcap' % base, 1))
        else:
            files[cname] = (cut(path, '%s-from%d-%d.pcap' % (base, start, frames), frames, start),
                            cut(path, '%s-from%d-1.pcap' % (base, start), 1, start))
    for mode in modes:
        for cname, path, start in captures:
            prefix, first = files[cname]
            t0 = time.time()
            one = count(mode, first, os.path.join(cg, '%s-%s-1' % (cname, mode)), env)
            n = count(mode, prefix, os.path.join(cg, '%s-%s-%d' % (cname, mode, frames)), env)
            pf = (n - one) / (frames - 1)
            res[cname][mode] = {'n': n, 'one': one, 'per_frame': pf, 'start': start, 'frames': frames}
            progress('   %-6s %-9s start-up %6.0f M  %d frames %7.0f M  -> %7.0f instructions/frame  (%.0f s)'
                     % (cname, mode, one / 1e6, frames, n / 1e6, pf, time.time() - t0))
            if done is not None:
                done(res)
    return res


def table(res, frames):
    """Markdown: instructions per frame and ratios against each mode's baseline."""
    lines = ['| capture | mode | command (`tshark -n -r CAP` …) | instructions/frame | baseline | ratio | '
             'vs. no plugin |', '|---|---|---|---:|---:|---:|---:|']
    for cname, modes in res.items():
        for mode, r in modes.items():
            _, plugin, args, base, what = MODE[mode]
            b = modes.get(base) if base else None
            cmd = ('[no plugin] ' if not plugin else '') + ' '.join(args)
            none = modes.get('none')
            lines.append('| %s | %s | `%s` | %.0f | %s | %s | %s |' % (
                cname, mode, cmd.strip() or '(plain)', r['per_frame'],
                '%.0f (%s)' % (b['per_frame'], base) if b else '—',
                '**%.3fx**' % (r['per_frame'] / b['per_frame']) if b else '—',
                '%.3fx' % (r['per_frame'] / none['per_frame']) if none and not args[:1] == ['-2']
                and '-T' not in args else '—'))
    return '\n'.join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--workdir', default='/tmp/nxt-bench')
    ap.add_argument('--build', default='/tmp/bench-build')
    ap.add_argument('--frames', type=int, default=50000, help='prefix length (default 50000)')
    ap.add_argument('--captures', default='dtls,trace',
                    help='comma-separated NAME or NAME=FILE (dtls = field-1000000.pcap, trace = trace-1000000.pcap)')
    ap.add_argument('--modes', default=','.join(m[0] for m in MODES))
    ap.add_argument('--start', type=int, default=0,
                    help='first frame of the window (default: 1 for dtls, %d for trace)' % KNOWN['trace'][1])
    o = ap.parse_args()
    if not shutil.which('valgrind'):
        sys.exit('instr.py: valgrind not found (apt-get install valgrind)')
    caps = []
    for c in o.captures.split(','):
        name, _, path = c.partition('=')
        fname, start = KNOWN.get(name, (name, 1))
        path = path or os.path.join(o.workdir, fname)
        if not os.path.exists(path):
            sys.exit('instr.py: %s missing (python3 bench/run.py makes it)' % path)
        caps.append((name, path, start if not o.start else o.start))
    modes = o.modes.split(',')
    for m in modes:
        if m not in MODE:
            sys.exit('instr.py: unknown mode %s (%s)' % (m, ', '.join(MODE)))
    env = dict(os.environ, NXT_BUILD_DIR=o.build, NXT_BENCH_HOME=os.path.join(o.workdir, 'home'))
    res = measure(caps, modes, o.frames, o.workdir, env)
    out = os.path.join(o.workdir, 'instr.json')
    with open(out, 'w') as f:
        json.dump({'frames': o.frames, 'captures': {c[0]: c[1:] for c in caps}, 'results': res}, f, indent=1)
    print(table(res, o.frames))
    print('wrote %s' % out)


if __name__ == '__main__':
    main()
