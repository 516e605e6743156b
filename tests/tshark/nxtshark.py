# SPDX-License-Identifier: GPL-2.0-or-later
"""Run the real tshark with the nxtrace plugin from the build tree.

Wireshark never reads personal plugins when it runs as root (and CI runs as
root), so as root every tshark run drops to the unprivileged 'nobody' user
with setpriv; either way it gets a private HOME whose personal plugin folder
holds a copy of the freshly built plugin.  Captures are copied next to it so
the unprivileged user can read them wherever the checkout lives.
"""
import atexit
import os
import shutil
import struct
import subprocess
import tempfile

TSHARK = os.environ.get("TSHARK", "tshark")
PLUGIN = os.environ.get("NXT_PLUGIN")
ABI = os.environ.get("NXT_WS_ABI", "4.0")
CAPTURES = os.environ.get(
    "NXT_CAPTURES", os.path.join(os.path.dirname(__file__), "..", "..", "captures"))
NOBODY = 65534


class TShark:
    def __init__(self):
        if not PLUGIN or not os.path.isfile(PLUGIN):
            raise RuntimeError("NXT_PLUGIN must name the built nxtrace.so (run the tests through ctest)")
        self.root = tempfile.mkdtemp(prefix="nxtrace-test-")
        atexit.register(shutil.rmtree, self.root, True)
        self.home = os.path.join(self.root, "home")
        self.files = os.path.join(self.root, "files")
        plugdir = os.path.join(self.home, ".local", "lib", "wireshark", "plugins", ABI, "epan")
        os.makedirs(plugdir)
        os.makedirs(self.files)
        shutil.copy(PLUGIN, os.path.join(plugdir, "nxtrace.so"))
        self.prefix = []
        if os.geteuid() == 0:
            self.prefix = ["setpriv", "--reuid=%d" % NOBODY, "--regid=%d" % NOBODY, "--clear-groups"]
            for d, _, fs in os.walk(self.root):
                os.chown(d, NOBODY, NOBODY)
                for f in fs:
                    os.chown(os.path.join(d, f), NOBODY, NOBODY)
        os.chmod(self.root, 0o755)
        self.env = {
            "HOME": self.home,
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "TZ": "UTC",
            "LC_ALL": "C.UTF-8",
            # Turn dissector bugs and wmem misuse into failures, as Wireshark's own tests do.
            "WIRESHARK_ABORT_ON_DISSECTOR_BUG": "1",
            "WIRESHARK_DEBUG_WMEM_OVERRIDE": "strict",
        }

    def path(self, name):
        """A capture from captures/ (or an absolute path), readable by the tshark user."""
        src = name if os.path.isabs(name) else os.path.join(CAPTURES, name)
        dst = os.path.join(self.files, os.path.basename(src))
        if not os.path.exists(dst):
            shutil.copy(src, dst)
            os.chmod(dst, 0o644)
        return dst

    def scratch(self, basename, data):
        """Writes bytes to a file the tshark user can read; returns its path."""
        dst = os.path.join(self.files, basename)
        with open(dst, "wb") as f:
            f.write(data)
        os.chmod(dst, 0o644)
        return dst

    def run(self, *args, check=True):
        p = subprocess.run(self.prefix + [TSHARK] + list(args), env=self.env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=300)
        if check and p.returncode != 0:
            raise AssertionError("tshark %s failed (%d): %s" % (" ".join(args), p.returncode, p.stderr))
        return p

    def fields(self, capture, fields, dfilter=None, two_pass=False, extra=()):
        """Rows of -T fields output (one list per frame, occurrences joined by ',')."""
        args = ["-n", "-r", self.path(capture), "-T", "fields", "-E", "separator=|", "-E", "occurrence=a"]
        if two_pass:
            args.append("-2")
        if dfilter:
            args += ["-Y", dfilter]
        for f in fields:
            args += ["-e", f]
        args += list(extra)
        out = self.run(*args).stdout
        return [[_bool_as_digit(cell) for cell in line.split("|")] for line in out.splitlines()]

    def frames(self, capture, dfilter, two_pass=False, extra=()):
        """Numbers of the frames that match dfilter."""
        return [int(r[0]) for r in self.fields(capture, ["frame.number"], dfilter, two_pass, extra)]


def _bool_as_digit(cell):
    """tshark 4.6 prints boolean fields as True/False, earlier releases as 1/0: the tests use 1/0."""
    if "True" not in cell and "False" not in cell:
        return cell
    return ",".join({"True": "1", "False": "0"}.get(v, v) for v in cell.split(","))


_shared = None


def tshark():
    """One prepared environment per test process."""
    global _shared
    if _shared is None:
        _shared = TShark()
    return _shared


def write_pcap_ipv4_udp(datagrams, src="127.0.0.10", dst="127.0.0.1", sport=50000, dport=47474):
    """A classic pcap (LINKTYPE_IPV4) of one UDP datagram per payload."""
    def ip(a):
        return bytes(int(x) for x in a.split("."))

    def csum(b):
        s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
        while s >> 16:
            s = (s & 0xFFFF) + (s >> 16)
        return ~s & 0xFFFF

    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 228)]
    for i, payload in enumerate(datagrams):
        udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
        hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), i, 0, 64, 17, 0, ip(src), ip(dst))
        hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
        pkt = hdr + udp
        out.append(struct.pack("<IIII", 1764000000 + i, 0, len(pkt), len(pkt)) + pkt)
    return b"".join(out)
