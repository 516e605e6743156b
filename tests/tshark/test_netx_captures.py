# SPDX-License-Identifier: GPL-2.0-or-later
"""tshark on the captures of the real NetX Duo device (captures/netx_*.pcapng,
tools/make_netx_captures.sh): every status resolved, and every status with a
RECORD block linked to exactly the frames that hold that DTLS record.

The record frames are found independently of the plugin's linking, from
tshark's own DTLS fields (epoch, sequence number, addresses and ports of the
SESSION block, direction from RECORD_SENT).  The frame numbers written below
are those of the bundled captures; with NXT_NETX_LIVE=1 (the live ctest, on
captures it has just made) only the order of the statuses and their records
is compared, since frame numbers move by a frame or two from run to run.
"""
import os
import unittest

from nxtshark import tshark

LIVE = os.environ.get("NXT_NETX_LIVE") == "1"
S = "NX_SUCCESS"
SETUP_CLIENT = [(1, 25, S, None, None), (1, 4, S, None, None), (1, 34, S, None, None)]
SETUP_SERVER = [(1, 8, S, None, None), (1, 10, S, None, None), (1, 11, S, None, None),
                (2, 18, S, None, None)]

STATUS_FIELDS = ["frame.number", "nxtrace.device_id", "nxtrace.device.name", "nxtrace.api",
                 "nxtrace.status.name", "nxtrace.status.severity", "nxtrace.status.hint",
                 "nxtrace.status.flags.session", "nxtrace.status.flags.record",
                 "nxtrace.status.flags.record_sent", "nxtrace.record.epoch", "nxtrace.record.seq",
                 "nxtrace.session.local_addr", "nxtrace.session.local_addr6", "nxtrace.session.local_port",
                 "nxtrace.session.remote_addr", "nxtrace.session.remote_addr6", "nxtrace.session.remote_port",
                 "nxtrace.link.method", "nxtrace.link.record_frame", "nxtrace.link.alert_frame",
                 "nxtrace.link.alert_desc"]


_memo = {}


def statuses(capture, two_pass=True):
    """One dict per STATUS event, in capture order (a datagram may hold several)."""
    if (capture, two_pass) not in _memo:
        _memo[(capture, two_pass)] = _statuses(capture, two_pass)
    return [dict(r) for r in _memo[(capture, two_pass)]]


# Per-event fields of a datagram with several STATUS events: one value per
# event, except the blocks' fields (one per event that has the block) and the
# record links (one per event linked by its record).
PER_EVENT = ("nxtrace.api", "nxtrace.status.name", "nxtrace.status.severity", "nxtrace.status.hint",
             "nxtrace.status.flags.session", "nxtrace.status.flags.record", "nxtrace.status.flags.record_sent",
             "nxtrace.link.method")
PER_RECORD = ("nxtrace.record.epoch", "nxtrace.record.seq")
PER_SESSION = ("nxtrace.session.local_addr", "nxtrace.session.local_addr6", "nxtrace.session.local_port",
               "nxtrace.session.remote_addr", "nxtrace.session.remote_addr6", "nxtrace.session.remote_port")


def _statuses(capture, two_pass):
    out = []
    for row in tshark().fields(capture, STATUS_FIELDS, "nxtrace.status", two_pass=two_pass):
        r = dict(zip(STATUS_FIELDS, row))
        n = len(r["nxtrace.api"].split(","))
        if n == 1:
            out.append(r)
            continue
        split = {k: r[k].split(",") for k in STATUS_FIELDS}
        hint = r["nxtrace.status.hint"]  # hints hold commas: not split, not compared per event
        it = {k: iter(split[k]) for k in PER_RECORD + PER_SESSION + ("nxtrace.link.record_frame",)}
        for i in range(n):
            e = {k: split[k][i] for k in PER_EVENT if k != "nxtrace.status.hint"}
            e["nxtrace.status.hint"] = hint
            e["frame.number"] = r["frame.number"]
            e["nxtrace.device_id"], e["nxtrace.device.name"] = r["nxtrace.device_id"], r["nxtrace.device.name"]
            for k in PER_RECORD:
                e[k] = next(it[k], "") if e["nxtrace.status.flags.record"] == "1" else ""
            for k in PER_SESSION:
                e[k] = next(it[k], "") if e["nxtrace.status.flags.session"] == "1" and split[k] != [""] else ""
            e["nxtrace.link.record_frame"] = (next(it["nxtrace.link.record_frame"], "")
                                              if e["nxtrace.link.method"] == "record" else "")
            e["nxtrace.link.alert_frame"] = e["nxtrace.link.alert_desc"] = ""
            out.append(e)
    return out


