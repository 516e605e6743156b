#!/bin/sh
# One command from a fresh Debian 12 checkout to a working plugin: installs the
# missing packages, builds, installs nxtrace into your personal Wireshark plugin
# folder and decodes a bundled capture with it.
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
cd "$(dirname "$0")/.."
sh tools/deps.sh
cmake -S . -B build >/dev/null
cmake --build build -j "$(nproc)"
cmake --install build --component plugin
demo=captures/untrusted_cert.pcapng
echo
echo "== tshark -r $demo -Y nxtrace"
if [ "$(id -u)" -eq 0 ]; then
    # Wireshark ignores personal plugins for root; show the build-tree plugin instead.
    echo "(running as root: Wireshark ignores personal plugins for root, so this uses tools/nxtshark)"
    TSHARK="tools/nxtshark"
else
    TSHARK="tshark"
fi
$TSHARK -n -r "$demo" -Y nxtrace
echo
echo "== every error: name, severity, hint, and the DTLS frames it concerns (two passes)"
$TSHARK -n -2 -r "$demo" -Y 'nxtrace.status.severity == "error"' -T fields -E header=y \
    -e frame.number -e nxtrace.status.name -e nxtrace.status.severity -e nxtrace.status.hint \
    -e nxtrace.link.record_frame -e nxtrace.link.alert_frame
echo
$TSHARK -n -2 -r "$demo" -Y 'nxtrace.status.severity == "error"' -T fields -e nxtrace.link.summary
