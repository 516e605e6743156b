# SPDX-License-Identifier: GPL-2.0-or-later
"""The link scenarios of captures/README.md (real OpenSSL DTLS through the
fault-injecting relay): exact linked frames and methods, single pass and -2."""
import struct
import unittest

from nxtshark import tshark
from linkcase import CaptureCase, T, F, status_rows, reverse_links

S = "NX_SUCCESS"


def app_exchange(first_status, epoch=1, first_seq=1, count=3):
    """Send/receive pairs after the handshake: (status frame -> expectation), two frames apart."""
    out, frame = {}, first_status
    for i in range(count):
        out[frame] = (S, 32, epoch, first_seq + i, T, frame - 1, frame - 1, frame + 1)
        out[frame + 2] = (S, 30, epoch, first_seq + i, F, frame + 1, frame + 1, frame + 3)
        frame += 4
    return out


class BadRecordMac(CaptureCase, unittest.TestCase):
    """The relay corrupts the 2nd record to the device: 0x150, DTLS drops it without an alert."""
    capture = "bad_record_mac.pcapng"
    device = ("0x0000000b", "sensor-11")
    handshake, stream = 2, 1
    statuses = {
        15: (S, 3, 1, 0, F, 14, 14, 16),
        17: (S, 32, 1, 1, T, 16, 16, 18),
        19: (S, 30, 1, 1, F, 18, 18, 20),
        21: (S, 32, 1, 2, T, 20, 20, 22),
        23: ("NX_SECURE_TLS_AEAD_DECRYPT_FAIL", 30, 1, 2, F, 22, 22, 24),
        25: (S, 32, 1, 3, T, 24, 24, 26),   # the reading sent again
        27: (S, 30, 1, 3, F, 26, 26, 28),
        29: (S, 32, 1, 4, T, 28, 28, 30),
        31: (S, 30, 1, 4, F, 30, 30, 32),
        33: (S, 27, 1, 5, T, 32, 32, 34),
    }

    def test_no_alert_implied(self):
        r = status_rows(self.capture, two_pass=True)[23]
        self.assertEqual((r["nxtrace.status.severity"], r["nxtrace.link.alert_frame"]), ("error", ""))
        rows = tshark().fields(self.capture, ["frame.number"],
                               "nxtrace.link.alert_missing or nxtrace.link.alert_mismatch", two_pass=True)
        self.assertEqual(rows, [])


class WrongEpoch(CaptureCase, unittest.TestCase):
    """The relay rewrites a record's epoch to 2: 0x11E (warning) names it as on the wire."""
    capture = "wrong_epoch.pcapng"
    device = ("0x0000000d", "sensor-13")
    handshake, stream = 2, 1
    statuses = dict(BadRecordMac.statuses)
    statuses[23] = ("NX_SECURE_TLS_INVALID_EPOCH", 30, 2, 2, F, 22, 22, 24)

    def test_warning(self):
        self.assertEqual(status_rows(self.capture, two_pass=False)[23]["nxtrace.status.severity"], "warning")


class ReplayedRecord(CaptureCase, unittest.TestCase):
    """The relay replays one record: 0x11F links both frames holding epoch 1 seq 2."""
    capture = "replayed_record.pcapng"
    device = ("0x0000000c", "sensor-12")
    handshake, stream = 2, 1
    statuses = {
        15: (S, 3, 1, 0, F, 14, 14, 16),
        17: (S, 32, 1, 1, T, 16, 16, 18),
        19: (S, 30, 1, 1, F, 18, 18, 20),
        21: (S, 32, 1, 2, T, 20, 20, 22),
        23: (S, 30, 1, 2, F, (22, 26), 22, 24),
        25: (S, 32, 1, 3, T, 24, 24, 26),
        27: ("NX_SECURE_TLS_REPEAT_MESSAGE_RECEIVED", 30, 1, 2, F, (22, 26), 26, 28),
        29: (S, 30, 1, 3, F, 28, 28, 30),
        31: (S, 27, 1, 4, T, 30, 30, 32),
    }

    def test_both_copies_counted(self):
        rows = tshark().fields(self.capture, ["nxtrace.link.record_count", "nxtrace.status.severity"],
                               "frame.number == 27", two_pass=True)
        self.assertEqual(rows, [["2", "warning"]])
        rows = tshark().fields(self.capture, ["nxtrace.link.record_count"], "frame.number == 27")
        self.assertEqual(rows, [["2"]])  # both copies precede the status


