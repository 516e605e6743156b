#!/usr/bin/env bash
# make_netx_captures.sh - regenerate captures/netx_*.pcapng with a real NetX
# Duo / NetX Secure DTLS 1.2 device (device/netx/linux/nxdevice, traced by
# the hook device/netx/nxtrace_netx.c) talking to openssl s_server / s_client.
#
# Usage: tools/make_netx_captures.sh [--netx DIR] [--out DIR] [--keep] [--list] [SCENARIO...]
#   --netx DIR  the NetX Duo + ThreadX source folder (netxduo/, threadx/);
#               default $NXT_NETX_DIR, else ../shared/netx beside the checkout
#   --out DIR   where the captures go (default captures/)
#   --keep      keep the work directory (certificates, logs, raw captures)
#   --list      print the scenario names
#   NXDEVICE=path uses a prebuilt device instead of device/netx/build.sh.
# Needs: root (network namespaces, dumpcap), iproute2, ethtool, openssl,
# dumpcap/editcap/tshark, python3, and what device/netx/build.sh needs
# (gcc, make, libpcap-dev).
#
# The wire: two network namespaces joined by one veth pair.  The device side
# has no kernel address: NetX (10.77.0.10, MAC 02:00:22:33:44:55) owns it
# through NetX Duo's libpcap driver.  The peer side is 10.77.0.1 and runs the
# openssl peer and a sink for the trace datagrams (UDP 47474).  All offloads
# are off (NetX checks checksums in software).  IPv6: the peer side also has
# fd00:77::1 (nodad), NetX fd00:77::10 in the *ipv6* scenarios; the kernel of
# the device side has IPv6 off.
# dumpcap captures UDP on the device side, so frame order is the order in
# which the device sent and received.
#
# Scenarios (details and frame maps in captures/README.md):
#   netx_client_session    device = DTLS client, 3 exchanges, device closes
#   netx_server_session    device = DTLS server (s_client), 3 exchanges, device closes
#   netx_untrusted_ca      server certificate from an unknown CA: 0x11B, unknown_ca
#   netx_handshake_rejected s_server at its default security level rejects
#                          NetX's ClientHello (SHA-1 only): 0x114, handshake_failure
#   netx_no_server         nothing on 4433: ClientHello retransmitted, NX_NO_PACKET
#   netx_receive_timeout   one exchange, then a receive that times out (NX_NO_PACKET)
#   netx_peer_close        device = DTLS server, s_client closes first: 0x127
#   netx_two_sessions      two client sessions in sequence, each on its own port
#   netx_ipv6_session      netx_client_session over IPv6 (fd00:77::10 <-> fd00:77::1)
#   netx_trace_drop        the trace pool is empty while send 2 reports: that
#                          datagram is dropped, its seq spent (a gap)
#   netx_batched           four events per trace datagram (nxtrace_netx_batch_set)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT="$ROOT/captures"
NETX=${NXT_NETX_DIR:-}
KEEP=0
DEV_IP=10.77.0.10
PEER_IP=10.77.0.1
DEV_IP6=fd00:77::10
PEER_IP6=fd00:77::1
TRACE_PORT=47474
DTLS_PORT=4433

# name | device role and options | peer | expected STATUS events (api:status, in order)
#   peer: s_server:CERT[:strict][:N]  s_server serving CERT (N connections); without
#                                     :strict at SECLEVEL=0 (NetX offers no
#                                     signature_algorithms: SHA-1 only)
#         s_client:N[:close]          s_client sends "get 1".."get N"; :close then
#                                     closes first (close_notify)
#         none                        nothing listens
SCENARIO_TABLE='
netx_client_session     31 client --exchanges 3                        | s_server:server
netx_server_session     32 server --exchanges 3                        | s_client:3
netx_untrusted_ca       33 client --exchanges 1 --x509-delay-ms 30     | s_server:rogue
netx_handshake_rejected 34 client --exchanges 1                        | s_server:server:strict
netx_no_server          35 client --exchanges 1 --start-timeout-ms 4000 | none
netx_receive_timeout    36 client --exchanges 1 --extra-receive-ms 500 | s_server:server
netx_peer_close         37 server --until-peer-close                   | s_client:2:close
netx_two_sessions       38 client --exchanges 2 --sessions 2           | s_server:server:2
netx_ipv6_session       39 client --exchanges 2                        | s_server:server
netx_trace_drop         40 client --exchanges 3 --trace-pool 4 --starve-trace-at 2 | s_server:server
netx_batched            41 client --exchanges 3 --batch 4              | s_server:server
'

