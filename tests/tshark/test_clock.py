# SPDX-License-Identifier: GPL-2.0-or-later
"""Device clocks and restarts on the captures made for them (tools/make_captures.sh,
nxsim --clock*): clock_drift (UTC clock 2.5 s behind, 400 ppm fast, trace seq 4
held 250 ms), uptime_restart (uptime clock from 1 h, 300 ppm slow, reboot after the
session), utc_restart (UTC clock, reboot after the session: seq from 0 again)."""
import json
import unittest

from nxtshark import tshark
from test_review import SESSIONS

CLOCK_FIELDS = ["frame.number", "frame.time_epoch", "nxtrace.seq", "nxtrace.clock.offset", "nxtrace.clock.delay",
                "nxtrace.clock.event_time", "nxtrace.clock.restart", "nxtrace.seq.duplicate_of",
                "nxtrace.seq.out_of_order", "nxtrace.seq.restart", "_ws.expert.message"]


def rows(capture, two_pass):
    out = tshark().fields(capture, CLOCK_FIELDS, "nxtrace", two_pass=two_pass)
    return {int(r[0]): dict(zip(CLOCK_FIELDS, r)) for r in out}


def device(capture):
    out = tshark().run("-n", "-q", "-r", tshark().path(capture), "-z", "nxtrace,review,json").stdout
    return json.loads(out)["devices"][0]


class Clocks(unittest.TestCase):
    def test_offset_and_drift_of_a_utc_clock(self):
        d = device("clock_drift.pcapng")
        c = d["clock"]
        self.assertEqual((c["kind"], d["restarts"]), ("utc", 0))
        self.assertAlmostEqual(c["offset_s"], 2.5, delta=0.005)      # device clock 2.5 s behind
        self.assertAlmostEqual(c["drift_ppm"], 400, delta=25)         # and 400 ppm fast
        self.assertAlmostEqual(c["max_delay_s"], 0.25, delta=0.02)    # seq 4, held 250 ms
        self.assertIsNone(c["boot_time"])

    def test_delay_of_the_held_datagram(self):
        for two_pass in (False, True):
            with self.subTest(two_pass=two_pass):
                r = rows("clock_drift.pcapng", two_pass)
                held = [f for f, v in r.items() if v["nxtrace.seq"] == "4"]
                self.assertEqual(held, [19])
                for f, v in r.items():
                    delay = float(v["nxtrace.clock.delay"])
                    if f == 19:
                        self.assertAlmostEqual(delay, 0.25, delta=0.02)
                    else:
                        self.assertLess(delay, 0.01, f)
                    # The event's capture-clock time: its timestamp plus the offset, at or before arrival.
                    self.assertLessEqual(float(v["nxtrace.clock.offset"]) - 2.5, 0.005)
                self.assertEqual([f for f, v in r.items() if v["nxtrace.clock.restart"]], [])

    def test_uptime_restart(self):
        for two_pass in (False, True):
            with self.subTest(two_pass=two_pass):
                r = rows("uptime_restart.pcapng", two_pass)
                self.assertEqual([(f, v["nxtrace.clock.restart"]) for f, v in r.items() if v["nxtrace.clock.restart"]],
                                 [(31, "1")])
                self.assertEqual(r[31]["nxtrace.seq"], "0")
                self.assertIn("The device restarted: its uptime clock went back", r[31]["_ws.expert.message"])
                # Seq 0..3 after the reboot are neither duplicates nor late.
                for f in (31, 32, 33, 34):
                    self.assertEqual((r[f]["nxtrace.seq.duplicate_of"], r[f]["nxtrace.seq.out_of_order"]), ("", ""))
                # The new boot's offset is the capture time of the boot: 150 ms before frame 31's timestamp.
                boot = float(r[31]["frame.time_epoch"]) - float(r[31]["nxtrace.clock.offset"])
                self.assertAlmostEqual(boot, 0.150, delta=0.01)
        d = device("uptime_restart.pcapng")
        self.assertEqual((d["restarts"], d["clock"]["kind"]), (1, "uptime"))
        self.assertEqual(d["datagrams"], {"received": 13, "lost": 0, "duplicated": 0, "late": 0})
        self.assertAlmostEqual(d["clock"]["drift_ppm"], -300, delta=40)
        self.assertEqual(d["clock"]["samples"], 4)  # the last boot's

    def test_utc_restart(self):
        for two_pass in (False, True):
            with self.subTest(two_pass=two_pass):
                r = rows("utc_restart.pcapng", two_pass)
                self.assertEqual([(f, v["nxtrace.clock.restart"]) for f, v in r.items() if v["nxtrace.clock.restart"]],
                                 [(31, "2")])
                for f in (31, 32, 33):
                    self.assertEqual((r[f]["nxtrace.seq.duplicate_of"], r[f]["nxtrace.seq.out_of_order"]), ("", ""))
        d = device("utc_restart.pcapng")
        self.assertEqual(d["restarts"], 1)
        self.assertEqual(d["datagrams"], {"received": 12, "lost": 0, "duplicated": 0, "late": 0})
        self.assertAlmostEqual(d["clock"]["offset_s"], 0, delta=0.005)

    def test_no_restart_elsewhere(self):
        # A duplicate or late datagram (trace_faults) stays one; nothing else restarts.
        for capture in SESSIONS:
            if capture.endswith("restart.pcapng"):
                continue
            with self.subTest(capture=capture):
                self.assertEqual(tshark().frames(capture, "nxtrace.clock.restart"), [])
        r = rows("trace_faults.pcapng", False)
        self.assertEqual(r[20]["nxtrace.seq.duplicate_of"], "19")
        self.assertEqual(r[26]["nxtrace.seq.out_of_order"], "1")


if __name__ == "__main__":
    unittest.main()
