#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""linearity.py - is the plugin's own CPU time per frame the same at 1M and 5M frames?

  python3 bench/linearity.py --build BUILD --capture field-5000000.pcap [--frames 1000000,5000000]
  python3 bench/linearity.py --report a.data b.data ...    # only read perf.data files

Wireshark's own time per frame grows with the position in a capture of many
DTLS sessions (see bench/README.md, "Linearity"), so the ratio of two whole
runs cannot tell whether the plugin's part is linear.  This samples tshark
with `perf record --call-graph dwarf` (as nobody, through bench/tshark-as-nobody)
for the first N frames of one capture, and counts the samples whose call
stack runs through nxtrace.so (the plugin's code and what it calls in
libwireshark and GLib), those under Wireshark's fragment reassembly
(fragment_add*, fragment_get_tot_len), and all of them.  Seconds are
the sum of the samples' periods.  Needs perf (Debian's linux-perf) and a kernel that lets
root sample (perf_event_paranoid <= 2 for one's own processes).
"""
import argparse
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
WRAP = os.path.join(HERE, "tshark-as-nobody")
REASSEMBLY = re.compile(r"\b(fragment_add\w*|fragment_get_tot_len|fragment_set_tot_len)\b")


def record(build, capture, frames, rate, out, extra):
    env = dict(os.environ, NXT_BUILD_DIR=build)
    cmd = ["perf", "record", "-q", "-F", str(rate), "--call-graph", "dwarf,8192", "-o", out, "--",
           WRAP, "-n", "-r", capture, "-c", str(frames)] + extra
    t = time.time()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, ru = os.wait4(p.pid, 0)
    if status != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), p.stderr.read().decode(errors="replace")))
    return time.time() - t, ru.ru_maxrss


def count(data):
    """CPU seconds of tshark's samples: (all, with nxtrace.so in the stack, under reassembly).
    Each cpu-clock sample carries its period in ns: their sum is CPU time."""
    p = subprocess.Popen(["perf", "script", "-i", data, "--no-inline", "-F", "comm,period,ip,sym,dso"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, errors="replace")
    acc = {"total": 0, "plugin": 0, "reasm": 0, "n": 0}
    cur = None

    def close():
        if cur and cur["comm"] == "tshark":
            acc["n"] += 1
            acc["total"] += cur["period"]
            acc["plugin"] += cur["period"] * cur["plugin"]
            acc["reasm"] += cur["period"] * cur["reasm"]

    for line in p.stdout:
        if not line.strip():
            continue
        if not line[0].isspace():  # a sample's header line: command, period
            close()
            f = line.split()
            cur = {"comm": f[0], "period": int(f[1]) if len(f) > 1 and f[1].isdigit() else 0,
                   "plugin": False, "reasm": False}
            continue
        if "nxtrace.so" in line:
            cur["plugin"] = True
        if REASSEMBLY.search(line):
            cur["reasm"] = True
    close()
    p.wait()
    return acc["n"], acc["total"] / 1e9, acc["plugin"] / 1e9, acc["reasm"] / 1e9


def report(rows):
    print("| run | frames | samples | s (all) | s in nxtrace.so | µs/frame plugin | s under reassembly "
          "| µs/frame reassembly | µs/frame all |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, frames, (n, total, plugin, reasm) in rows:
        per = 1e6 / frames if frames else 0
        print("| %s | %s | %d | %.1f | %.2f | %.2f | %.1f | %.2f | %.1f |" % (
            name, "{:,}".format(frames) if frames else "?", n, total, plugin, plugin * per, reasm, reasm * per,
            total * per))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default="build", help="build tree with the plugin (default build/)")
    ap.add_argument("--capture", help="capture file readable by nobody")
    ap.add_argument("--frames", default="1000000,5000000", help="first N frames to read, comma-separated")
    ap.add_argument("--rate", type=int, default=49, help="samples per second (default 49)")
    ap.add_argument("--workdir", default="/tmp/nxt-linearity")
    ap.add_argument("--baseline", action="store_true", help="also run with --disable-protocol nxtrace")
    ap.add_argument("--report", nargs="*", metavar="DATA", help="only count samples in these perf.data files "
                    "(frames from a -c<N> or -<N> in the name)")
    a = ap.parse_args()
    if a.report:
        rows = []
        for d in a.report:
            m = re.search(r"-c?(\d{4,})", os.path.basename(d))
            rows.append((os.path.basename(d), int(m.group(1)) if m else 0, count(d)))
        report(rows)
        return
    if not a.capture:
        ap.error("--capture is needed unless --report")
    os.makedirs(a.workdir, exist_ok=True)
    os.chmod(a.workdir, 0o777)
    rows = []
    configs = [("b", [])] + ([("a", ["--disable-protocol", "nxtrace"])] if a.baseline else [])
    for n in [int(x) for x in a.frames.split(",")]:
        for name, extra in configs:
            out = os.path.join(a.workdir, "%s-c%d.data" % (name, n))
            wall, rss = record(os.path.abspath(a.build), a.capture, n, a.rate, out, extra)
            print("%s -c %d: %.0f s wall, peak RSS %d KB" % (name, n, wall, rss), file=sys.stderr)
            rows.append(("%s -c %d" % (name, n), n, count(out)))
    report(rows)


if __name__ == "__main__":
    main()
