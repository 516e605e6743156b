#!/usr/bin/env python3
"""profile.py - where the plugin's instructions go, from bench/instr.py's cachegrind files.

  python3 bench/profile.py                     # dtls capture, b (plugin) against a (disabled)
  python3 bench/profile.py --capture trace --mode c --base d --top 30

bench/instr.py leaves, per capture and mode, the cachegrind output of the
first N frames and of the first frame alone in <workdir>/cg/.  For every
function this prints its self instructions per frame,
(count in N frames - count in the first frame) / (N - 1), in the mode and in
its baseline, and the difference: which functions the plugin adds or makes
cheaper (e.g. UDP heuristics it spares), and how much of the plugin's own code
(source files under plugin/) runs per frame.  Cachegrind counts self
(exclusive) instructions; Debian's libwireshark is stripped, so its static
functions are pooled as '???' under their source file '???' and only exported
ones are named.  For inclusive costs, run callgrind on the same prefix, e.g.
  NXT_TSHARK_PREFIX='valgrind --tool=callgrind --callgrind-out-file=/tmp/nxt-bench/cg/cg.out' \\
      bench/tshark-as-nobody -n -r /tmp/nxt-bench/field-1000000-first20000.pcap > /dev/null
  callgrind_annotate --inclusive=yes /tmp/nxt-bench/cg/cg.out | grep -v '???' | head -40

Python 3 standard library only.
"""
import argparse
import collections
import glob
import os
import re
import sys


def load(path):
    """{(file, function): Ir} of one cachegrind.out file."""
    cost = collections.Counter()
    fl = fn = None
    with open(path) as f:
        for line in f:
            if line.startswith('fl='):
                fl = line[3:].rstrip('\n')
            elif line.startswith('fn='):
                fn = line[3:].rstrip('\n')
            elif line[:1].isdigit() and fn is not None:
                parts = line.split()
                if len(parts) >= 2:
                    cost[(fl, fn)] += int(parts[1])
    return cost


def per_frame(cgdir, cap, mode):
    """Self instructions per frame by function, and N."""
    files = [p for p in glob.glob(os.path.join(cgdir, '%s-%s-*.out' % (cap, mode)))
             if not p.endswith('-1.out')]
    if not files:
        sys.exit('profile.py: no %s/%s-%s-N.out (run bench/instr.py first)' % (cgdir, cap, mode))
    nfile = max(files, key=os.path.getmtime)
    n = int(re.search(r'-(\d+)\.out$', nfile).group(1))
    big, one = load(nfile), load(os.path.join(cgdir, '%s-%s-1.out' % (cap, mode)))
    return {k: (big[k] - one.get(k, 0)) / (n - 1) for k in big}, n


def short(key):
    fl, fn = key
    if '/plugin/' in fl:
        fl = 'plugin/' + fl.split('/plugin/', 1)[1]
    elif fl != '???':
        fl = os.path.basename(fl)
    return '%s:%s' % (fl, fn)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--workdir', default='/tmp/nxt-bench')
    ap.add_argument('--capture', default='dtls')
    ap.add_argument('--mode', default='b')
    ap.add_argument('--base', default='a')
    ap.add_argument('--top', type=int, default=25)
    o = ap.parse_args()
    cgdir = os.path.join(o.workdir, 'cg')
    m, n = per_frame(cgdir, o.capture, o.mode)
    b, _ = per_frame(cgdir, o.capture, o.base)
    tm, tb = sum(m.values()), sum(b.values())
    print('%s, first %d frames: %s %.0f instructions/frame, %s %.0f (%.3fx, %+.0f)'
          % (o.capture, n, o.mode, tm, o.base, tb, tm / tb, tm - tb))
    plug = {k: v for k, v in m.items() if '/plugin/' in k[0]}
    tp = sum(plug.values())
    print('\nplugin code (self, plugin/*.c): %.0f instructions/frame = %.1f %% of %s' % (tp, 100 * tp / tm, o.mode))
    for k, v in sorted(plug.items(), key=lambda kv: -kv[1])[:o.top]:
        if v >= 0.5:
            print('  %8.0f  %5.1f %%  %s' % (v, 100 * v / tm, short(k)))
    diff = {k: m.get(k, 0) - b.get(k, 0) for k in set(m) | set(b)}
    print('\nlargest increases, %s - %s (instructions/frame):' % (o.mode, o.base))
    for k, v in sorted(diff.items(), key=lambda kv: -kv[1])[:o.top]:
        print('  %+8.0f  %s' % (v, short(k)))
    print('\nlargest decreases:')
    for k, v in sorted(diff.items(), key=lambda kv: kv[1])[:10]:
        if v < 0:
            print('  %+8.0f  %s' % (v, short(k)))


if __name__ == '__main__':
    main()
