# SPDX-License-Identifier: GPL-2.0-or-later
"""-z nxtrace,review on every bundled capture: per-session outcome, first
error and frames, in text and JSON, single pass and -2; the JSON validates
against the schema in docs/REVIEW.md; the DTLS facts agree with Wireshark's
own DTLS dissector."""
import json
import os
import re
import unittest

from nxtshark import tshark, CAPTURES
from schema_lite import schema_from_markdown, validate

DOCS = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "REVIEW.md")
CLOSE = "close_notify"

# capture -> sessions, in order of their first record:
# (device, role, outcome, outcome frame, established frame, first error (name, frame) or None,
#  handshake frames, last alert (frame, description, sender))
# From captures/README.md's frame maps: the proof of 'closed' is the first close_notify (or the record a
# session_end / 0x127 status names), of 'established' the Finished a session start status names.
AS_DTLS = object()  # an alert description that is whatever this tshark's DTLS dissector decodes
# The alert descriptions of the bundled captures (RFC 8446 names, as the review writes them).
ALERT_NAMES = {0: "close_notify", 40: "handshake_failure", 45: "certificate_expired", 48: "unknown_ca"}
SESSIONS = {
    "good_session.pcapng": [("0x00000007", "client", "closed", 28, 14, None, [2], (30, CLOSE, "peer"))],
    "server_peer_close.pcapng": [("0x00000008", "server", "closed", 22, 8, None, [2], (24, CLOSE, "device"))],
    "untrusted_cert.pcapng": [("0x00000009", "client", "failed", 12, None,
                               ("NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND", 13), [2], (12, "unknown_ca", "device"))],
    "expired_cert.pcapng": [("0x0000000a", "client", "failed", 12, None,
                             ("NX_SECURE_X509_CERTIFICATE_EXPIRED", 13), [2], (12, "certificate_expired", "device"))],
    # 0x150: DTLS drops the record and the session goes on: an error, not a failure.
    "bad_record_mac.pcapng": [("0x0000000b", "client", "closed", 32, 14, ("NX_SECURE_TLS_AEAD_DECRYPT_FAIL", 23),
                               [2], (34, CLOSE, "peer"))],
    "replayed_record.pcapng": [("0x0000000c", "client", "closed", 30, 14, None, [2], (32, CLOSE, "peer"))],
    "wrong_epoch.pcapng": [("0x0000000d", "client", "closed", 32, 14, None, [2], (34, CLOSE, "peer"))],
    # The resent ClientHello (frame 6) continues the handshake begun in frame 2.
    "lost_flight.pcapng": [("0x0000000e", "client", "closed", 32, 18, None, [2], (34, CLOSE, "peer"))],
    "peer_alert.pcapng": [("0x0000000f", "client", "failed", 18, None, ("NX_SECURE_TLS_ALERT_RECEIVED", 19), [2],
                           (18, "handshake_failure", "peer"))],
    "two_devices.pcapng": [("0x00000010", "client", "closed", 55, 25, None, [3], (57, CLOSE, "peer")),
                           ("0x00000011", "client", "closed", 58, 29, None, [5], (60, CLOSE, "peer"))],
    "ipv6_session.pcapng": [("0x00000012", "client", "closed", 29, 15, None, [2], (31, CLOSE, "peer"))],
    "lost_trace.pcapng": [("0x00000013", "client", "closed", 27, 14, None, [2], (29, CLOSE, "peer"))],
    "trace_faults.pcapng": [("0x00000014", "client", "closed", 29, 14, None, [2], (31, CLOSE, "peer"))],
    # The session_end status names the device's close_notify (45). Whether the epoch-2 alerts are decrypted
    # depends on the Wireshark version (4.6 does, 4.0 does not): test_dtls_facts_agree_with_the_dtls_dissector
    # checks the description against what this tshark's DTLS dissector shows.
    "renegotiation.pcapng": [("0x00000015", "client", "closed", 45, 14, None, [2, 25], (47, AS_DTLS, "peer"))],
    # the real NetX device (captures/README.md, "A real NetX device")
    "netx_client_session.pcapng": [("0x0000001f", "client", "closed", 32, 15, None, [2], (33, CLOSE, "peer"))],
    "netx_server_session.pcapng": [("0x00000020", "server", "closed", 29, 12, None, [3], (30, CLOSE, "peer"))],
    "netx_untrusted_ca.pcapng": [("0x00000021", "client", "failed", 12, None,
                                  ("NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND", 13), [2], (12, "unknown_ca", "device"))],
    "netx_handshake_rejected.pcapng": [("0x00000022", "client", "failed", 5, None, ("NX_SECURE_TLS_ALERT_RECEIVED", 6),
                                        [2], (5, "handshake_failure", "peer"))],
    # no peer ever answered: the start's NX_NO_PACKET (frame 5) says so; session_end (6) is only cleanup
    "netx_no_server.pcapng": [("0x00000023", "client", "timed_out", 5, None, None, [2], (None, None, None))],
    "netx_receive_timeout.pcapng": [("0x00000024", "client", "closed", 23, 15, None, [2], (24, CLOSE, "peer"))],
    "netx_peer_close.pcapng": [("0x00000025", "server", "closed", 24, 12, None, [3], (26, CLOSE, "device"))],
    "netx_two_sessions.pcapng": [("0x00000026", "client", "closed", 27, 15, None, [2], (28, CLOSE, "peer")),
                                 ("0x00000026", "client", "closed", 55, 43, None, [30], (58, CLOSE, "peer"))],
    "netx_ipv6_session.pcapng": [("0x00000027", "client", "closed", 28, 16, None, [2], (29, CLOSE, "peer"))],
    "netx_trace_drop.pcapng": [("0x00000028", "client", "closed", 31, 15, None, [2], (32, CLOSE, "peer"))],
    "netx_batched.pcapng": [("0x00000029", "client", "closed", 24, 15, None, [2], (25, CLOSE, "peer"))],
    "clock_drift.pcapng": [("0x00000016", "client", "closed", 28, 14, None, [2], (30, CLOSE, "peer"))],
    "uptime_restart.pcapng": [("0x00000017", "client", "closed", 28, 14, None, [2], (30, CLOSE, "peer"))],
    "utc_restart.pcapng": [("0x00000018", "client", "closed", 28, 14, None, [2], (30, CLOSE, "peer"))],
}
# sessions that never saw a ServerHello (no cipher suite, the review says null)
NO_SERVER_HELLO = {"netx_no_server.pcapng", "netx_handshake_rejected.pcapng"}

