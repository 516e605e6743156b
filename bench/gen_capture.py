#!/usr/bin/env python3
"""gen_capture.py - a large synthetic "field" capture for the nxtrace benchmark.

Writes a classic pcap (LINKTYPE_ETHERNET) of N frames (default 1,000,000):
many devices (default 200), each running DTLS sessions one after another
(default 5000 sessions in all, about 10 % of the devices on IPv6), all
interleaved in time order, plus the NXTR trace datagrams the devices send to a
collector on UDP 47474 (roughly one trace datagram per 4 DTLS datagrams).

Where the DTLS bytes come from
------------------------------
Every DTLS datagram in the output is a datagram of a real OpenSSL DTLS 1.2
session: the UDP payloads of the DTLS flows in captures/*.pcapng (recorded by
tools/make_captures.sh from openssl s_server / s_client against tools/sim/nxsim,
which drives OpenSSL's own DTLS stack) are replayed per synthetic session, with
new IP addresses and ports.  Records are kept intact (the DTLS heuristic needs
the record lengths to add up to the datagram); only the epoch / 48-bit sequence
number of each 13-byte record header is rewritten, so that a long
application-data phase (the captured application-data datagrams repeated many
times) numbers its records on, per direction and per epoch, as a real session
would, and the closing alerts follow the last number.  No secrets go into the
pcap, so, as in a real field capture, everything after ChangeCipherSpec is
opaque ciphertext.

Each capture file is one "template": its device (the source of the trace
datagrams), its peer, the handshake, the application-data datagrams and the
closing datagrams, plus the trace events nxsim sent.  The trace events of the
handshake and closing are re-emitted at the same place in every replayed
session (with the new addresses, ports and record numbers); during the
application-data phase new STATUS events are made for about a quarter of the
records, naming their real (epoch, seq, direction).  A few received datagrams
are duplicated on the wire and reported as 0x11F REPEAT_MESSAGE_RECEIVED, the
peer's closing alert is reported as 0x127 CLOSE_NOTIFY_RECEIVED (sometimes
0x114 ALERT_RECEIVED), failed handshakes carry the template's status (0x11B,
0x193, ...), and devices send a keep-alive about once a minute.

The trace datagrams are built with the layout of include/nxtrace.h (see
nxt_begin/nxt_status/... below: a transcription of nxtrace_begin,
nxtrace_add_status, nxtrace_add_device_info, nxtrace_add_log, nxtrace_finish).

The capture stops after exactly N frames, so sessions that are under way at
the end are cut, as in a real capture.  Output is deterministic for a given
seed, arguments and set of template captures (their SHA-256 is printed).

Python 3 standard library only.
  bench/gen_capture.py -o /tmp/nxt-bench/field.pcap
  bench/gen_capture.py -o /tmp/sample.pcap --frames 20000
"""
import argparse
import array
import glob
import hashlib
import heapq
import os
import random
import struct
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# ---- NXTR wire format: include/nxtrace.h ------------------------------------
NXTRACE_MAGIC = 0x4E585452
NXTRACE_VERSION = 1
NXTRACE_HEADER_LEN = 24
NXTRACE_PORT = 47474
NXTRACE_HDR_FLAG_TS_UTC = 0x01
EV_STATUS, EV_DEVICE_INFO, EV_LOG = 1, 2, 3
ST_FLAG_SESSION, ST_FLAG_RECORD, ST_FLAG_RECORD_SENT = 0x01, 0x02, 0x04
ST_ROLE_SHIFT = 3
ROLE_CLIENT, ROLE_SERVER = 1, 2
API_CLIENT_SESSION_START = 3
API_SERVER_SESSION_SEND = 16
API_SESSION_RECEIVE = 30
API_SESSION_SEND = 32
LOG_INFO, LOG_NOTICE, LOG_WARNING, LOG_ERR = 6, 5, 4, 3

NX_SUCCESS = 0x000
NX_SECURE_TLS_ALERT_RECEIVED = 0x114
NX_SECURE_TLS_REPEAT_MESSAGE_RECEIVED = 0x11F
NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED = 0x127

HDR = struct.Struct('>IBBHIIQ')       # nxtrace_begin: magic version flags count device seq ts
EVH = struct.Struct('>BBH')           # nxtrace_event_open: type flags length
ST_FIXED = struct.Struct('>IHH')      # status api reserved
SES_FIXED = struct.Struct('>BBHH')    # ip_version reserved local_port remote_port


def nxt_event(etype, flags, body):
    """nxtrace_event_open + body."""
    return EVH.pack(etype, flags, len(body)) + body