def dtls_records(capture):
    """(src, sport, dst, dport, epoch, seq) -> [frames], from tshark's DTLS fields alone."""
    rows = tshark().fields(capture, ["frame.number", "ip.src", "ipv6.src", "udp.srcport", "ip.dst", "ipv6.dst",
                                     "udp.dstport", "dtls.record.epoch", "dtls.record.sequence_number"], "dtls")
    recs = {}
    for frame, src4, src6, sport, dst4, dst6, dport, epochs, seqs in rows:
        src, dst = src4 or src6, dst4 or dst6
        for e, s in zip(epochs.split(","), seqs.split(",")):
            recs.setdefault((src, sport, dst, dport, e, s), []).append(int(frame))
    return recs


def addrs(r):
    """(local, remote) address of the SESSION block, IPv4 or IPv6."""
    return (r["nxtrace.session.local_addr"] or r["nxtrace.session.local_addr6"],
            r["nxtrace.session.remote_addr"] or r["nxtrace.session.remote_addr6"])


def record_of(r):
    if r["nxtrace.status.flags.record"] != "1":
        return None
    return ("tx" if r["nxtrace.status.flags.record_sent"] == "1" else "rx",
            int(r["nxtrace.record.epoch"]), int(r["nxtrace.record.seq"]))


class NetxCase:
    """capture, device (id, name) and the statuses in order:
    (status frame, api, status name, record ("tx"/"rx", epoch, seq) or None, record frames)."""
    capture = None
    device = None
    session = ("10.77.0.10", "10.77.0.1")  # the device's address, the peer's
    expected = []
    alerts = {}  # status frame -> (alert frame, description)

    def rows(self, two_pass=True):
        return statuses(self.capture, two_pass)

    def test_every_status_resolved(self):
        rows = self.rows()
        got = [(int(r["nxtrace.api"]), r["nxtrace.status.name"], record_of(r)) for r in rows]
        self.assertEqual(got, [(api, name, rec) for _f, api, name, rec, _rf in self.expected])
        if not LIVE:
            self.assertEqual([int(r["frame.number"]) for r in rows], [e[0] for e in self.expected])
        for r in rows:
            with self.subTest(frame=r["frame.number"], api=r["nxtrace.api"]):
                self.assertEqual((r["nxtrace.device_id"], r["nxtrace.device.name"]), self.device)
                self.assertIn(r["nxtrace.status.severity"], ("success", "info", "warning", "error"))
                self.assertTrue(r["nxtrace.status.hint"])

    def test_session_block_wherever_netx_has_a_peer(self):
        # every status with a RECORD names its session; so do the services of a
        # session NetX has not reset (start, send, receive, end, packet_allocate)
        for r in self.rows():
            api = int(r["nxtrace.api"])
            with self.subTest(frame=r["frame.number"], api=api):
                if record_of(r) or api in (2, 3, 6, 16, 17, 27, 30, 32, 33):
                    self.assertEqual(r["nxtrace.status.flags.session"], "1")
                    self.assertEqual(addrs(r), self.session)

    def test_records_linked_to_the_exact_frames(self):
        recs = dtls_records(self.capture)
        for r in self.rows():
            rec = record_of(r)
            with self.subTest(frame=r["frame.number"], api=r["nxtrace.api"]):
                if rec is None:
                    self.assertNotEqual(r["nxtrace.link.method"], "record")
                    self.assertEqual(r["nxtrace.link.record_frame"], "")
                    continue
                local = (addrs(r)[0], r["nxtrace.session.local_port"])
                remote = (addrs(r)[1], r["nxtrace.session.remote_port"])
                flow = local + remote if rec[0] == "tx" else remote + local
                frames = recs.get(flow + (str(rec[1]), str(rec[2])))
                self.assertTrue(frames, "no DTLS record %s in the capture" % (rec,))
                self.assertTrue(all(f < int(r["frame.number"]) for f in frames))
                self.assertEqual(r["nxtrace.link.method"], "record")
                self.assertEqual(r["nxtrace.link.record_frame"], ",".join(map(str, frames)))

    def test_pinned_record_frames(self):
        if LIVE:
            self.skipTest("frame numbers are those of the bundled capture")
        got = {(int(r["frame.number"]), int(r["nxtrace.api"])): r["nxtrace.link.record_frame"]
               for r in self.rows() if record_of(r)}
        for frame, api, _n, rec, rframes in self.expected:
            if rec:
                with self.subTest(frame=frame):
                    want = ",".join(map(str, rframes)) if isinstance(rframes, tuple) else str(rframes)
                    self.assertEqual(got[(frame, api)], want)

    def test_single_pass_links_the_same_records(self):
        # every record precedes its status, so single pass links it too
        one = [r["nxtrace.link.record_frame"] for r in self.rows(two_pass=False)]
        two = [r["nxtrace.link.record_frame"] for r in self.rows()]
        self.assertEqual(one, two)

    def test_alerts(self):
        rows = {(int(r["frame.number"]), r["nxtrace.status.name"]): r for r in self.rows()}
        for (frame, name), (alert_frame, desc) in self.alerts.items():
            with self.subTest(status=name):
                r = [v for (f, n), v in rows.items() if n == name and (LIVE or f == frame)]
                self.assertEqual(len(r), 1)
                if not LIVE:
                    self.assertEqual(r[0]["nxtrace.link.alert_frame"], str(alert_frame))
                self.assertEqual(r[0]["nxtrace.link.alert_desc"], str(desc))

    def test_no_trace_datagram_lost(self):
        rows = tshark().fields(self.capture, ["frame.number"], "nxtrace.seq.lost or nxtrace.seq.duplicate_of")
        self.assertEqual(rows, [])