die() { echo "make_netx_captures: $*" >&2; exit 1; }
log() { echo "== $*"; }
usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }

WANT=()
while [ $# -gt 0 ]; do
    case $1 in
        --netx) [ $# -ge 2 ] || die "--netx needs a folder"; NETX=$2; shift ;;
        --out) [ $# -ge 2 ] || die "--out needs a folder"; OUT=$2; shift ;;
        --keep) KEEP=1 ;;
        --list) awk 'NF >= 3 { print $1 }' <<< "$SCENARIO_TABLE"; exit 0 ;;
        -h|--help) usage; exit 0 ;;
        -*) die "unknown option $1" ;;
        *) WANT+=("$1") ;;
    esac
    shift
done
if [ ${#WANT[@]} -eq 0 ]; then
    mapfile -t WANT < <(awk 'NF >= 3 { print $1 }' <<< "$SCENARIO_TABLE")
fi
for s in "${WANT[@]}"; do
    grep -q "^$s " <<< "$SCENARIO_TABLE" || die "unknown scenario $s (--list)"
done

[ "$(id -u)" -eq 0 ] || die "must run as root (network namespaces, dumpcap)"
for t in ip ethtool openssl dumpcap editcap tshark python3 ss flock; do
    command -v "$t" >/dev/null || die "missing tool: $t"
done
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

if [ -z "${NXDEVICE:-}" ]; then
    log "build the NetX device (device/netx/build.sh; the first build takes a few minutes)"
    NXDEVICE=$("$ROOT/device/netx/build.sh" ${NETX:+"$NETX"} | tail -n 1)
fi
[ -x "$NXDEVICE" ] || die "no device program: $NXDEVICE"

exec 8>/tmp/nxtrace-make-netx-captures.lock
flock -w 300 8 || die "another make_netx_captures.sh is running"

WORK=$(mktemp -d /tmp/nxtrace-netx-captures.XXXXXX)
DEV_NS=nxt-dev-$$
PEER_NS=nxt-peer-$$
DEV_IF=nxd$$
PEER_IF=nxp$$
PIDS=()
cleanup() {
    local p
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
    ip netns del "$DEV_NS" 2>/dev/null || true
    ip netns del "$PEER_NS" 2>/dev/null || true
    if [ "$KEEP" = 1 ]; then echo "work dir kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
alive() { kill -0 "$1" 2>/dev/null; }
forget() {
    local p keep=()
    for p in "${PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
    PIDS=("${keep[@]}")
}
wait_exit() { # pid timeout_s: wait, then kill; returns its status
    local i
    for ((i = 0; i < $2 * 20; i++)); do alive "$1" || break; sleep 0.05; done
    alive "$1" && kill "$1" 2>/dev/null
    local rc=0
    wait "$1" 2>/dev/null || rc=$?
    forget "$1"
    return $rc
}
in_dev() { ip netns exec "$DEV_NS" "$@"; }
in_peer() { ip netns exec "$PEER_NS" "$@"; }

# Background processes are started with "ip netns exec" itself, never through
# in_dev/in_peer ($! must be the process, not a subshell around it), and
# without fd 8 (the lock).

# ---- the wire ------------------------------------------------------------------
log "network namespaces $DEV_NS ($DEV_IF, NetX $DEV_IP) and $PEER_NS ($PEER_IF, $PEER_IP)"
ip netns add "$DEV_NS"
ip netns add "$PEER_NS"
ip link add "$DEV_IF" type veth peer name "$PEER_IF"
ip link set "$DEV_IF" netns "$DEV_NS"
ip link set "$PEER_IF" netns "$PEER_NS"
in_dev sysctl -qw "net.ipv6.conf.$DEV_IF.disable_ipv6=1"
in_peer ip addr add "$PEER_IP/24" dev "$PEER_IF"
in_peer ip -6 addr add "$PEER_IP6/64" dev "$PEER_IF" nodad
for ns in "$DEV_NS:$DEV_IF" "$PEER_NS:$PEER_IF"; do
    ip netns exec "${ns%%:*}" ip link set lo up
    ip netns exec "${ns%%:*}" ip link set "${ns##*:}" up
    ip netns exec "${ns%%:*}" ethtool -K "${ns##*:}" tx off rx off sg off tso off gso off gro off >/dev/null 2>&1 ||
        die "ethtool -K ${ns##*:} failed"
done
# the collector: a sink, so that the peer's kernel sends no port-unreachable
for a in "$PEER_IP" "$PEER_IP6"; do
    ip netns exec "$PEER_NS" python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], int(sys.argv[2])))