def nxt_status(status, api, role, session=None, record=None):
    """nxtrace_add_status.  session = (ipver, lport, rport, laddr, raddr) with
    raw 4/16-byte addresses; record = (epoch, seq48, sent)."""
    flags = (role << ST_ROLE_SHIFT) & 0x18
    body = ST_FIXED.pack(status, api, 0)
    if session is not None:
        ipver, lport, rport, laddr, raddr = session
        flags |= ST_FLAG_SESSION
        body += SES_FIXED.pack(ipver, 0, lport, rport) + laddr + raddr
    if record is not None:
        epoch, seq, sent = record
        flags |= ST_FLAG_RECORD | (ST_FLAG_RECORD_SENT if sent else 0)
        body += struct.pack('>HHI', epoch, seq >> 32, seq & 0xFFFFFFFF)  # epoch u16, seq u48
    return nxt_event(EV_STATUS, flags, body)


def nxt_device_info(name, fw):
    """nxtrace_add_device_info."""
    n, f = name.encode(), fw.encode()
    return nxt_event(EV_DEVICE_INFO, 0, bytes([len(n)]) + n + bytes([len(f)]) + f)


def nxt_log(level, text):
    """nxtrace_add_log."""
    return nxt_event(EV_LOG, 0, bytes([level]) + text.encode())


def nxt_datagram(flags, device_id, seq, ts_us, events):
    """nxtrace_begin ... nxtrace_finish (event_count patched in)."""
    return HDR.pack(NXTRACE_MAGIC, NXTRACE_VERSION, flags, len(events), device_id,
                    seq & 0xFFFFFFFF, ts_us & 0xFFFFFFFFFFFFFFFF) + b''.join(events)


def nxt_parse(p):
    """Reads a trace datagram of a template capture: (flags, [event dict])."""
    if len(p) < NXTRACE_HEADER_LEN:
        return None
    magic, ver, flags, count, dev, seq, ts = HDR.unpack_from(p, 0)
    if magic != NXTRACE_MAGIC or ver != NXTRACE_VERSION:
        return None
    evs, o = [], NXTRACE_HEADER_LEN
    while o + 4 <= len(p):
        et, ef, ln = EVH.unpack_from(p, o)
        body = p[o + 4:o + 4 + ln]
        o += 4 + ln
        if len(body) < ln:
            break
        ev = {'type': et, 'flags': ef}
        if et == EV_STATUS and ln >= 8:
            ev['status'], ev['api'], _ = ST_FIXED.unpack_from(body, 0)
            ev['role'] = (ef >> ST_ROLE_SHIFT) & 3
            q = 8
            ev['has_session'] = bool(ef & ST_FLAG_SESSION)
            if ef & ST_FLAG_SESSION:
                ipver = body[q]
                q += 6 + (8 if ipver == 4 else 32)
            ev['record'] = None
            if ef & ST_FLAG_RECORD and q + 8 <= ln:
                e, sh, sl = struct.unpack_from('>HHI', body, q)
                ev['record'] = (e, (sh << 32) | sl, bool(ef & ST_FLAG_RECORD_SENT))
        elif et == EV_DEVICE_INFO and ln >= 2:
            nl = body[0]
            ev['name'] = body[1:1 + nl].decode('utf-8', 'replace')
            ev['fw'] = body[2 + nl:2 + nl + body[1 + nl]].decode('utf-8', 'replace')
        elif et == EV_LOG and ln >= 1:
            ev['level'] = body[0]
            ev['text'] = body[1:].decode('utf-8', 'replace')
        evs.append(ev)
    return flags, evs


# ---- DTLS record layer --------------------------------------------------------
DTLS_CT = (20, 21, 22, 23, 24, 25)
CT_ALERT, CT_HANDSHAKE, CT_APPDATA = 21, 22, 23


def dtls_records(p):
    """[(offset, content_type, epoch, seq, length)] if p is exactly a run of
    DTLS records (what Wireshark's DTLS heuristic accepts), else None."""
    recs, o, n = [], 0, len(p)
    while o < n:
        if n - o < 13 or p[o] not in DTLS_CT or p[o + 1] != 0xFE:
            return None
        epoch, sh, sl, ln = struct.unpack_from('>HHIH', p, o + 3)
        if o + 13 + ln > n:
            return None
        recs.append((o, p[o], epoch, (sh << 32) | sl, ln))
        o += 13 + ln
    return recs or None