def exchanges(first, count, send_api, epoch_first=1, sends_first=True):
    """Client: allocate, send, receive per exchange; server: receive, allocate, send."""
    out, f, s = [], first, epoch_first
    for _ in range(count):
        if sends_first:
            out += [(f, 6, S, None, None), (f + 2, send_api, S, ("tx", 1, s), f + 1),
                    (f + 4, 30, S, ("rx", 1, s), f + 3)]
        else:
            out += [(f, 30, S, ("rx", 1, s), f - 1), (f + 1, 6, S, None, None),
                    (f + 3, send_api, S, ("tx", 1, s), f + 2)]
        f += 5
        s += 1
    return out


class NetxClientSession(NetxCase, unittest.TestCase):
    """NetX as DTLS client: handshake, three exchanges, the device closes."""
    capture = "netx_client_session.pcapng"
    device = ("0x0000001f", "netx-31")
    expected = SETUP_CLIENT + [(16, 3, S, ("rx", 1, 0), 15)] + exchanges(17, 3, 2) + [
        (34, 27, S, ("tx", 1, 4), 32),  # close_notify; 33 is the peer's
        (35, 26, S, None, None)]


class NetxServerSession(NetxCase, unittest.TestCase):
    """NetX as DTLS server (openssl s_client): three exchanges, the device closes."""
    capture = "netx_server_session.pcapng"
    device = ("0x00000020", "netx-32")
    expected = SETUP_SERVER + [(13, 17, S, ("tx", 1, 0), 12)] + exchanges(15, 3, 16, sends_first=False) + [
        (31, 27, S, ("tx", 1, 4), 29),
        (32, 19, S, None, None)]


class NetxUntrustedCa(NetxCase, unittest.TestCase):
    """The server's certificate comes from a CA the device does not trust: 0x11B, unknown_ca."""
    capture = "netx_untrusted_ca.pcapng"
    device = ("0x00000021", "netx-33")
    expected = SETUP_CLIENT + [
        (13, 3, "NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND", ("rx", 0, 6), 9),  # the Certificate's last fragment
        (14, 27, S, None, None),  # nothing to close: no close_notify, no record
        (15, 26, S, None, None)]
    alerts = {(13, "NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND"): (12, 48)}

    def test_record_holds_the_certificate(self):
        rows = tshark().fields(self.capture, ["dtls.handshake.type"], "frame.number == 9")
        self.assertIn("11", rows[0][0].split(","))


class NetxHandshakeRejected(NetxCase, unittest.TestCase):
    """s_server at its default security level refuses NetX's ClientHello: 0x114 on its alert."""
    capture = "netx_handshake_rejected.pcapng"
    device = ("0x00000022", "netx-34")
    expected = SETUP_CLIENT + [
        (6, 3, "NX_SECURE_TLS_ALERT_RECEIVED", ("rx", 0, 1), 5),
        (7, 27, S, None, None),
        (8, 26, S, None, None)]
    alerts = {(6, "NX_SECURE_TLS_ALERT_RECEIVED"): (5, 40)}  # handshake_failure


class NetxNoServer(NetxCase, unittest.TestCase):
    """Nothing listens: NetX resends its ClientHello (with the same record number) and gives up."""
    capture = "netx_no_server.pcapng"
    device = ("0x00000023", "netx-35")
    expected = SETUP_CLIENT + [
        (5, 3, "NX_NO_PACKET", ("tx", 0, 0), (2, 3, 4)),
        (6, 27, S, None, None),
        (7, 26, S, None, None)]

    def test_three_client_hellos(self):
        rows = tshark().fields(self.capture, ["frame.number"], "dtls.handshake.type == 1")
        self.assertEqual([r[0] for r in rows], ["2", "3", "4"])


class NetxReceiveTimeout(NetxCase, unittest.TestCase):
    """One exchange, then a receive the peer never answers: NX_NO_PACKET, no record."""
    capture = "netx_receive_timeout.pcapng"
    device = ("0x00000024", "netx-36")
    expected = SETUP_CLIENT + [(16, 3, S, ("rx", 1, 0), 15)] + exchanges(17, 1, 2) + [
        (22, 30, "NX_NO_PACKET", None, None),
        (25, 27, S, ("tx", 1, 2), 23),
        (26, 26, S, None, None)]