while True:
    s.recv(65535)' "$a" "$TRACE_PORT" 8>&- &
    PIDS+=($!)
done

# ---- certificates (RSA-2048, SHA-256) ----------------------------------------------
PKI=$WORK/pki
mkdir -p "$PKI"
root_ca() { # name subject
    openssl req -x509 -new -newkey rsa:2048 -nodes -sha256 -days 3650 -keyout "$PKI/$1.key" \
        -out "$PKI/$1.crt" -subj "$2" -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}
leaf() { # name ca subject
    openssl req -new -newkey rsa:2048 -nodes -keyout "$PKI/$1.key" -out "$PKI/$1.csr" -subj "$3" 2>/dev/null
    printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\n' \
        > "$PKI/leaf.ext"
    openssl x509 -req -in "$PKI/$1.csr" -CA "$PKI/$2.crt" -CAkey "$PKI/$2.key" -CAcreateserial -days 365 \
        -sha256 -extfile "$PKI/leaf.ext" -out "$PKI/$1.crt" 2>/dev/null
}
log "certificates"
root_ca ca "/O=nxtrace/CN=nxtrace NetX Test CA"
root_ca rogue_ca "/O=Elsewhere/CN=nxtrace Untrusted CA"
leaf server ca "/O=nxtrace/CN=peer.netx.nxtrace"
leaf device ca "/O=nxtrace/CN=netx-device.nxtrace"
leaf rogue rogue_ca "/O=Elsewhere/CN=peer.netx.nxtrace"
openssl x509 -in "$PKI/ca.crt" -outform DER -out "$PKI/ca.der"
openssl x509 -in "$PKI/device.crt" -outform DER -out "$PKI/device.der"
openssl rsa -in "$PKI/device.key" -traditional -outform DER -out "$PKI/device.key.der" 2>/dev/null

# ---- one scenario -------------------------------------------------------------------
wait_bound() { # addr port
    local i
    for ((i = 0; i < 200; i++)); do
        [ -n "$(in_peer ss -Hunl "src $(ss_host "$1"):$2")" ] && return 0
        sleep 0.02
    done
    die "nothing bound to udp $1:$2"
}
ss_host() { case $1 in *:*) echo "[$1]" ;; *) echo "$1" ;; esac; }
wait_line() { # file text pid
    local i
    for ((i = 0; i < 1000; i++)); do
        grep -q "^$2" "$1" 2>/dev/null && return 0
        alive "$3" || return 1
        sleep 0.01
    done
    return 1
}