# ---- reading the template captures (pcapng or pcap) ----------------------------
def read_packets(path):
    """Yields (time_s, linktype, frame bytes) from a pcapng or pcap file."""
    with open(path, 'rb') as f:
        data = f.read()
    if len(data) < 24:
        return
    magic = struct.unpack_from('<I', data, 0)[0]
    if magic in (0xA1B2C3D4, 0xA1B23C4D, 0xD4C3B2A1, 0x4D3CB2A1):
        e = '<' if magic in (0xA1B2C3D4, 0xA1B23C4D) else '>'
        m = struct.unpack_from(e + 'I', data, 0)[0]
        div = 1e9 if m == 0xA1B23C4D else 1e6
        lt = struct.unpack_from(e + 'I', data, 20)[0] & 0x0FFFFFFF
        o = 24
        while o + 16 <= len(data):
            s, frac, cap, _ = struct.unpack_from(e + 'IIII', data, o)
            yield s + frac / div, lt, data[o + 16:o + 16 + cap]
            o += 16 + cap
        return
    # pcapng
    o, e, ifaces = 0, '<', []
    while o + 12 <= len(data):
        btype = struct.unpack_from(e + 'I', data, o)[0]
        if btype == 0x0A0D0D0A:
            bom = struct.unpack_from('<I', data, o + 8)[0]
            e = '<' if bom == 0x1A2B3C4D else '>'
            ifaces = []
        btype, blen = struct.unpack_from(e + 'II', data, o)
        if blen < 12:
            break
        body = data[o + 8:o + blen - 4]
        if btype == 1:  # IDB
            lt = struct.unpack_from(e + 'H', body, 0)[0]
            res = 1e-6
            q = 8
            while q + 4 <= len(body):
                code, olen = struct.unpack_from(e + 'HH', body, q)
                if code == 0:
                    break
                if code == 9 and olen >= 1:
                    v = body[q + 4]
                    res = 2.0 ** -(v & 0x7F) if v & 0x80 else 10.0 ** -v
                q += 4 + ((olen + 3) & ~3)
            ifaces.append((lt, res))
        elif btype == 6:  # EPB
            iid, th, tl, cap, _ = struct.unpack_from(e + 'IIIII', body, 0)
            lt, res = ifaces[iid] if iid < len(ifaces) else (1, 1e-6)
            yield ((th << 32) | tl) * res, lt, body[20:20 + cap]
        elif btype == 3 and ifaces:  # SPB
            ln = struct.unpack_from(e + 'I', body, 0)[0]
            yield 0.0, ifaces[0][0], body[4:4 + ln]
        o += blen


def udp_of(lt, fr):
    """(ipver, src, sport, dst, dport, payload) of an Ethernet/raw-IP/SLL frame."""
    if lt == 1:
        et, o = struct.unpack_from('>H', fr, 12)[0], 14
        while et in (0x8100, 0x88A8) and len(fr) >= o + 4:
            et, o = struct.unpack_from('>H', fr, o + 2)[0], o + 4
    elif lt == 113:
        et, o = struct.unpack_from('>H', fr, 14)[0], 16
    elif lt in (101, 228, 229, 12, 14):
        et, o = (0x86DD if fr[0] >> 4 == 6 else 0x0800), 0
    else:
        return None
    if et == 0x0800 and len(fr) >= o + 20:
        ihl = (fr[o] & 15) * 4
        if fr[o + 9] != 17 or struct.unpack_from('>H', fr, o + 6)[0] & 0x3FFF:
            return None  # not UDP, or a fragment
        src, dst, ver, o2 = fr[o + 12:o + 16], fr[o + 16:o + 20], 4, o + ihl
    elif et == 0x86DD and len(fr) >= o + 40:
        if fr[o + 6] != 17:
            return None
        src, dst, ver, o2 = fr[o + 8:o + 24], fr[o + 24:o + 40], 6, o + 40
    else:
        return None
    if len(fr) < o2 + 8:
        return None
    sport, dport, ulen = struct.unpack_from('>HHH', fr, o2)
    return ver, bytes(src), sport, bytes(dst), dport, bytes(fr[o2 + 8:o2 + ulen])


def ip_str(raw):
    if len(raw) == 4:
        return '.'.join(str(b) for b in raw)
    import ipaddress
    return str(ipaddress.IPv6Address(raw))


def ep_str(raw, port):
    return ('%s:%u' if len(raw) == 4 else '[%s]:%u') % (ip_str(raw), port)


