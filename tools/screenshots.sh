#!/bin/bash
# screenshots.sh - the GUI screenshots in docs/screenshots/ (README.md,
# docs/LINKING.md), taken from the real Wireshark Qt (Debian's wireshark-qt)
# under Xvfb with the plugin from build/ and the bundled captures.  Not part
# of the test suite.
#
# Usage: tools/screenshots.sh [OUTDIR]      (default docs/screenshots)
# Needs: wireshark-qt, xvfb, xdotool, imagemagick (import), a built plugin.
# As root, Wireshark runs as 'nobody' (it ignores personal plugins for root).
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/docs/screenshots}
plugin=$(ls "$top"/build/plugins/*/epan/nxtrace.so 2>/dev/null | head -n 1 || true)
[ -n "$plugin" ] || { echo "screenshots: build the plugin first" >&2; exit 2; }
for tool in wireshark Xvfb xdotool import; do
    command -v "$tool" >/dev/null || { echo "screenshots: $tool is missing (apt-get install wireshark-qt xvfb xdotool imagemagick)" >&2; exit 2; }
done
abi=$(basename "$(dirname "$(dirname "$plugin")")")
mkdir -p "$out"

tmp=$(mktemp -d)
xpid=""
cleanup() { [ -n "$xpid" ] && kill "$xpid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
mkdir -p "$tmp/home/.local/lib/wireshark/plugins/$abi/epan" "$tmp/home/.config/wireshark" "$tmp/run" "$tmp/files"
cp "$plugin" "$tmp/home/.local/lib/wireshark/plugins/$abi/epan/"
cp "$top"/captures/*.pcapng "$tmp/files/"
# A wide main window with the panes stacked, as most users keep them.
printf 'gui.geometry_main_width: 1600\ngui.geometry_main_height: 1000\ngui.geometry_main_x: 0\ngui.geometry_main_y: 0\n' \
    > "$tmp/home/.config/wireshark/recent_common"
prefix=()
if [ "$(id -u)" -eq 0 ]; then
    chown -R 65534:65534 "$tmp"
    prefix=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
chmod 700 "$tmp/run"

disp=:$(( 90 + RANDOM % 100 ))
Xvfb "$disp" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xpid=$!
sleep 2

# start NAME CAPTURE [wireshark args...]: starts Wireshark on the capture and
# sets $wpid and $wid (its main window, moved to 0,0 and sized 1600x1000);
# returns 1 (and says why) when no window came up.
start() {
    local name=$1 capture=$2
    shift 2
    "${prefix[@]}" env -i HOME="$tmp/home" DISPLAY="$disp" XDG_RUNTIME_DIR="$tmp/run" PATH=/usr/bin:/bin \
        wireshark -r "$tmp/files/$capture" "$@" >"$tmp/$name.log" 2>&1 &
    wpid=$!
    wid=""
    for _ in $(seq 30); do
        sleep 1
        wid=$(DISPLAY=$disp xdotool search --limit 1 --name "$capture" 2>/dev/null | head -n 1 || true)
        [ -n "$wid" ] && break
    done
    sleep 3
    if [ -z "$wid" ]; then
        echo "screenshots: $name: no Wireshark window ($(tail -n 1 "$tmp/$name.log"))" >&2
        kill "$wpid" 2>/dev/null || true
        return 1
    fi
    DISPLAY=$disp xdotool windowmove "$wid" 0 0 windowsize "$wid" 1600 1000 || true
}

# take OUTFILE [import options...]: takes the screen into OUTFILE, ends Wireshark.
take() {
    local file=$1
    shift
    sleep 2
    DISPLAY=$disp import -window root "$@" "$file"
    kill "$wpid" 2>/dev/null || true
    wait "$wpid" 2>/dev/null || true
    echo "screenshots: $file"
}

# expand ROW: selects the ROW-th line of the packet details (1-based; 5 = the
# first protocol after Frame, Ethernet, IP and UDP) and expands all its
# subtrees.  Details rows are 17 px high; row 1 is at y=545 at 1600x1000.
expand() {
    DISPLAY=$disp xdotool mousemove 276 $((528 + 17 * $1)) click 1 key shift+Right || true
    sleep 1
}

# shot NAME CAPTURE expand|WINDOW-TITLE|- [wireshark args...]: the whole
# screen, with the NetX Secure Trace line expanded, or that statistics
# dialog under the main window.
shot() {
    local name=$1 capture=$2 dialog=$3 did
    shift 3
    start "$name" "$capture" "$@" || return 0
    if [ "$dialog" = expand ]; then
        expand 5
    elif [ "$dialog" != - ]; then
        did=$(DISPLAY=$disp xdotool search --limit 1 --name "$dialog" 2>/dev/null | head -n 1 || true)
        [ -n "$did" ] && DISPLAY=$disp xdotool windowmove "$did" 0 430 windowsize "$did" 1600 570 windowraise "$did" || true
    fi
    take "$out/$name.png"
}

# details NAME CAPTURE FRAME ROW SCROLL: the packet details pane alone, of
# FRAME, with line ROW expanded (see expand), scrolled down SCROLL wheel steps.
details() {
    local name=$1 capture=$2 frame=$3 row=$4 scroll=$5 i
    start "$name" "$capture" -g "$frame" || return 0
    expand "$row"
    DISPLAY=$disp xdotool mousemove 400 750 || true
    for ((i = 0; i < scroll; i++)); do DISPLAY=$disp xdotool click 5 || true; done
    take "$out/$name.png" -crop 1000x440+0+530
}

shot status-link untrusted_cert.pcapng expand -g 13
details status-link-tree untrusted_cert.pcapng 13 5 16
details reverse-link untrusted_cert.pcapng 12 6 0
shot dtls-sessions two_devices.pcapng "DTLS Sessions" -z nxtrace,sessions
shot devices uptime_restart.pcapng "Devices" -z nxtrace,devices
shot expert-info untrusted_cert.pcapng "Expert" -z expert