# Failed sessions: (status name, its frame, record frames, alert frame, expected alert, as expected)
FAILED = {
    "untrusted_cert.pcapng": ("NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND", 13, [9], 12, "unknown_ca", True),
    "expired_cert.pcapng": ("NX_SECURE_X509_CERTIFICATE_EXPIRED", 13, [9], 12, "certificate_expired", True),
    "peer_alert.pcapng": ("NX_SECURE_TLS_ALERT_RECEIVED", 19, [18], 18, None, True),
    "netx_untrusted_ca.pcapng": ("NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND", 13, [9], 12, "unknown_ca", True),
    "netx_handshake_rejected.pcapng": ("NX_SECURE_TLS_ALERT_RECEIVED", 6, [5], 5, None, True),
}

# Timeline frames: every non-success status and each session start/end success.
TIMELINE = {
    "good_session.pcapng": [15, 29],
    "server_peer_close.pcapng": [9, 23, 25],
    "bad_record_mac.pcapng": [15, 23, 33],
    "replayed_record.pcapng": [15, 27, 31],
    "untrusted_cert.pcapng": [13],
    "two_devices.pcapng": [26, 30, 56, 59],
}

_cache = {}


def review(capture, two_pass=False, json_out=True, extra=""):
    """The JSON review (or the text one) of a capture; one tshark run gives both."""
    key = (capture, two_pass, extra)
    if key not in _cache:
        args = ["-n", "-q", "-r", tshark().path(capture), "-z", "nxtrace,review" + extra,
                "-z", "nxtrace,review,json" + extra]
        if two_pass:
            args.insert(0, "-2")
        out = tshark().run(*args).stdout
        start, end = out.index("{\n"), out.index("\n}\n") + 3
        _cache[key] = (json.loads(out[start:end]), out[:start] + out[end:])
    return _cache[key][0 if json_out else 1]


def text_sessions(text):
    """Per session block of the text review: its lines by label."""
    section = "\n" + text.split("\nDTLS sessions\n", 1)[1].split("\nFailed sessions\n")[0]
    blocks = re.split(r"\n  #(\d+)  ", section)
    return [dict(re.findall(r"^    ([a-z ]+):\s+(.*)$", b, re.M)) for b in blocks[2::2]]


