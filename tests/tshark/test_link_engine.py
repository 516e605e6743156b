# SPDX-License-Identifier: GPL-2.0-or-later
"""The link engine on real captures cut and reordered with editcap/mergecap:
what only a later frame can complete (a record or a flow that arrives after
the status names it) is completed in -2 and never guessed in a single pass;
a missing record leaves the `session` method; DTLS frames carry their
reverse links under a protocol of their own."""
import glob
import os
import subprocess
import tempfile
import unittest

from linkcase import status_rows
from nxtshark import CAPTURES, tshark


def rebuild(name, source, pieces):
    """A capture made of frame ranges of a bundled one, in the given order
    (editcap -r keeps a range, mergecap -a concatenates without sorting)."""
    with tempfile.TemporaryDirectory() as tmp:
        parts = []
        for i, (first, last) in enumerate(pieces):
            part = os.path.join(tmp, "%d.pcapng" % i)
            subprocess.run(["editcap", "-r", os.path.join(CAPTURES, source), part, "%d-%d" % (first, last)],
                           check=True, stdout=subprocess.DEVNULL)
            parts.append(part)
        out = os.path.join(tmp, name)
        subprocess.run(["mergecap", "-a", "-w", out] + parts, check=True)
        with open(out, "rb") as f:
            return tshark().scratch(name, f.read())


def row(path, frame, two_pass):
    return status_rows(path, two_pass)[frame]


class TraceDatagramsOnly(unittest.TestCase):
    def test_nxtrace_filter_matches_trace_datagrams_only(self):
        for capture in sorted(glob.glob(os.path.join(CAPTURES, "*.pcapng"))):
            with self.subTest(capture=os.path.basename(capture)):
                traces = tshark().frames(capture, "udp.port == 47474", two_pass=True)
                self.assertEqual(tshark().frames(capture, "nxtrace", two_pass=True), traces)
                self.assertFalse(set(tshark().frames(capture, "nxtrace_dtls", two_pass=True)) & set(traces))

    def test_reverse_links_under_their_own_protocol(self):
        rows = tshark().fields("untrusted_cert.pcapng", ["frame.number", "nxtrace.reported_in"],
                               "nxtrace.reported_in", two_pass=True)
        self.assertEqual(rows, [["9", "13"], ["12", "13"]])
        self.assertEqual(tshark().frames("untrusted_cert.pcapng", "nxtrace_dtls", two_pass=True), [9, 12])
        self.assertEqual(tshark().frames("untrusted_cert.pcapng", "nxtrace_dtls and nxtrace", two_pass=True), [])


class NoTreeInTheFirstPass(unittest.TestCase):
    """tshark -2 without -Y or -R builds no tree in its first pass and runs no taps there: the index
    is still complete, and every status of good_session links to its record."""

    def test_two_pass_without_filter(self):
        rows = tshark().fields("good_session.pcapng", ["frame.number", "nxtrace.link.method",
                                                       "nxtrace.link.record_frame", "nxtrace.reported_in"],
                               two_pass=True)
        links = {int(f): (m, r) for f, m, r, _ in rows if m}
        self.assertEqual(links, {f: ("record", str(f - 1)) for f in range(15, 30, 2)})
        reverse = {int(f): rep for f, _, _, rep in rows if rep}
        self.assertEqual(reverse, {f - 1: str(f) for f in range(15, 30, 2)})


class RecordCutOut(unittest.TestCase):
    """untrusted_cert without frame 9, the Certificate record 0x11B names: the SESSION block still
    finds the flow (method session), the record is reported missing, the alert is still found."""

    def setUp(self):
        self.path = rebuild("no_certificate.pcapng", "untrusted_cert.pcapng", [(1, 8), (10, 13)])

    def test_session_method(self):
        for two_pass in (False, True):
            r = row(self.path, 12, two_pass)
            with self.subTest(two_pass=two_pass):
                self.assertEqual(r["nxtrace.link.method"], "session")
                self.assertEqual(r["nxtrace.link.record_frame"], "")
                self.assertEqual(r["nxtrace.link.prev_frame"], "11")
                self.assertEqual((r["nxtrace.link.alert_frame"], r["nxtrace.link.alert_desc"]), ("11", "48"))

    def test_record_missing_expert(self):
        rows = tshark().fields(self.path, ["frame.number"], "nxtrace.link.record_missing", two_pass=True)
        self.assertEqual(rows, [["12"]])


class StatusBeforeItsRecord(unittest.TestCase):
    """good_session with the status of frame 15 moved before the record it names (frame 14): a single
    pass cannot know the record yet (session method, record missing so far); -2 links it exactly."""

    def setUp(self):
        self.path = rebuild("status_first.pcapng", "good_session.pcapng", [(1, 13), (15, 15), (14, 14), (16, 30)])

    def test_single_pass_never_guesses_forward(self):
        r = row(self.path, 14, two_pass=False)
        self.assertEqual((r["nxtrace.link.method"], r["nxtrace.link.record_frame"], r["nxtrace.link.next_frame"]),
                         ("session", "", ""))

    def test_two_pass_completes_the_link(self):
        r = row(self.path, 14, two_pass=True)
        self.assertEqual((r["nxtrace.link.method"], r["nxtrace.link.record_frame"], r["nxtrace.link.next_frame"]),
                         ("record", "15", "15"))
        rows = tshark().fields(self.path, ["frame.number", "nxtrace.reported_in"], "frame.number == 15",
                               two_pass=True)
        self.assertEqual(rows, [["15", "14"]])


class StatusBeforeItsFlow(unittest.TestCase):
    """good_session's status of frame 15 moved to the very front, before its flow exists."""

    def setUp(self):
        self.path = rebuild("flow_later.pcapng", "good_session.pcapng", [(15, 15), (1, 14), (16, 30)])

    def test_linked_once_the_flow_and_record_come(self):
        r = row(self.path, 1, two_pass=True)
        self.assertEqual((r["nxtrace.link.method"], r["nxtrace.link.record_frame"], r["nxtrace.link.stream"]),
                         ("record", "15", "1"))
        r = row(self.path, 1, two_pass=False)
        self.assertEqual((r["nxtrace.link.method"], r["nxtrace.link.record_frame"]), ("none", ""))


if __name__ == "__main__":
    unittest.main()
