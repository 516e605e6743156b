#!/usr/bin/env bash
# make_captures.sh - regenerate every capture in captures/ from scratch.
#
# For each scenario: build tools/sim/nxsim and tools/sim/nxrelay, make fresh
# certificates, start a real OpenSSL peer (openssl s_server / s_client, DTLS
# 1.2), capture lo with dumpcap (filter limited to the scenario's device/peer
# hosts and the trace collector port), run nxsim (the simulated NetX device,
# which sends NXTR trace datagrams to 127.0.0.1:47474 or [::1]:47474), stop
# everything, embed the TLS secrets (editcap --inject-secrets) and write
# captures/<scenario>.pcapng.  Each capture is then checked: DTLS handshake
# present, NXTR datagrams present and equal to what nxsim says it sent, and
# every RECORD block names a DTLS record in the capture, in the right
# direction of the right session, before the trace that reports it.
#
# Usage: tools/make_captures.sh [--keep] [--no-verify] [--list] [SCENARIO...]
#   default: all scenarios.  --keep keeps the work directory (certs, logs).
#   --list prints the scenario names.
#   Environment: NXSIM=path / NXRELAY=path use prebuilt binaries instead of
#   building them with ${CC:-gcc} into the work directory.
# Needs: root (dumpcap on lo), gcc, libssl-dev, openssl, dumpcap, editcap and
# tshark (wireshark-common, tshark), iproute2 (ss), util-linux (flock).
#
# Scenarios (details and frame maps in captures/README.md):
#   good_session      device = DTLS client, exchanges, device closes
#   server_peer_close device = DTLS server (s_client peer), peer closes (0x127)
#   untrusted_cert    server certificate from an unknown CA (0x11B)
#   expired_cert      expired server certificate (0x193)
#   bad_record_mac    relay flips a ciphertext byte of reply 2 (0x150), resend
#   replayed_record   relay sends reply 2 again later (0x11F on the copy)
#   wrong_epoch       relay rewrites the epoch of reply 2 to 2 (0x11E), resend
#   lost_flight       relay drops the server's first flight; the device's
#                     400 ms timer fires (LOG), the server retransmits
#   peer_alert        server requires a client certificate: fatal alert (0x114)
#   two_devices       two devices, two s_server, interleaved (--pace)
#   ipv6_session      good_session over ::1
#   lost_trace        good_session, trace seq 5 never sent
#   trace_faults      good_session, trace seq 4 sent twice, 6 and 7 swapped
#   renegotiation     device renegotiates after 2 exchanges (epoch 1 -> 2),
#                     2 more exchanges at epoch 2, device closes
#   clock_drift       good_session, UTC clock 2.5 s behind, 400 ppm fast, one
#                     trace held 250 ms
#   uptime_restart    good_session with an uptime clock, then a reboot
#   utc_restart       good_session, then a reboot (trace seq from 0 again)
#
# Fault scenarios run tools/sim/nxrelay between device and server: it listens
# on the peer address of the table (what the device talks to), the real
# s_server listens on 127.0.1.<same last octet> and the relay reaches it from
# 127.0.1.<octet>.  The capture filter keeps only the device <-> relay leg,
# i.e. what the device met.
#
# Certificates (RSA-2048, SHA-256, made with the openssl CLI in the work dir):
#   ca        "nxtrace Sim Root CA"      - the device's trusted CA
#   server    "peer.sim.nxtrace"         - signed by ca, valid now
#   device    "gateway-08.sim.nxtrace"   - signed by ca (device as DTLS server)
#   rogue_ca  "nxtrace Untrusted CA"     - not known to the device
#   rogue     "peer.sim.nxtrace"         - signed by rogue_ca
#   expired   "peer.sim.nxtrace"         - signed by ca, valid 2024-01-01..2025-01-01
# OpenSSL 3.0's "x509 -req" cannot set past dates, so leaf certificates are
# issued with "openssl ca" (-startdate/-enddate) from a throw-away CA database.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT="$ROOT/captures"
COLLECTOR_PORT=47474
COLLECTOR="127.0.0.1:$COLLECTOR_PORT"
KEEP=0
VERIFY=1