class Template:
    """One captured DTLS session plus the trace events the device sent about it."""

    def __init__(self, path):
        self.name = os.path.splitext(os.path.basename(path))[0]
        pkts = []
        for ts, lt, fr in read_packets(path):
            u = udp_of(lt, fr)
            if u:
                pkts.append((ts, u))
        traces = [(ts, u) for ts, u in pkts if u[4] == NXTRACE_PORT and nxt_parse(u[5])]
        if not traces:
            raise ValueError('no NXTR datagram')
        self.dev_ip = traces[0][1][1]
        items, flow = [], None
        for ts, u in pkts:
            ver, src, sport, dst, dport, pl = u
            if dport == NXTRACE_PORT and src == self.dev_ip:
                flags, evs = nxt_parse(pl) or (None, None)
                if evs is not None:
                    items.append(['T', ts, flags, evs])
                continue
            recs = dtls_records(pl)
            if recs is None or self.dev_ip not in (src, dst):
                continue
            key = tuple(sorted([(src, sport), (dst, dport)]))
            if flow is None:
                flow = key
                self.dev_ep = (src, sport) if src == self.dev_ip else (dst, dport)
                self.peer_ep = (dst, dport) if src == self.dev_ip else (src, sport)
            if key != flow:
                continue
            items.append(['D', ts, src == self.dev_ip and sport == self.dev_ep[1], pl, recs])
        if flow is None:
            raise ValueError('no DTLS flow of the device')
        self.items = items
        roles = [ev['role'] for it in items if it[0] == 'T' for ev in it[3]
                 if ev['type'] == EV_STATUS and ev['role']]
        self.role = roles[0] if roles else (ROLE_SERVER if self.dev_ep[1] < 49152 else ROLE_CLIENT)
        # Phases: handshake | application data (datagrams of app-data records only) | closing.
        didx = [i for i, it in enumerate(items) if it[0] == 'D']
        app = [i for i in didx if all(r[1] == CT_APPDATA for r in items[i][4])]
        if app:
            a0 = app[0]
            a1 = a0
            for i in didx[didx.index(a0):]:
                if i in app:
                    a1 = i
                else:
                    break
            self.pre = items[:a0]
            self.app = [items[i] for i in didx if a0 <= i <= a1]
            # traces between the last app-data datagram and the closing belong to the
            # app phase, whose STATUS events are made anew for every replayed record
            nxt = [i for i in didx if i > a1]
            self.post = items[nxt[0]:] if nxt else []
            # api used by the device for app-data records sent / received
            self.app_api = {True: API_SERVER_SESSION_SEND if self.role == ROLE_SERVER else API_SESSION_SEND,
                            False: API_SESSION_RECEIVE}
            for it in items[a0:a1 + 1]:
                if it[0] == 'T':
                    for ev in it[3]:
                        if ev['type'] == EV_STATUS and ev.get('record'):
                            self.app_api[ev['record'][2]] = ev['api']
        else:
            self.pre, self.app, self.post = items, [], []
        self.fw = next((ev['fw'] for it in items if it[0] == 'T' for ev in it[3]
                        if ev['type'] == EV_DEVICE_INFO), '6.4.2')
        self.success = bool(self.app)
        self.n_fixed = len(self.pre) + len(self.post)

    def describe(self):
        nd = sum(1 for it in self.items if it[0] == 'D')
        nt = sum(1 for it in self.items if it[0] == 'T')
        return '%s: role %s, %d DTLS datagrams (%d app), %d trace datagrams' % (
            self.name, 'client' if self.role == ROLE_CLIENT else 'server', nd, len(self.app), nt)


# ---- frames --------------------------------------------------------------------
def csum_sum(b):
    if len(b) & 1:
        b += b'\0'
    return sum(array.array('H', b))


def csum_fin(s):
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return struct.pack('=H', ~s & 0xFFFF)  # native order, like array('H')


class Link:
    """Ethernet/IP/UDP framing of one direction of one flow."""
    __slots__ = ('v6', 'eth', 'src', 'dst', 'sport', 'dport', 'ttl', 'pseudo')

    def __init__(self, smac, dmac, src, dst, sport, dport, ttl):
        self.v6 = len(src) == 16
        self.eth = dmac + smac + (b'\x86\xdd' if self.v6 else b'\x08\x00')
        self.src, self.dst, self.sport, self.dport, self.ttl = src, dst, sport, dport, ttl
        self.pseudo = csum_sum(src + dst) + 17

    def frame(self, payload, ipid):
        ulen = 8 + len(payload)
        udp = struct.pack('>HHHH', self.sport, self.dport, ulen, 0) + payload
        c = csum_fin(self.pseudo + ulen + csum_sum(udp))
        if c == b'\0\0':
            c = b'\xff\xff'
        udp = udp[:6] + c + udp[8:]
        if self.v6:
            ip = struct.pack('>IHBB', 0x60000000 | (ipid & 0xFFFFF), ulen, 17, self.ttl) + self.src + self.dst
        else:
            ip = struct.pack('>BBHHHBBH', 0x45, 0, 20 + ulen, ipid & 0xFFFF, 0x4000, self.ttl, 17, 0) \
                + self.src + self.dst
            ip = ip[:10] + csum_fin(csum_sum(ip)) + ip[12:]
        return self.eth + ip + udp


def mac(a, b):
    return bytes([0x02, 0x4E, 0x58, a & 0xFF, (b >> 8) & 0xFF, b & 0xFF])


