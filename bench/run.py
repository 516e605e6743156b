#!/usr/bin/env python3
"""run.py - the nxtrace performance benchmark, in one command.

  python3 bench/run.py                 # 1M-frame capture, 3 runs per configuration
  python3 bench/run.py --repeat 1 --frames 200000 --no-fields   # quick look

1. builds the plugin if /tmp/bench-build has none (cmake, RelWithDebInfo),
2. generates the capture with bench/gen_capture.py unless it exists
   (/tmp/nxt-bench/field-<frames>.pcap, readable by 'nobody'),
3. checks a 20,000-frame sample: plain tshark sees every generated DTLS
   datagram as DTLS, and the plugin links every STATUS that has a RECORD block
   with method "record" (tshark -2),
4. runs each tshark configuration --repeat times (round-robin, stdout to
   /dev/null) through bench/tshark-as-nobody, measuring wall time and the peak
   RSS of that tshark process (os.wait4 rusage), and
5. prints a Markdown report and writes it to bench/RESULTS.md (raw numbers:
   <workdir>/results.json).

Python 3 standard library only.
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

# name -> (plugin loaded?, tshark args after "-n [-2] -r CAP", two_pass, description)
FIELDS = ['-T', 'fields', '-e', 'nxtrace.status.name', '-e', 'nxtrace.link.record_frame']
CONFIGS = [
    ('none', False, [], False, 'no plugin installed at all'),
    ('a', True, ['--disable-protocol', 'nxtrace'], False, 'baseline: plugin loaded, protocol disabled'),
    ('a0', True, ['--disable-protocol', 'nxtrace', '-o', 'nxtrace.link_dtls:FALSE'], False,
     'clean baseline: plugin loaded, disabled, DTLS index off (no wanted hfids)'),
    ('b', True, [], False, 'plugin, single pass'),
    ('b_nolink', True, ['-o', 'nxtrace.link_dtls:FALSE'], False, 'plugin, single pass, DTLS index off'),
    ('d', True, ['--disable-protocol', 'nxtrace'], True, 'baseline -2: plugin loaded, protocol disabled'),
    ('d0', True, ['--disable-protocol', 'nxtrace', '-o', 'nxtrace.link_dtls:FALSE'], True,
     'clean baseline -2: disabled, DTLS index off'),
    ('c', True, [], True, 'plugin, two passes (-2)'),
    ('e_with', True, FIELDS, False, 'fields output, plugin'),
    ('e_without', True, ['--disable-protocol', 'nxtrace'] + FIELDS, False, 'fields output, protocol disabled'),
]
RATIOS = [
    ('b/a', 'b', 'a', 'plugin single pass vs. plugin loaded but disabled (baseline a)'),
    ('b/a0', 'b', 'a0', 'plugin single pass vs. clean baseline'),
    ('b/none', 'b', 'none', 'plugin single pass vs. no plugin installed'),
    ('b_nolink/a0', 'b_nolink', 'a0', 'trace decoding only (no DTLS index) vs. clean baseline'),
    ('a/a0', 'a', 'a0', 'forced tree alone: wanted hfids set although the protocol is disabled'),
    ('b/b_nolink', 'b', 'b_nolink', 'what the DTLS index + links add'),
    ('c/d', 'c', 'd', 'plugin -2 vs. plugin loaded but disabled, -2 (baseline d)'),
    ('c/d0', 'c', 'd0', 'plugin -2 vs. clean baseline -2'),
    ('c/b', 'c', 'b', 'cost of -2 with the plugin'),
    ('e_with/e_without', 'e_with', 'e_without', '-T fields with vs. without the plugin'),
]


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def find_plugin(build):
    for root, _, files in os.walk(os.path.join(build, 'plugins')):
        if 'nxtrace.so' in files and root.endswith('epan'):
            return os.path.join(root, 'nxtrace.so')
    return None


def ensure_plugin(build):
    plugin = find_plugin(build)
    if plugin is None:
        print('== building the plugin in %s' % build, flush=True)
        sh(['cmake', '-S', TOP, '-B', build], stdout=subprocess.DEVNULL)
        sh(['cmake', '--build', build, '-j2'], stdout=subprocess.DEVNULL)
        plugin = find_plugin(build)
    if plugin is None:
        sys.exit('run.py: no nxtrace.so after the build')
    return plugin


def generate(path, frames, extra=()):
    """Runs gen_capture.py unless path exists; returns its log (stderr) text."""
    log = path + '.log'
    if os.path.exists(path) and os.path.exists(log):
        with open(log) as f:
            return f.read(), False
    t0 = time.time()
    r = subprocess.run([sys.executable, os.path.join(HERE, 'gen_capture.py'), '-o', path,
                        '--frames', str(frames)] + list(extra),
                       stderr=subprocess.PIPE, text=True, check=True)
    text = r.stderr + 'generation wall time %.1f s\n' % (time.time() - t0)
    os.chmod(path, 0o644)
    with open(log, 'w') as f:
        f.write(text)
    return text, True


def tshark_cmd(cfg, cap):
    name, plugin, args, two, _ = cfg
    return [WRAP] + ([] if plugin else ['--no-plugin']) + ['-n'] + (['-2'] if two else []) + ['-r', cap] + args


def measure(cmd, env):
    """Wall time and rusage of one tshark process (the wrapper execs into it)."""
    with open(os.devnull, 'wb') as devnull, open(env['NXT_ERRLOG'], 'ab') as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=devnull, stderr=err, env=env)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit('run.py: %s exited with %d (see %s)' % (' '.join(cmd), p.returncode, env['NXT_ERRLOG']))
    return {'wall': wall, 'rss_kb': ru.ru_maxrss, 'cpu': ru.ru_utime + ru.ru_stime}


def validate(workdir, env):
    """Small sample: DTLS seen by plain tshark, RECORD statuses linked by record."""
    sample = os.path.join(workdir, 'sample-20000.pcap')
    log, _ = generate(sample, 20000)
    m = re.search(r'DTLS datagrams (\d+)', log)
    want_dtls = int(m.group(1))
    m = re.search(r'\((\d+) with a RECORD block\)', log)
    want_rec = int(m.group(1))
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
    ok = got_dtls == want_dtls and methods.get('record', 0) == want_rec
    text = ('sample of 20,000 frames: plain tshark (no plugin) decodes %d of %d generated DTLS datagrams as DTLS; '
            'plugin -2 link methods: %s (STATUS events with a RECORD block: %d) -> %s'
            % (got_dtls, want_dtls, ', '.join('%s %d' % kv for kv in sorted(methods.items())), want_rec,
               'OK' if ok else 'MISMATCH'))
    print(text, flush=True)
    if not ok:
        sys.exit('run.py: validation failed')
    return text


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
    return {'cpu': cpu, 'cores': os.cpu_count(), 'mem': mem, 'kernel': platform.release(), 'os': osr,
            'tshark': ts, 'python': platform.python_version()}


def fmt_cmd(cfg):
    name, plugin, args, two, _ = cfg
    a = ['tshark', '-n'] + (['-2'] if two else []) + ['-r', 'CAP'] + args
    return ('' if plugin else '[no plugin] ') + ' '.join(a)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--frames', type=int, default=1000000)
    ap.add_argument('--repeat', type=int, default=3)
    ap.add_argument('--build', default='/tmp/bench-build', help='plugin build tree (default /tmp/bench-build)')
    ap.add_argument('--workdir', default='/tmp/nxt-bench', help='capture and HOMEs (default /tmp/nxt-bench)')
    ap.add_argument('--no-fields', action='store_true', help='skip the -T fields configurations (e_*)')
    ap.add_argument('--only', help='comma-separated configuration names to run')
    ap.add_argument('--out', default=os.path.join(HERE, 'RESULTS.md'), help='report file (default bench/RESULTS.md)')
    o = ap.parse_args()
    started = time.time()

    plugin = ensure_plugin(o.build)
    os.makedirs(o.workdir, exist_ok=True)
    os.chmod(o.workdir, 0o755)
    env = dict(os.environ, NXT_BUILD_DIR=o.build, NXT_BENCH_HOME=os.path.join(o.workdir, 'home'),
               NXT_ERRLOG=os.path.join(o.workdir, 'tshark-stderr.log'))
    cap = os.path.join(o.workdir, 'field-%d.pcap' % o.frames)
    print('== capture %s' % cap, flush=True)
    genlog, fresh = generate(cap, o.frames)
    sys.stdout.write(''.join('   ' + line + '\n' for line in genlog.splitlines()))
    if not fresh:
        print('   (existing capture reused; delete it to regenerate)')
    val = validate(o.workdir, env)

    configs = [c for c in CONFIGS if not (o.no_fields and c[0].startswith('e_'))]
    if o.only:
        keep = set(o.only.split(','))
        configs = [c for c in configs if c[0] in keep]
    with open(cap, 'rb') as f:   # warm the page cache
        while f.read(1 << 24):
            pass
    runs = {c[0]: [] for c in configs}
    for rep in range(o.repeat):
        for c in configs:
            r = measure(tshark_cmd(c, cap), env)
            runs[c[0]].append(r)
            print('   run %d/%d %-10s %7.2f s %8.1f MB' % (rep + 1, o.repeat, c[0], r['wall'], r['rss_kb'] / 1024),
                  flush=True)

    med = {k: {'wall': statistics.median(x['wall'] for x in v), 'rss': statistics.median(x['rss_kb'] for x in v),
               'cpu': statistics.median(x['cpu'] for x in v),
               'min': min(x['wall'] for x in v), 'max': max(x['wall'] for x in v)} for k, v in runs.items()}
    mach = machine()
    total = time.time() - started
    size = os.path.getsize(cap)
    lines = []
    lines.append('# nxtrace benchmark results (%s)' % datetime.datetime.now(datetime.timezone.utc)
                 .strftime('%Y-%m-%d %H:%M UTC'))
    lines.append('')
    lines.append('Machine: %s, %s cores, %s RAM; %s, kernel %s; %s; Python %s.' % (
        mach['cpu'], mach['cores'], mach['mem'], mach['os'], mach['kernel'], mach['tshark'], mach['python']))
    lines.append('Plugin: `%s` (%s build).' % (plugin, build_type(o.build)))
    lines.append('')
    lines.append('Capture: `%s`, %.1f MB. Generator output:' % (cap, size / 1e6))
    lines.append('')
    lines.append('```')
    lines.extend(genlog.rstrip().splitlines())
    lines.append('```')
    lines.append('')
    lines.append('Check: ' + val)
    lines.append('')
    lines.append('Each configuration ran %d time(s), round-robin, stdout to /dev/null, as user nobody via '
                 '`bench/tshark-as-nobody` (CAP = the capture). Wall time and peak RSS are medians; RSS is the '
                 'tshark process\'s own ru_maxrss from wait4().' % o.repeat)
    lines.append('')
    lines.append('| config | command | wall s (median) | min–max s | CPU s | peak RSS MB | what |')
    lines.append('|---|---|---:|---:|---:|---:|---|')
    for c in configs:
        m = med[c[0]]
        lines.append('| %s | `%s` | %.2f | %.2f–%.2f | %.2f | %.0f | %s |' % (
            c[0], fmt_cmd(c), m['wall'], m['min'], m['max'], m['cpu'], m['rss'] / 1024, c[4]))
    lines.append('')
    lines.append('| ratio | time | memory | meaning |')
    lines.append('|---|---:|---:|---|')
    for label, x, y, what in RATIOS:
        if x in med and y in med:
            lines.append('| %s | %.2fx | %.2fx | %s |' % (label, med[x]['wall'] / med[y]['wall'],
                                                         med[x]['rss'] / med[y]['rss'], what))
    lines.append('')
    lines.append('Total benchmark time %.0f s.' % total)
    report = '\n'.join(lines) + '\n'
    print()
    print(report)
    with open(o.out, 'w') as f:
        f.write(report)
    with open(os.path.join(o.workdir, 'results.json'), 'w') as f:
        json.dump({'machine': mach, 'capture': cap, 'size': size, 'generator': genlog, 'runs': runs,
                   'median': med, 'commands': {c[0]: fmt_cmd(c) for c in configs}}, f, indent=1)
    print('wrote %s' % o.out)


def build_type(build):
    try:
        with open(os.path.join(build, 'CMakeCache.txt')) as f:
            for line in f:
                if line.startswith('CMAKE_BUILD_TYPE:'):
                    return line.split('=', 1)[1].strip() or 'default'
    except OSError:
        pass
    return '?'


if __name__ == '__main__':
    main()
