#!/bin/bash
# One command from a fresh checkout to a working plugin: installs the missing
# Debian/Ubuntu packages, finds the Wireshark it is about to serve (tshark and
# the SDK must be the same major.minor), builds nxtrace for it, installs it
# into that version's personal plugin folder, checks that tshark loads it and
# decodes a bundled capture with it.
#
#   ./tools/setup.sh                  build, install, check, demo
#   ./tools/setup.sh --uninstall      remove nxtrace from your personal plugin folders
# Options:
#   --tshark PATH   the tshark to serve (default: the one on PATH)
#   --sdk DIR       the Wireshark SDK: the folder holding WiresharkConfig.cmake,
#                   or an install prefix (default: the system's)
#   --no-deps       do not apt-get missing packages
#   --no-demo       skip the demo
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)

die() { printf 'nxtrace: %s\n' "$@" >&2; exit 1; }
note() { printf 'nxtrace: %s\n' "$@"; }

mode=install deps=1 demo=1 sdk="" TSHARK=""
while [ $# -gt 0 ]; do
    case "$1" in
        --uninstall) mode=uninstall ;;
        --tshark) [ $# -ge 2 ] || die "--tshark needs a path"; TSHARK=$2; shift ;;
        --sdk) [ $# -ge 2 ] || die "--sdk needs a folder"; sdk=$2; shift ;;
        --no-deps) deps=0 ;;
        --no-demo) demo=0 ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option '$1' (see --help)" ;;
    esac
    shift
done

# Build dependencies, where apt is the package manager (Debian, Ubuntu).
if [ $mode = install ] && [ $deps = 1 ]; then
    if command -v apt-get >/dev/null && command -v dpkg-query >/dev/null; then
        sh tools/deps.sh
    else
        note "no apt-get here: install a C compiler, CMake, Python 3, tshark and the Wireshark SDK yourself (README: Building elsewhere)"
    fi
fi

# ---- the Wireshark to serve ------------------------------------------------------
TSHARK=${TSHARK:-$(command -v tshark || true)}
if [ $mode = uninstall ] && [ -z "$TSHARK" ]; then
    TSHARK=true # no tshark left: the personal folders are still known
fi
[ -n "$TSHARK" ] && [ -x "$(command -v "$TSHARK")" ] || die "no tshark found: install it (Debian/Ubuntu: apt install tshark) or pass --tshark PATH"
ws_full=$("$TSHARK" --version 2>/dev/null | sed -n '1s/^TShark (Wireshark) \([0-9][0-9.]*[0-9]\).*/\1/p')
[ -n "$ws_full" ] || [ $mode = uninstall ] || die "cannot tell the version of $TSHARK ('$TSHARK --version' says: $("$TSHARK" --version 2>&1 | head -n 1))"
ws_abi=$(echo "$ws_full" | cut -d. -f1,2)
# Wireshark's own answer to where personal plugins go (tshark -G folders).
plugdir=$("$TSHARK" -G folders 2>/dev/null | sed -n 's/^Personal Plugins:[[:space:]]*//p' | head -n 1)
[ -n "$plugdir" ] || plugdir="$HOME/.local/lib/wireshark/plugins/$ws_abi"

if [ $mode = uninstall ]; then
    removed=0
    for f in "$plugdir"/epan/nxtrace.so "$HOME"/.local/lib/wireshark/plugins/*/epan/nxtrace.so; do
        [ -f "$f" ] || continue
        rm -f "$f" && note "removed $f" && removed=1
    done
    [ $removed = 1 ] || note "no nxtrace.so in your personal plugin folders ($(dirname "$plugdir")/*/epan)"
    glob=$("$TSHARK" -G folders 2>/dev/null | sed -n 's/^Global Plugins:[[:space:]]*//p' | head -n 1)
    if dpkg-query -W -f='${Status}' wireshark-plugin-nxtrace 2>/dev/null | grep -q 'install ok installed'; then
        note "a system-wide copy comes from the package wireshark-plugin-nxtrace: sudo apt remove wireshark-plugin-nxtrace"
    elif [ -n "$glob" ] && [ -f "$glob/epan/nxtrace.so" ]; then
        note "a system-wide copy is in $glob/epan (cmake --install): sudo rm $glob/epan/nxtrace.so"
    fi
    exit 0
fi

note "serving $TSHARK: Wireshark $ws_full (plugins for $ws_abi go to $plugdir/epan)"

# ---- build against the SDK, which must be the same major.minor -------------------
build="build/setup-$ws_abi"
cmake_args=(-S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo)
if [ -n "$sdk" ]; then
    [ -d "$sdk" ] || die "--sdk $sdk: no such folder"
    sdk=$(cd "$sdk" && pwd)
    if [ -f "$sdk/WiresharkConfig.cmake" ]; then
        cmake_args+=(-DWireshark_DIR="$sdk")
    else
        cmake_args+=(-DCMAKE_PREFIX_PATH="$sdk")
    fi
