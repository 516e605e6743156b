#!/bin/bash
# The Wireshark version matrix: for each Debian suite, a debootstrap chroot
# from the machine's own Debian mirror with that suite's Wireshark SDK, in
# which the plugin is built and the whole test suite (ctest) runs as an
# unprivileged user; then the suite's .deb is built from the source tarball
# and installed into a clean chroot of the same suite, where tshark must list
# the plugin with its version and dissect a bundled capture.
#
#   sudo packaging/matrix.sh                  # bookworm (4.0), trixie (4.4), sid (4.6)
#   sudo packaging/matrix.sh trixie           # one suite
#
# Verdicts, one per suite:
#   PASS     built, every test passed, the package installs and works
#   FAIL     a build, test or package failure: the code is wrong (exit 1)
#   NOT RUN  the suite's packages could not be fetched (mirror down, unstable
#            mid-transition): says so loudly but does not fail (exit 0)
#
# Chroots are cached outside the checkout, keyed by suite and package list,
# and their packages are upgraded on every run:
#   NXT_MATRIX_CACHE  cache folder (/var/cache/nxtrace-matrix as root)
#   NXT_MATRIX_OUT    where .debs and the source tarball go ($cache/out)
#   NXT_MIRROR        Debian mirror (default: the first in /etc/apt/sources*)
#   NXT_MATRIX_JOBS   build parallelism (2)
#   NXT_MATRIX_SRC    the checkout to test (the one holding this script)
#   NXT_MATRIX_HOST_TESTED  set by .ci/run after tools/test.sh passed on the
#                     host: a suite whose tshark is the host's very build is
#                     built and packaged but its tests are not run again
# Needs root (debootstrap, chroot, mount) and debootstrap.
# SPDX-License-Identifier: GPL-2.0-or-later
set -uo pipefail