# ---- scenario table ---------------------------------------------------------
# name | device DTLS addr | peer DTLS addr (as the device sees it) | device_id |
# device name | peer | relay faults
# peer: s_server:<cert>         stock "openssl s_server" serving <cert> (device = client)
#       s_server:<cert>:verify  ... also requiring a client certificate (-Verify 1)
#       s_server:<cert>:reneg   ... allowing client-initiated renegotiation
#                               (-client_renegotiation: OpenSSL 3.0 refuses it
#                               by default with a no_renegotiation alert)
#       s_client                stock "openssl s_client" (device = server)
# relay faults: "-" (none: the device talks to the peer directly) or nxrelay
#       --fault specs, comma-separated (see tools/sim/nxrelay.c)
# Several devices (two_devices): comma-separated addresses, peers, ids and names,
# one s_server each; the devices pace their steps (nxsim --pace) so that they
# interleave the same way on every run.
# The trace socket is bound to the device address, source port 474<last octet>
# (IPv6: 474<last two digits of the device port>).
SCENARIO_TABLE='
good_session      127.0.0.10:50010 127.0.0.20:4433  7  sensor-07  s_server:server  -
server_peer_close 127.0.0.11:4433  127.0.0.21:50021 8  gateway-08 s_client         -
untrusted_cert    127.0.0.12:50012 127.0.0.22:4433  9  sensor-09  s_server:rogue   -
expired_cert      127.0.0.13:50013 127.0.0.23:4433  10 sensor-10  s_server:expired -
bad_record_mac    127.0.0.16:50016 127.0.0.26:4433  11 sensor-11  s_server:server  corrupt:down:app2
replayed_record   127.0.0.17:50017 127.0.0.27:4433  12 sensor-12  s_server:server  replay:down:app2
wrong_epoch       127.0.0.18:50018 127.0.0.28:4433  13 sensor-13  s_server:server  epoch:down:app2:2
lost_flight       127.0.0.19:50019 127.0.0.29:4433  14 sensor-14  s_server:server  drop:down:2-8
peer_alert        127.0.0.30:50030 127.0.0.40:4433  15 sensor-15  s_server:server:verify -
two_devices       127.0.0.14:50014,127.0.0.15:50015 127.0.0.24:4433,127.0.0.24:4434 16,17 sensor-16,sensor-17 s_server:server -
ipv6_session      [::1]:50016      [::1]:4435       18 sensor-18  s_server:server  -
lost_trace        127.0.0.31:50031 127.0.0.41:4433  19 sensor-19  s_server:server  -
trace_faults      127.0.0.32:50032 127.0.0.42:4433  20 sensor-20  s_server:server  -
renegotiation     127.0.0.33:50033 127.0.0.43:4433  21 sensor-21  s_server:server:reneg -
clock_drift       127.0.0.34:50034 127.0.0.44:4433  22 sensor-22  s_server:server  -
uptime_restart    127.0.0.35:50035 127.0.0.45:4433  23 sensor-23  s_server:server  -
utc_restart       127.0.0.36:50036 127.0.0.46:4433  24 sensor-24  s_server:server  -
'
# Dialog gates: the peer answers "reading N" only once nxsim has printed a
# trace line matching the pattern, so that the answer cannot overtake that
# trace (replayed_record: the copy reaches the device, the device reports it,
# then the reply to reading 3 comes).
declare -A GATE=( [replayed_record]="3 status=0x11F" )
EXCHANGES=3
# scenarios with another number of exchanges (renegotiation: 2 before, 2 after)
declare -A EXCHANGES_OF=( [renegotiation]=4 )
PACE_MS=100   # two_devices: one step per device every 100 ms, 50 ms apart
# device clocks (nxsim --clock*, docs/REVIEW.md "Clocks"): a UTC clock 2.5 s
# behind and 400 ppm fast with trace seq 4 held 250 ms; an uptime clock (one
# hour since boot, 300 ppm slow) whose device reboots after the session; a
# UTC device that reboots (trace seq from 0 again).  --pace 600 spreads the
# session over seconds, so that the drift shows.
declare -A SIM_ARGS=(
    [clock_drift]="--clock utc --clock-offset-ms -2500 --clock-drift-ppm 400 --trace-delay 4:250 --pace 600"
    [uptime_restart]="--clock uptime --uptime-ms 3600000 --clock-drift-ppm -300 --pace 600 --reboot-datagrams 4"
    [utc_restart]="--reboot-datagrams 3"
)

die() { echo "make_captures: $*" >&2; exit 1; }
log() { echo "== $*"; }

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; }

WANT=()
while [ $# -gt 0 ]; do
    case $1 in
        --keep) KEEP=1 ;;
        --no-verify) VERIFY=0 ;;
        --list) awk 'NF >= 7 { print $1 }' <<< "$SCENARIO_TABLE"; exit 0 ;;
        -h|--help) usage; exit 0 ;;
        -*) die "unknown option $1" ;;
        *) WANT+=("$1") ;;
    esac
    shift
done

[ "$(id -u)" -eq 0 ] || die "must run as root (dumpcap on lo)"
for t in ${NXSIM:-${CC:-gcc}} ${NXRELAY:-${CC:-gcc}} openssl dumpcap editcap tshark python3 ss flock mkfifo date; do
    command -v "$t" >/dev/null || die "missing tool: $t"
done

# one run at a time (fixed addresses and ports)
exec 9>/tmp/nxtrace-make-captures.lock
flock -w 120 9 || die "another make_captures.sh is running"

