# SPDX-License-Identifier: GPL-2.0-or-later
"""Truncated and corrupted copies of real trace datagrams: expert info, a readable
tree, never a crash, and the datagrams after them still dissect."""
import glob
import os
import random
import shutil
import struct
import subprocess
import unittest

from nxtshark import CAPTURES, tshark, write_pcap_ipv4_udp

SOURCE = "untrusted_cert.pcapng"


def real_status_datagram():
    """The first trace datagram of a bundled capture whose STATUS has SESSION and RECORD blocks."""
    rows = tshark().fields(SOURCE, ["udp.payload"],
                           'nxtrace.status.flags.session == 1 && nxtrace.status.flags.record == 1')
    assert rows, "no STATUS with SESSION and RECORD in " + SOURCE
    return bytes.fromhex(rows[0][0].replace(":", ""))


def status_event_offset(d):
    """Offset of the first STATUS event of a datagram."""
    off = 24
    while off + 4 <= len(d):
        etype, _, length = struct.unpack("!BBH", d[off:off + 4])
        if etype == 1:
            return off
        off += 4 + length
    raise AssertionError("no STATUS event")


GOOD = None
# What Wireshark says when a dissector read past the data (an exception), as
# opposed to our expert info (which Wireshark also files under "Malformed").
EXCEPTION = "Exception occurred"
PI_MALFORMED = str(0x07000000)  # _ws.expert.group prints the group's number


def setUpModule():
    global GOOD
    GOOD = real_status_datagram()


