# SPDX-License-Identifier: GPL-2.0-or-later
"""What every capture test checks, given a capture and the statuses expected
in it: resolution, links in single pass and -2, alerts, reverse links."""
from nxtshark import tshark

STATUS_FIELDS = ["frame.number", "nxtrace.device_id", "nxtrace.device.name", "nxtrace.status",
                 "nxtrace.status.name", "nxtrace.status.family", "nxtrace.status.severity", "nxtrace.api",
                 "nxtrace.record.epoch", "nxtrace.record.seq", "nxtrace.status.flags.record_sent",
                 "nxtrace.link.method", "nxtrace.link.record_frame", "nxtrace.link.prev_frame",
                 "nxtrace.link.next_frame", "nxtrace.link.alert_frame", "nxtrace.link.alert_desc",
                 "nxtrace.link.handshake_frame", "nxtrace.link.stream", "nxtrace.link.partial",
                 "nxtrace.status.hint", "nxtrace.status.description"]


def status_rows(capture, two_pass):
    rows = tshark().fields(capture, STATUS_FIELDS, "nxtrace.status", two_pass=two_pass)
    return {int(r[0]): dict(zip(STATUS_FIELDS, r)) for r in rows}


def reverse_links(capture, two_pass):
    rows = tshark().fields(capture, ["frame.number", "nxtrace.reported_in"], "nxtrace.reported_in",
                           two_pass=two_pass)
    return {int(r[0]): r[1] for r in rows}


class CaptureCase:
    """Subclasses name a capture, its device and the expected statuses:
    frame -> (name, api, epoch, seq, sent, record_frame, prev_frame, next_frame in -2)."""
    capture = None
    device = None
    statuses = {}
    alerts = {}        # status frame -> (alert frame, alert description number)
    handshake = None   # frame of the first ClientHello (or status frame -> it)
    methods = {}       # status frame -> link method, for statuses that name no record
    stream = None      # udp.stream of the DTLS flow

    def test_every_status_resolved(self):
        rows = status_rows(self.capture, two_pass=True)
        self.assertEqual(sorted(rows), sorted(self.statuses))
        for frame, (name, api, *_rest) in self.statuses.items():
            r = rows[frame]
            with self.subTest(frame=frame):
                self.assertEqual(r["nxtrace.device_id"], self.device[0])
                self.assertEqual(r["nxtrace.device.name"], self.device[1])
                self.assertEqual(r["nxtrace.status.name"], name)
                self.assertEqual(r["nxtrace.api"], str(api))
                self.assertIn(r["nxtrace.status.severity"], ("success", "info", "warning", "error"))
                self.assertTrue(r["nxtrace.status.hint"])
                self.assertTrue(r["nxtrace.status.description"])

    def test_links_two_pass(self):
        rows = status_rows(self.capture, two_pass=True)
        for frame, (name, api, epoch, seq, sent, rec, prev, nxt) in self.statuses.items():
            r = rows[frame]
            with self.subTest(frame=frame):
                self.assertEqual(r["nxtrace.link.method"], "record" if rec else self.methods[frame])
                self.assertEqual(r["nxtrace.record.epoch"], str(epoch) if epoch is not None else "")
                self.assertEqual(r["nxtrace.record.seq"], str(seq) if seq is not None else "")
                self.assertEqual(r["nxtrace.status.flags.record_sent"], sent)
                self.assertEqual(r["nxtrace.link.record_frame"], frames_str(rec))
                self.assertEqual(r["nxtrace.link.prev_frame"], str(prev) if prev else "")
                self.assertEqual(r["nxtrace.link.next_frame"], str(nxt) if nxt else "")
                self.assertEqual(r["nxtrace.link.partial"], "")
                if rec:
                    hs = self.handshake.get(frame) if isinstance(self.handshake, dict) else self.handshake
                    self.assertEqual(r["nxtrace.link.stream"], str(self.stream))
                    self.assertEqual(r["nxtrace.link.handshake_frame"], str(hs))

    def test_single_pass_links_backwards_only(self):
        rows = status_rows(self.capture, two_pass=False)
        for frame, (name, api, epoch, seq, sent, rec, prev, nxt) in self.statuses.items():
            r = rows[frame]
            with self.subTest(frame=frame):
                self.assertEqual(r["nxtrace.link.record_frame"],
                                 frames_str(tuple(f for f in frames_list(rec) if f < frame)))
                self.assertEqual(r["nxtrace.link.prev_frame"], str(prev) if prev else "")
                self.assertEqual(r["nxtrace.link.next_frame"], "")  # never a forward link
                self.assertEqual(r["nxtrace.link.partial"], "1")

    def test_alerts(self):
        rows = status_rows(self.capture, two_pass=True)
        for frame, (alert_frame, desc) in self.alerts.items():
            with self.subTest(frame=frame):
                self.assertEqual(rows[frame]["nxtrace.link.alert_frame"], str(alert_frame))
                self.assertEqual(rows[frame]["nxtrace.link.alert_desc"], str(desc))

    def test_reverse_links(self):
        expected = {}
        for frame, (_n, _a, _e, _s, _sent, rec, _p, _x) in self.statuses.items():
            for f in frames_list(rec):
                expected.setdefault(f, set()).add(str(frame))
        for frame, (alert_frame, _d) in self.alerts.items():
            expected.setdefault(alert_frame, set()).add(str(frame))
        got = {f: set(v.split(",")) for f, v in reverse_links(self.capture, two_pass=True).items()}
        self.assertEqual(got, expected)
        # Single pass: a DTLS frame is printed before later statuses are read,
        # so it links back only to statuses that came before it (a replay).
        earlier = {f: {st for st in v if int(st) < f} for f, v in expected.items()}
        got = {f: set(v.split(",")) for f, v in reverse_links(self.capture, two_pass=False).items()}
        self.assertEqual(got, {f: v for f, v in earlier.items() if v})

    def test_filter_on_link_fields_without_tree(self):
        rec_frames = sorted(f for f, s in self.statuses.items() if s[5])
        self.assertEqual(tshark().frames(self.capture, 'nxtrace.link.method == "record"'), rec_frames)


T, F = "1", "0"


def frames_str(rec):
    """Expected frame list as tshark prints it: one frame, or several joined by ','."""
    if not rec:
        return ""
    return ",".join(str(f) for f in rec) if isinstance(rec, tuple) else str(rec)


def frames_list(rec):
    return list(rec) if isinstance(rec, tuple) else ([rec] if rec else [])
