#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Drive an openssl s_server / s_client peer of nxdevice line by line.

    peer_dialog.py --device-log F answer -- openssl s_server ...
        For every "reading N" the peer prints (the device, a DTLS client,
        sent it), answer "ack N" once F holds N "step client_session_send"
        lines: the device's trace of that send is then on the wire, so the
        answer can never overtake it.
    peer_dialog.py --device-log F ask N [--close] -- openssl s_client ...
        Once F holds "step server_session_start", send "get 1" .. "get N",
        each after the answer to the previous one and the device's trace of
        that answer.  --close: then close s_client's stdin, so that it sends
        close_notify first; else wait until the device closes.

The peer's stdin and stdout are pipes; stderr goes where ours goes.  Exits
with the peer's status (0 if it had to be stopped at the end of --timeout).
"""
import argparse
import os
import select
import subprocess
import sys
import time


def count_lines(path, text):
    try:
        with open(path) as f:
            return sum(1 for line in f if line.startswith(text))
    except FileNotFoundError:
        return 0


def wait_for(path, text, n, deadline, proc):
    while count_lines(path, text) < n:
        if time.monotonic() > deadline:
            raise SystemExit("peer_dialog: timed out waiting for %d x %r in %s" % (n, text, path))
        time.sleep(0.005)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--device-log", required=True)
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("mode", choices=("answer", "ask"))
    ap.add_argument("count", nargs="?", type=int, default=0)
    ap.add_argument("--close", action="store_true")
    argv = sys.argv[1:]
    if "--" not in argv or argv.index("--") == len(argv) - 1:
        ap.error("the peer command follows --")
    cmd = argv[argv.index("--") + 1:]
    a = ap.parse_args(argv[:argv.index("--")])
    deadline = time.monotonic() + a.timeout
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
    out = proc.stdout
    buf = b""

    def lines():
        nonlocal buf
        while True:
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                yield line.decode(errors="replace").strip()
            left = deadline - time.monotonic()
            if left <= 0:
                return
            r, _, _ = select.select([out], [], [], min(left, 0.2))
            if r:
                chunk = os.read(out.fileno(), 4096)
                if not chunk:
                    return
                buf += chunk

    def send(text):
        proc.stdin.write((text + "\n").encode())
        proc.stdin.flush()

    try:
        if a.mode == "answer":
            readings = 0
            for line in lines():
                if line.startswith("reading "):
                    readings += 1
                    wait_for(a.device_log, "step client_session_send", readings, deadline, proc)
                    send("ack %s" % line.split()[1])
        else:
            wait_for(a.device_log, "step server_session_start", 1, deadline, proc)
            it = lines()
            for i in range(1, a.count + 1):
                send("get %d" % i)
                for line in it:
                    if line == "ack get %d" % i:
                        break
                wait_for(a.device_log, "step server_session_send", i, deadline, proc)
            if a.close:
                proc.stdin.close()  # s_client -no_ign_eof: close_notify
            for _ in it:
                pass
    finally:
        try:
            if not proc.stdin.closed:
                proc.stdin.close()
        except BrokenPipeError:
            pass
        try:
            rc = proc.wait(timeout=max(0.5, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.terminate()
            proc.wait()
            rc = 0
    return rc


if __name__ == "__main__":
    sys.exit(main())
