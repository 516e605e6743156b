# SPDX-License-Identifier: GPL-2.0-or-later
"""Truncated and corrupted copies of real trace datagrams: expert info, a readable
tree, never a crash, and the datagrams after them still dissect."""
import glob
import os
import random
import shutil
import signal
import struct
import subprocess
import unittest

from nxtshark import CAPTURES, TSHARK, tshark, write_pcap_ipv4_udp

TOP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
REGRESSIONS = os.path.join(TOP, "fuzz", "regressions")

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


def run_bytes(*args, env=None):
    """tshark's raw output (bytes), so a test decides how to read it; env adds to
    or (with None values) removes from the environment nxtshark sets."""
    e = dict(tshark().env)
    for k, v in (env or {}).items():
        if v is None:
            e.pop(k, None)
        else:
            e[k] = v
    return subprocess.run(tshark().prefix + [TSHARK] + list(args), env=e, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=300)


def tshark_failure(p):
    """Why a tshark run counts as a crash, or None.  nxtshark sets
    WIRESHARK_ABORT_ON_DISSECTOR_BUG, so a failed DISSECTOR_ASSERT aborts tshark
    (killed by SIGABRT, the reason in its last log lines); a DissectorError
    that is not an assertion still prints "Dissector bug" and exits 0."""
    out = p.stdout if isinstance(p.stdout, str) else p.stdout.decode("utf-8", "replace")
    err = p.stderr if isinstance(p.stderr, str) else p.stderr.decode("utf-8", "replace")
    if p.returncode < 0:
        return "tshark was killed by %s (an abort is how a dissector bug ends it): %s" % (
            signal.Signals(-p.returncode).name, "\n".join(err.splitlines()[-5:]))
    bugs = [l for l in (out + err).splitlines() if "Dissector bug" in l]
    if bugs:
        return "dissector bug: " + "\n".join(bugs[:5])
    if p.returncode != 0:
        return "tshark exited with %d: %s" % (p.returncode, err.strip()[-2000:])
    return None


class Output:
    def __init__(self, stdout, stderr):
        self.stdout, self.stderr = stdout, stderr


def run_clean(testcase, *args, env=None):
    """tshark's output as str.  Fails the test, saying why, when tshark aborted,
    reported a dissector bug or printed anything that is not UTF-8 (which would
    crash a script reading its output, as Python does by default)."""
    p = run_bytes(*args, env=env)
    problem = tshark_failure(p)
    if problem:
        testcase.fail("%s\n(tshark %s)" % (problem, " ".join(args)))
    try:
        return Output(p.stdout.decode("utf-8"), p.stderr.decode("utf-8"))
    except UnicodeDecodeError as e:
        testcase.fail("tshark %s printed invalid UTF-8: %r" % (" ".join(args), e.object[max(0, e.start - 60):e.end + 10]))


class Malformed(unittest.TestCase):
    def dissect(self, name, datagrams, fields, dfilter=None):
        path = tshark().scratch(name + ".pcap", write_pcap_ipv4_udp(datagrams + [GOOD]))
        args = ["-n", "-r", path, "-T", "fields", "-E", "separator=|", "-E", "occurrence=a"]
        if dfilter:
            args += ["-Y", dfilter]
        for f in fields:
            args += ["-e", f]
        p = run_clean(self, *args)
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
            run_clean(self, "-n", "-r", path, *extra)
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
                        run_clean(self, "-n", "-r", out, *extra)


def with_events(*events):
    """The header of the real datagram carrying these events instead of its own."""
    return GOOD[:6] + struct.pack("!H", len(events)) + GOOD[8:24] + b"".join(events)


def log_event(text, level=3):
    return struct.pack("!BBHB", 3, 0, 1 + len(text), level) + text


def device_info_event(name, firmware):
    body = bytes([len(name)]) + name + bytes([len(firmware)]) + firmware
    return struct.pack("!BBH", 2, 0, len(body)) + body