fi
mkdir -p "$build"
if ! cmake "${cmake_args[@]}" >"$build/configure.log" 2>&1; then
    if grep -q 'compatible with requested version' "$build/configure.log"; then
        found=$(grep -A3 'not accepted' "$build/configure.log" | grep -o 'version: [0-9.]*' | head -n 1)
        die "the Wireshark SDK found is too old (${found:-see $build/configure.log}): nxtrace needs Wireshark 4.0 or later." \
            "  Ubuntu 22.04 ships 3.6, which nxtrace does not support; Ubuntu 24.04 (4.2) and Debian 12 or later work."
    fi
    if grep -q 'package configuration file provided by "Wireshark"\|Could not find.*Wireshark' "$build/configure.log"; then
        die "no Wireshark SDK found, so nothing can be built for Wireshark $ws_full." \
            "  Debian/Ubuntu: sudo apt install wireshark-dev (it must be $ws_abi, like tshark)." \
            "  Elsewhere: build Wireshark $ws_abi from source and pass --sdk <its install prefix> (README: Building elsewhere)."
    fi
    cat "$build/configure.log" >&2
    die "cmake failed (above; also in $build/configure.log)"
fi
sdk_version=$(sed -n 1p "$build/wireshark-sdk.txt")
sdk_dir=$(sed -n 2p "$build/wireshark-sdk.txt")
sdk_abi=$(echo "$sdk_version" | cut -d. -f1,2)
if [ "$sdk_abi" != "$ws_abi" ]; then
    die "tshark is Wireshark $ws_full ($TSHARK) but the SDK is $sdk_version ($sdk_dir)." \
        "  Wireshark loads a plugin only into the major.minor it was built for, so a build against" \
        "  $sdk_abi would not load into your $ws_abi ('compiled for Wireshark version $sdk_abi')." \
        "  Install the SDK that matches tshark (Debian/Ubuntu: wireshark-dev from the same release" \
        "  as tshark), or choose a matching pair with --tshark PATH and --sdk DIR."
fi
note "SDK $sdk_version ($sdk_dir) matches"
cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)"
so="$build/plugins/$ws_abi/epan/nxtrace.so"
[ -f "$so" ] || die "the build made no $so"

# ---- install and check that this Wireshark loads it -------------------------------
version=$(sed -n 's/^project(nxtrace VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
mkdir -p "$plugdir/epan"
install -m 0755 "$so" "$plugdir/epan/nxtrace.so"
note "installed nxtrace $version into $plugdir/epan"

if [ "$(id -u)" -eq 0 ]; then
    # Wireshark never loads personal plugins for root.
    note "you are root, and Wireshark never loads personal plugins for root: run ./tools/setup.sh as the" \
         "  user who runs Wireshark (it uses sudo for apt-get only), or install the .deb for all users" \
         "  (packaging/README.md).  Checking the plugin as an unprivileged user instead (tools/nxtshark)."
    run_tshark() { PATH="$(dirname "$TSHARK"):$PATH" NXT_BUILD_DIR="$top/$build" tools/nxtshark "$@"; }
else
    run_tshark() { "$TSHARK" "$@"; }
fi
listed=$(run_tshark -G plugins 2>/tmp/nxtrace-setup.$$ | grep '^nxtrace\.so' || true)
if ! echo "$listed" | grep -q "[[:space:]]$version[[:space:]]"; then
    cat /tmp/nxtrace-setup.$$ >&2; rm -f /tmp/nxtrace-setup.$$
    die "tshark -G plugins does not list nxtrace $version (listed: '${listed:-nothing}')." \
        "  See README: Troubleshooting (tshark -G folders, tshark -G plugins)."
fi
rm -f /tmp/nxtrace-setup.$$
note "Wireshark $ws_full loads it: $listed"
note "remove it with: ./tools/setup.sh --uninstall"
[ $demo = 1 ] || exit 0

demo=captures/untrusted_cert.pcapng
echo
echo "== tshark -r $demo -Y nxtrace"
run_tshark -n -r "$demo" -Y nxtrace
echo
echo "== every error: name, severity, hint, and the DTLS frames it concerns (two passes)"
run_tshark -n -2 -r "$demo" -Y 'nxtrace.status.severity == "error"' -T fields -E header=y \
    -e frame.number -e nxtrace.status.name -e nxtrace.status.severity -e nxtrace.status.hint \
    -e nxtrace.link.record_frame -e nxtrace.link.alert_frame
echo
run_tshark -n -2 -r "$demo" -Y 'nxtrace.status.severity == "error"' -T fields -e nxtrace.link.summary
