#!/bin/sh
# build.sh - build the NetX Duo / ThreadX libraries and the nxtrace Linux
# device (device/netx/linux/nxdevice.c + the hook) against a NetX source folder.
#
# Usage: device/netx/build.sh [NETX_DIR]
#   NETX_DIR holds netxduo/ and threadx/ (NetX Duo and ThreadX 6.4.x sources);
#   default: $NXT_NETX_DIR, else ../shared/netx beside the checkout.
#   The build goes to $NXT_NETX_CACHE, default ~/.cache/nxtrace/netx-<key>
#   (key: the source folder and the compiler), so the ~1000 NetX files are
#   compiled once and reused.  Prints the path of nxdevice on its last line.
# Exit status: 0 built, 2 a missing input (said on stderr), else a build error.
# Needs: gcc, make, libpcap-dev.
# SPDX-License-Identifier: MIT
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

netx=${1:-${NXT_NETX_DIR:-}}
if [ -z "$netx" ] && [ -d "$top/../shared/netx" ]; then
    netx=$top/../shared/netx
fi
if [ -z "$netx" ]; then
    echo "build.sh: no NetX source folder: give one (device/netx/build.sh DIR) or set NXT_NETX_DIR" >&2
    exit 2
fi
if [ ! -f "$netx/netxduo/common/inc/nx_api.h" ] || [ ! -f "$netx/threadx/common/inc/tx_api.h" ]; then
    echo "build.sh: $netx is not a NetX source folder (no netxduo/common/inc/nx_api.h or threadx/common/inc/tx_api.h)" >&2
    exit 2
fi
netx=$(cd "$netx" && pwd)
for t in ${CC:-gcc} make; do
    command -v "$t" >/dev/null 2>&1 || { echo "build.sh: missing tool: $t" >&2; exit 2; }
done
if ! printf '#include <pcap.h>\n' | ${CC:-gcc} -E -x c - >/dev/null 2>&1; then
    echo "build.sh: pcap.h not found: install libpcap-dev (NetX's link driver uses libpcap)" >&2
    exit 2
fi

key=$( (echo "$netx"; ${CC:-gcc} --version | head -n 1) | cksum | cut -d' ' -f1)
out=${NXT_NETX_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/nxtrace/netx-$key}
mkdir -p "$out"
# one build at a time per cache folder (the live test and the capture script may share it)
exec 9>"$out/.lock"
flock 9
jobs=$(nproc 2>/dev/null || echo 1)
[ "$jobs" -gt 2 ] && jobs=2
nice make -s -f "$here/linux/Makefile" NETX="$netx" OUT="$out" -j "$jobs" >&2
echo "$out/nxdevice"
