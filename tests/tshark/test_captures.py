# SPDX-License-Identifier: GPL-2.0-or-later
"""tshark on every bundled capture (real OpenSSL DTLS, captures/README.md): named
fields of named frames, in single pass and with -2."""
import unittest

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
                self.assertEqual(r["nxtrace.link.method"], "record" if rec else r["nxtrace.link.method"])
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
        out = tshark().run("-n", "-r", tshark().path(self.capture), "-Y", 'nxtrace.link.method == "record"',
                           "-T", "fields", "-e", "frame.number").stdout.split()
        self.assertEqual([int(f) for f in out], rec_frames)


T, F = "1", "0"


def frames_str(rec):
    """Expected frame list as tshark prints it: one frame, or several joined by ','."""
    if not rec:
        return ""
    return ",".join(str(f) for f in rec) if isinstance(rec, tuple) else str(rec)


def frames_list(rec):
    return list(rec) if isinstance(rec, tuple) else ([rec] if rec else [])


class GoodSession(CaptureCase, unittest.TestCase):
    """Device as DTLS client: handshake, three exchanges, the device closes."""
    capture = "good_session.pcapng"
    device = ("0x00000007", "sensor-07")
    handshake = 2
    stream = 1
    statuses = {
        15: ("NX_SUCCESS", 3, 1, 0, F, 14, 14, 16),  # the server's Finished
        17: ("NX_SUCCESS", 32, 1, 1, T, 16, 16, 18),
        19: ("NX_SUCCESS", 30, 1, 1, F, 18, 18, 20),
        21: ("NX_SUCCESS", 32, 1, 2, T, 20, 20, 22),
        23: ("NX_SUCCESS", 30, 1, 2, F, 22, 22, 24),
        25: ("NX_SUCCESS", 32, 1, 3, T, 24, 24, 26),
        27: ("NX_SUCCESS", 30, 1, 3, F, 26, 26, 28),
        29: ("NX_SUCCESS", 27, 1, 4, T, 28, 28, 30),
    }

    def test_success_aliases_searchable(self):
        out = tshark().run("-n", "-r", tshark().path(self.capture), "-Y",
                           'nxtrace.status.alias == "NX_SECURE_TLS_SUCCESS"', "-T", "fields",
                           "-e", "frame.number").stdout.split()
        self.assertEqual([int(f) for f in out], sorted(self.statuses))

    def test_info_column_reads_like_a_log_line(self):
        rows = tshark().fields(self.capture, ["_ws.col.Info"], "frame.number == 17")
        self.assertEqual(rows[0][0], "dev 0x00000007 sensor-07 seq 3 nx_secure_dtls_session_send: NX_SUCCESS (0x0)")

    def test_no_sequence_anomalies(self):
        rows = tshark().fields(self.capture, ["frame.number"], "nxtrace.seq.lost or nxtrace.seq.duplicate_of")
        self.assertEqual(rows, [])


class ServerPeerClose(CaptureCase, unittest.TestCase):
    """Device as DTLS server; openssl s_client sends close_notify first (0x127)."""
    capture = "server_peer_close.pcapng"
    device = ("0x00000008", "gateway-08")
    handshake = 2
    stream = 1
    statuses = {
        # server_start has no session yet: tied to the device's next flow by time (a guess).
        1: ("NX_SUCCESS", 18, None, None, F, None, None, 2),
        9: ("NX_SUCCESS", 17, 1, 0, T, 8, 8, 10),
        11: ("NX_SUCCESS", 30, 1, 1, F, 10, 10, 12),
        13: ("NX_SUCCESS", 16, 1, 1, T, 12, 12, 14),
        15: ("NX_SUCCESS", 30, 1, 2, F, 14, 14, 16),
        17: ("NX_SUCCESS", 16, 1, 2, T, 16, 16, 18),
        19: ("NX_SUCCESS", 30, 1, 3, F, 18, 18, 20),
        21: ("NX_SUCCESS", 16, 1, 3, T, 20, 20, 22),
        23: ("NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED", 30, 1, 4, F, 22, 22, 24),
        25: ("NX_SUCCESS", 27, 1, 4, T, 24, 24, None),
    }
    alerts = {23: (22, 0)}  # the peer's close_notify

    def test_close_notify_is_info_not_error(self):
        rows = status_rows(self.capture, two_pass=True)
        self.assertEqual(rows[23]["nxtrace.status.severity"], "info")
        self.assertEqual(rows[1]["nxtrace.link.method"], "device+time")


class UntrustedCert(CaptureCase, unittest.TestCase):
    """Server certificate from an unknown CA: 0x11B on the Certificate record, unknown_ca sent."""
    capture = "untrusted_cert.pcapng"
    device = ("0x00000009", "sensor-09")
    handshake = 2
    stream = 1
    statuses = {13: ("NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND", 3, 0, 6, F, 9, 12, None)}
    alerts = {13: (12, 48)}  # unknown_ca

    def test_error_in_expert_info(self):
        out = tshark().run("-n", "-q", "-r", tshark().path(self.capture), "-z", "expert,warn").stdout
        self.assertIn("NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND (0x11b) from nx_secure_dtls_client_session_start",
                      out)

    def test_severity_and_family(self):
        r = status_rows(self.capture, two_pass=False)[13]
        self.assertEqual((r["nxtrace.status.family"], r["nxtrace.status.severity"]), ("tls", "error"))
        self.assertIn("trust", r["nxtrace.status.hint"])


class ExpiredCert(CaptureCase, unittest.TestCase):
    """Expired server certificate: 0x193 (X.509 family), certificate_expired sent."""
    capture = "expired_cert.pcapng"
    device = ("0x0000000a", "sensor-10")
    handshake = 2
    stream = 1
    statuses = {13: ("NX_SECURE_X509_CERTIFICATE_EXPIRED", 3, 0, 6, F, 9, 12, None)}
    alerts = {13: (12, 45)}  # certificate_expired

    def test_family_x509(self):
        r = status_rows(self.capture, two_pass=False)[13]
        self.assertEqual((r["nxtrace.status.family"], r["nxtrace.status.severity"]), ("x509", "error"))


if __name__ == "__main__":
    unittest.main()