class FailureMode(unittest.TestCase):
    """A dissector bug fails these tests with its reason, whichever way tshark reports it."""

    def setUp(self):
        self.path = tshark().scratch("failure_mode.pcap", write_pcap_ipv4_udp([GOOD]))
        # More tree items than allowed is a dissector bug Wireshark raises itself.
        self.bug = ["-n", "-r", self.path, "-V", "-o", "gui.max_tree_items:60"]

    def test_a_clean_run_passes(self):
        self.assertIn("NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND",
                      run_clean(self, "-n", "-r", self.path, "-V").stdout)

    def test_an_aborted_tshark_fails_with_the_reason(self):
        # As WIRESHARK_ABORT_ON_DISSECTOR_BUG does for a failed DISSECTOR_ASSERT:
        # tshark aborts, so the run has no output to search for "Dissector bug".
        env = {"WIRESHARK_ABORT_ON_TOO_MANY_ITEMS": "1"}
        self.assertEqual(run_bytes(*self.bug, env=env).returncode, -signal.SIGABRT)
        with self.assertRaises(AssertionError) as ctx:
            run_clean(self, *self.bug, env=env)
        self.assertIn("killed by SIGABRT", str(ctx.exception))
        self.assertIn("more than 60 items in the tree", str(ctx.exception))

    def test_a_dissector_bug_without_abort_fails(self):
        self.assertEqual(run_bytes(*self.bug).returncode, 0)
        with self.assertRaises(AssertionError) as ctx:
            run_clean(self, *self.bug)
        self.assertIn("dissector bug: ", str(ctx.exception))


class ShortHeader(unittest.TestCase):
    """On the trace port every datagram is a trace datagram: each length from 0 to 23 is flagged."""

    def frames_with(self, name, datagrams, dfilter, extra=(), **udp):
        path = tshark().scratch(name + ".pcap", write_pcap_ipv4_udp(datagrams, **udp))
        p = run_clean(self, "-n", "-r", path, "-Y", dfilter, "-T", "fields", "-e", "frame.number", *extra)
        return [int(n) for n in p.stdout.split()]

    def test_every_length_below_the_header(self):
        cuts = [GOOD[:n] for n in range(24)] + [b"\xff" * 10, b"NXTR\x02" + GOOD[5:12]]
        self.assertEqual(self.frames_with("every_short", cuts + [GOOD], "nxtrace.malformed.short_header"),
                         list(range(1, len(cuts) + 1)))

    def test_empty_datagram_reads_as_a_truncated_header(self):
        path = tshark().scratch("empty.pcap", write_pcap_ipv4_udp([b"", GOOD]))
        # The summary lines, as a user sees them: from 4.6 on, `-e _ws.col.*`
        # holds the columns as they were before the postdissectors ran.
        rows = [l.split(" ", 1) for l in run_clean(
            self, "-n", "-r", path, "-o", 'gui.column.format:"P","%p","I","%i"').stdout.splitlines()]
        self.assertEqual(rows[0], ["NXTRACE", "Truncated header (0 of 24 bytes)"])
        self.assertEqual(rows[1][0], "NXTRACE")
        experts = run_clean(self, "-n", "-r", path, "-T", "fields", "-e", "_ws.expert.message").stdout.splitlines()
        self.assertEqual(experts[0], "Datagram of 0 bytes is too short for the 24-byte header")

    def test_fields_of_a_truncated_header(self):
        path = tshark().scratch("short16.pcap", write_pcap_ipv4_udp([GOOD[:16]]))
        row = run_clean(self, "-n", "-r", path, "-T", "fields", "-E", "separator=|", "-e", "nxtrace.device_id",
                        "-e", "nxtrace.seq", "-e", "nxtrace.event_count", "-e", "nxtrace.undecoded").stdout.split("|")
        device, seq = struct.unpack("!II", GOOD[8:16])
        self.assertEqual([int(row[0], 16), int(row[1]), int(row[2])], [device, seq, struct.unpack("!H", GOOD[6:8])[0]])
        self.assertEqual(row[3].strip(), "")

    def test_empty_datagram_only_where_nxtrace_owns_the_port(self):
        self.assertEqual(self.frames_with("empty_other", [b""], "nxtrace", dport=50001), [])
        self.assertEqual(self.frames_with("empty_dns", [b""], "nxtrace", sport=47474, dport=53), [])
        self.assertEqual(self.frames_with("empty_src", [b""], "nxtrace", sport=47474, dport=50001), [1])
        self.assertEqual(self.frames_with("empty_decode_as", [b""], "nxtrace.malformed.short_header",
                                          extra=("-d", "udp.port==50001,nxtrace"), dport=50001), [1])

    def test_heuristic_stays_strict(self):
        # Elsewhere only magic and version 1 make a trace datagram; then it is flagged like on the port.
        dgs = [b"", b"NXTR", b"NXTR\x02" + GOOD[5:], b"NXTR\x01", GOOD[:23], GOOD]
        self.assertEqual(self.frames_with("heur", dgs, "nxtrace", dport=50001), [4, 5, 6])
        self.assertEqual(self.frames_with("heur_short", dgs, "nxtrace.malformed.short_header", dport=50001), [4, 5])


