# SPDX-License-Identifier: GPL-2.0-or-later
"""The user's status table (UAT nxtrace_status_codes) and the port range
preference, from the command line; the Info column for service 0."""
import struct
import unittest

from nxtshark import tshark, write_pcap_ipv4_udp

FIELDS = ["frame.number", "nxtrace.status.name", "nxtrace.status.severity", "nxtrace.status.family",
          "nxtrace.status.description", "nxtrace.status.hint", "nxtrace.status.addon_range", "_ws.col.Info"]


def datagram(dev, seq, status, api):
    """One NXTR v1 datagram (docs/PROTOCOL.md) with one STATUS event, no blocks."""
    body = struct.pack("!IHH", status, api, 0)
    event = struct.pack("!BBH", 1, 0, len(body)) + body
    return struct.pack("!IBBHIIQ", 0x4E585452, 1, 1, 1, dev, seq, 1764000000000000 + seq) + event


DATAGRAMS = [datagram(0x42, 1, 0x8001, 0xFFFF),  # an application code
             datagram(0x42, 2, 0xD01, 0),         # ambiguous add-on value, device 0x42
             datagram(0x43, 1, 0xD01, 0),         # the same value, another device
             datagram(0x42, 3, 0x0, 0xFFFF),      # the application reuses 0
             datagram(0x42, 4, 0x0, 3),           # NetX's 0 from a NetX service
             datagram(0x42, 5, 0x8001, 30)]       # 0x8001 from a NetX service: not the application's

APP = '"0x8001","65535","","APP_SENSOR_TIMEOUT","error","The sensor did not answer.","Check the sensor cable.",""'
APP_ZERO = '"0","0xFFFF","","APP_DONE","info","The application finished a step.","Nothing to do.",""'
SNTP = '"0xD01-0xD45","","0x42","SNTP_ERROR","warning","SNTP client error.","Check the NTP server.","SNTP client"'


def uat(*entries):
    args = []
    for e in entries:
        args += ["-o", "uat:nxtrace_status_codes:" + e]
    return args


class UserCodes(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.pcap = tshark().scratch("usercodes.pcap", write_pcap_ipv4_udp(DATAGRAMS))

    def rows(self, *extra):
        return {int(r[0]): dict(zip(FIELDS, r)) for r in tshark().fields(self.pcap, FIELDS, "nxtrace", extra=extra)}

    def test_without_the_table(self):
        r = self.rows()
        self.assertEqual(r[1]["nxtrace.status.name"], "")
        self.assertIn("ambiguous", r[2]["nxtrace.status.addon_range"])
        self.assertEqual(r[4]["nxtrace.status.name"], "NX_SUCCESS")

    def test_application_code(self):
        r = self.rows(*uat(APP, SNTP))
        self.assertEqual([r[1][f] for f in FIELDS[1:6]],
                         ["APP_SENSOR_TIMEOUT", "error", "application", "The sensor did not answer.",
                          "Check the sensor cable."])
        self.assertEqual(r[1]["_ws.col.Info"],
                         "dev 0x00000042 seq 1 application-defined: APP_SENSOR_TIMEOUT (0x8001) [error]")
        # Only for service 0xFFFF: from a NetX service 0x8001 stays unknown.
        self.assertEqual(r[6]["nxtrace.status.name"], "")
        frames = tshark().frames(self.pcap, 'nxtrace.status.severity == "error"', extra=uat(APP))
        self.assertEqual(frames, [1])

    def test_application_may_reuse_a_netx_value(self):
        r = self.rows(*uat(APP_ZERO))
        self.assertEqual((r[4]["nxtrace.status.name"], r[4]["nxtrace.status.family"]), ("APP_DONE", "application"))
        self.assertEqual((r[5]["nxtrace.status.name"], r[5]["nxtrace.status.family"]), ("NX_SUCCESS", "netx"))

    def test_addon_for_one_device(self):
        r = self.rows(*uat(APP, SNTP))
        self.assertEqual([r[2][f] for f in FIELDS[1:4]], ["SNTP_ERROR", "warning", "add-on"])
        self.assertEqual(r[2]["nxtrace.status.addon_range"], "SNTP client (user table)")
        # Device 0x43 has no entry: still ambiguous.
        self.assertEqual(r[3]["nxtrace.status.name"], "")
        self.assertIn("ambiguous", r[3]["nxtrace.status.addon_range"])

    def test_review_and_stats_use_the_table(self):
        out = tshark().run("-n", "-q", "-r", self.pcap, *uat(APP, SNTP), "-z", "nxtrace,review", "-z",
                           "nxtrace,tree").stdout
        self.assertIn("application-defined: APP_SENSOR_TIMEOUT [error]", out)
        self.assertIn("SNTP_ERROR", out)
        self.assertRegex(out, r"application\s+1")

    def test_every_entry_is_checked(self):
        bad = {
            '"0x80G1","65535","","A","error","m","h",""': 'Status "0x80G1"',
            '"0xD45-0xD01","","","A","error","m","h","SNTP client"': 'Status range "0xD45-0xD01"',
            '"0x8001","70000","","A","error","m","h",""': 'Service "70000"',
            '"0x8001","65535","dev7","A","error","m","h",""': 'Device "dev7"',
            '"0x8001","65535","","2BAD NAME","error","m","h",""': 'Name "2BAD NAME"',
            '"0x8001","65535","","A","fatal","m","h",""': 'Severity "fatal" of A',
            '"0x11B","3","","MINE","error","m","h","x"': "MINE: 0x11b is NetX's NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND",
            '"0xD01","","","SNTP_X","error","m","h",""': "SNTP_X: a status of a NetX service that NetX's table lacks",
        }
        for entry, message in bad.items():
            with self.subTest(entry=entry):
                p = tshark().run("-r", self.pcap, *uat(entry), check=False)
                self.assertNotEqual(p.returncode, 0)
                self.assertIn("Invalid -o flag", p.stderr)
                self.assertIn(message, p.stderr)


class PortRange(unittest.TestCase):
    def test_port_range_preference(self):
        pcap = tshark().scratch("ports.pcap", write_pcap_ipv4_udp([datagram(0x42, 1, 0, 3)], dport=50005))
        off = ["--disable-heuristic", "nxtrace_udp"]
        self.assertEqual(tshark().frames(pcap, "nxtrace", extra=off), [])
        self.assertEqual(tshark().frames(pcap, "nxtrace", extra=off + ["-o", "nxtrace.udp.port:47474,50000-50010"]),
                         [1])
        self.assertEqual(tshark().frames(pcap, "nxtrace", extra=off + ["-o", "nxtrace.udp.port:50005"]), [1])
        p = tshark().run("-r", pcap, "-o", "nxtrace.udp.port:50010-50000x", check=False)
        self.assertNotEqual(p.returncode, 0)


class InfoColumn(unittest.TestCase):
    def test_service_zero_has_no_unknown_prefix(self):
        pcap = tshark().scratch("service0.pcap", write_pcap_ipv4_udp([datagram(0x42, 1, 0x11B, 0)]))
        rows = tshark().fields(pcap, ["_ws.col.Info"], "nxtrace")
        self.assertEqual(rows[0][0], "dev 0x00000042 seq 1 NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND (0x11b) [error]")


if __name__ == "__main__":
    unittest.main()