class Malformed(unittest.TestCase):
    def dissect(self, name, datagrams, fields, dfilter=None):
        path = tshark().scratch(name + ".pcap", write_pcap_ipv4_udp(datagrams + [GOOD]))
        args = ["-n", "-r", path, "-T", "fields", "-E", "separator=|", "-E", "occurrence=a"]
        if dfilter:
            args += ["-Y", dfilter]
        for f in fields:
            args += ["-e", f]
        p = tshark().run(*args)
        self.assertNotIn("Dissector bug", p.stdout + p.stderr)
        return [l.split("|") for l in p.stdout.splitlines()]

    def expert_messages(self, name, datagram):
        rows = self.dissect(name, [datagram], ["frame.number", "_ws.expert.message", "nxtrace.status.name"])
        # The real datagram appended after the broken one still dissects, fully.
        self.assertEqual(rows[-1][2].split(",")[0], "NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND")
        self.assertNotIn(EXCEPTION, rows[-1][1])
        return rows[0]

    def assert_expert(self, name, datagram, field, text):
        rows = self.dissect(name, [datagram], ["frame.number"], field)
        self.assertEqual([r[0] for r in rows], ["1"], "%s not raised on %s" % (field, name))
        row = self.expert_messages(name + "_msg", datagram)
        self.assertIn(text, row[1])
        self.assertNotIn(EXCEPTION, row[1], "an exception instead of expert info")

    def test_the_real_datagram_is_clean(self):
        rows = self.dissect("clean", [], ["_ws.expert.group", "_ws.malformed"])
        self.assertNotIn(PI_MALFORMED, rows[0][0].split(","))
        self.assertEqual(rows[0][1], "")

    def test_every_truncation(self):
        cuts = [GOOD[:n] for n in range(len(GOOD))]
        rows = self.dissect("cuts", cuts, ["frame.number", "_ws.expert.group", "_ws.expert.message"])
        self.assertEqual(len(rows), len(GOOD) + 1)
        for n, row in enumerate(rows[:-1]):
            self.assertNotIn(EXCEPTION, row[2], "exception on a datagram cut to %d bytes" % n)
            if n > 0:
                self.assertIn(PI_MALFORMED, row[1].split(","), "cut to %d bytes not flagged" % n)

    def test_short_header(self):
        self.assert_expert("short", GOOD[:20], "nxtrace.malformed.short_header", "too short for the 24-byte header")

    def test_wrong_version(self):
        bad = GOOD[:4] + b"\x02" + GOOD[5:]
        self.assert_expert("version", bad, "nxtrace.unsupported_version", "Unsupported version 2")

    def test_bad_magic_on_the_port(self):
        self.assert_expert("magic", b"NXTX" + GOOD[4:], "nxtrace.malformed.magic", "not \"NXTR\"")

    def test_reserved_header_flags(self):
        bad = GOOD[:5] + bytes([GOOD[5] | 0x80]) + GOOD[6:]
        self.assert_expert("hflags", bad, "nxtrace.reserved_bits", "reserved bits set: 0x80")

    def test_absurd_event_length(self):
        off = status_event_offset(GOOD)
        bad = GOOD[:off + 2] + b"\xff\xff" + GOOD[off + 4:]
        self.assert_expert("evlen", bad, "nxtrace.malformed.event_length", "Event length 65535 exceeds")

    def test_event_count_disagrees(self):
        bad = GOOD[:6] + struct.pack("!H", 7) + GOOD[8:]
        self.assert_expert("count", bad, "nxtrace.malformed.event_count", "announces 7 events")

    def test_bad_ip_version(self):
        off = status_event_offset(GOOD) + 4 + 8  # event header, status/api/reserved
        bad = GOOD[:off] + b"\x05" + GOOD[off + 1:]
        self.assert_expert("ipver", bad, "nxtrace.malformed.ip_version", "ip_version 5 is neither 4 nor 6")

    def test_reserved_status_flags_and_role(self):
        off = status_event_offset(GOOD)
        bad = GOOD[:off + 1] + bytes([GOOD[off + 1] | 0x18 | 0x20]) + GOOD[off + 2:]
        rows = self.dissect("sflags", [bad], ["frame.number"], "nxtrace.reserved_bits && nxtrace.reserved_role")
        self.assertEqual([r[0] for r in rows], ["1"])

    def test_unknown_and_addon_status(self):
        off = status_event_offset(GOOD) + 4
        unknown = GOOD[:off] + struct.pack("!I", 0x155) + GOOD[off + 4:]
        self.assert_expert("unknown", unknown, "nxtrace.status.unknown", "Unknown NetX status 0x155")
        addon = GOOD[:off] + struct.pack("!I", 0x95) + GOOD[off + 4:]
        self.assert_expert("addon", addon, "nxtrace.status.addon", "DHCP")
        info = self.dissect("addon_info", [addon, unknown], ["_ws.col.Info"])
        self.assertIn("status 0x95 (NetX add-on range)", info[0][0])
        self.assertIn("status 0x155 (unknown)", info[1][0])

    def test_unknown_event_type_is_skipped(self):
        unknown = struct.pack("!BBH", 9, 0, 3) + b"abc"
        count = struct.unpack("!H", GOOD[6:8])[0] + 1
        bad = GOOD[:6] + struct.pack("!H", count) + GOOD[8:24] + unknown + GOOD[24:]
        rows = self.dissect("evtype", [bad], ["nxtrace.event.type", "nxtrace.status.name", "_ws.expert.message"])
        self.assertEqual(rows[0][0].split(",")[0], "9")
        self.assertEqual(rows[0][1], "NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND")
        self.assertIn("Unknown event type 9", rows[0][2])

    def test_extension_bytes_are_not_an_error(self):
        off = status_event_offset(GOOD)
        length = struct.unpack("!H", GOOD[off + 2:off + 4])[0]
        end = off + 4 + length
        ext = GOOD[:off + 2] + struct.pack("!H", length + 3) + GOOD[off + 4:end] + b"\x01\x02\x03" + GOOD[end:]
        rows = self.dissect("ext", [ext], ["nxtrace.extension", "_ws.expert.group", "nxtrace.record.seq"])
        self.assertEqual(rows[0][0], "010203")
        self.assertNotIn(PI_MALFORMED, rows[0][1].split(","))
        self.assertNotEqual(rows[0][2], "")

    def test_log_level_out_of_range(self):
        log = struct.pack("!BBHB", 3, 0, 3, 9) + b"hi"
        dg = GOOD[:6] + struct.pack("!H", 1) + GOOD[8:24] + log
        self.assert_expert("loglevel", dg, "nxtrace.log.bad_level", "not a syslog severity")

    def test_keepalive(self):
        dg = GOOD[:6] + b"\x00\x00" + GOOD[8:24]
        rows = self.dissect("keepalive", [dg], ["nxtrace.keepalive", "_ws.col.Info"], "nxtrace.keepalive")
        self.assertEqual(len(rows), 1)
        self.assertIn("keep-alive", rows[0][1])

    def test_random_corruption_never_crashes(self):
        # Seeded, so a failure reproduces; every byte position and value class gets hit.
        rnd = random.Random(20261125)
        mutants = []
        for _ in range(3000):
            d = bytearray(GOOD)
            for _ in range(rnd.randint(1, 4)):
                pos = rnd.randrange(len(d))
                d[pos] = rnd.choice([0, 0xFF, rnd.randrange(256), d[pos] ^ (1 << rnd.randrange(8))])
            if rnd.random() < 0.3:
                d = d[:rnd.randrange(len(d) + 1)]
            mutants.append(bytes(d))
        path = tshark().scratch("fuzz.pcap", write_pcap_ipv4_udp(mutants + [GOOD]))
        for extra in ([], ["-V"], ["-2", "-V"]):
            p = tshark().run("-n", "-r", path, *extra)
            self.assertNotIn("Dissector bug", p.stdout + p.stderr)
        rows = tshark().run("-n", "-r", path, "-T", "fields", "-e", "_ws.expert.message").stdout.splitlines()
        self.assertEqual(len(rows), len(mutants) + 1)
        self.assertEqual([i for i, r in enumerate(rows) if EXCEPTION in r], [], "exceptions instead of expert info")


class CorruptedCaptures(unittest.TestCase):
    """Every bundled capture (DTLS and traces) with seeded random byte errors, as Wireshark's
    fuzz-test.sh does with editcap -E: the index and the links see damaged DTLS trees too."""

    def test_editcap_fuzz(self):
        editcap = shutil.which("editcap")
        self.assertIsNotNone(editcap, "editcap (wireshark-common) is needed")
        captures = sorted(glob.glob(os.path.join(CAPTURES, "*.pcapng")))
        self.assertGreaterEqual(len(captures), 4)
        for cap in captures:
            for seed in (1, 2, 3):
                with self.subTest(capture=os.path.basename(cap), seed=seed):
                    out = tshark().scratch("fuzz-%d-%s" % (seed, os.path.basename(cap)), b"")
                    subprocess.run([editcap, "--seed", str(seed), "-E", "0.03", cap, out], check=True,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    os.chmod(out, 0o644)
                    for extra in (["-V"], ["-2", "-V"]):
                        p = tshark().run("-n", "-r", out, *extra)
                        self.assertNotIn("Dissector bug", p.stdout + p.stderr)


if __name__ == "__main__":
    unittest.main()
