#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Seed corpus for the fuzz targets, extracted from the real captures.

  python3 fuzz/make_corpus.py [--captures captures] [--out fuzz/corpus]

writes
  <out>/datagram/<capture>-<frame>.bin  every distinct NXTR payload (UDP port 47474)
  <out>/frames/<capture>.bin            the whole capture, every frame as Ethernet
  <out>/frames/<capture>-traces.bin     the same, trace datagrams as bare payloads
                                        (kind 2), which mutate without breaking IP
  <out>/keylog.txt                      the DTLS keys of every capture (pcapng DSB)

in the frame format of fuzz/fuzz_nxtrace.c: kind:u8 length:u16 bytes, where
kind & 3 is 0 (Ethernet), 2 (payload to the trace port) and kind >> 2 encodes
the time since the previous frame (2^(k/2) us).  Standard library only.
"""
import argparse
import glob
import hashlib
import math
import os
import struct
import sys

TRACE_PORT = 47474
MAX_FRAMES = 256


def pcapng_blocks(data):
    """(type, body) of every block; honours each section's byte order."""
    off, endian = 0, "<"
    while off + 12 <= len(data):
        btype = struct.unpack_from(endian + "I", data, off)[0]
        if btype == 0x0A0D0D0A:  # section header: its magic sets the byte order
            endian = "<" if data[off + 8:off + 12] == b"\x4d\x3c\x2b\x1a" else ">"
        blen = struct.unpack_from(endian + "I", data, off + 4)[0]
        if blen < 12 or off + blen > len(data):
            raise ValueError("truncated pcapng block at %d" % off)
        yield btype, data[off + 8:off + blen - 4], endian
        off += blen


def read_pcapng(path):
    """Frames as (timestamp in us, bytes) and the TLS key log text."""
    with open(path, "rb") as f:
        data = f.read()
    frames, keys, tsresol = [], [], {}
    idb = 0
    for btype, body, e in pcapng_blocks(data):
        if btype == 1:  # interface description: look for if_tsresol
            linktype = struct.unpack_from(e + "H", body, 0)[0]
            if linktype != 1:
                raise ValueError("%s: link type %d, only Ethernet is supported" % (path, linktype))
            res, opt = 6, 8
            while opt + 4 <= len(body):
                code, olen = struct.unpack_from(e + "HH", body, opt)
                if code == 0:
                    break
                if code == 9:
                    v = body[opt + 4]
                    res = v if v < 128 else None
                opt += 4 + (olen + 3) // 4 * 4
            tsresol[idb] = 10 ** res
            idb += 1
        elif btype == 6:  # enhanced packet
            iface, hi, lo, caplen = struct.unpack_from(e + "IIII", body, 0)
            ts = (hi << 32 | lo) * 1000000 // tsresol[iface]
            frames.append((ts, body[20:20 + caplen]))
        elif btype == 10:  # decryption secrets
            stype, slen = struct.unpack_from(e + "II", body, 0)
            if stype == 0x544c534b:  # TLS key log
                keys.append(body[8:8 + slen].decode())
    return frames, "".join(keys)


def udp_payload(frame):
    """(dst port, payload) of an Ethernet/IPv4|IPv6/UDP frame, else None."""
    if len(frame) < 14:
        return None
    etype, off = struct.unpack_from("!H", frame, 12)[0], 14
    if etype == 0x0800 and len(frame) >= off + 20:
        ihl = (frame[off] & 15) * 4
        if frame[off + 9] != 17:
            return None
        off += ihl
    elif etype == 0x86DD and len(frame) >= off + 40:
        if frame[off + 6] != 17:
            return None
        off += 40
    else:
        return None
    if len(frame) < off + 8:
        return None
    dport, ulen = struct.unpack_from("!2xH H", frame, off)
    return dport, frame[off + 8:off + ulen]


def step_kind(delta_us):
    """kind >> 2 for a time step: 0, or k with 2^(k/2) us closest to it."""
    if delta_us <= 0:
        return 0
    return max(1, min(63, int(round(2 * math.log2(delta_us)))))


def frame_record(kind, step, data):
    data = data[:0xFFFF]
    return struct.pack("!BH", kind | step << 2, len(data)) + data


def main():
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--captures", default=os.path.join(top, "captures"))
    ap.add_argument("--out", default=os.path.join(top, "fuzz", "corpus"))
    args = ap.parse_args()

    caps = sorted(glob.glob(os.path.join(args.captures, "*.pcapng")))
    if not caps:
        sys.exit("no captures in %s" % args.captures)
    for sub in ("datagram", "frames"):
        d = os.path.join(args.out, sub)
        os.makedirs(d, exist_ok=True)
        for old in glob.glob(os.path.join(d, "*.bin")):
            os.remove(old)

    seen, keylog, counts = set(), [], [0, 0]
    for cap in caps:
        name = os.path.splitext(os.path.basename(cap))[0]
        frames, keys = read_pcapng(cap)
        keylog.append(keys)
        whole, traces, prev = [], [], None
        for num, (ts, frame) in enumerate(frames[:MAX_FRAMES], 1):
            step = step_kind(ts - prev if prev is not None else 0)
            prev = ts
            udp = udp_payload(frame)
            whole.append(frame_record(0, step, frame))
            if udp and udp[0] == TRACE_PORT:
                traces.append(frame_record(2, step, udp[1]))
                digest = hashlib.sha1(udp[1]).digest()
                if digest not in seen:
                    seen.add(digest)
                    with open(os.path.join(args.out, "datagram", "%s-%d.bin" % (name, num)), "wb") as f:
                        f.write(udp[1])
                    counts[0] += 1
            else:
                traces.append(frame_record(0, step, frame))
        for suffix, recs in (("", whole), ("-traces", traces)):
            with open(os.path.join(args.out, "frames", name + suffix + ".bin"), "wb") as f:
                f.write(b"".join(recs))
            counts[1] += 1
    with open(os.path.join(args.out, "keylog.txt"), "w") as f:
        f.write("".join(keylog))
    print("%d datagram seeds, %d frame-sequence seeds from %d captures in %s" %
          (counts[0], counts[1], len(caps), args.out))


if __name__ == "__main__":
    main()
