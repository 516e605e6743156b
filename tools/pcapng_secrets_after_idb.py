#!/usr/bin/env python3
"""Moves a pcapng's Decryption Secrets Blocks after its Interface Description
Blocks, in place.

`editcap --inject-secrets` (Wireshark 4.0) writes the DSB before the IDB; the
file reads and decrypts fine, but editcap and tshark 4.0 then refuse to write
it again ("can't be written as a pcapng file"), which would stop anyone from
cutting or merging our captures.  The pcapng spec only needs a DSB before the
packets it decrypts.  Single-section files only, which is what dumpcap writes.
SPDX-License-Identifier: GPL-2.0-or-later
"""
import struct
import sys

SHB, IDB, DSB = 0x0A0D0D0A, 0x00000001, 0x0000000A


def reorder(data):
    blocks, off = [], 0
    while off + 12 <= len(data):
        btype, blen = struct.unpack_from("<II", data, off)
        if blen < 12 or off + blen > len(data):
            raise ValueError("truncated block at offset %d" % off)
        blocks.append((btype, data[off:off + blen]))
        off += blen
    if [t for t, _ in blocks].count(SHB) != 1:
        raise ValueError("expected exactly one section")
    head = [b for t, b in blocks if t in (SHB, IDB)]
    secrets = [b for t, b in blocks if t == DSB]
    rest = [b for t, b in blocks if t not in (SHB, IDB, DSB)]
    return b"".join(head + secrets + rest)


if __name__ == "__main__":
    for path in sys.argv[1:]:
        with open(path, "rb") as f:
            data = f.read()
        out = reorder(data)
        if out != data:
            with open(path, "wb") as f:
                f.write(out)
