#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Every bundled capture and `editcap -E` copies of it through tshark with the
plugin built under ASan+UBSan (the runtime preloaded into Debian's tshark), in
single pass, -2 and -V; and a smaller set under valgrind memcheck with the
normal build.  Only errors and leaks whose stack passes through nxtrace.so
count: tshark itself is not instrumented and is not ours to judge.

  python3 fuzz/sanitize_captures.py                 # ASan/UBSan sweep
  python3 fuzz/sanitize_captures.py --valgrind      # valgrind set
  python3 fuzz/sanitize_captures.py --seeds 1-20 --rate 0.02

For each capture it runs the capture itself and a file holding its editcap -E
copies (one per seed) one after the other.

Builds the ASan plugin in build-asan/ (gcc, -fsanitize=address,undefined) and
uses build/ for valgrind.  Exit status 1 when anything is attributed to the
plugin; the reports are kept in --out (default /tmp/nxt-sanitize).
"""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOBODY = 65534
MODES = [("single", []), ("-2", ["-2"]), ("-V", ["-V"]),
         ("-2 -V -z", ["-2", "-V", "-z", "nxtrace,tree", "-z", "nxtrace,review"])]


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def build_plugin(build, sanitize):
    flags = "-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" if sanitize else ""
    args = ["cmake", "-S", TOP, "-B", build, "-DCMAKE_BUILD_TYPE=RelWithDebInfo"]
    if sanitize:
        args += ["-DCMAKE_C_FLAGS=" + flags, "-DCMAKE_MODULE_LINKER_FLAGS=-fsanitize=address,undefined"]
    sh(args, stdout=subprocess.DEVNULL)
    sh(["cmake", "--build", build, "--target", "nxtrace", "-j", "2"], stdout=subprocess.DEVNULL)
    plugin = glob.glob(os.path.join(build, "plugins", "*", "epan", "nxtrace.so"))
    if not plugin:
        sys.exit("no plugin built in " + build)
    return plugin[0]


# Wireshark unloads plugins (g_module_close) before the leak check at exit;
# an unmapped nxtrace.so makes its registration tables look leaked and its
# frames "<unknown module>".  This preload keeps every module mapped.
NO_DLCLOSE_C = "int dlclose(void *handle) { (void)handle; return 0; }\n"


def no_dlclose(root):
    src = os.path.join(root, "no_dlclose.c")
    lib = os.path.join(root, "no_dlclose.so")
    with open(src, "w") as f:
        f.write(NO_DLCLOSE_C)
    sh(["gcc", "-shared", "-fPIC", "-o", lib, src])
    os.chmod(lib, 0o755)
    return lib


class Runner:
    """tshark with a private HOME holding the plugin, as nobody when root."""

    def __init__(self, plugin, root):
        self.root = root
        abi = os.path.basename(os.path.dirname(os.path.dirname(plugin)))
        self.home = os.path.join(root, "home")
        dest = os.path.join(self.home, ".local", "lib", "wireshark", "plugins", abi, "epan")
        os.makedirs(dest, exist_ok=True)
        shutil.copy(plugin, os.path.join(dest, "nxtrace.so"))
        self.files = os.path.join(root, "files")
        self.logs = os.path.join(root, "logs")
        os.makedirs(self.files, exist_ok=True)
        os.makedirs(self.logs, exist_ok=True)
        self.prefix = []
        if os.geteuid() == 0:
            self.prefix = ["setpriv", "--reuid=%d" % NOBODY, "--regid=%d" % NOBODY, "--clear-groups"]
            for d, _, fs in os.walk(root):
                os.chown(d, NOBODY, NOBODY)
                for f in fs:
                    os.chown(os.path.join(d, f), NOBODY, NOBODY)
        os.chmod(root, 0o755)

    def add(self, src, name):
        dst = os.path.join(self.files, name)
        shutil.copy(src, dst)
        os.chmod(dst, 0o644)
        return dst

    def run(self, args, env, wrapper=()):
        """Runs [wrapper] tshark ARGS; only tshark gets env (LD_PRELOAD etc.)."""
        base = {"HOME": self.home, "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8",
                "TZ": "UTC", "WIRESHARK_ABORT_ON_DISSECTOR_BUG": "1"}
        cmd = self.prefix + ["env"] + ["%s=%s" % kv for kv in env.items()] + list(wrapper) + ["tshark"] + args
        return subprocess.run(cmd, env=base, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=3600)


def asan_sweep(a, captures):
    plugin = build_plugin(os.path.join(TOP, "build-asan"), True)
    root = tempfile.mkdtemp(prefix="nxt-asan-")
    r = Runner(plugin, root)
    preload = ":".join([subprocess.check_output(["gcc", "-print-file-name=" + lib], text=True).strip()
                        for lib in ("libasan.so", "libubsan.so")] + [no_dlclose(root)])
    env = {"LD_PRELOAD": preload,
           # tshark is not instrumented: only what ASan sees through the plugin matters.
           # fast_unwind_on_malloc=0: glib and libwireshark have no frame pointers, so
           # only the slow unwinder sees past g_malloc() into nxtrace.so.
           "ASAN_OPTIONS": "detect_leaks=1:log_path=%s/asan:halt_on_error=1:detect_odr_violation=0:exitcode=0:"
                           "fast_unwind_on_malloc=0:malloc_context_size=40" % r.logs,
           "UBSAN_OPTIONS": "print_stacktrace=1:halt_on_error=1:log_path=%s/ubsan" % r.logs,
           "WIRESHARK_DEBUG_WMEM_OVERRIDE": "simple", "G_SLICE": "always-malloc"}
    sym = shutil.which("llvm-symbolizer")
    if sym:
        env["ASAN_SYMBOLIZER_PATH"] = sym
    files = mutate(r, captures, a.seeds, a.rate)
    runs = 0
    failed = []
    for f in files:
        for mode, extra in MODES:
            p = r.run(["-n", "-r", f] + extra, env)
            runs += 1
            if p.returncode != 0:
                failed.append("%s %s: exit %d %s" % (os.path.basename(f), mode, p.returncode,
                                                     p.stderr.decode(errors="replace")[-500:]))
    return summarize(a, r, runs, len(files), failed, "ASan/UBSan")


def valgrind_set(a, captures):
    plugin = build_plugin(os.path.join(TOP, "build"), False)
    root = tempfile.mkdtemp(prefix="nxt-vg-")
    r = Runner(plugin, root)
    files = mutate(r, captures, a.seeds, a.rate)
    env = {"WIRESHARK_DEBUG_WMEM_OVERRIDE": "simple", "G_SLICE": "always-malloc", "LD_PRELOAD": no_dlclose(root)}
    runs = 0
    failed = []
    for f in files:
        wrapper = ["valgrind", "--tool=memcheck", "--leak-check=full", "--show-leak-kinds=definite",
                   "--num-callers=40", "--log-file=%s/vg.%s.%%p" % (r.logs, os.path.basename(f))]
        p = r.run(["-n", "-2", "-V", "-r", f], env, wrapper)
        runs += 1
        if p.returncode != 0:
            failed.append("%s: exit %d" % (os.path.basename(f), p.returncode))
    return summarize(a, r, runs, len(files), failed, "valgrind memcheck")


def mutate(r, captures, seeds, rate):
    """Per capture: the capture itself, and its editcap -E copies (one per
    seed) one after the other in a single file, so tshark starts once for all
    of them and the state kept across packets meets every copy."""
    editcap = shutil.which("editcap") or sys.exit("editcap (wireshark-common) is needed")
    mergecap = shutil.which("mergecap") or sys.exit("mergecap (wireshark-common) is needed")
    files = []
    for cap in captures:
        name = os.path.basename(cap)
        files.append(r.add(cap, name))
        copies = []
        for seed in seeds:
            out = os.path.join(r.files, "E%d-%s" % (seed, name))
            sh([editcap, "--seed", str(seed), "-E", str(rate), cap, out], stdout=subprocess.DEVNULL)
            copies.append(out)
        merged = os.path.join(r.files, "E-" + name)
        sh([mergecap, "-a", "-w", merged] + copies, stdout=subprocess.DEVNULL)
        for c in copies:
            os.remove(c)
        os.chmod(merged, 0o644)
        files.append(merged)
    if os.geteuid() == 0:
        for f in files:
            os.chown(f, NOBODY, NOBODY)
    return files


VG_ERROR = re.compile(r"^==\d+== (Invalid (read|write|free)|Conditional jump|Use of uninitialised|Syscall param|"
                      r"Mismatched free|Source and destination overlap|Argument .* of function)", re.M)


def reports(text):
    """(kind, report) of every error and leak in a sanitizer or valgrind log."""
    if "AddressSanitizer" in text or "LeakSanitizer" in text or "runtime error" in text:
        for block in re.split(r"(?m)^(?=(?:Direct|Indirect) leak of )", text):
            if re.match(r"(Direct|Indirect) leak of ", block):
                yield "leak", block
            elif "ERROR: AddressSanitizer" in block or "runtime error" in block:
                yield "error", block
    else:  # valgrind: records are separated by an empty "==pid== " line
        for block in re.split(r"\n==\d+== \n", text):
            if VG_ERROR.search(block):
                yield "error", block
            elif "are definitely lost in loss record" in block:
                yield "leak", block


ALLOCATORS = ("libasan", "libubsan", "vgpreload", "libglib-2.0", "libwsutil", "asan_malloc", "in malloc",
              "in calloc", "in realloc")


def ours(kind, rep):
    """An error is the plugin's when its stack passes through nxtrace.so; a leak
    when the first frame past the allocators (malloc, glib, wmem) is in it:
    memory that Wireshark's own code allocated for the plugin (stats_tree
    nodes, say) is Wireshark's to free."""
    if kind == "error":
        return "nxtrace.so" in rep
    for line in rep.splitlines():
        if re.match(r"\s*(#\d+|==\d+==\s+(at|by)) ", line) and not any(x in line for x in ALLOCATORS):
            return "nxtrace.so" in line
    return False