WORK=$(mktemp -d /tmp/nxtrace-captures.XXXXXX)
PIDS=()          # every background process this script started
FDS=()           # fifo file descriptors opened for the peers
cleanup() {
    local p
    close_fds
    for p in "${PIDS[@]}"; do
        kill "$p" 2>/dev/null && kill -CONT "$p" 2>/dev/null || true
    done
    for p in "${PIDS[@]}"; do
        wait "$p" 2>/dev/null || true
    done
    if [ "$KEEP" = 1 ]; then echo "work dir kept: $WORK"; else rm -rf "$WORK"; fi
}
close_fds() {
    local fd
    exec 3>&- 4<&-
    for fd in "${FDS[@]}"; do exec {fd}>&-; done
    FDS=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- build ------------------------------------------------------------------
CFLAGS=(-std=c11 -O2 -Wall -Wextra -Werror)
if [ -n "${NXSIM:-}" ]; then
    log "using prebuilt nxsim: $NXSIM"
    [ -x "$NXSIM" ] || die "NXSIM=$NXSIM is not executable"
else
    log "build nxsim"
    "${CC:-gcc}" "${CFLAGS[@]}" -I"$ROOT/include" -o "$WORK/nxsim" \
        "$ROOT/tools/sim/nxsim.c" -lssl -lcrypto
    NXSIM="$WORK/nxsim"
fi
if [ -n "${NXRELAY:-}" ]; then
    log "using prebuilt nxrelay: $NXRELAY"
    [ -x "$NXRELAY" ] || die "NXRELAY=$NXRELAY is not executable"
else
    log "build nxrelay"
    "${CC:-gcc}" "${CFLAGS[@]}" -o "$WORK/nxrelay" "$ROOT/tools/sim/nxrelay.c"
    NXRELAY="$WORK/nxrelay"
fi

# ---- certificates -----------------------------------------------------------
make_certs() {
    local d="$WORK/pki"
    mkdir -p "$d/db/new"
    : > "$d/db/index.txt"
    echo 1000 > "$d/db/serial"
    cat > "$d/ca.cnf" <<EOF
[ ca ]
default_ca = sim_ca
[ sim_ca ]
database = $d/db/index.txt
new_certs_dir = $d/db/new
serial = $d/db/serial
default_md = sha256
policy = policy_any
unique_subject = no
email_in_dn = no
[ policy_any ]
commonName = supplied
organizationName = optional
[ leaf_ext ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
    root_ca() { # name subject
        openssl req -x509 -new -newkey rsa:2048 -nodes -sha256 -days 3650 \
            -keyout "$d/$1.key" -out "$d/$1.crt" -subj "$2" \
            -addext "basicConstraints=critical,CA:TRUE" \
            -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    }
    leaf() { # name ca subject [startdate enddate]
        openssl req -new -newkey rsa:2048 -nodes -keyout "$d/$1.key" -out "$d/$1.csr" \
            -subj "$3" 2>/dev/null
        local dates=(-days 365)
        [ $# -ge 5 ] && dates=(-startdate "$4" -enddate "$5")
        openssl ca -batch -notext -config "$d/ca.cnf" -extensions leaf_ext \
            -cert "$d/$2.crt" -keyfile "$d/$2.key" "${dates[@]}" \
            -in "$d/$1.csr" -out "$d/$1.crt" 2>/dev/null
    }
    root_ca ca "/O=nxtrace/CN=nxtrace Sim Root CA"
    root_ca rogue_ca "/O=Elsewhere/CN=nxtrace Untrusted CA"
    leaf server ca "/O=nxtrace/CN=peer.sim.nxtrace"
    leaf device ca "/O=nxtrace/CN=gateway-08.sim.nxtrace"
    leaf rogue rogue_ca "/O=Elsewhere/CN=peer.sim.nxtrace"
    leaf expired ca "/O=nxtrace/CN=peer.sim.nxtrace" 20240101000000Z 20250101000000Z
    openssl verify -CAfile "$d/ca.crt" "$d/server.crt" "$d/device.crt" >/dev/null
    ! openssl verify -CAfile "$d/ca.crt" "$d/rogue.crt" >/dev/null 2>&1 || die "rogue cert verifies"
    ! openssl verify -CAfile "$d/ca.crt" "$d/expired.crt" >/dev/null 2>&1 || die "expired cert verifies"
    PKI="$d"
}
log "certificates"
make_certs

# ---- helpers ----------------------------------------------------------------
wait_bound() { # addr port: wait until a UDP socket is bound there
    local i
    for i in $(seq 1 100); do
        [ -n "$(ss -Hunl "src $1:$2")" ] && return 0
        sleep 0.02
    done
    die "nothing bound to udp $1:$2"
}

alive() { kill -0 "$1" 2>/dev/null; }

forget() { # pid: reaped, never signal it again
    local p keep=()
    for p in "${PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
    PIDS=("${keep[@]}")
}

wait_exit() { # pid timeout_s: wait for exit, then kill; returns its status
    local i n=$(( $2 * 20 ))
    for ((i = 0; i < n; i++)); do alive "$1" || break; sleep 0.05; done
    alive "$1" && kill "$1" 2>/dev/null
    local rc=0
    wait "$1" 2>/dev/null || rc=$?
    forget "$1"
    return $rc
}

start_capture() { # file filter
    : > "$WORK/dumpcap.err"
    dumpcap -i lo -f "$2" -w "$1" -q 2>"$WORK/dumpcap.err" &
    DUMPCAP=$!
    PIDS+=("$DUMPCAP")
    local i
    for i in $(seq 1 250); do
        grep -q "^Capturing on" "$WORK/dumpcap.err" && { sleep 0.1; return 0; }
        alive "$DUMPCAP" || break
        sleep 0.02
    done
    cat "$WORK/dumpcap.err" >&2
    die "dumpcap did not start"
}

stop_capture() {
    # libpcap (TPACKET_V3) hands packets to dumpcap in blocks that are retired
    # by a timer of dumpcap's read timeout (250 ms); SIGINT does not flush an
    # open block, so wait longer than that after the last packet.
    sleep 0.6
    kill -INT "$DUMPCAP"
    local rc=0
    wait "$DUMPCAP" || rc=$?
    forget "$DUMPCAP"
    [ $rc -eq 0 ] || die "dumpcap failed: $(cat "$WORK/dumpcap.err")"
}

# The peer runs with stdin/stdout on fifos: PEER_W writes its stdin, PEER_R
# reads its stdout (file descriptors; the dialog gets them as fds 3 and 4).
start_peer() { # name command...
    local n=$1; shift
    rm -f "$WORK/$n.in" "$WORK/$n.out"
    mkfifo "$WORK/$n.in" "$WORK/$n.out"
    "$@" <"$WORK/$n.in" >"$WORK/$n.out" 2>"$WORK/$n.peer.err" &
    PEER=$!
    PIDS+=("$PEER")
    exec {PEER_W}>"$WORK/$n.in" {PEER_R}<"$WORK/$n.out"
    FDS+=("$PEER_W" "$PEER_R")
}

# Reads the peer's stdout line by line while the device runs; answers with $1:
#   ack      device says "reading N ..."      -> peer answers "ack N"
#            (with a gate "N pattern": for reading N, only once nxsim printed a trace
#            line matching pattern)
#   ask      peer sends "get status N" (N=1..$EXCHANGES), waits for "ok get status N",
#            then closes its stdin: s_client sends close_notify.  The first request
#            waits until the device has sent its server_session_start trace (so the
#            request never overtakes that trace in the capture).
dialog() { # mode device_pid device_stdout [gate: "N pattern"]
    local mode=$1 dev=$2 simout=$3 gate=${4:-} line n=1 rc i
    if [ "$mode" = ask ]; then
        for ((i = 0; i < 500; i++)); do
            grep -q "api=17(" "$simout" 2>/dev/null && break
            alive "$dev" || break
            sleep 0.01
        done
        echo "get status $n" >&3
    fi
    local part="" held=""
    while :; do
        # a read that times out mid-line keeps what it got: carry it over
        if IFS= read -r -t 0.2 -u 4 part; then
            line=$held$part; held=""
            case $mode:$line in
                ack:reading\ *)
                    n=${line#reading }; n=${n%% *}
                    if [ -n "$gate" ] && [ "${gate%% *}" = "$n" ]; then
                        for ((i = 0; i < 500; i++)); do
                            grep -q "^trace .*${gate#* }" "$simout" 2>/dev/null && break
                            alive "$dev" || break
                            sleep 0.01
                        done
                    fi
                    echo "ack $n" >&3 ;;
                ask:ok\ get\ status\ *)
                    if [ "$n" -lt "$EXCHANGES" ]; then
                        n=$((n + 1)); echo "get status $n" >&3
                    else
                        exec 3>&-   # EOF on s_client's stdin -> close_notify
                    fi ;;
            esac
        else
            rc=$?
            held+=$part
            [ $rc -le 128 ] && break          # EOF: the peer is gone
            alive "$dev" || break             # the device has finished
        fi
    done
}

# "a.b.c.d:port" or "[v6]:port" -> ADDR (no brackets) and PORT
split_addr() { # addrport
    ADDR=${1%:*}; PORT=${1##*:}
    ADDR=${ADDR#[}; ADDR=${ADDR%]}
}
ss_host() { case $1 in *:*) echo "[$1]" ;; *) echo "$1" ;; esac; }

# ---- one scenario -----------------------------------------------------------
run_scenario() { # name devices peers ids devnames peerspec faults
    local name=$1 spec=$6 faults=$7
    local -a devs peers ids dnames simpids simouts keyfiles peerpids dialogs=()
    IFS=, read -r -a devs <<< "$2"
    IFS=, read -r -a peers <<< "$3"
    IFS=, read -r -a ids <<< "$4"
    IFS=, read -r -a dnames <<< "$5"
    local n=${#devs[@]} i
    [ ${#peers[@]} -eq "$n" ] && [ ${#ids[@]} -eq "$n" ] && [ ${#dnames[@]} -eq "$n" ] ||
        die "$name: device, peer, id and name lists differ in length"
    local raw="$WORK/$name.raw.pcapng" keys="$WORK/$name.keys"
    local filter="" dev_ips=() dtls_ports=() relay_pid="" simrc=0 pace_start=""
    : > "$keys"

    # capture filter: each device with its peer, and each device's traces
    local pairs="" srcs=""
    for ((i = 0; i < n; i++)); do
        local dev_ip dev_port peer_ip peer_port
        split_addr "${devs[i]}"; dev_ip=$ADDR; dev_port=$PORT
        split_addr "${peers[i]}"; peer_ip=$ADDR; peer_port=$PORT
        dev_ips+=("$dev_ip"); dtls_ports+=("$peer_port")
        case $dev_ip in
            *:*) pairs+="${pairs:+ or }(host $dev_ip and host $peer_ip and port $dev_port and port $peer_port)"
                 srcs+="${srcs:+ or }(src host $dev_ip and src port 474${dev_port: -2})" ;;
            *)   pairs+="${pairs:+ or }(host $dev_ip and host $peer_ip)"
                 srcs+="${srcs:+ or }src host $dev_ip" ;;
        esac
    done
    if [ "$n" -eq 1 ] && [[ $srcs != \(* ]]; then
        filter="udp and ($pairs or ($srcs and dst port $COLLECTOR_PORT))"
    else
        filter="udp and ($pairs or (($srcs) and dst port $COLLECTOR_PORT))"
    fi

    local via=""
    [ "$faults" != - ] && via=", relay $faults"
    log "$name: device ${devs[*]}, peer ${peers[*]} ($spec$via)"
    [ "$n" -gt 1 ] && pace_start=$(( $(date +%s%3N) + 500 ))
    start_capture "$raw" "$filter"
    for ((i = 0; i < n; i++)); do
        local dev=${devs[i]} peer=${peers[i]} simout="$WORK/$name.$i.sim.txt" tag=$name.$i
        local dev_ip dev_port peer_ip peer_port tport coll
        split_addr "$dev"; dev_ip=$ADDR; dev_port=$PORT
        split_addr "$peer"; peer_ip=$ADDR; peer_port=$PORT
        case $dev_ip in
            *:*) tport=474${dev_port: -2}; coll="[::1]:$COLLECTOR_PORT" ;;
            *)   tport=474${dev_ip##*.}; coll=$COLLECTOR ;;
        esac
        local sim=(--device "$dev" --collector "$coll" --trace-port "$tport"
                   --device-id "${ids[i]}" --name "${dnames[i]}" --firmware 6.4.2-sim
                   --ca "$PKI/ca.crt" --exchanges "${EXCHANGES_OF[$name]:-$EXCHANGES}" --timeout 3000)
        [ -n "$pace_start" ] && sim+=(--pace "$PACE_MS" --pace-start "$pace_start"
                                      --pace-offset $(( i * PACE_MS / 2 )))
        # shellcheck disable=SC2206 # the table's words are options
        [ -n "${SIM_ARGS[$name]:-}" ] && sim+=(${SIM_ARGS[$name]})
        simouts+=("$simout"); keyfiles+=("$keys.$i"); : > "$keys.$i"
        case $spec in
            s_server:*)
                local cert=${spec#s_server:} extra=() server=$peer
                case $cert in
                    *:verify) cert=${cert%:verify}
                              extra=(-Verify 1 -verify_return_error -CAfile "$PKI/ca.crt") ;;
                    *:reneg)  cert=${cert%:reneg}
                              extra=(-client_renegotiation) ;;
                esac
                if [ "$faults" != - ]; then
                    # the real server hides behind the relay, off the captured hosts
                    local hidden=127.0.1.${peer_ip##*.} f rargs=()
                    server=$hidden:$peer_port
                    for f in ${faults//,/ }; do rargs+=(--fault "$f"); done
                    start_peer "$tag" openssl s_server -dtls1_2 -accept "$server" -naccept 1 -quiet \
                        -cert "$PKI/$cert.crt" -key "$PKI/$cert.key" -keylogfile "$keys.$i" "${extra[@]}"
                    wait_bound "$hidden" "$peer_port"
                    "$NXRELAY" --listen "$peer" --to "$server" --from "$hidden" "${rargs[@]}" \
                        --idle 10000 --max 60000 >"$WORK/$name.relay.txt" 2>&1 &
                    relay_pid=$!; PIDS+=("$relay_pid")
                    wait_bound "$(ss_host "$peer_ip")" "$peer_port"
                else
                    start_peer "$tag" openssl s_server -dtls1_2 -accept "$peer" -naccept 1 -quiet \
                        -cert "$PKI/$cert.crt" -key "$PKI/$cert.key" -keylogfile "$keys.$i" "${extra[@]}"
                    wait_bound "$(ss_host "$peer_ip")" "$peer_port"
                fi
                peerpids+=("$PEER")
                # the device holds the peer (and the relay) while it sends
                [ -n "$relay_pid" ] && sim+=(--hold-pid "$relay_pid")
                "$NXSIM" "$name" "${sim[@]}" --peer "$peer" --hold-pid "$PEER" \
                    >"$simout" 2>"$WORK/$tag.sim.err" &
                simpids+=($!); PIDS+=($!)
                if [ "$n" -eq 1 ]; then
                    exec 3>&"$PEER_W" 4<&"$PEER_R"
                    dialog ack "${simpids[i]}" "$simout" "${GATE[$name]:-}"
                else
                    ( exec 3>&"$PEER_W" 4<&"$PEER_R"; dialog ack "${simpids[i]}" "$simout" ) &
                    dialogs+=($!); PIDS+=($!)
                fi
                ;;
            s_client)
                [ "$n" -eq 1 ] || die "$name: s_client takes one device"
                rm -f "$WORK/$tag.peer.pid"
                "$NXSIM" "$name" "${sim[@]}" --cert "$PKI/device.crt" --key "$PKI/device.key" \
                    --hold-pid-file "$WORK/$tag.peer.pid" >"$simout" 2>"$WORK/$tag.sim.err" &
                simpids+=($!); PIDS+=($!)
                wait_bound "$dev_ip" "$dev_port"
                start_peer "$tag" openssl s_client -dtls1_2 -connect "$dev" -bind "$peer" \
                    -quiet -no_ign_eof -CAfile "$PKI/ca.crt" -keylogfile "$keys.$i"
                peerpids+=("$PEER")
                echo "$PEER" > "$WORK/$tag.peer.tmp" && mv "$WORK/$tag.peer.tmp" "$WORK/$tag.peer.pid"
                # only fds 3/4 may stay open on s_client's stdin: closing 3 is its EOF
                exec 3>&"$PEER_W" 4<&"$PEER_R" {PEER_W}>&- {PEER_R}<&-
                dialog ask "${simpids[i]}" "$simout"
                ;;
            *) die "unknown peer kind $spec" ;;
        esac
    done
    local rc
    for ((i = 0; i < n; i++)); do
        rc=0; wait_exit "${simpids[i]}" 10 || rc=$?
        [ "$rc" -eq 0 ] || [ "$simrc" -ne 0 ] || simrc=$rc
    done
    for i in "${dialogs[@]}"; do wait_exit "$i" 2 || true; done
    for i in "${peerpids[@]}"; do wait_exit "$i" 2 || true; done
    close_fds
    if [ -n "$relay_pid" ]; then
        kill -TERM "$relay_pid" 2>/dev/null || true
        rc=0; wait_exit "$relay_pid" 2 || rc=$?
        grep -v ' fwd$' "$WORK/$name.relay.txt" | sed 's/^/relay: /' || true
        [ "$rc" -eq 0 ] || die "$name: nxrelay exit $rc"
    fi
    stop_capture
    for ((i = 0; i < n; i++)); do cat "${simouts[i]}"; done
    [ "$simrc" -eq 0 ] || die "$name: nxsim exit $simrc: $(cat "$WORK/$name".*.sim.err)"

    cat "${keyfiles[@]}" > "$keys"
    local inject=() what="openssl ${spec%%:*}"
    # A key log of comments only (no handshake got that far) is not worth a block.
    grep -qv '^#' "$keys" 2>/dev/null && inject=(--inject-secrets "tls,$keys")
    [ "$n" -gt 1 ] && what="$n x openssl ${spec%%:*}"
    [ "$faults" != - ] && what+=" through nxrelay ($faults)"
    rm -f "$OUT/$name.pcapng"
    editcap "${inject[@]}" --capture-comment \
        "nxtrace scenario $name: NetX device simulator (nxsim) vs $what, DTLS 1.2 on lo; regenerate with tools/make_captures.sh" \
        "$raw" "$OUT/$name.pcapng"
    # editcap 4.0 puts the secrets before the interface block, which makes the
    # file impossible to rewrite with editcap/tshark 4.0; move them after it.
    python3 "$ROOT/tools/pcapng_secrets_after_idb.py" "$OUT/$name.pcapng"
    if [ "$VERIFY" = 1 ]; then
        # nxsim's view, one line per datagram sent: "device_id seq status api record"
        local want="$WORK/$name.want"
        : > "$want"
        for ((i = 0; i < n; i++)); do
            sed -n 's/^trace seq=//p' "${simouts[i]}" | awk -v id="${ids[i]}" '{
                st = "-"; api = "-"; r = "-"
                for (i = 2; i <= NF; i++) {
                    if ($i ~ /^status=/) st = tolower(substr($i, 8))
                    if ($i ~ /^api=/) { api = substr($i, 5); sub(/\(.*/, "", api) }
                    if ($i ~ /^record=/) r = substr($i, 8)
                }
                print id, $1, st, api, r }' >> "$want"
        done
        verify "$OUT/$name.pcapng" "$want" "${dev_ips[*]}" "${dtls_ports[*]}"
        # scenario-specific checks: verify_<scenario>, if there is one
        if declare -F "verify_$name" >/dev/null; then
            "verify_$name" "$OUT/$name.pcapng" "$want" "${dev_ips[*]}" "${dtls_ports[*]}"
        fi
    fi
    return 0
}

# ---- verification -----------------------------------------------------------
# tshark as root prints a warning on stderr; drop just that line
tsh() { tshark "$@" 2> >(grep -v '^Running as user "root"' >&2); }

# Decodes every NXTR datagram (awk on the hex payload) and checks each RECORD
# block against the DTLS records tshark sees: same epoch/sequence, in the
# session of the SESSION block (addresses and ports), sent by the device
# (RECORD_SENT) or by the peer, in an earlier frame.  The decoded datagrams
# (device_id, seq, STATUS) must equal, per device, what nxsim said it sent, in
# order (no datagram lost or added by the capture).  Prints one line per
# STATUS event (trace frame, device and seq, status, api, record, DTLS frame
# holding the record) and the frames holding DTLS alerts.
verify() { # pcapng want_file "device_ips" "dtls_ports"
    local f=$1 want=$2 devs=$3 p
    local ts=(tsh -n -r "$f" -d "udp.port==$COLLECTOR_PORT,data")
    for p in $4; do ts+=(-d "udp.port==$p,dtls"); done
    local frames hs
    frames=$("${ts[@]}" -T fields -e frame.number | wc -l)
    hs=$("${ts[@]}" -Y 'dtls.handshake.type == 1' -T fields -e frame.number | wc -l)
    [ "$hs" -ge 1 ] || die "$f: no DTLS ClientHello"
    {
        "${ts[@]}" -Y dtls -T fields -E occurrence=f -e frame.number -e ip.src -e ipv6.src \
            -e udp.srcport -e ip.dst -e ipv6.dst -e udp.dstport | sed 's/^/A\t/'
        "${ts[@]}" -Y dtls -T fields -E occurrence=a -E aggregator=, -e frame.number \
            -e dtls.record.epoch -e dtls.record.sequence_number -e dtls.record.content_type |
            sed 's/^/R\t/'
        "${ts[@]}" -Y "dtls.alert_message" -T fields -E occurrence=a -E aggregator=, \
            -e frame.number -e dtls.alert_message.level -e dtls.alert_message.desc | sed 's/^/L\t/'
        "${ts[@]}" -Y "udp.dstport==$COLLECTOR_PORT" -T fields -e frame.number -e ip.src -e ipv6.src \
            -e data.data | sed 's/^/T\t/'
    } | awk -F'\t' -v devs="$devs" -v file="$(basename "$f")" -v nframes="$frames" -v wantf="$want" '
        function hv(s,   i, v) { v = 0; for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return v }
        function b(off, n) { return hv(substr(hex, off * 2 + 1, n * 2)) }
        function pad4(g) { while (length(g) < 4) g = "0" g; return g }
        # an address as tshark prints it -> lowercase hex, as in a SESSION block
        function addrhex(s,   k, i, n, l, r, nl, nr, out) {
            if (index(s, ":") == 0) {
                n = split(s, l, ".")
                return sprintf("%02x%02x%02x%02x", l[1], l[2], l[3], l[4])
            }
            k = index(s, "::")
            if (k) { nl = k > 1 ? split(substr(s, 1, k - 1), l, ":") : 0; nr = split(substr(s, k + 2), r, ":") }
            else { nl = split(s, l, ":"); nr = 0 }
            out = ""
            for (i = 1; i <= nl; i++) out = out pad4(l[i])
            for (i = 0; i < 8 - nl - nr; i++) out = out "0000"
            for (i = 1; i <= nr; i++) out = out pad4(r[i])
            return tolower(out)
        }
        BEGIN {
            n = split(devs, d, " ")
            for (i = 1; i <= n; i++) isdev[addrhex(d[i])] = 1
            while ((getline line < wantf) > 0) {
                split(line, w, " ")
                want[w[1]] = want[w[1]] w[2] " " w[3] " " w[4] " " w[5] ";"
                ids[w[1]] = 1
            }
        }
        $1 == "A" {
            src[$2] = addrhex($3 != "" ? $3 : $4) ":" $5
            dst[$2] = addrhex($6 != "" ? $6 : $7) ":" $8
            next
        }
        $1 == "R" {
            ne = split($3, ep, ","); split($4, sq, ","); split($5, ct, ",")
            for (i = 1; i <= ne; i++) {
                k = src[$2] ">" dst[$2] "|" ep[i] "|" sq[i]
                if (!(k in rec)) { rec[k] = $2; rtype[k] = ct[i] }
            }
            next
        }
        $1 == "L" {
            # an alert tshark cannot decrypt has no level/desc (renegotiation: epoch 2)
            alerts = alerts ($3 == "" ? sprintf(" %s (encrypted)", $2) : sprintf(" %s (level %s, desc %s)", $2, $3, $4))
            next
        }
        $1 == "T" {
            hex = tolower($5); ntr++
            if (substr(hex, 1, 8) != "4e585452") { printf "frame %s: not NXTR\n", $2; bad++; next }
            if (!(addrhex($3 != "" ? $3 : $4) in isdev)) { printf "frame %s: trace not from a device\n", $2; bad++ }
            nev = b(6, 2); id = b(8, 4); seq = b(12, 4); off = 24; sig = "- - -"
            ids[id] = 1
            for (e = 0; e < nev; e++) {
                type = b(off, 1); fl = b(off + 1, 1); len = b(off + 2, 2); body = off + 4
                if (type == 1) {
                    st = b(body, 4); api = b(body + 4, 2); p = body + 8; r = "-"; where = "-"; sk = ""
                    if (fl % 2) {
                        a = b(p, 1) == 6 ? 16 : 4
                        la = substr(hex, (p + 6) * 2 + 1, a * 2) ":" b(p + 2, 2)
                        ra = substr(hex, (p + 6 + a) * 2 + 1, a * 2) ":" b(p + 4, 2)
                        p += 6 + 2 * a
                    }
                    if (int(fl / 2) % 2) {
                        ep0 = b(p, 2); sq0 = b(p + 2, 6); sent = int(fl / 4) % 2
                        r = (sent ? "tx " : "rx ") ep0 "/" sq0
                        if (!(fl % 2)) { where = "NO SESSION"; bad++ }
                        else {
                            k = (sent ? la ">" ra : ra ">" la) "|" ep0 "|" sq0
                            if (!(k in rec)) { where = "MISSING"; bad++ }
                            else if (rec[k] + 0 >= $2 + 0) { where = "LATER(" rec[k] ")"; bad++ }
                            else where = "frame " rec[k] " (type " rtype[k] ")"
                        }
                    }
                    lines = lines sprintf("  frame %3d  dev %s seq %2d  status 0x%03X  api %2d  record %-8s -> %s\n", $2, id, seq, st, api, r, where)
                    sig = sprintf("0x%x %d %s", st, api, r == "-" ? "-" : (sent ? "tx:" : "rx:") ep0 "/" sq0)
                }
                off = body + len
            }
            got[id] = got[id] seq " " sig ";"
        }
        END {
            printf "%s: %d frames, %d trace datagrams\n%s", file, nframes, ntr, lines
            printf "  alerts in frames:%s\n", alerts == "" ? " none" : alerts
            if (ntr == 0) { print "no trace datagrams"; exit 1 }
            for (id in ids)
                if (got[id] != want[id]) {
                    printf "device %s:\ncapture has  %s\nnxsim sent   %s\n", id, got[id], want[id]
                    bad++
                }
            exit bad ? 1 : 0
        }' || die "$f: verification failed"
}

# renegotiation: on top of verify (every RECORD block names an earlier record
# of the session, in the right direction), check the two handshakes and the
# epoch switch:
# - ClientHellos: the initial one(s) in epoch 0, then exactly one in an epoch-1
#   record that tshark decrypts with the embedded secrets (handshake type 1),
#   sent by the device;
# - the renegotiation status (api 0xFFFF) is 0 and names the peer's Finished,
#   rx 2/0, which is the first epoch-2 record the peer sent;
# - application data: epoch 1 before the renegotiation ClientHello, none
#   during the renegotiation, epoch 2 (both directions) after the peer's
#   epoch-2 Finished;
# - the traces before the renegotiation status name epoch-1 records, those
#   after it epoch-2 records (session_end: the device's close_notify, tx 2/N).
verify_renegotiation() { # pcapng want_file "device_ips" "dtls_ports"
    local f=$1 want=$2 dev=$3 p
    local ts=(tsh -n -r "$f" -d "udp.port==$COLLECTOR_PORT,data")
    for p in $4; do ts+=(-d "udp.port==$p,dtls"); done
    {
        "${ts[@]}" -Y 'dtls.handshake.type == 1' -T fields -E occurrence=f -e frame.number \
            -e ip.src -e dtls.record.epoch | sed 's/^/H\t/'
        "${ts[@]}" -Y dtls -T fields -E occurrence=a -E aggregator=, -e frame.number -e ip.src \
            -e dtls.record.epoch -e dtls.record.sequence_number -e dtls.record.content_type |
            sed 's/^/R\t/'
        sed 's/^/W\t/' "$want"
    } | awk -F'\t' -v dev="$dev" -v file="$(basename "$f")" '
        function fail(msg) { printf "%s: renegotiation check: %s\n", file, msg; bad++ }
        $1 == "H" {
            if ($3 != dev) fail("ClientHello in frame " $2 " not sent by the device")
            if ($4 == 0) { nch0++; ch0 = $2 + 0; ch0list = ch0list (nch0 > 1 ? "," : "") $2 }
            else if ($4 == 1) { nch1++; ch1 = $2 + 0 }
            else fail("ClientHello in frame " $2 " in epoch " $4)
            next
        }
        $1 == "R" {
            n = split($4, ep, ","); split($5, sq, ","); split($6, ct, ",")
            for (i = 1; i <= n; i++) {
                nr++; rf[nr] = $2 + 0; rdev[nr] = ($3 == dev); rep_[nr] = ep[i]; rct[nr] = ct[i]
                if ($3 != dev && ep[i] == 2 && !fin2) { fin2 = $2 + 0; fin2k = ep[i] "/" sq[i] }
            }
            next
        }
        $1 == "W" {
            split($2, w, " ")
            if (w[4] == 65535) {
                nren++
                if (w[3] != "0x0") fail("renegotiation status " w[3] ", not 0")
                if (w[5] != "rx:2/0") fail("renegotiation status names " w[5] ", not rx:2/0")
                after = 1
            } else if (w[5] != "-") {
                e = w[5]; sub(/^[rt]x:/, "", e); sub(/\/.*/, "", e)
                if (e != (after ? 2 : 1)) fail("trace seq " w[2] " (api " w[4] ") names " w[5] (after ? " after" : " before") " the renegotiation")
            }
            next
        }
        END {
            if (nch0 < 1) fail("no initial ClientHello (epoch 0)")
            if (nch1 != 1) fail(nch1 + 0 " ClientHello(s) in epoch 1 (decrypted), want 1")
            if (nch1 == 1 && ch1 < ch0) fail("epoch-1 ClientHello before the initial one")
            if (nren != 1) fail(nren + 0 " renegotiation status(es), want 1")
            if (!fin2) fail("no epoch-2 record from the peer")
            else if (fin2k != "2/0") fail("the first epoch-2 record of the peer is " fin2k)
            for (i = 1; i <= nr; i++) {
                if (rct[i] != 23) continue
                if (rf[i] < ch1 && rep_[i] != 1) fail("application data in frame " rf[i] " in epoch " rep_[i])
                if (rf[i] > ch1 && rf[i] < fin2) fail("application data in frame " rf[i] " during the renegotiation")
                if (rf[i] > fin2) {
                    if (rep_[i] != 2) fail("application data in frame " rf[i] " in epoch " rep_[i])
                    else if (rdev[i]) app2tx++
                    else app2rx++
                }
            }
            if (!app2tx || !app2rx) fail("no epoch-2 application data in both directions")
            if (bad) exit 1
            printf "  renegotiation: ClientHello frames %s (epoch 0) and %d (epoch 1, decrypted); peer Finished rx 2/0 in frame %d; epoch-2 application data: %d sent, %d received\n", ch0list, ch1, fin2, app2tx, app2rx
        }' || die "$f: renegotiation check failed"
}

# ---- main -------------------------------------------------------------------
mkdir -p "$OUT"
ran=0
while read -r -u 5 name dev peer id dname spec faults; do
    [ -n "$name" ] || continue
    if [ ${#WANT[@]} -gt 0 ]; then
        case " ${WANT[*]} " in *" $name "*) ;; *) continue ;; esac
    fi
    run_scenario "$name" "$dev" "$peer" "$id" "$dname" "$spec" "${faults:--}"
    ran=$((ran + 1))
done 5<<< "$SCENARIO_TABLE"
[ "$ran" -gt 0 ] || die "no such scenario: ${WANT[*]}"
log "done: $ran capture(s) in $OUT"