class LostFlight(CaptureCase, unittest.TestCase):
    """The relay drops the server's first flight; both sides retransmit; the handshake still began in frame 2."""
    capture = "lost_flight.pcapng"
    device = ("0x0000000e", "sensor-14")
    handshake, stream = 2, 1
    statuses = {19: (S, 3, 1, 0, F, 18, 18, 20), **app_exchange(21), 33: (S, 27, 1, 4, T, 32, 32, 34)}

    def test_retransmission_logged(self):
        rows = tshark().fields(self.capture, ["nxtrace.log.text"], "frame.number == 5")
        self.assertIn("retransmitting flight", rows[0][0])


class PeerAlert(CaptureCase, unittest.TestCase):
    """The server demands a client certificate and sends handshake_failure: 0x114 names that alert record."""
    capture = "peer_alert.pcapng"
    device = ("0x0000000f", "sensor-15")
    handshake, stream = 2, 1
    statuses = {19: ("NX_SECURE_TLS_ALERT_RECEIVED", 3, 0, 16, F, 18, 18, None)}
    alerts = {19: (18, 40)}  # handshake_failure, from the peer


class Ipv6Session(CaptureCase, unittest.TestCase):
    """A good session over ::1, SESSION blocks with IPv6 addresses."""
    capture = "ipv6_session.pcapng"
    device = ("0x00000012", "sensor-18")
    handshake, stream = 2, 1
    statuses = {16: (S, 3, 1, 0, F, 15, 15, 17), **app_exchange(18), 30: (S, 27, 1, 4, T, 29, 29, 31)}

    def test_ipv6_session_block(self):
        rows = tshark().fields(self.capture, ["nxtrace.session.local_addr6", "nxtrace.session.remote_addr6",
                                              "nxtrace.link.flow"], "frame.number == 16")
        self.assertEqual(rows, [["::1", "::1", "::1:50016 <-> ::1:4435"]])


class LostTrace(CaptureCase, unittest.TestCase):
    """The device never sends trace seq 5: the gap is flagged; its DTLS record (frame 20) is reported by nobody."""
    capture = "lost_trace.pcapng"
    device = ("0x00000013", "sensor-19")
    handshake, stream = 2, 1
    statuses = {
        15: (S, 3, 1, 0, F, 14, 14, 16),
        17: (S, 32, 1, 1, T, 16, 16, 18),
        19: (S, 30, 1, 1, F, 18, 18, 20),
        22: (S, 30, 1, 2, F, 21, 21, 23),
        24: (S, 32, 1, 3, T, 23, 23, 25),
        26: (S, 30, 1, 3, F, 25, 25, 27),
        28: (S, 27, 1, 4, T, 27, 27, 29),
    }

    def test_gap(self):
        rows = tshark().fields(self.capture, ["frame.number", "nxtrace.seq", "nxtrace.seq.expected",
                                              "nxtrace.seq.lost"], "nxtrace.seq.lost")
        self.assertEqual(rows, [["22", "6", "5", "1"]])


class TraceFaults(CaptureCase, unittest.TestCase):
    """Trace seq 4 sent twice, seqs 6 and 7 swapped: duplicate, gap and late arrival flagged."""
    capture = "trace_faults.pcapng"
    device = ("0x00000014", "sensor-20")
    handshake, stream = 2, 1
    statuses = {
        15: (S, 3, 1, 0, F, 14, 14, 16),
        17: (S, 32, 1, 1, T, 16, 16, 18),
        19: (S, 30, 1, 1, F, 18, 18, 21),
        20: (S, 30, 1, 1, F, 18, 18, 21),
        22: (S, 32, 1, 2, T, 21, 21, 23),
        25: (S, 32, 1, 3, T, 24, 24, 27),
        26: (S, 30, 1, 2, F, 23, 24, 27),
        28: (S, 30, 1, 3, F, 27, 27, 29),
        30: (S, 27, 1, 4, T, 29, 29, 31),
    }

    def test_sequence_analysis(self):
        rows = tshark().fields(self.capture, ["frame.number", "nxtrace.seq", "nxtrace.seq.duplicate_of",
                                              "nxtrace.seq.lost", "nxtrace.seq.out_of_order"],
                               "nxtrace.seq.duplicate_of or nxtrace.seq.lost or nxtrace.seq.out_of_order")
        self.assertEqual(rows, [["20", "4", "19", "", ""], ["25", "7", "", "1", ""], ["26", "6", "", "", "1"]])


