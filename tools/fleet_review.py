#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Merges the JSON reviews of many captures (tshark -z nxtrace,review,json, schema 1;
docs/REVIEW.md) into one fleet summary: sessions by outcome, every failed session with
its capture, device and first error, and the error statuses counted by name.

  fleet_review.py reviews/*.json            text
  fleet_review.py --json reviews/*.json     one JSON document ("fleet_schema": 1)
"""
import json
import sys
from collections import Counter

OUTCOMES = ["established", "failed", "closed", "timed_out", "unknown"]


def load(path):
    with open(path, encoding="utf-8") as f:
        review = json.load(f)
    if review.get("schema") != 1:
        raise SystemExit("fleet_review: %s: not a schema 1 review (schema %r)" % (path, review.get("schema")))
    return review


def summarize(paths):
    outcomes, errors, failed, devices = Counter(), Counter(), [], set()
    lost = 0
    for path in paths:
        r = load(path)
        name = r["capture"]["file"] or path
        lost += r["capture"]["trace_datagrams_lost"]
        names = {}
        for d in r["devices"]:
            devices.add((d["id"], d["name"]))
            names[d["id"]] = d["name"]
        for s in r["sessions"]:
            outcomes[s["outcome"]] += 1
        for t in r["timeline"]:
            if t["severity"] == "error":
                errors[t["name"]] += 1
        for f in r["failed"]:
            st = f["status"]
            session = r["sessions"][f["session"] - 1]
            failed.append({"capture": name, "session": f["session"], "device": session["device"],
                           "device_name": names.get(session["device"]),
                           "status": st["name"] if st else None, "status_frame": st["frame"] if st else None,
                           "alert": f["alert"]["description"] if f["alert"] else None,
                           "outcome_frame": f["outcome_frame"]})
    return {"fleet_schema": 1, "captures": len(paths), "devices": len(devices),
            "sessions": {o: outcomes[o] for o in OUTCOMES}, "trace_datagrams_lost": lost,
            "errors": dict(sorted(errors.items(), key=lambda kv: (-kv[1], kv[0]))),
            "failed": sorted(failed, key=lambda f: (f["capture"], f["session"]))}


def main(argv):
    as_json = "--json" in argv
    paths = [a for a in argv if a != "--json"]
    if not paths:
        raise SystemExit(__doc__.strip())
    s = summarize(paths)
    if as_json:
        print(json.dumps(s, indent=2))
        return 0
    print("Fleet: %d captures, %d devices, %d DTLS sessions (%s)" % (
        s["captures"], s["devices"], sum(s["sessions"].values()),
        ", ".join("%d %s" % (n, o) for o, n in s["sessions"].items() if n)))
    print("Trace datagrams lost: %d" % s["trace_datagrams_lost"])
    print("Error statuses:")
    for name, n in s["errors"].items():
        print("  %4d  %s" % (n, name))
    print("Failed sessions:")
    for f in s["failed"]:
        print("  %s #%d  %s %s  %s (frame %s), alert %s" % (
            f["capture"], f["session"], f["device"], f["device_name"] or "", f["status"] or "no status",
            f["status_frame"], f["alert"] or "none"))
    return 1 if s["failed"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
