#!/usr/bin/env python3
"""profile.py - where the plugin's single-pass time goes, with Linux perf.

  python3 bench/profile.py [CAPTURE] [-- extra tshark args]

Records `tshark -n -r CAPTURE` (plugin loaded, as nobody, via
bench/tshark-as-nobody) with `perf record --call-graph dwarf` at a low
sampling rate, then prints the inclusive share of the samples spent in the
plugin's entry points and the callees of its hot functions.  Needs perf
(Debian: linux-perf) and kernel.perf_event_paranoid <= 2 (or root).
Wireshark's own libraries are stripped, so their static functions show as
addresses; the plugin (RelWithDebInfo) resolves fully.

CAPTURE defaults to /tmp/nxt-bench/field-1000000.pcap (made by bench/run.py).
"""
import collections
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PLUGIN_FUNCS = ['dissect_nxtrace', 'dissect_status', 'nxt_link_status', 'dissect_nxtrace_post', 'index_frame',
                'collect_records', 'nxt_dtls_index_add_frame', 'resolve_pending', 'add_reverse_links',
                'session_by_device_time', 'nxt_dtls_session_by_flow', 'nxt_dtls_neighbours']
DRILL = ['nxt_dtls_index_add_frame', 'nxt_link_status', 'dissect_nxtrace_post']


def parse(script):
    samples, cur = [], None
    for line in script.splitlines():
        if line and not line[0].isspace():
            if cur is not None:
                samples.append(cur)
            cur = []
            continue
        s = line.strip()
        if not s or cur is None:
            continue
        parts = s.split(None, 1)
        cur.append((parts[1] if len(parts) > 1 else '?').replace(' (inlined)', ''))
    if cur:
        samples.append(cur)
    return samples


def main():
    args = sys.argv[1:]
    extra = []
    if '--' in args:
        i = args.index('--')
        args, extra = args[:i], args[i + 1:]
    cap = args[0] if args else '/tmp/nxt-bench/field-1000000.pcap'
    if not shutil.which('perf'):
        sys.exit('profile.py: perf not found (apt-get install linux-perf)')
    tmp = tempfile.mkdtemp(prefix='nxt-perf-')
    data = os.path.join(tmp, 'perf.data')
    subprocess.run(['perf', 'record', '-q', '--call-graph', 'dwarf,16384', '-F', '300', '-o', data, '--',
                    os.path.join(HERE, 'tshark-as-nobody'), '-n', '-r', cap] + extra,
                   stdout=subprocess.DEVNULL, check=True)
    script = subprocess.run(['perf', 'script', '-i', data, '-F', 'comm,ip,sym'], capture_output=True,
                            text=True).stdout
    shutil.rmtree(tmp)
    samples = parse(script)
    n = len(samples)
    if n == 0:
        sys.exit('profile.py: no samples')
    pct = lambda k: '%5.1f%%' % (100.0 * k / n)
    print('%d samples of tshark -n -r %s %s' % (n, cap, ' '.join(extra)))
    print('\ninclusive share (samples with the function on the stack):')
    for f in PLUGIN_FUNCS:
        print('  %s  %s' % (pct(sum(f in s for s in samples)), f))
    for target in DRILL:
        c = collections.Counter()
        for s in samples:
            if target in s:
                i = s.index(target)
                c[s[i - 1] if i > 0 else '(self)'] += 1
        print('\ncallees of %s (%s):' % (target, pct(sum(c.values()))))
        for k, v in c.most_common(10):
            print('  %s  %s' % (pct(v), k))
    leaves = collections.Counter(s[0] for s in samples if s)
    print('\ntop leaf functions (self time):')
    for k, v in leaves.most_common(15):
        print('  %s  %s' % (pct(v), k))


if __name__ == '__main__':
    main()