def summarize(a, r, runs, nfiles, failed, what):
    os.makedirs(a.out, exist_ok=True)
    mine, counts = [], {"error": 0, "leak": 0}
    for log in sorted(glob.glob(os.path.join(r.logs, "*"))):
        with open(log, errors="replace") as f:
            text = f.read()
        for kind, rep in reports(text):
            if ours(kind, rep):
                mine.append((os.path.basename(log), kind, rep.strip()[:4000]))
            else:
                counts[kind] += 1
        shutil.copy(log, os.path.join(a.out, os.path.basename(log)))
    print("%s: %d tshark runs on %d capture files (editcap -E %s, seeds %s): %d errors/leaks through "
          "nxtrace.so; not through it (tshark's own): %d errors, %d leaks; %d failed runs; logs in %s" %
          (what, runs, nfiles, a.rate, ",".join(map(str, a.seeds)), len(mine), counts["error"], counts["leak"],
           len(failed), a.out))
    for log, kind, rep in mine[:10]:
        print("--- %s %s\n%s" % (log, kind, rep))
    for f in failed[:10]:
        print("--- failed run: " + f)
    return 1 if mine or failed else 0


def parse_seeds(s):
    if "-" in s:
        lo, hi = s.split("-")
        return list(range(int(lo), int(hi) + 1))
    return [int(x) for x in s.split(",")]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--valgrind", action="store_true")
    ap.add_argument("--seeds", default=None, help="editcap seeds, e.g. 1-10 (default 1-10; valgrind: 1)")
    ap.add_argument("--rate", default="0.02", help="editcap -E error rate")
    ap.add_argument("--captures", default=None, help="comma-separated names (default: all; valgrind: three)")
    ap.add_argument("--out", default="/tmp/nxt-sanitize")
    a = ap.parse_args()
    a.seeds = parse_seeds(a.seeds or ("1" if a.valgrind else "1-10"))
    caps = sorted(glob.glob(os.path.join(TOP, "captures", "*.pcapng")))
    if a.captures:
        caps = [c for c in caps if os.path.basename(c) in a.captures.split(",")]
    elif a.valgrind:
        caps = [c for c in caps if os.path.basename(c) in
                ("two_devices.pcapng", "renegotiation.pcapng", "trace_faults.pcapng")]
    sys.exit(valgrind_set(a, caps) if a.valgrind else asan_sweep(a, caps))


if __name__ == "__main__":
    main()
