#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check a capture of nxdevice without the plugin, and print its frame map.

    check_capture.py CAPTURE [--trace-port 47474] [--expect API:STATUS ...]

Decodes every NXTR datagram (UDP to the trace port) with its own parser and
matches each STATUS's RECORD block against the DTLS records tshark sees: same
epoch and sequence number, in the session of the SESSION block, in the
direction RECORD_SENT gives, in an earlier frame.  With --expect, the STATUS
events (api id and status, in hex) must be exactly those, in order.  Prints
one line per STATUS: frame, device, seq, api, status, record and the DTLS
frame holding it.  Exit 1 on any mismatch.
"""
import argparse
import ipaddress
import struct
import subprocess
import sys


def tshark(capture, port, fields, dfilter):
    cmd = ["tshark", "-n", "-r", capture, "-d", "udp.port==%d,data" % port, "-Y", dfilter,
           "-T", "fields", "-E", "separator=|", "-E", "occurrence=a", "-E", "aggregator=,"]
    for f in fields:
        cmd += ["-e", f]
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True).stdout
    return [line.split("|") for line in out.splitlines()]


def decode(payload):
    """NXTR datagram -> (device_id, seq, [status dicts])."""
    magic, version, _flags, count, dev, seq, _ts = struct.unpack_from("!IBBHIIQ", payload)
    if magic != 0x4E585452 or version != 1:
        raise ValueError("not NXTR v1")
    off, events = 24, []
    for _ in range(count):
        etype, eflags, length = struct.unpack_from("!BBH", payload, off)
        body = payload[off + 4:off + 4 + length]
        off += 4 + length
        if etype != 1:
            continue
        status, api, _r = struct.unpack_from("!IHH", body)
        ev = {"status": status, "api": api, "session": None, "record": None, "sent": bool(eflags & 4)}
        p = 8
        if eflags & 1:
            ipv, _r, lport, rport = struct.unpack_from("!BBHH", body, p)
            alen = 4 if ipv == 4 else 16
            la = ipaddress.ip_address(body[p + 6:p + 6 + alen])
            ra = ipaddress.ip_address(body[p + 6 + alen:p + 6 + 2 * alen])
            ev["session"] = (str(la), lport, str(ra), rport)
            p += 6 + 2 * alen
        if eflags & 2:
            epoch, hi, lo = struct.unpack_from("!HHI", body, p)
            ev["record"] = (epoch, (hi << 32) | lo)
        events.append(ev)
    return dev, seq, events


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("capture")
    ap.add_argument("--trace-port", type=int, default=47474)
    ap.add_argument("--expect", nargs="*", default=None, help="API:STATUS pairs, e.g. 3:0x11b")
    a = ap.parse_args()

    records = {}  # (src, sport, dst, dport, epoch, seq) -> first frame
    for r in tshark(a.capture, a.trace_port,
                    ["frame.number", "ip.src", "ipv6.src", "udp.srcport", "ip.dst", "ipv6.dst", "udp.dstport",
                     "dtls.record.epoch", "dtls.record.sequence_number"], "dtls"):
        frame, src, dst = int(r[0]), r[1] or r[2], r[4] or r[5]
        src, dst = str(ipaddress.ip_address(src)), str(ipaddress.ip_address(dst))
        for e, s in zip(r[7].split(","), r[8].split(",")):
            if e and s:
                records.setdefault((src, int(r[3]), dst, int(r[6]), int(e), int(s)), frame)

    bad, seen = [], []
    for r in tshark(a.capture, a.trace_port, ["frame.number", "data.data"], "udp.dstport == %d" % a.trace_port):
        frame = int(r[0])
        dev, seq, events = decode(bytes.fromhex(r[1].replace(":", "")))
        for ev in events:
            seen.append("%d:0x%x" % (ev["api"], ev["status"]))
            where, rec = "-", "-"
            if ev["record"]:
                epoch, rseq = ev["record"]
                rec = "%s %d/%d" % ("tx" if ev["sent"] else "rx", epoch, rseq)
                if not ev["session"]:
                    bad.append("frame %d: RECORD without SESSION" % frame)
                else:
                    la, lp, ra, rp = ev["session"]
                    key = (la, lp, ra, rp) if ev["sent"] else (ra, rp, la, lp)
                    f = records.get(key + (epoch, rseq))
                    if f is None or f > frame:
                        bad.append("frame %d: record %s of %s:%d <-> %s:%d not in an earlier frame"
                                   % (frame, rec, la, lp, ra, rp))
                    where = str(f)
            print("%4d dev %d seq %d: api %2d status 0x%03x %-10s -> %s%s"
                  % (frame, dev, seq, ev["api"], ev["status"], rec, where,
                     "" if ev["session"] else " (no SESSION)"))
    if not seen:
        bad.append("no STATUS event in the capture")
    if a.expect is not None:
        want = [e.lower() for e in a.expect]
        if seen != want:
            bad.append("statuses %s, expected %s" % (" ".join(seen), " ".join(want)))
    for b in bad:
        print("check_capture: %s: %s" % (a.capture, b), file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
