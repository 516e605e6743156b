#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""hostile.py - what nxtrace's per-packet state costs on captures made to hurt it.

  python3 bench/hostile.py                       # every shape at 100k, 200k, 400k datagrams
  python3 bench/hostile.py --shapes devices --sizes 200000,1000000
  python3 bench/hostile.py --cachegrind --sizes 5000,20000   # instructions (slow: valgrind)

For each shape of bench/gen_hostile.py and each size N it runs tshark through
bench/tshark-as-nobody (single pass, stdout to /dev/null), without the plugin
("plain"), with it ("plugin") and with the DTLS index off ("no index"), and
reports the peak RSS and time above plain tshark per datagram.  Constant
figures across N mean linear cost.  With --cachegrind the time figure is the
instruction count (valgrind --tool=cachegrind --cache-sim=no), minus that of a
1-datagram capture of the same shape (tshark's start-up).

The plugin comes from --build (default: build/), captures are cached in
--workdir (default /tmp/nxt-hostile).  Standard library only.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
WRAP = os.path.join(HERE, "tshark-as-nobody")
sys.path.insert(0, HERE)
import gen_hostile  # noqa: E402

CONFIGS = [("plain", True, []), ("plugin", False, []), ("no index", False, ["-o", "nxtrace.link_dtls:FALSE"])]


def capture(workdir, shape, n):
    path = os.path.join(workdir, "%s-%d.pcap" % (shape, n))
    if not os.path.exists(path):
        gen_hostile.write(shape, n, path)
        os.chmod(path, 0o644)
    return path


def run(build, noplug, extra, cap, cachegrind):
    env = dict(os.environ, NXT_BUILD_DIR=build)
    cmd = [WRAP] + (["--no-plugin"] if noplug else []) + ["-n", "-r", cap] + extra
    logs = None
    if cachegrind:
        # Every process of the chain (wrapper, setpriv, tshark) logs its count.
        logs = tempfile.mkdtemp(prefix="nxt-cg-")
        os.chmod(logs, 0o777)
        cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
               "--log-file=" + os.path.join(logs, "%p"), "--trace-children=yes"] + cmd
    t = time.time()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.time() - t
    if status != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), p.stderr.read().decode(errors="replace")))
    instr = None
    if logs:
        instr = 0
        for name in os.listdir(logs):
            with open(os.path.join(logs, name)) as f:
                instr += sum(int(r.replace(",", "")) for r in re.findall(r"I\s+refs:\s+([\d,]+)", f.read()))
            os.remove(os.path.join(logs, name))
        os.rmdir(logs)
    return {"rss_kb": ru.ru_maxrss, "wall": wall, "user": ru.ru_utime, "instr": instr}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shapes", default="devices,sessions,records,seqjump")
    ap.add_argument("--sizes", default="100000,200000,400000")
    ap.add_argument("--build", default=os.path.join(TOP, "build"))
    ap.add_argument("--workdir", default="/tmp/nxt-hostile")
    ap.add_argument("--cachegrind", action="store_true")
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    os.chmod(a.workdir, 0o755)
    sizes = [int(s) for s in a.sizes.split(",")]

    if a.cachegrind:
        print("| shape | N | instr/frame plain | instr/frame plugin | ratio | instr/frame no index |")
        print("|---|---:|---:|---:|---:|---:|")
    else:
        print("| shape | N | RSS plain MB | RSS plugin MB | **bytes/datagram** | no index: bytes/datagram "
              "| wall plain s | wall plugin s | us/frame over plain |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for shape in a.shapes.split(","):
        start = {}
        if a.cachegrind:
            one = capture(a.workdir, shape, 1)
            for name, noplug, extra in CONFIGS:
                start[name] = run(a.build, noplug, extra, one, True)["instr"]
        for n in sizes:
            cap = capture(a.workdir, shape, n)
            r = {name: run(a.build, noplug, extra, cap, a.cachegrind) for name, noplug, extra in CONFIGS}
            if a.cachegrind:
                per = {k: (r[k]["instr"] - start[k]) / (n - 1) for k in r}
                print("| %s | %d | %.0f | %.0f | %.2fx | %.0f |" % (
                    shape, n, per["plain"], per["plugin"], per["plugin"] / per["plain"], per["no index"]))
            else:
                base = r["plain"]["rss_kb"]
                print("| %s | %d | %.0f | %.0f | **%.0f** | %.0f | %.2f | %.2f | %.1f |" % (
                    shape, n, base / 1024, r["plugin"]["rss_kb"] / 1024,
                    (r["plugin"]["rss_kb"] - base) * 1024 / n, (r["no index"]["rss_kb"] - base) * 1024 / n,
                    r["plain"]["wall"], r["plugin"]["wall"],
                    (r["plugin"]["wall"] - r["plain"]["wall"]) * 1e6 / n))
            sys.stdout.flush()


if __name__ == "__main__":
    main()
