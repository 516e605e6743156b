# SPDX-License-Identifier: GPL-2.0-or-later
"""The plugin registers what users script against: protocol, fields, heuristic, prefs, stats."""
import os
import unittest

from nxtshark import tshark, write_pcap_ipv4_udp

# Field names promised to users (issue #2): renaming one breaks their scripts.
INTERFACE_FIELDS = [
    "nxtrace.device_id", "nxtrace.seq", "nxtrace.event.type", "nxtrace.status", "nxtrace.status.name",
    "nxtrace.status.family", "nxtrace.status.severity", "nxtrace.api", "nxtrace.record.epoch",
    "nxtrace.record.seq",
]

# A real datagram as our encoder writes it (docs/PROTOCOL.md): one STATUS, 0x11B from api 3.
STATUS_11B = bytes.fromhex(
    "4e585452" "01" "01" "0001" "00000007" "00000002" "0006445941624000"  # header, TS_UTC
    "01" "0a" "0010"  # STATUS, RECORD present, role client, 16-byte body
    "0000011b" "0003" "0000"  # status, api nx_secure_dtls_client_session_start, reserved
    "0000" "000000000003")  # record epoch 0, sequence 3


class PluginLoads(unittest.TestCase):
    def test_listed_as_plugin(self):
        out = tshark().run("-G", "plugins").stdout
        line = [l for l in out.splitlines() if l.startswith("nxtrace.so")]
        self.assertEqual(len(line), 1, out[:2000])
        name, version, kind = [c.strip() for c in line[0].split("\t")[:3]]
        # The one version number, project(nxtrace VERSION ...) in CMakeLists.txt.
        self.assertEqual(version, os.environ["NXT_VERSION"])
        self.assertIn("dissector", kind)

    def test_protocol_and_interface_fields(self):
        out = tshark().run("-G", "fields").stdout
        names = {l.split("\t")[2] for l in out.splitlines() if l.startswith("F\t")}
        self.assertEqual([f for f in INTERFACE_FIELDS if f not in names], [])
        protos = tshark().run("-G", "protocols").stdout
        self.assertIn("NetX Secure Trace\tNXTRACE\tnxtrace", protos)

    def test_heuristic_registered_and_enabled(self):
        out = tshark().run("-G", "heuristic-decodes").stdout
        # 4.0-4.4 print "udp\tnxtrace\tT"; 4.6 appends enabled-by-default, short name and description.
        rows = [l.split("\t")[:3] for l in out.splitlines()]
        self.assertIn(["udp", "nxtrace", "T"], rows)

    def test_preferences(self):
        out = tshark().run("-G", "defaultprefs").stdout
        prefs = [l for l in out.splitlines() if l.startswith("#nxtrace.")]
        self.assertEqual(sorted(prefs), ["#nxtrace.hint_in_info: FALSE", "#nxtrace.link_dtls: TRUE",
                                         "#nxtrace.link_window_ms: 10000", "#nxtrace.track_seq: TRUE"])

    def _one(self, *extra, port=47474):
        path = tshark().scratch("one_%d.pcap" % port, write_pcap_ipv4_udp([STATUS_11B], dport=port))
        out = tshark().run("-n", "-r", path, "-T", "fields", "-e", "nxtrace.status.name", *extra).stdout
        return out.strip()

    def test_default_port(self):
        self.assertEqual(self._one("--disable-heuristic", "nxtrace_udp"),
                         "NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND")

    def test_heuristic_on_other_port(self):
        self.assertEqual(self._one(port=9999), "NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND")
        self.assertEqual(self._one("--disable-heuristic", "nxtrace_udp", port=9999), "")

    def test_decode_as(self):
        self.assertEqual(self._one("--disable-heuristic", "nxtrace_udp", "-d", "udp.port==9999,nxtrace",
                                   port=9999), "NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND")

    def test_port_preference(self):
        self.assertEqual(self._one("--disable-heuristic", "nxtrace_udp", "-o", "nxtrace.udp.port:9999",
                                   port=9999), "NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND")

    def test_disable_protocol(self):
        self.assertEqual(self._one("--disable-protocol", "nxtrace"), "")

    def test_stats_tree(self):
        path = tshark().scratch("stats.pcap", write_pcap_ipv4_udp([STATUS_11B, STATUS_11B]))
        out = tshark().run("-n", "-q", "-r", path, "-z", "nxtrace,tree").stdout
        self.assertIn("NetX Secure Trace/Status codes", out)
        rows = [l.split() for l in out.splitlines() if "NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND" in l]
        self.assertTrue(rows, out[:2000])
        self.assertEqual(rows[0][1], "2")


if __name__ == "__main__":
    unittest.main()