def without_secrets(pcapng):
    """The same pcapng without its Decryption Secrets Blocks (type 0x0A): what a
    capture looks like to someone who has no keys."""
    out, off = [], 0
    while off + 12 <= len(pcapng):
        btype, blen = struct.unpack_from("<II", pcapng, off)
        if btype != 0x0000000A:
            out.append(pcapng[off:off + blen])
        off += blen
    return b"".join(out)


class Renegotiation(CaptureCase, unittest.TestCase):
    """The device renegotiates after two exchanges (ClientHello at epoch 1 in frame 25); records
    move to epoch 2, and the handshake the later statuses belong to began in frame 25."""
    capture = "renegotiation.pcapng"
    device = ("0x00000015", "sensor-21")
    stream = 1
    statuses = {
        15: (S, 3, 1, 0, F, 14, 14, 16),
        17: (S, 32, 1, 1, T, 16, 16, 18),
        19: (S, 30, 1, 1, F, 18, 18, 20),
        21: (S, 32, 1, 2, T, 20, 20, 22),
        23: (S, 30, 1, 2, F, 22, 22, 25),
        36: (S, 0xFFFF, 2, 0, F, 35, 35, 37),  # application-defined: the renegotiation
        38: (S, 32, 2, 1, T, 37, 37, 39),
        40: (S, 30, 2, 1, F, 39, 39, 41),
        42: (S, 32, 2, 2, T, 41, 41, 43),
        44: (S, 30, 2, 2, F, 43, 43, 45),
        46: (S, 27, 2, 3, T, 45, 45, 47),
    }
    handshake = {f: (2 if f < 25 else 25) for f in statuses}

    def test_renegotiation_found_without_keys(self):
        # Without secrets the epoch-1 ClientHello is an encrypted handshake record after application data.
        with open(tshark().path(self.capture), "rb") as f:
            path = tshark().scratch("renegotiation-nokeys.pcapng", without_secrets(f.read()))
        rows = tshark().fields(path, ["frame.number", "nxtrace.link.handshake_frame", "nxtrace.link.record_frame"],
                               "nxtrace.status", two_pass=True)
        got = {int(f): (int(hs), rec) for f, hs, rec in rows}
        self.assertEqual(got, {f: (self.handshake[f], str(s[5])) for f, s in self.statuses.items()})
        self.assertEqual(tshark().frames(path, "dtls.handshake.type == 1"), [2, 4])  # frame 25 really is opaque without keys


class TwoDevices(unittest.TestCase):
    """Two devices, concurrent sessions to one server address, the same epoch/seq numbers in both:
    every status links inside its own device's flow and nowhere else."""
    capture = "two_devices.pcapng"
    streams = {"0x00000010": "2", "0x00000011": "3"}
    records = {  # status frame -> record frame
        26: 25, 32: 31, 34: 33, 40: 39, 42: 41, 48: 47, 50: 49, 56: 55,   # device 0x10, sensor-16
        30: 29, 36: 35, 38: 37, 44: 43, 46: 45, 52: 51, 54: 53, 59: 58,   # device 0x11, sensor-17
    }

    def flow_of_frames(self):
        rows = tshark().fields(self.capture, ["frame.number", "udp.stream"], "dtls")
        return {int(f): s for f, s in rows}

    def test_never_a_wrong_session(self):
        flows = self.flow_of_frames()
        for two_pass in (False, True):
            rows = status_rows(self.capture, two_pass)
            self.assertEqual(sorted(rows), sorted(self.records))
            for frame, r in rows.items():
                with self.subTest(frame=frame, two_pass=two_pass):
                    stream = self.streams[r["nxtrace.device_id"]]
                    self.assertEqual(r["nxtrace.link.method"], "record")
                    self.assertEqual(r["nxtrace.link.stream"], stream)
                    self.assertEqual(r["nxtrace.link.record_frame"], str(self.records[frame]))
                    for key in ("nxtrace.link.record_frame", "nxtrace.link.prev_frame", "nxtrace.link.next_frame",
                                "nxtrace.link.handshake_frame"):
                        if r[key]:
                            self.assertEqual(flows[int(r[key])], stream, key)

    def test_reverse_links_stay_in_their_flow(self):
        got = reverse_links(self.capture, two_pass=True)
        self.assertEqual(got, {rec: str(st) for st, rec in self.records.items()})


if __name__ == "__main__":
    unittest.main()
