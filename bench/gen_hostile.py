#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""gen_hostile.py - captures made to hurt the state nxtrace keeps across packets.

  python3 bench/gen_hostile.py SHAPE N OUT.pcap [--seed S]

SHAPE (N datagrams each, Ethernet/IPv4/UDP, 1 ms apart, classic pcap):

  devices   every datagram from a new device id: DEVICE_INFO, LOG and a STATUS
            whose SESSION block names a new flow and whose RECORD block names a
            record that never appears (the issue's 200,000-datagram capture)
  sessions  a million-DTLS-sessions capture: every datagram a real OpenSSL DTLS
            ClientHello (taken from captures/good_session.pcapng, bytes
            untouched) from a new address and port
  records   one device, one flow: every datagram a STATUS naming a record of
            that flow that never appears
  seqjump   1,000 devices whose seqs jump back and forth: gaps, duplicates,
            late arrivals, restarts, across the 2^32 wrap

The NXTR encoding follows include/nxtrace.h.  Standard library only.
"""
import argparse
import os
import random
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(TOP, "fuzz"))
from make_corpus import read_pcapng, udp_payload  # noqa: E402

TRACE_PORT = 47474
COLLECTOR = bytes([10, 0, 0, 2])
PEER = bytes([198, 51, 100, 10])
T0 = 1764547200


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def frame(src, dst, sport, dport, payload, ident):
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    ip = bytearray(struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), ident & 0xFFFF, 0, 64, 17, 0, src, dst))
    ip[10:12] = struct.pack("!H", csum(bytes(ip)))
    return b"\x02\x00\x00\x00\x00\x02" + b"\x02\x00\x00\x00\x00\x01" + b"\x08\x00" + bytes(ip) + udp


def device_addr(i):
    return bytes([10, 64 + (i >> 16 & 63), i >> 8 & 255, i & 255])


# ---- NXTR (include/nxtrace.h) ----------------------------------------------------

def header(device, seq, nevents, ts_us):
    return b"NXTR" + struct.pack("!BBHIIQ", 1, 1, nevents, device, seq, ts_us)


def event(etype, flags, body):
    return struct.pack("!BBH", etype, flags, len(body)) + body


def device_info(name, fw):
    return event(2, 0, bytes([len(name)]) + name + bytes([len(fw)]) + fw)


def log(level, text):
    return event(3, 0, bytes([level]) + text)


def status(code, api, local=None, lport=0, remote=None, rport=0, epoch=None, rseq=None, sent=False):
    flags, body = 1 << 3, struct.pack("!IHH", code, api, 0)  # role: DTLS client
    if local is not None:
        flags |= 0x01
        body += struct.pack("!BBHH", 4, 0, lport, rport) + local + remote
    if epoch is not None:
        flags |= 0x02 | (0x04 if sent else 0)
        body += struct.pack("!H", epoch) + rseq.to_bytes(6, "big")
    return event(1, flags, body)


# ---- shapes ---------------------------------------------------------------------

def gen_devices(n, rnd):
    for i in range(n):
        dev = 0x10000000 + i
        addr = device_addr(i)
        lport = 20000 + i % 40000
        evs = [device_info(b"sensor-%07d" % i, b"6.4.2"),
               log(6, b"handshake start: dtls client %d" % i),
               status(0x127, 30, addr, lport, PEER, 4433, 1, 5 + i % 1000)]
        payload = header(dev, 0, len(evs), (T0 + i // 1000) * 1000000) + b"".join(evs)
        yield frame(addr, COLLECTOR, 40000, TRACE_PORT, payload, i)


def client_hello():
    frames, _ = read_pcapng(os.path.join(TOP, "captures", "good_session.pcapng"))
    for _, f in frames:
        u = udp_payload(f)
        # content type handshake, a DTLS version, msg type ClientHello
        if u and len(u[1]) > 14 and u[1][0] == 22 and u[1][1] == 0xFE and u[1][13] == 1:
            return u[1]
    sys.exit("no DTLS ClientHello in captures/good_session.pcapng")


def gen_sessions(n, rnd):
    hello = client_hello()
    for i in range(n):
        yield frame(device_addr(i), PEER, 20000 + i % 40000, 4433, hello, i)


def gen_records(n, rnd):
    addr = device_addr(1)
    for i in range(n):
        ev = status(0x11F, 30, addr, 50000, PEER, 4433, 1, 1000 + i)
        yield frame(addr, COLLECTOR, 40000, TRACE_PORT, header(0x20000001, i, 1, i * 1000) + ev, i)


def gen_seqjump(n, rnd):
    highest = {d: (0xFFFFFF00 if d % 5 == 0 else rnd.getrandbits(32)) for d in range(1000)}
    for i in range(n):
        d = rnd.randrange(1000)
        r = rnd.random()
        h = highest[d]
        if r < 0.5:
            seq = h + 1
        elif r < 0.65:
            seq = h + rnd.randrange(2, 100)
        elif r < 0.9:
            seq = h - rnd.randrange(0, 64)
        else:
            seq = h - rnd.randrange(64, 1 << 20)
        seq &= 0xFFFFFFFF
        if r < 0.65 or r >= 0.9:
            highest[d] = seq
        ev = status(0, 32)
        yield frame(device_addr(d), COLLECTOR, 40000, TRACE_PORT, header(0x30000000 + d, seq, 1, i * 1000) + ev, i)


SHAPES = {"devices": gen_devices, "sessions": gen_sessions, "records": gen_records, "seqjump": gen_seqjump}


def write(shape, n, out, seed=1):
    rnd = random.Random(seed)
    with open(out + ".tmp", "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, fr in enumerate(SHAPES[shape](n, rnd)):
            f.write(struct.pack("<IIII", T0 + i // 1000, (i % 1000) * 1000, len(fr), len(fr)) + fr)
    os.replace(out + ".tmp", out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("shape", choices=sorted(SHAPES))
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    write(a.shape, a.n, a.out, a.seed)


if __name__ == "__main__":
    main()