# ---- synthetic world -------------------------------------------------------------
class Device:
    def __init__(self, idx, rng, v6, server_role):
        self.idx = idx
        self.id = 0x4E000000 | (idx + 1)
        self.v6 = v6
        self.role = ROLE_SERVER if server_role else ROLE_CLIENT
        self.name = ('gateway-%03d' if server_role else 'sensor-%03d') % (idx + 1)
        if v6:
            self.ip = bytes.fromhex('fd00000000000001') + struct.pack('>Q', 0x1000 + idx)
            self.collector = bytes.fromhex('fd000000000000000000000000000002')
        else:
            self.ip = bytes([10, 1, 1 + idx // 250, 1 + idx % 250])
            self.collector = bytes([10, 0, 0, 2])
        self.mac = mac(1, idx)
        self.flows = set()
        self.utc = rng.random() < 0.9
        self.skew_us = rng.randint(-400000, 400000)
        self.boot_us = rng.randint(60, 86400 * 20) * 1000000
        self.trace_seq = rng.randint(0, 5000)
        self.ipid = rng.randint(0, 65535)
        self.trace_link = Link(self.mac, GW_MAC, self.ip, self.collector, rng.randint(49152, 65535), NXTRACE_PORT, 64)


GW_MAC = mac(0, 1)
SERVERS4 = [bytes([198, 51, 100, 10 + i]) for i in range(3)]
SERVERS6 = [bytes.fromhex('20010db8000000000000000000000010')[:15] + bytes([0x10 + i]) for i in range(2)]


class Session:
    """Plans one replayed session: a time-sorted list of (t_us, kind, ...)."""

    count = 0

    def __init__(self, dev, tpl, rng, t0, n_app, app_interval_us, opts):
        self.dev, self.tpl = dev, tpl
        Session.count += 1
        self.serial = Session.count
        while True:  # a new 5-tuple per session (a reused one would continue the old DTLS state)
            if tpl.role == ROLE_CLIENT:
                peer_ip = rng.choice(SERVERS6 if dev.v6 else SERVERS4)
                dev_ep = (dev.ip, rng.randint(49152, 65535))
                peer_ep = (peer_ip, tpl.peer_ep[1])
            else:
                peer_ip = bytes([192, 0, 2 + rng.randint(0, 1), rng.randint(1, 254)])
                dev_ep = (dev.ip, tpl.dev_ep[1])
                peer_ep = (peer_ip, rng.randint(49152, 65535))
            if (dev_ep, peer_ep) not in dev.flows:
                dev.flows.add((dev_ep, peer_ep))
                break
        self.dev_ep, self.peer_ep = dev_ep, peer_ep
        self.out = Link(dev.mac, GW_MAC, dev_ep[0], peer_ep[0], dev_ep[1], peer_ep[1], 64)
        self.inn = Link(GW_MAC, dev.mac, peer_ep[0], dev_ep[0], peer_ep[1], dev_ep[1], 57)
        ipver = 6 if dev.v6 else 4
        self.session_block = (ipver, dev_ep[1], peer_ep[1], dev_ep[0], peer_ep[0])
        self.subst = [(ep_str(*tpl.dev_ep), ep_str(*dev_ep)), (ep_str(*tpl.peer_ep), ep_str(*peer_ep)),
                      (ip_str(tpl.dev_ep[0]), ip_str(dev_ep[0])), (ip_str(tpl.peer_ep[0]), ip_str(peer_ep[0]))]
        self.rng = rng
        self.opts = opts
        self.last = {}   # (from_dev, epoch) -> last seq used
        self.tmap = {}   # template (from_dev, epoch, seq) -> new seq (handshake / closing)
        self.ev = []
        self.plan(t0, n_app, app_interval_us)
        self.ev.sort(key=lambda e: e[0])
        self.end = self.ev[-1][0] if self.ev else t0

    # -- DTLS replay with renumbered records
    def renumber(self, it, remember):
        from_dev, pl, recs = it[2], it[3], it[4]
        b = bytearray(pl)
        named = []
        for (o, ct, epoch, seq, ln) in recs:
            k = (from_dev, epoch)
            last = self.last.get(k, -1)
            new = seq if seq > last else last + 1
            self.last[k] = new
            if new != seq:
                struct.pack_into('>HI', b, o + 5, new >> 32, new & 0xFFFFFFFF)
            if remember:
                self.tmap[(from_dev, epoch, seq)] = new
            named.append((ct, epoch, new))
        return bytes(b), named

    def add_dtls(self, t, from_dev, payload):
        self.ev.append((t, 'D', from_dev, payload))

    def add_trace(self, t, events):
        self.ev.append((t, 'T', events))

    def status_ev(self, status, api, record=None, session=True):
        return nxt_status(status, api, self.tpl.role, self.session_block if session else None, record)

    def replay_trace(self, it):
        """A template trace datagram, with this session's addresses and record numbers."""
        evs = []
        for ev in it[3]:
            if ev['type'] == EV_STATUS:
                rec = ev.get('record')
                if rec is not None:
                    new = self.tmap.get((rec[2], rec[0], rec[1]))
                    rec = (rec[0], new, rec[2]) if new is not None else None
                evs.append(self.status_ev(ev['status'], ev['api'], rec, ev['has_session']))
            elif ev['type'] == EV_DEVICE_INFO:
                evs.append(nxt_device_info(self.dev.name, ev['fw']))
            elif ev['type'] == EV_LOG:
                text = ev['text']
                for a, b in self.subst:
                    text = text.replace(a, b)
                evs.append(nxt_log(ev['level'], text))
        return evs

    def walk(self, items, t, rtt, remember, prev_t, prev_dir):
        """Replays template items with their own spacing, plus a round trip
        whenever the DTLS direction turns (capture point next to the device)."""
        for it in items:
            gap = max(0.0, (it[1] - prev_t) * 1e6) if prev_t is not None else 0.0
            prev_t = it[1]
            if it[0] == 'D':
                if prev_dir is not None and it[2] != prev_dir and not it[2]:
                    gap += rtt
                prev_dir = it[2]
                t += int(gap) + 1
                payload, named = self.renumber(it, remember)
                self.add_dtls(t, it[2], payload)
                if not it[2] and any(n[0] == CT_ALERT for n in named):
                    self.last_peer_alert = (t, named)
            else:
                t += int(gap) + 1
                self.add_trace(t, self.replay_trace(it))
        return t, prev_t, prev_dir

    def plan(self, t0, n_app, interval):
        tpl, rng, o = self.tpl, self.rng, self.opts
        rtt = rng.uniform(15000, 150000)
        self.last_peer_alert = None
        t, pt, pdir = self.walk(tpl.pre, t0, rtt, True, None, None)
        if tpl.app and n_app > 0:
            app = tpl.app
            for j in range(n_app):
                it = app[j % len(app)]
                from_dev = it[2]
                if j == 0 or from_dev == app[0][2]:
                    t += int(rng.expovariate(1.0 / interval)) + 200
                else:
                    t += int(rtt + rng.uniform(100, 3000))
                payload, named = self.renumber(it, False)
                self.add_dtls(t, from_dev, payload)
                ct, epoch, seq = named[-1]
                if rng.random() < o.trace_ratio:
                    api = tpl.app_api[from_dev]
                    st = [self.status_ev(NX_SUCCESS, api, (epoch, seq, from_dev))]
                    dt = rng.uniform(50, 3000)
                    if from_dev and rng.random() < 0.05:
                        dt = -rng.uniform(10, 200)   # the trace overtakes the record
                    self.add_trace(t + int(dt), st)
                if not from_dev and rng.random() < o.dup_ratio:
                    td = t + int(rng.uniform(200, 5000))
                    self.add_dtls(td, False, payload)
                    self.add_trace(td + int(rng.uniform(50, 800)),
                                   [self.status_ev(NX_SECURE_TLS_REPEAT_MESSAGE_RECEIVED, API_SESSION_RECEIVE,
                                                   (epoch, seq, False))])
                    t = td
            # closing: continue the template's own spacing after an idle pause
            t += int(rng.expovariate(1.0 / interval)) + 200
            pt = tpl.post[0][1] if tpl.post else pt
            named_alerts = {ev['record'][:2] for it in tpl.post if it[0] == 'T' for ev in it[3]
                            if ev['type'] == EV_STATUS and ev.get('record') and not ev['record'][2]}
            self.last_peer_alert = None
            t, pt, pdir = self.walk(tpl.post, t, rtt, True, pt, None)
            la = self.last_peer_alert
            if la is not None and not any(n[0] == CT_ALERT and (n[1], n[2]) in self.named_new(named_alerts)
                                          for n in la[1]):
                # the peer's closing alert, as the device's receive call reports it
                ct, epoch, seq = [n for n in la[1] if n[0] == CT_ALERT][-1]
                status = NX_SECURE_TLS_ALERT_RECEIVED if rng.random() < 0.1 else NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED
                evs = [self.status_ev(status, API_SESSION_RECEIVE, (epoch, seq, False))]
                evs.append(nxt_log(LOG_NOTICE if status == NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED else LOG_ERR,
                                   'peer sent close_notify' if status == NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED
                                   else 'peer sent an alert'))
                self.add_trace(la[0] + int(rng.uniform(50, 2000)), evs)

    def named_new(self, named_tpl):
        """Template (epoch, seq) of received records -> the renumbered ones."""
        return {(e, self.tmap[(False, e, s)]) for e, s in named_tpl if (False, e, s) in self.tmap}


def device_stream(dev, sessions_spec, rng, opts):
    """Yields (t_us, dev_idx, seqno, kind, ...) for one device, in time order."""
    t = sessions_spec['start']
    ka = int(opts.keepalive * 1e6)
    keepalive_next = t + rng.randint(0, ka)
    serial = 0
    for (tpl, n_app, interval) in sessions_spec['sessions']:
        s = Session(dev, tpl, rng, t, n_app, interval, opts)
        for e in s.ev:
            while keepalive_next < e[0]:
                yield (keepalive_next, dev.idx, serial, 'K', None)
                serial += 1
                keepalive_next += ka + rng.randint(-ka // 30, ka // 30)
            yield (e[0], dev.idx, serial, e[1], (s,) + e[2:])
            serial += 1
        t = s.end + rng.randint(1000000, 20000000)   # idle between sessions
    while keepalive_next < sessions_spec['horizon']:
        yield (keepalive_next, dev.idx, serial, 'K', None)
        serial += 1
        keepalive_next += ka


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('-o', '--output', required=True, help='pcap file to write')
    ap.add_argument('--frames', type=int, default=1000000, help='frames in the capture (default 1000000)')
    ap.add_argument('--devices', type=int, default=200)
    ap.add_argument('--sessions', type=int, default=None,
                    help='sessions planned in all (default frames / 200: 5000 for 1M frames)')
    ap.add_argument('--ipv6', type=float, default=0.10, help='share of devices on IPv6 (default 0.10)')
    ap.add_argument('--gateways', type=float, default=0.15,
                    help='share of (IPv4) devices that are DTLS servers (default 0.15)')
    ap.add_argument('--trace-ratio', type=float, default=0.25,
                    help='chance that an application-data record gets a STATUS trace (default 0.25)')
    ap.add_argument('--dup-ratio', type=float, default=0.003, help='received datagrams duplicated (0x11F)')
    ap.add_argument('--fail-ratio', type=float, default=0.08, help='client sessions whose handshake fails')
    ap.add_argument('--duration', type=float, default=None,
                    help='seconds the capture spans, about (default 3600 per 1M frames, at least 120)')
    ap.add_argument('--keepalive', type=float, default=60.0,
                    help='seconds between a device\'s keep-alive datagrams (default 60)')
    ap.add_argument('--seed', type=int, default=47474)
    ap.add_argument('--templates', default=os.path.join(TOP, 'captures', '*.pcapng'),
                    help='glob of real DTLS captures to replay (default captures/*.pcapng)')
    o = ap.parse_args()
    if o.sessions is None:
        o.sessions = max(o.devices, round(o.frames / 200))
    if o.duration is None:
        o.duration = max(120.0, 3600.0 * o.frames / 1e6)
    t_start = time.time()

    # -- templates
    tpls, h = [], hashlib.sha256()
    for path in sorted(glob.glob(o.templates)):
        with open(path, 'rb') as f:
            h.update(os.path.basename(path).encode() + b'\0' + f.read())
        try:
            tp = Template(path)
        except (ValueError, struct.error) as e:
            print('gen_capture: skipping %s: %s' % (path, e), file=sys.stderr)
            continue
        tpls.append(tp)
        print('template ' + tp.describe(), file=sys.stderr)
    client_ok = [t for t in tpls if t.role == ROLE_CLIENT and t.success]
    client_fail = [t for t in tpls if t.role == ROLE_CLIENT and not t.success]
    server_any = [t for t in tpls if t.role == ROLE_SERVER]
    if not client_ok:
        sys.exit('gen_capture: need at least one successful client session among the templates')
    print('templates sha256 %s' % h.hexdigest(), file=sys.stderr)

    rng = random.Random(o.seed)
    n_dev = o.devices
    devices = []
    for i in range(n_dev):
        v6 = rng.random() < o.ipv6
        srv = (not v6) and bool(server_any) and rng.random() < o.gateways / max(1e-9, 1 - o.ipv6)
        devices.append(Device(i, rng, v6, srv))

    # -- sessions per device, and how many app-data datagrams each replays
    per_dev = [o.sessions // n_dev + (1 if i < o.sessions % n_dev else 0) for i in range(n_dev)]
    specs = []
    for d, ns in zip(devices, per_dev):
        sess = []
        for _ in range(ns):
            if d.role == ROLE_SERVER:
                tp = rng.choice(server_any)
            elif client_fail and rng.random() < o.fail_ratio:
                tp = rng.choice(client_fail)
            else:
                tp = rng.choice(client_ok)
            sess.append(tp)
        specs.append(sess)
    n_sess = sum(len(s) for s in specs)
    # frames = fixed parts + app datagrams * (1 + trace_ratio + 2 * dup) + keep-alives; 3 % headroom
    fixed = sum(tp.n_fixed for s in specs for tp in s)
    keepalives = n_dev * o.duration / o.keepalive
    n_app_sessions = sum(1 for s in specs for tp in s if tp.success)
    per_app = 1 + o.trace_ratio + 2 * o.dup_ratio
    budget = o.frames * 1.03 - fixed - keepalives
    mean_app = max(2.0, budget / per_app / max(1, n_app_sessions))
    horizon = int(o.duration * 1e6)
    print('plan: %d sessions (%d with an application-data phase), app-data datagrams per session '
          'uniform in [%d, %d] (mean %.0f), %.0f s' % (n_sess, n_app_sessions, max(2, int(mean_app * 0.2)),
                                                        int(mean_app * 1.8), mean_app, o.duration), file=sys.stderr)
    streams = []
    for d, sess in zip(devices, specs):
        plan = [(tp, max(2, int(mean_app * rng.uniform(0.2, 1.8))) if tp.success else 0) for tp in sess]
        total_app = sum(n for _, n in plan)
        # spread this device's requests over the capture: interval between request datagrams
        pairs = max(1, total_app / 2.0)
        idle = len(plan) * 10.5e6 + len(plan) * 1.0e6
        interval = max(20000.0, (horizon * 0.97 - idle) / pairs)
        spec = {'start': rng.randint(0, 30000000), 'horizon': horizon,
                'sessions': [(tp, n, interval) for tp, n in plan]}
        streams.append(device_stream(d, spec, random.Random(rng.getrandbits(64)), o))

    # -- write, in time order, exactly o.frames frames
    base_us = 1772438400 * 1000000   # 2026-03-02T08:00:00Z
    os.makedirs(os.path.dirname(os.path.abspath(o.output)), exist_ok=True)
    tmp = o.output + '.part'
    n = n_dtls = n_trace = n_keep = n_status_rec = n_trace_rec = n_records = 0
    seen_sessions = set()
    v6_sessions = set()
    status_count = {}
    buf = []
    rec_hdr = struct.Struct('<IIII')
    with open(tmp, 'wb') as f:
        f.write(struct.pack('<IHHiIII', 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for ev in heapq.merge(*streams):
            if n >= o.frames:
                break
            t, di, _, kind, data = ev
            dev = devices[di]
            if kind == 'D':
                s, from_dev, payload = data
                fr = (s.out if from_dev else s.inn).frame(payload, dev.ipid if from_dev else n)
                if from_dev:
                    dev.ipid += 1
                n_dtls += 1
                off = 0
                while off + 13 <= len(payload):      # records: 13-byte header, length at 11
                    off += 13 + (payload[off + 11] << 8 | payload[off + 12])
                    n_records += 1
                if s.serial not in seen_sessions:
                    seen_sessions.add(s.serial)
                    if dev.v6:
                        v6_sessions.add(s.serial)
            else:
                evs = data[1] if kind == 'T' else []
                ts_dev = (base_us + t + dev.skew_us) if dev.utc else (dev.boot_us + t)
                pl = nxt_datagram(NXTRACE_HDR_FLAG_TS_UTC if dev.utc else 0, dev.id, dev.trace_seq, ts_dev, evs)
                dev.trace_seq = (dev.trace_seq + 1) & 0xFFFFFFFF
                fr = dev.trace_link.frame(pl, dev.ipid)
                dev.ipid += 1
                if kind == 'K':
                    n_keep += 1
                else:
                    n_trace += 1
                    if any(e[0] == EV_STATUS and e[1] & ST_FLAG_RECORD and e[1] & ST_FLAG_SESSION for e in evs):
                        n_trace_rec += 1
                    for e in evs:
                        if e[0] == EV_STATUS:
                            st = struct.unpack_from('>I', e, 4)[0]
                            status_count[st] = status_count.get(st, 0) + 1
                            if e[1] & ST_FLAG_RECORD:
                                n_status_rec += 1
            tt = base_us + t
            buf.append(rec_hdr.pack(tt // 1000000, tt % 1000000, len(fr), len(fr)))
            buf.append(fr)
            n += 1
            if len(buf) >= 20000:
                f.write(b''.join(buf))
                buf = []
        f.write(b''.join(buf))
    os.replace(tmp, o.output)
    el = time.time() - t_start
    size = os.path.getsize(o.output)
    print('wrote %s: %d frames, %.1f MB, %.1f s' % (o.output, n, size / 1e6, el), file=sys.stderr)
    print('  devices %d (%d IPv6, %d DTLS servers), sessions in capture %d (%d IPv6) of %d planned'
          % (n_dev, sum(d.v6 for d in devices), sum(d.role == ROLE_SERVER for d in devices),
             len(seen_sessions), len(v6_sessions), n_sess), file=sys.stderr)
    print('  DTLS datagrams %d, trace datagrams %d (+ %d keep-alives): one trace per %.1f DTLS datagrams'
          % (n_dtls, n_trace, n_keep, n_dtls / max(1, n_trace)), file=sys.stderr)
    print('  DTLS records %d' % n_records, file=sys.stderr)
    print('  share of frames: DTLS %.1f %%, trace datagrams with events %.1f %%, keep-alives %.1f %%, '
          'trace datagrams with a SESSION and RECORD STATUS %.1f %%'
          % (100.0 * n_dtls / max(1, n), 100.0 * n_trace / max(1, n), 100.0 * n_keep / max(1, n),
             100.0 * n_trace_rec / max(1, n)), file=sys.stderr)
    print('  STATUS events %d (%d with a RECORD block): %s' % (
        sum(status_count.values()), n_status_rec,
        ', '.join('0x%X x%d' % kv for kv in sorted(status_count.items(), key=lambda kv: -kv[1]))),
        file=sys.stderr)


if __name__ == '__main__':
    main()
