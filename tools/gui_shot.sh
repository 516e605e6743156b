#!/bin/sh
# Screenshot of Wireshark (Qt) showing one frame with the plugin's subtree
# expanded, under Xvfb, as an unprivileged user (Wireshark ignores personal
# plugins for root).  Needs wireshark-qt, xvfb, xdotool, x11-apps, imagemagick.
#   tools/gui_shot.sh BUILD/nxtrace.so CAPTURE FRAME ITEM_ROW SCROLL OUT.png
# ITEM_ROW: the 1-based row of the tree item to expand in the details pane
# (5 = the first protocol after Frame/Ethernet/IP/UDP); SCROLL: wheel steps.
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
plugin=$1 capture=$2 frame=$3 row=$4 scroll=$5 out=$6
abi=$(tshark -v | sed -n 's/^TShark (Wireshark) \([0-9]*\.[0-9]*\).*/\1/p')
work=$(mktemp -d)
trap 'kill $xvfb 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/home/.local/lib/wireshark/plugins/$abi/epan" "$work/run"
cp "$plugin" "$work/home/.local/lib/wireshark/plugins/$abi/epan/"
cp "$capture" "$work/"
chmod 700 "$work/run"
user=""
if [ "$(id -u)" -eq 0 ]; then
    chown -R nobody:nogroup "$work"
    user="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
chmod 755 "$work"
display=:$((50 + $$ % 40))
Xvfb "$display" -screen 0 1600x1000x24 >/dev/null 2>&1 & xvfb=$!
sleep 2
export DISPLAY="$display"
$user env HOME="$work/home" XDG_RUNTIME_DIR="$work/run" \
    wireshark -r "$work/$(basename "$capture")" -g "$frame" >/dev/null 2>&1 &
sleep 10
win=$(xdotool search --name "$(basename "$capture")" | head -1)
xdotool windowmove "$win" 0 0 windowsize "$win" 1600 1000
sleep 2
# Details pane rows are 17 px high; row 1 is at y=545 at this size.
xdotool mousemove 276 $((528 + 17 * row)) click 1
xdotool key shift+Right
sleep 1
xdotool mousemove 400 750
i=0; while [ "$i" -lt "$scroll" ]; do xdotool click 5; i=$((i + 1)); done
sleep 1
xwd -root -silent | convert xwd:- -crop 1000x440+0+530 "$out"
pkill -u "$(id -u nobody)" -f "wireshark -r $work" 2>/dev/null || true
echo "wrote $out"
