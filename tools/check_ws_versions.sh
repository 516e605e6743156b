#!/bin/bash
# Compile-checks the plugin against the Wireshark SDK headers of other Debian
# releases (4.4 from trixie, 4.6 from sid) without installing them: the
# -dev packages are downloaded into a private apt state and unpacked in a
# temporary folder.  The ABI switches (bool vs gboolean) are probed per SDK
# as CMakeLists.txt does.  Needs network access to Debian's archive.
#   tools/check_ws_versions.sh            # 4.4 and 4.6
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
work=${NXT_SDK_DIR:-/tmp/nxtrace-sdks}
declare -A SUITE=([4.4]=trixie [4.6]=sid)

mkdir -p "$work/state/lists/partial" "$work/cache/archives/partial"
for s in "${SUITE[@]}"; do
    echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $s main"
done > "$work/sources.list"
apt=(-o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
     -o "Dir::State=$work/state" -o "Dir::Cache=$work/cache")
apt-get "${apt[@]}" update -qq

glib=$(pkg-config --cflags glib-2.0)
status=0
for abi in "${!SUITE[@]}"; do
    root="$work/$abi"
    rm -rf "$root" && mkdir -p "$root"
    (cd "$work" && for p in libwireshark-dev libwiretap-dev libwsutil-dev; do
        v=$(apt-cache "${apt[@]}" madison "$p" | awk -v s="${SUITE[$abi]}" '$0 ~ s"/" {print $3; exit}')
        apt-get "${apt[@]}" download -qq "$p=$v" 2>/dev/null
        dpkg-deb -x "${p}_${v/:/%3a}_amd64.deb" "$root"
    done)
    inc=(-I"$root/usr/include/wireshark" $glib -I"$top/include" -I"$top/plugin" -DHAVE_SSIZE_T)
    defs=()
    printf '#include <wireshark.h>\n#include <epan/packet.h>\nstatic bool h(tvbuff_t *t, packet_info *p, proto_tree *r, void *d) { return false; }\nint main(void) { heur_dissector_t f = h; (void)f; return 0; }\n' > "$work/p1.c"
    printf '#include <wireshark.h>\n#include <epan/prefs.h>\nint main(void) { bool b = false; prefs_register_bool_preference(NULL, "a", "b", "c", &b); return 0; }\n' > "$work/p2.c"
    gcc "${inc[@]}" -Werror=incompatible-pointer-types -fsyntax-only "$work/p1.c" 2>/dev/null && defs+=(-DNXT_HEUR_RETURNS_BOOL)
    gcc "${inc[@]}" -Werror=incompatible-pointer-types -fsyntax-only "$work/p2.c" 2>/dev/null && defs+=(-DNXT_PREF_BOOL_IS_BOOL)
    ver=$(awk '/define WIRESHARK_VERSION_M/ {printf "%s%s", sep, $3; sep="."}' "$root/usr/include/wireshark/ws_version.h")
    echo "== Wireshark $ver SDK (${SUITE[$abi]}), probes: ${defs[*]:-none}"
    for f in "$top"/plugin/*.c; do
        if ! gcc -std=gnu11 "${inc[@]}" "${defs[@]}" -Wall -Wextra -Wno-unused-parameter -Werror -fsyntax-only "$f"; then
            status=1
        fi
    done
    [ $status -eq 0 ] && echo "   all plugin sources compile without warnings"
done
exit $status