class NetxPeerClose(NetxCase, unittest.TestCase):
    """NetX as server; s_client sends close_notify first: 0x127, then the device's own."""
    capture = "netx_peer_close.pcapng"
    device = ("0x00000025", "netx-37")
    expected = SETUP_SERVER + [(13, 17, S, ("tx", 1, 0), 12)] + exchanges(15, 2, 16, sends_first=False) + [
        (25, 30, "NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED", ("rx", 1, 3), 24),
        (27, 27, S, ("tx", 1, 3), 26),
        (28, 19, S, None, None)]
    alerts = {(25, "NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED"): (24, 0)}


class NetxTwoSessions(NetxCase, unittest.TestCase):
    """Two client sessions in sequence, each from its own UDP port."""
    capture = "netx_two_sessions.pcapng"
    device = ("0x00000026", "netx-38")
    expected = SETUP_CLIENT + [(16, 3, S, ("rx", 1, 0), 15)] + exchanges(17, 2, 2) + [
        (29, 27, S, ("tx", 1, 3), 27)] + [(44, 3, S, ("rx", 1, 0), 43)] + exchanges(45, 2, 2) + [
        (56, 27, S, ("tx", 1, 3), 55),
        (57, 26, S, None, None)]

    def test_two_flows(self):
        rows = {r["nxtrace.session.local_port"] for r in self.rows() if record_of(r)}
        self.assertEqual(rows, {"50038", "50039"})



class NetxIpv6Session(NetxCase, unittest.TestCase):
    """netx_client_session over IPv6: SESSION blocks with NetX's IPv6 addresses."""
    capture = "netx_ipv6_session.pcapng"
    device = ("0x00000027", "netx-39")
    session = ("fd00:77::10", "fd00:77::1")
    expected = SETUP_CLIENT + [(17, 3, S, ("rx", 1, 0), 16)] + exchanges(18, 2, 2) + [
        (30, 27, S, ("tx", 1, 3), 28),
        (31, 26, S, None, None)]

    def test_ip_version_6(self):
        versions = {r["nxtrace.session.ip_version"] for r in statuses_with(self.capture, "nxtrace.session.ip_version")}
        self.assertEqual(versions, {"6"})



class NetxTraceDrop(NetxCase, unittest.TestCase):
    """The trace pool is empty while send 2 reports: the hook drops that datagram
    (NX_NO_WAIT) but spends its seq, so the next datagram shows one lost."""
    capture = "netx_trace_drop.pcapng"
    device = ("0x00000028", "netx-40")
    expected = SETUP_CLIENT + [(16, 3, S, ("rx", 1, 0), 15)] + exchanges(17, 1, 2) + [
        (22, 6, S, None, None),
        # the report of send 2 (tx 1/2, record in frame 23) never left
        (25, 30, S, ("rx", 1, 2), 24)] + exchanges(26, 1, 2, epoch_first=3) + [
        (33, 27, S, ("tx", 1, 4), 31),
        (34, 26, S, None, None)]

    def test_no_trace_datagram_lost(self):
        rows = tshark().fields(self.capture, ["frame.number", "nxtrace.seq", "nxtrace.seq.lost"], "nxtrace.seq.lost")
        if LIVE:
            self.assertEqual([r[1:] for r in rows], [["7", "1"]])
        else:
            self.assertEqual(rows, [["25", "7", "1"]])


class NetxBatched(NetxCase, unittest.TestCase):
    """nxtrace_netx_batch_set(4): four STATUS events per datagram, sent after their records."""
    capture = "netx_batched.pcapng"
    device = ("0x00000029", "netx-41")
    expected = SETUP_CLIENT + [
        (18, 3, S, ("rx", 1, 0), 15), (18, 6, S, None, None), (18, 2, S, ("tx", 1, 1), 16),
        (18, 30, S, ("rx", 1, 1), 17),
        (21, 6, S, None, None), (21, 2, S, ("tx", 1, 2), 19), (21, 30, S, ("rx", 1, 2), 20), (21, 6, S, None, None),
        (26, 2, S, ("tx", 1, 3), 22), (26, 30, S, ("rx", 1, 3), 23), (26, 27, S, ("tx", 1, 4), 24),
        (26, 26, S, None, None)]

    def test_four_events_per_datagram(self):
        rows = tshark().fields(self.capture, ["nxtrace.event_count"], "nxtrace")
        self.assertEqual([r[0] for r in rows], ["4", "4", "4", "4"])


def statuses_with(capture, field):
    rows = tshark().fields(capture, [field], "nxtrace.session")
    return [{field: v} for row in rows for v in row[0].split(",")]


if __name__ == "__main__":
    unittest.main()