class DeviceText(unittest.TestCase):
    """LOG and DEVICE_INFO text from the device: labels and the Info column stay valid UTF-8."""

    def test_labels_are_cut_at_a_character(self):
        euro, smile = "\u20ac", "\U0001f600"
        dg = with_events(log_event((euro * 300).encode()), device_info_event((smile * 63).encode(), b"1.0"))
        path = tshark().scratch("long_text.pcap", write_pcap_ipv4_udp([dg]))
        out = run_clean(self, "-n", "-r", path, "-V").stdout  # fails on invalid UTF-8
        labels = [l.strip() for l in out.splitlines()]
        log = [l for l in labels if l.startswith("LOG event [err]: ")][0]
        info = [l for l in labels if l.startswith("DEVICE_INFO event: ")][0]
        self.assertRegex(log, "^LOG event \\[err\\]: (%s)+\u2026$" % euro)
        self.assertRegex(info, "^DEVICE_INFO event: (%s)+\u2026, firmware 1.0$" % smile)
        # The items themselves hold the whole text.
        p = run_clean(self, "-n", "-r", path, "-T", "fields", "-E", "separator=|",
                      "-e", "nxtrace.log.text", "-e", "nxtrace.device_info.name")
        self.assertEqual(p.stdout.rstrip("\n").split("|"), [euro * 300, smile * 63])

    def test_info_column_cut_at_a_character(self):
        # 40 LOG events of 150 three-byte characters: far more than Wireshark's 4096-byte column.
        dg = with_events(*[log_event(("\u20ac" * 150).encode()) for _ in range(40)])
        path = tshark().scratch("many_logs.pcap", write_pcap_ipv4_udp([dg]))
        info = run_clean(self, "-n", "-r", path, "-T", "fields", "-e", "_ws.col.Info").stdout.rstrip("\n")
        self.assertLess(len(info.encode()), 4096)
        self.assertTrue(info.endswith("\u2026"), info[-20:])
        self.assertIn("; LOG err: \u20ac\u20ac", info)

    def test_invalid_utf8_is_flagged(self):
        dgs = [with_events(log_event(b"ok \xff\xfe bad")),
               with_events(log_event(b"C string\x00")),
               with_events(device_info_event(b"sen\xc3", b"1.0")),
               with_events(device_info_event(b"sensor", b"v\x80")),
               with_events(log_event("\u00fcn\u00efc\u00f6d\u00e9 \u20ac".encode()))]
        path = tshark().scratch("bad_utf8.pcap", write_pcap_ipv4_udp(dgs))
        rows = run_clean(self, "-n", "-r", path, "-T", "fields", "-e", "_ws.expert.message").stdout.splitlines()
        bad = [[m for m in r.split(",") if "UTF-8" in m] for r in rows]
        self.assertEqual(bad, [
            ["The LOG text is not valid UTF-8 (byte 4 of 9): shown with replacement characters"],
            [],
            ["The device name is not valid UTF-8 (byte 4 of 4): shown with replacement characters"],
            ["The firmware version is not valid UTF-8 (byte 2 of 2): shown with replacement characters"],
            []])
        flagged = run_clean(self, "-n", "-r", path, "-Y", "nxtrace.bad_utf8", "-T", "fields", "-e", "frame.number")
        self.assertEqual(flagged.stdout.split(), ["1", "3", "4"])


class FuzzRegressions(unittest.TestCase):
    """Every datagram the fuzzer found a problem with (fuzz/regressions/datagram), through tshark."""

    def test_fuzzer_findings(self):
        files = sorted(glob.glob(os.path.join(REGRESSIONS, "datagram", "*")))
        self.assertTrue(files, "no regression inputs in " + REGRESSIONS)
        dgs = []
        for f in files:
            with open(f, "rb") as fh:
                dgs.append(fh.read())
        path = tshark().scratch("regressions.pcap", write_pcap_ipv4_udp(dgs + [GOOD]))
        for extra in ([], ["-V"], ["-2", "-V"]):
            run_clean(self, "-n", "-r", path, *extra)
        rows = run_clean(self, "-n", "-r", path, "-T", "fields", "-e", "_ws.expert.message").stdout.splitlines()
        self.assertEqual(len(rows), len(dgs) + 1)
        self.assertEqual([os.path.basename(files[i]) for i, r in enumerate(rows[:-1]) if EXCEPTION in r], [])


if __name__ == "__main__":
    unittest.main()