top=${NXT_MATRIX_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
declare -A EXPECT=([bookworm]=4.0 [trixie]=4.4 [sid]=4.6)
SUITES=("$@")
[ ${#SUITES[@]} -gt 0 ] || SUITES=(bookworm trixie sid)

if [ "$(id -u)" -ne 0 ]; then
    echo "matrix: needs root (debootstrap, chroot and mount); try: sudo $0 $*" >&2
    exit 2
fi
if ! command -v debootstrap >/dev/null; then
    echo "matrix: debootstrap is not installed (apt-get install debootstrap)" >&2
    exit 2
fi
for s in "${SUITES[@]}"; do
    [ -n "${EXPECT[$s]:-}" ] || { echo "matrix: unknown suite '$s' (known: ${!EXPECT[*]})" >&2; exit 2; }
done

cache=${NXT_MATRIX_CACHE:-/var/cache/nxtrace-matrix}
out=${NXT_MATRIX_OUT:-$cache/out}
jobs=${NXT_MATRIX_JOBS:-2}
case "$cache/" in "$top"/*) echo "matrix: the cache must be outside the checkout" >&2; exit 2 ;; esac
mkdir -p "$cache" "$out" "$cache/logs"

# The machine's own Debian mirror (one-line or deb822 sources), not security.
mirror=${NXT_MIRROR:-$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources \
    2>/dev/null | grep -oE '^[[:space:]]*(deb|URIs:)[[:space:]]+(\[[^]]*\][[:space:]]+)?https?://[^[:space:]]+' \
    | grep -oE 'https?://[^[:space:]]+' | grep -v security | grep -E '/debian/?$' | head -n 1)}
mirror=${mirror:-http://deb.debian.org/debian}
mirror=${mirror%/}

# What a suite's build chroot holds: the build and test packages of
# tools/deps.sh (its first PACKAGES line).  Not the fuzzing toolchain added
# after it: its runtime package is versioned for Debian 12 (libclang-rt-14-dev),
# so fuzz.smoke skips itself in the chroots and runs on the host (tools/test.sh).
packages=$(grep -m 1 '^PACKAGES="' "$top/tools/deps.sh" | sed 's/^PACKAGES="\(.*\)"$/\1/')
[ -n "$packages" ] || { echo "matrix: no PACKAGES= line in tools/deps.sh" >&2; exit 2; }
PROVISION=2 # bump when the way chroots are made changes

say() { printf '%s\n' "$*"; }
banner() { printf '\n######## %s\n' "$*"; }

# ---- chroot helpers -----------------------------------------------------------

mounted=()
mount_root() { # proc for tools that read it; the host's resolver for apt
    mount -t proc proc "$1/proc" && mounted+=("$1/proc")
    cp -L /etc/resolv.conf "$1/etc/resolv.conf" 2>/dev/null || true
}
unmount_all() {
    local i
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null; done
    mounted=()
}
trap unmount_all EXIT
trap 'echo "matrix: interrupted" >&2; exit 130' INT TERM

safe_rm() { # a chroot folder: unmount what is mounted below it first
    local d=$1 m
    [ -n "$d" ] && [ -e "$d" ] || return 0
    awk -v d="$d/" 'index($2, d) == 1 {print $2}' /proc/self/mounts | sort -r | while read -r m; do
        umount -l "$m"
    done
    rm -rf --one-file-system "$d"
}

in_root() { # as root inside the chroot
    local root=$1; shift
    chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 "$@"
}
as_user() { # as the unprivileged test user inside the chroot
    local root=$1; shift
    chroot --userspec=nxt:nxt "$root" env -i PATH=/usr/bin:/bin HOME=/home/nxt LC_ALL=C.UTF-8 TZ=UTC \
        nice sh -c "$*"
}
apt_in() { local root=$1; shift; in_root "$root" apt-get -q -y -o Dpkg::Use-Pty=0 "$@"; }

# A minimal debootstrap of the suite, as a tarball: the start of both chroots.
make_base() {
    local suite=$1 base=$2 tmp
    tmp=$(mktemp -d "$cache/.debootstrap-$suite.XXXXXX") && chmod 755 "$tmp"
    if ! debootstrap --variant=minbase "$suite" "$tmp" "$mirror"; then
        safe_rm "$tmp"; return 1
    fi
    echo "deb $mirror $suite main" > "$tmp/etc/apt/sources.list"
    # unstable's Release may be past its Valid-Until while the mirror is healthy.
    [ "$suite" = sid ] && echo 'Acquire::Check-Valid-Until "false";' > "$tmp/etc/apt/apt.conf.d/90nxtrace-matrix"
    in_root "$tmp" useradd --create-home --uid 4242 --user-group nxt
    tar -C "$tmp" -cf "$base.tmp" . && mv "$base.tmp" "$base"
    local rc=$?
    safe_rm "$tmp"
    return $rc
}

# The build chroot: the base plus the SDK, tshark and the build tools.  A
# cached one is brought up to date instead.  Returns 1 if nothing could be
# fetched and there is no usable chroot.
provision() {
    local suite=$1 base=$2 root=$3
    if [ ! -f "$root/.nxt-ready" ]; then
        safe_rm "$root" && mkdir -p "$root"
        tar -C "$root" -xf "$base" && chmod 755 "$root" || return 1
        mount_root "$root"
        apt_in "$root" update && apt_in "$root" install --no-install-recommends $packages || return 1
        touch "$root/.nxt-ready"
    else
        chmod 755 "$root"
        mount_root "$root"
        # Download first: a mirror failure then leaves the cached chroot intact.
        if apt_in "$root" update && apt_in "$root" -d dist-upgrade && apt_in "$root" dist-upgrade \
            && apt_in "$root" install --no-install-recommends $packages; then
            apt_in "$root" autoclean >/dev/null
        else
            say "!!!! $suite: WARNING: could not refresh the cached chroot's packages; testing the cached ones"
        fi
    fi
}

# ---- one suite ----------------------------------------------------------------

run_suite() {
    local suite=$1 key base root src log ws ver rc deb tarball clean
    key=$(printf '%s\n' "$suite" "$mirror" "$packages" "$PROVISION" | sha256sum | cut -c1-12)
    base="$cache/$suite-base.tar"
    root="$cache/$suite-$key"
    log="$cache/logs/$suite.log"
    : > "$log"

    # Chroots made for another package list are stale, and so are the
    # leftovers of an interrupted run: drop them.
    for old in "$cache/$suite"-* "$cache/.clean-$suite".* "$cache/.debootstrap-$suite".*; do
        [ -d "$old" ] && [ "$old" != "$root" ] && safe_rm "$old"
    done

    banner "$suite: chroot (expects Wireshark ${EXPECT[$suite]}) from $mirror"
    if [ ! -f "$base" ] && ! make_base "$suite" "$base" >>"$log" 2>&1; then
        tail -n 15 "$log"; VERDICT[$suite]="NOT RUN (debootstrap could not fetch $suite)"; return 0
    fi
    if ! provision "$suite" "$base" "$root" >>"$log" 2>&1; then
        tail -n 15 "$log"; safe_rm "$root"
        VERDICT[$suite]="NOT RUN (the SDK packages could not be fetched or installed)"; return 0
    fi
    grep -h '^!!!!' "$log" || true
    ws=$(in_root "$root" dpkg-query -W -f='${Version}' tshark)
    ver=$(in_root "$root" sh -c "grep -hE 'define WIRESHARK_VERSION_(MAJOR|MINOR) ' /usr/include/wireshark/ws_version.h" \
        | awk '{printf "%s%s", sep, $3; sep="."}')
    VERSION[$suite]=$ws
    say "$suite: tshark $ws, SDK $ver"
    [ "$ver" = "${EXPECT[$suite]}" ] || say "!!!! $suite ships Wireshark $ver now, not ${EXPECT[$suite]}: update EXPECT and the README"

    # A copy of the checkout (tracked and new files, not build trees), owned by the test user.
    src="$root/home/nxt/src"
    rm -rf "$src" "$root/home/nxt/pkg" && mkdir -p "$src"
    if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
        (cd "$top" && git ls-files -z --cached --others --exclude-standard | xargs -0 tar -cf - --no-recursion) \
            | tar -C "$src" -xf -
    else
        tar -C "$top" --exclude=./build --exclude='./build-*' -cf - . | tar -C "$src" -xf -
    fi
    in_root "$root" chown -R nxt:nxt /home/nxt

    banner "$suite: build and test as an unprivileged user"
    local ctest="ctest --test-dir build --output-on-failure -j $jobs"
    if [ -n "${NXT_MATRIX_HOST_TESTED:-}" ] && [ "$ws" = "$(dpkg-query -W -f='${Version}' tshark 2>/dev/null)" ]; then
        # .ci/run has just run the whole suite on the host against this very
        # tshark build: build here, but do not spend CI's minutes repeating it.
        say "$suite: tests NOT repeated here: tools/test.sh ran them on the host with the same tshark $ws"
        TESTED[$suite]="on the host"
        ctest=true
    fi
    if ! as_user "$root" "cd ~/src && cmake -S . -B build -DNXT_WERROR=ON && cmake --build build -j $jobs && $ctest"; then
        VERDICT[$suite]="FAIL (build or tests)"; return 1
    fi
    # fuzz.smoke skipped itself above (no libFuzzer runtime here): the harness
    # must still compile against this SDK, both targets, warnings as errors.
    if ! as_user "$root" "cd ~/src && for t in '' -DNXT_FUZZ_FRAMES; do
            cc -fsyntax-only -Wall -Wextra -Wshadow -Wpointer-arith -Wmissing-prototypes -Wno-unused-parameter \
               -Werror \$t -Iplugin \$(pkg-config --cflags wireshark) fuzz/fuzz_nxtrace.c || exit 1; done"; then
        VERDICT[$suite]="FAIL (the fuzz harness does not compile)"; return 1
    fi

    banner "$suite: tools/setup.sh installs for this Wireshark, refuses a mismatch, uninstalls"
    if ! as_user "$root" "$(cat <<'EOF'
set -e
cd ~/src
./tools/setup.sh --no-deps --no-demo
tshark -G plugins | grep -q '^nxtrace\.so' || { echo "setup.sh: installed, but tshark does not list it"; exit 1; }
printf '#!/bin/sh\necho "TShark (Wireshark) 9.8.7 (fake)"\n' > ~/fake-tshark && chmod +x ~/fake-tshark
if ./tools/setup.sh --no-deps --no-demo --tshark ~/fake-tshark > ~/mismatch.log 2>&1; then
    echo "setup.sh: accepted a tshark whose version differs from the SDK's"; exit 1
fi
grep 'tshark is Wireshark 9.8.7' ~/mismatch.log || { cat ~/mismatch.log; exit 1; }
./tools/setup.sh --uninstall
! tshark -G plugins | grep -q '^nxtrace' || { echo "setup.sh --uninstall: tshark still lists nxtrace"; exit 1; }
EOF
)"; then
        VERDICT[$suite]="FAIL (tools/setup.sh)"; return 1
    fi

    banner "$suite: source tarball, and the .deb built from it"
    if ! as_user "$root" "set -e; cd ~/src/build && cpack --config CPackSourceConfig.cmake -G TGZ >/dev/null
            t=\$(ls ~/src/build/nxtrace-*.tar.gz); mkdir -p ~/pkg && cd ~/pkg && tar xzf \$t
            cd nxtrace-*/ && cmake -S . -B build -DNXT_INSTALL_SYSTEM=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
            cmake --build build -j $jobs && cd build && cpack -G DEB"; then
        VERDICT[$suite]="FAIL (source tarball or package build)"; return 1
    fi
    tarball=$(ls "$src"/build/nxtrace-*.tar.gz)
    deb=$(ls "$root"/home/nxt/pkg/nxtrace-*/build/*.deb)
    cp "$tarball" "$out/"
    mkdir -p "$out/$suite" && cp "$deb" "$out/$suite/"
    say "$suite: $(basename "$deb"): $(dpkg-deb -f "$deb" Depends)"

    banner "$suite: install the .deb into a clean $suite chroot"
    clean=$(mktemp -d "$cache/.clean-$suite.XXXXXX")
    tar -C "$clean" -xf "$base" && chmod 755 "$clean"
    mount_root "$clean"
    # Reuse the build chroot's package lists and downloads: no second fetch.
    cp -a "$root/var/lib/apt/lists/." "$clean/var/lib/apt/lists/"
    mount --bind "$root/var/cache/apt/archives" "$clean/var/cache/apt/archives" && mounted+=("$clean/var/cache/apt/archives")
    cp "$deb" "$clean/tmp/"
    if ! apt_in "$clean" install --no-install-recommends tshark "/tmp/$(basename "$deb")" >>"$log" 2>&1; then
        tail -n 15 "$log"; unmount_all; safe_rm "$clean"
        VERDICT[$suite]="NOT RUN (package test: tshark could not be installed into a clean chroot)"; return 0
    fi
    rc=0
    as_user "$clean" "$(cat <<'EOF'
set -e
plugins=$(tshark -G plugins)
echo "$plugins" | grep '^nxtrace'
version=$(dpkg-query -W -f='${Version}' wireshark-plugin-nxtrace)
echo "$plugins" | grep -q "^nxtrace.so[[:space:]]*${version%%-*}[[:space:]]*dissector.*/usr/lib/.*/wireshark/plugins/" \
    || { echo "package test: tshark -G plugins does not list nxtrace $version from the system plugin folder"; exit 1; }
cap=/usr/share/doc/wireshark-plugin-nxtrace/captures/untrusted_cert.pcapng
name=$(tshark -n -r "$cap" -Y nxtrace.status -T fields -e nxtrace.status.name | sort -u)
echo "bundled capture: $name"
[ "$name" = NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND ] \
    || { echo "package test: $cap does not dissect as expected"; exit 1; }
EOF
)" || rc=1
    if [ $rc -eq 0 ]; then
        apt_in "$clean" purge wireshark-plugin-nxtrace >>"$log" 2>&1 || rc=1
        if as_user "$clean" "tshark -G plugins | grep -q '^nxtrace'"; then
            echo "package test: nxtrace is still listed after the package was purged"; rc=1
        fi
    fi
    unmount_all
    safe_rm "$clean"
    [ $rc -eq 0 ] || { VERDICT[$suite]="FAIL (package test)"; return 1; }
    VERDICT[$suite]="PASS"
}

declare -A VERDICT VERSION SECONDS_TAKEN TESTED
status=0
for suite in "${SUITES[@]}"; do
    start=$(date +%s)
    exec 9>"$cache/$suite.lock"
    flock 9
    run_suite "$suite" || status=1
    unmount_all
    flock -u 9
    SECONDS_TAKEN[$suite]=$(( $(date +%s) - start ))
done

banner "Wireshark version matrix"
passed=0 failed=0 notrun=0
for suite in "${SUITES[@]}"; do
    v=${VERDICT[$suite]:-FAIL (matrix script error)}
    printf '  %-9s Wireshark %-4s %-22s %4ss  %s%s\n' "$suite" "${EXPECT[$suite]}" "${VERSION[$suite]:-?}" \
        "${SECONDS_TAKEN[$suite]}" "$v" "${TESTED[$suite]:+ (test suite: ${TESTED[$suite]})}"
    case "$v" in
        PASS) passed=$((passed + 1)) ;;
        NOT\ RUN*) notrun=$((notrun + 1))
                   echo "  !!!! $suite NOT RUN: its packages could not be fetched now; the code was NOT tested on it" ;;
        *) failed=$((failed + 1)); status=1 ;;
    esac
done
echo "  logs: $cache/logs  packages: $out"
echo "matrix: $passed passed, $failed failed, $notrun skipped"
exit $status