run_scenario() { # name id role device-options... | peer
    local name=$1 id=$2 role=$3; shift 3
    local -a devopts=()
    while [ "$1" != "|" ]; do devopts+=("$1"); shift; done
    local peer=$2
    local raw="$WORK/$name.raw.pcapng" keys="$WORK/$name.keys" devlog="$WORK/$name.device.txt"
    local peerlog="$WORK/$name.peer.txt" dialog="" what dev_ip=$DEV_IP peer_ip=$PEER_IP
    if [[ $name == *ipv6* ]]; then dev_ip=$DEV_IP6; peer_ip=$PEER_IP6; fi
    local peer_at dev_at
    peer_at=$(ss_host "$peer_ip"); dev_at=$(ss_host "$dev_ip")
    : > "$keys"; : > "$devlog"
    log "$name: NetX device $id as DTLS $role ${devopts[*]}; peer $peer"

    : > "$WORK/dumpcap.err"
    ip netns exec "$DEV_NS" dumpcap -i "$DEV_IF" -f udp -w "$raw" -q 2>"$WORK/dumpcap.err" 8>&- &
    local dumpcap=$! i
    PIDS+=("$dumpcap")
    for ((i = 0; i < 250; i++)); do
        grep -q "^Capturing on" "$WORK/dumpcap.err" && break
        alive "$dumpcap" || break
        sleep 0.02
    done
    grep -q "^Capturing on" "$WORK/dumpcap.err" || die "dumpcap did not start: $(cat "$WORK/dumpcap.err")"
    sleep 0.1

    local lowsec=(-cipher 'DEFAULT:@SECLEVEL=0')
    case $peer in
        s_server:*)
            local spec=${peer#s_server:} cert n=1
            cert=${spec%%:*}
            [[ $spec == *:strict* ]] && lowsec=()
            [[ $spec =~ :([0-9]+)$ ]] && n=${BASH_REMATCH[1]}
            what="openssl s_server${lowsec:+ (SECLEVEL=0)}"
            ip netns exec "$PEER_NS" python3 "$ROOT/device/netx/linux/peer_dialog.py" --device-log "$devlog" answer -- \
                openssl s_server -dtls1_2 -accept "$peer_at:$DTLS_PORT" -naccept "$n" -quiet \
                -cert "$PKI/$cert.crt" -key "$PKI/$cert.key" -keylogfile "$keys" "${lowsec[@]}" \
                >"$peerlog" 2>&1 8>&- &
            dialog=$!; PIDS+=("$dialog")
            wait_bound "$peer_ip" "$DTLS_PORT" ;;
        s_client:*|none) what="openssl s_client (SECLEVEL=0)"; [ "$peer" = none ] && what="no peer" ;;
        *) die "$name: unknown peer $peer" ;;
    esac

    local dev=(--if "$DEV_IF" --ip "$dev_ip" --collector "$peer_at:$TRACE_PORT" --trace-port "$TRACE_PORT"
               --device-id "$id" --name "netx-$id" --firmware "NetX Duo 6.4.2")
    if [ "$role" = client ]; then
        dev+=(client --peer "$peer_at:$DTLS_PORT" --ca "$PKI/ca.der" --local-port "500$id")
    else
        dev+=(server --port "$DTLS_PORT" --cert "$PKI/device.der" --key "$PKI/device.key.der")
    fi
    ip netns exec "$DEV_NS" "$NXDEVICE" "${dev[@]}" "${devopts[@]}" >"$devlog" 2>"$WORK/$name.device.err" 8>&- &
    local devpid=$!
    PIDS+=("$devpid")

    if [[ $peer == s_client:* ]]; then
        local spec=${peer#s_client:} close=()
        [[ $spec == *:close ]] && close=(--close)
        wait_line "$devlog" "step server_start status=0x0" "$devpid" || die "$name: device server did not start"
        ip netns exec "$PEER_NS" python3 "$ROOT/device/netx/linux/peer_dialog.py" --device-log "$devlog" ask "${spec%%:*}" \
            "${close[@]}" -- openssl s_client -dtls1_2 -connect "$dev_at:$DTLS_PORT" -bind "$peer_at:500$id" \
            -quiet -no_ign_eof -legacy_server_connect -CAfile "$PKI/ca.crt" -keylogfile "$keys" "${lowsec[@]}" \
            >"$peerlog" 2>&1 8>&- &
        dialog=$!; PIDS+=("$dialog")
    fi

    local rc=0
    wait_exit "$devpid" 30 || rc=$?
    [ -n "$dialog" ] && { wait_exit "$dialog" 3 || true; }
    sleep 0.6   # libpcap hands packets over in blocks released every 250 ms
    kill -INT "$dumpcap"
    wait "$dumpcap" || die "dumpcap failed: $(cat "$WORK/dumpcap.err")"
    forget "$dumpcap"
    sed 's/^/  device: /' "$devlog"
    [ -s "$WORK/$name.device.err" ] && sed 's/^/  device stderr: /' "$WORK/$name.device.err"
    # the device exits 1 when a DTLS call failed, which is what failure scenarios are about
    [ $rc -le 1 ] || die "$name: nxdevice exit $rc"

    local inject=()
    grep -qv '^#' "$keys" 2>/dev/null && inject=(--inject-secrets "tls,$keys")
    rm -f "$OUT/$name.pcapng"
    editcap "${inject[@]}" --capture-comment \
        "nxtrace scenario $name: NetX Duo 6.4.2 / NetX Secure DTLS device (device/netx/linux/nxdevice) vs $what, DTLS 1.2 over veth; regenerate with tools/make_netx_captures.sh" \
        "$raw" "$OUT/$name.pcapng"
    python3 "$ROOT/tools/pcapng_secrets_after_idb.py" "$OUT/$name.pcapng"
    python3 "$ROOT/device/netx/linux/check_capture.py" "$OUT/$name.pcapng" --trace-port "$TRACE_PORT" |
        sed 's/^/  /'
    [ "${PIPESTATUS[0]}" -eq 0 ] || die "$name: capture check failed"
}

for s in "${WANT[@]}"; do
    # shellcheck disable=SC2046
    run_scenario $(grep "^$s " <<< "$SCENARIO_TABLE")
done
log "done: ${WANT[*]} in $OUT"