class Review(unittest.TestCase):
    def test_every_bundled_capture_is_covered(self):
        self.assertEqual(sorted(SESSIONS), sorted(f for f in os.listdir(CAPTURES) if f.endswith(".pcapng")))

    def test_sessions_json(self):
        for capture, expected in SESSIONS.items():
            for two_pass in (False, True):
                with self.subTest(capture=capture, two_pass=two_pass):
                    got = review(capture, two_pass)["sessions"]
                    self.assertEqual(len(got), len(expected))
                    for s, (dev, role, outcome, oframe, est, err, hs, alert) in zip(got, expected):
                        self.assertEqual(s["device"], dev)
                        self.assertEqual(s["device_role"], role)
                        self.assertEqual(s["role_from"], "status")
                        self.assertEqual(s["outcome"], outcome)
                        self.assertEqual(s["outcome_frame"], oframe)
                        self.assertEqual(s["established_frame"], est)
                        self.assertEqual((s["first_error"], s["first_error_frame"]), err or (None, None))
                        self.assertEqual(s["handshake_frames"], hs)
                        la = s["last_alert"] or {"frame": None, "description": None, "sender": None}
                        if alert[1] is AS_DTLS:
                            alert = (alert[0], la["description"], alert[2])
                        self.assertEqual((la["frame"], la["description"], la["sender"]), alert)
                        if capture in NO_SERVER_HELLO:
                            self.assertIsNone(s["cipher_suite"])
                        else:
                            self.assertEqual(s["cipher_suite"]["name"], "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")

    def test_sessions_text(self):
        for capture, expected in SESSIONS.items():
            for two_pass in (False, True):
                with self.subTest(capture=capture, two_pass=two_pass):
                    got = text_sessions(review(capture, two_pass, json_out=False))
                    self.assertEqual(len(got), len(expected))
                    for s, (dev, role, outcome, oframe, est, err, hs, alert) in zip(got, expected):
                        self.assertTrue(s["device"].startswith(dev + " "), s["device"])
                        self.assertIn("DTLS %s (from the statuses)" % role, s["device"])
                        self.assertTrue(s["outcome"].startswith("%s (frame %d)" % (outcome, oframe)), s["outcome"])
                        if est and outcome != "established":
                            self.assertIn("established in frame %d" % est, s["outcome"])
                        if err:
                            self.assertEqual(s["first error"], "%s in frame %d" % err)
                        else:
                            self.assertNotIn("first error", s)
                        self.assertEqual(s["handshake"], "began in " + ", ".join("frame %d" % f for f in hs))
                        if alert[0] is None:
                            self.assertNotIn("last alert", s)
                        else:
                            self.assertTrue(s["last alert"].endswith("frame %d" % alert[0]), s["last alert"])

    def test_single_pass_and_two_pass_print_the_same(self):
        for capture in SESSIONS:
            with self.subTest(capture=capture):
                self.assertEqual(review(capture, False, json_out=False), review(capture, True, json_out=False))
                self.assertEqual(review(capture, False), review(capture, True))

    def test_json_validates_against_the_documented_schema(self):
        schema = schema_from_markdown(DOCS)
        for capture in SESSIONS:
            with self.subTest(capture=capture):
                self.assertEqual(validate(review(capture), schema), [])

    def test_schema_validator_rejects_what_the_schema_forbids(self):
        schema = schema_from_markdown(DOCS)
        doc = json.loads(json.dumps(review("untrusted_cert.pcapng")))
        doc["sessions"][0]["outcome"] = "exploded"
        del doc["capture"]["frames"]
        doc["failed"][0]["extra"] = 1
        errors = validate(doc, schema)
        self.assertEqual(len(errors), 3, errors)

    def test_failed_sessions(self):
        for capture, (name, frame, records, alert, expected, as_expected) in FAILED.items():
            for two_pass in (False, True):
                with self.subTest(capture=capture, two_pass=two_pass):
                    failed = review(capture, two_pass)["failed"]
                    self.assertEqual(len(failed), 1)
                    f = failed[0]
                    self.assertEqual(f["session"], 1)
                    self.assertEqual(f["status"]["name"], name)
                    self.assertEqual(f["status"]["frame"], frame)
                    self.assertEqual(f["status"]["record_frames"], records)
                    self.assertEqual(f["status"]["method"], "record")
                    self.assertTrue(f["status"]["meaning"] and f["status"]["hint"])
                    self.assertEqual(f["alert"]["frame"], alert)
                    self.assertEqual(f["expected_alert"], expected)
                    self.assertIs(f["alert_as_expected"], as_expected)
        for capture in set(SESSIONS) - set(FAILED):
            self.assertEqual(review(capture)["failed"], [], capture)

    def test_failed_text(self):
        text = review("untrusted_cert.pcapng", json_out=False)
        section = text.split("\nFailed sessions\n")[1].split("\nTimeline")[0]
        self.assertIn("#1  0x00000009 sensor-09: failed in frame 12", section)
        self.assertIn("status:     NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND (0x11b) from "
                      "nx_secure_dtls_client_session_start, frame 13 [error]", section)
        self.assertIn("record:     Certificate in frame 9 (matched by record)", section)
        self.assertIn("alert:      fatal unknown_ca from the device 127.0.0.12:50012, frame 12; "
                      "NetX sends unknown_ca for this status: as expected", section)
        self.assertIn("hint:", section)

    def test_timeline(self):
        for capture, frames in TIMELINE.items():
            with self.subTest(capture=capture):
                got = review(capture)["timeline"]
                self.assertEqual([t["frame"] for t in got], frames)
                self.assertTrue(all(t["session"] == 1 or capture == "two_devices.pcapng" for t in got))
        t = review("replayed_record.pcapng")["timeline"][1]
        self.assertEqual((t["name"], t["severity"], t["method"], t["record_frames"]),
                         ("NX_SECURE_TLS_REPEAT_MESSAGE_RECEIVED", "warning", "record", [22, 26]))

    def test_capture_and_devices(self):
        r = review("trace_faults.pcapng")
        self.assertEqual(r["capture"]["frames"], 31)
        self.assertEqual(r["capture"]["devices"], 1)
        self.assertEqual(r["capture"]["dtls_sessions"], 1)
        self.assertEqual(r["capture"]["statuses"]["total"], 9)  # the duplicate datagram counts again
        d = r["devices"][0]
        self.assertEqual((d["id"], d["name"], d["firmware"]), ("0x00000014", "sensor-20", "6.4.2-sim"))
        self.assertEqual(d["addresses"], ["127.0.0.32"])
        self.assertEqual(d["datagrams"], {"received": 10, "lost": 0, "duplicated": 1, "late": 1})
        self.assertEqual(review("lost_trace.pcapng")["devices"][0]["datagrams"]["lost"], 1)
        self.assertEqual(review("lost_trace.pcapng")["capture"]["trace_datagrams_lost"], 1)
        two = review("two_devices.pcapng")["devices"]
        self.assertEqual([(d["id"], d["name"]) for d in two], [("0x00000010", "sensor-16"), ("0x00000011", "sensor-17")])

    def test_received_datagrams_match_tshark(self):
        for capture in SESSIONS:
            rows = tshark().fields(capture, ["nxtrace.device_id"], "nxtrace")
            counts = {}
            for (dev,) in rows:
                counts[dev] = counts.get(dev, 0) + 1
            with self.subTest(capture=capture):
                self.assertEqual({d["id"]: d["datagrams"]["received"] for d in review(capture)["devices"]}, counts)

    def test_dtls_facts_agree_with_the_dtls_dissector(self):
        for capture in SESSIONS:
            with self.subTest(capture=capture):
                sessions = review(capture)["sessions"]
                by_stream = {s["udp_stream"]: s for s in sessions}
                rows = tshark().fields(capture, ["frame.number", "udp.stream"], "dtls")
                first, last = {}, {}
                for frame, stream in rows:
                    first.setdefault(int(stream), int(frame))
                    last[int(stream)] = int(frame)
                self.assertEqual(sorted(by_stream), sorted(first))
                for stream, s in by_stream.items():
                    self.assertEqual((s["first_frame"], s["last_frame"]), (first[stream], last[stream]))
                hello = tshark().fields(capture, ["udp.stream", "frame.number", "dtls.handshake.ciphersuite"],
                                        "dtls.handshake.type == 2")
                # The cipher in force: the last ServerHello the dissector reads (a renegotiated one only
                # where this Wireshark decrypts it).
                last_hello = {int(stream): (int(frame), int(suite, 16)) for stream, frame, suite in hello}
                for stream, (frame, suite) in last_hello.items():
                    s = by_stream[stream]
                    self.assertEqual((s["cipher_suite"]["server_hello_frame"], s["cipher_suite"]["id"]),
                                     (frame, suite))
                alerts = tshark().fields(capture, ["udp.stream", "frame.number", "dtls.alert_message.desc"],
                                         "dtls.record.content_type == 21")
                last_alert = {int(st): (int(f), ALERT_NAMES[int(d)] if d else None) for st, f, d in alerts}
                for stream, s in by_stream.items():
                    la = s["last_alert"] or {}
                    self.assertEqual((la.get("frame"), la.get("description")),
                                     last_alert.get(stream, (None, None)))

    def test_history(self):
        self.assertEqual(review("good_session.pcapng")["sessions"][0]["history"], "CvCsxknGIFtifLl")
        # The device is the server here: the peer's letters are the upper-case ones.
        self.assertEqual(review("server_peer_close.pcapng")["sessions"][0]["history"], "CvCsxknGIFtifLl")
        self.assertEqual(review("untrusted_cert.pcapng")["sessions"][0]["history"], "CvCsxknL")
        self.assertEqual(review("peer_alert.pcapng")["sessions"][0]["history"], "CvCsxkrnXGIFl")

    def test_file_option(self):
        self.assertEqual(review("good_session.pcapng", extra=",file=site-a/good.pcapng")["capture"]["file"],
                         "site-a/good.pcapng")
        self.assertIsNone(review("good_session.pcapng")["capture"]["file"])

    def test_bad_option_is_refused(self):
        p = tshark().run("-q", "-r", tshark().path("good_session.pcapng"), "-z", "nxtrace,review,jsn", check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn('invalid -z nxtrace,review option "jsn"', p.stderr)


if __name__ == "__main__":
    unittest.main()
