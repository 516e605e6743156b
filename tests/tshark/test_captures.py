# SPDX-License-Identifier: GPL-2.0-or-later
"""tshark on every bundled capture (real OpenSSL DTLS, captures/README.md): named
fields of named frames, in single pass and with -2."""
import unittest

from nxtshark import tshark
from linkcase import CaptureCase, F, T, status_rows

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
        self.assertEqual(tshark().frames(self.capture, 'nxtrace.status.alias == "NX_SECURE_TLS_SUCCESS"'),
                         sorted(self.statuses))

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
    methods = {1: "device+time"}
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
