#!/bin/sh
# Live test of the device side: builds the NetX Duo device with the trace hook
# (device/netx/build.sh), runs a good and a failing scenario between two
# network namespaces (tools/make_netx_captures.sh netx_client_session
# netx_untrusted_ca), captures them and checks with the plugin that every
# status is resolved and linked to the exact DTLS record frames
# (tests/tshark/test_netx_captures.py, NXT_NETX_LIVE=1).
# Skips (exit 77), saying why, without the NetX sources, root, network
# namespaces or the tools.  NetX sources: $NXT_NETX_DIR, else ../shared/netx.
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
skip() { echo "SKIP live.netx_device: $*"; exit 77; }

netx=${NXT_NETX_DIR:-}
if [ -z "$netx" ] && [ -d "$top/../shared/netx" ]; then
    netx=$top/../shared/netx
fi
[ -n "$netx" ] || skip "no NetX Duo / ThreadX sources (set NXT_NETX_DIR, or put them in ../shared/netx)"
[ -f "$netx/netxduo/common/inc/nx_api.h" ] || skip "$netx holds no NetX Duo sources (netxduo/common/inc/nx_api.h)"
[ "$(id -u)" -eq 0 ] || skip "not root (network namespaces and dumpcap need root)"
for t in ip ethtool dumpcap editcap openssl make ss; do
    command -v "$t" >/dev/null 2>&1 || skip "missing tool $t (tools/deps.sh installs it)"
done
printf '#include <pcap.h>\n' | ${CC:-gcc} -E -x c - >/dev/null 2>&1 || skip "no pcap.h (libpcap-dev)"
probe=nxt-probe-$$
ip netns add "$probe" 2>/dev/null || skip "cannot create network namespaces (ip netns add)"
ip netns del "$probe"

out=$(mktemp -d /tmp/nxtrace-netx-live.XXXXXX)
trap 'rm -rf "$out"' EXIT
echo "live.netx_device: building the NetX device (cached in ${NXT_NETX_CACHE:-~/.cache/nxtrace})"
dev=$("$top/device/netx/build.sh" "$netx" | tail -n 1)
NXDEVICE=$dev "$top/tools/make_netx_captures.sh" --netx "$netx" --out "$out" netx_client_session netx_untrusted_ca
chmod 755 "$out"
cd "$top/tests/tshark"
NXT_NETX_LIVE=1 NXT_CAPTURES=$out python3 -m unittest -v \
    test_netx_captures.NetxClientSession test_netx_captures.NetxUntrustedCa
