#!/bin/sh
# Installs the Debian 12 packages nxtrace needs to build, test and regenerate
# its captures -- only those that are missing.  Uses sudo when not root.
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu

PACKAGES="build-essential cmake pkg-config wireshark-dev tshark python3 libssl-dev openssl"
# fuzz.smoke (fuzz/README.md): clang with its libFuzzer and sanitizer runtimes
PACKAGES="$PACKAGES clang libclang-rt-14-dev"
# live.netx_device (docs/FIRMWARE.md): NetX's libpcap driver, veth offloads, network namespaces
PACKAGES="$PACKAGES libpcap-dev ethtool iproute2"

missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "nxtrace: installing$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
# tshark asks whether non-root users may capture; keep the default (no).
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
