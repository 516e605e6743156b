/*
 * nxsim.c - plays a NetX Secure DTLS device against a real OpenSSL DTLS 1.2
 * peer on loopback and reports, after every step, the NetX status that step
 * would return, as NXTR trace datagrams (include/nxtrace.h) sent over UDP.
 *
 * Build (from tools/sim):
 *   gcc -std=c11 -O2 -Wall -Wextra -I../../include -o nxsim nxsim.c -lssl -lcrypto
 * (from the repository root: -Iinclude ... tools/sim/nxsim.c)
 *
 * The DTLS traffic is produced by OpenSSL's own DTLS 1.2 stack over real UDP
 * sockets; only the NetX status values are a mapping of OpenSSL outcomes.
 * Record headers (epoch, 48-bit sequence number) of every record sent and
 * received are taken from the SSL3_RT_HEADER message callback, so the RECORD
 * block of each STATUS event names a record that is really on the wire.
 *
 * Single-threaded, non-blocking sockets, a deadline on every wait: a run ends
 * by itself.  Run "nxsim --help" for usage.
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "nxtrace.h"

/* ---- NetX status values used here (reference/netx_status_codes.csv) ----- */
#define NX_SUCCESS                                 0x00u
#define NX_NO_PACKET                               0x01u
#define NX_NOT_SUCCESSFUL                          0x43u
#define NX_SECURE_TLS_HANDSHAKE_FAILURE            0x107u
#define NX_SECURE_TLS_HASH_MAC_VERIFY_FAILURE      0x108u
#define NX_SECURE_TLS_ALERT_RECEIVED               0x114u
#define NX_SECURE_TLS_CERTIFICATE_SIG_CHECK_FAILED 0x117u
#define NX_SECURE_TLS_INVALID_SELF_SIGNED_CERT     0x11Au
#define NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND 0x11Bu
#define NX_SECURE_TLS_INVALID_EPOCH                0x11Eu
#define NX_SECURE_TLS_REPEAT_MESSAGE_RECEIVED      0x11Fu
#define NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED        0x127u
#define NX_SECURE_TLS_CERTIFICATE_VERIFY_FAILURE   0x131u
#define NX_SECURE_TLS_AEAD_DECRYPT_FAIL            0x150u
#define NX_SECURE_X509_CERTIFICATE_EXPIRED         0x193u
#define NX_SECURE_X509_CERTIFICATE_NOT_YET_VALID   0x194u

#define EXIT_OK        0 /* the scenario went as its table entry expects */
#define EXIT_USAGE     1
#define EXIT_UNEXPECTED 2 /* ran, but the outcome differs from the expectation */
#define EXIT_SETUP     3 /* sockets, certificates, ... */

/* ---- scenario table ----------------------------------------------------- */
enum role { ROLE_CLIENT = NXTRACE_ROLE_DTLS_CLIENT, ROLE_SERVER = NXTRACE_ROLE_DTLS_SERVER };
enum closer { CLOSE_BY_DEVICE, CLOSE_BY_PEER };

/* something the device must meet once for the run to count as expected */
enum expect {
    EXPECT_NONE,
    EXPECT_MAC_FAIL,   /* a received record failed authentication (0x150/0x108) */
    EXPECT_REPEAT,     /* a received record was a repeat (0x11F)               */
    EXPECT_EPOCH,      /* a received record had another epoch (0x11E)          */
    EXPECT_RETRANSMIT  /* the device's DTLS timer fired: it retransmitted      */
};

struct scenario {
    const char *name;
    enum role role;
    enum closer closer;
    uint32_t expect_start; /* NetX status expected from *_session_start */
    const char *summary;
    enum expect expect;
    int dtls_timer_ms;     /* initial DTLS retransmission timer (0: OpenSSL's 1 s) */
    /* trace datagram faults, by trace seq (0: none); see --trace-skip etc. */
    uint32_t trace_skip, trace_dup, trace_swap;
    int renegotiate_after; /* client: renegotiate after this exchange (0: never) */
};

/*
 * The device's behaviour is generic (handshake, exchanges, close); what makes
 * a scenario fail is the peer (its certificate, its alert) or the network in
 * between (tools/sim/nxrelay, run by tools/make_captures.sh).  The expected
 * start status and event only decide the exit code.
 */
static const struct scenario scenarios[] = {
    { "good_session", ROLE_CLIENT, CLOSE_BY_DEVICE, NX_SUCCESS,
      "device is DTLS client; handshake, exchanges, device sends close_notify", .expect = EXPECT_NONE },
    { "server_peer_close", ROLE_SERVER, CLOSE_BY_PEER, NX_SUCCESS,
      "device is DTLS server; peer talks first, peer sends close_notify (0x127)", .expect = EXPECT_NONE },
    { "untrusted_cert", ROLE_CLIENT, CLOSE_BY_DEVICE, NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND,
      "device is DTLS client; server certificate from an unknown CA (0x11B)", .expect = EXPECT_NONE },
    { "expired_cert", ROLE_CLIENT, CLOSE_BY_DEVICE, NX_SECURE_X509_CERTIFICATE_EXPIRED,
      "device is DTLS client; expired server certificate (0x193)", .expect = EXPECT_NONE },
    { "server_device_close", ROLE_SERVER, CLOSE_BY_DEVICE, NX_SUCCESS,
      "device is DTLS server; it sends close_notify after --exchanges replies", .expect = EXPECT_NONE },
    { "bad_record_mac", ROLE_CLIENT, CLOSE_BY_DEVICE, NX_SUCCESS,
      "device is DTLS client; a reply arrives altered (0x150 AEAD / 0x108 MAC),\n"
      "                       the device resends its reading", .expect = EXPECT_MAC_FAIL },
    { "replayed_record", ROLE_CLIENT, CLOSE_BY_DEVICE, NX_SUCCESS,
      "device is DTLS client; a reply arrives again later (0x11F on the copy)", .expect = EXPECT_REPEAT },
    { "wrong_epoch", ROLE_CLIENT, CLOSE_BY_DEVICE, NX_SUCCESS,
      "device is DTLS client; a reply arrives with a wrong epoch (0x11E),\n"
      "                       the device resends its reading", .expect = EXPECT_EPOCH },
    { "lost_flight", ROLE_CLIENT, CLOSE_BY_DEVICE, NX_SUCCESS,
      "device is DTLS client, 400 ms DTLS timer; the server's flight is lost,\n"
      "                       the device retransmits (LOG only)",
      .expect = EXPECT_RETRANSMIT, .dtls_timer_ms = 400 },
    { "peer_alert", ROLE_CLIENT, CLOSE_BY_DEVICE, NX_SECURE_TLS_ALERT_RECEIVED,
      "device is DTLS client without a certificate; the server requires one and\n"
      "                       sends a fatal alert (0x114)", .expect = EXPECT_NONE },
    { "two_devices", ROLE_CLIENT, CLOSE_BY_DEVICE, NX_SUCCESS,
      "good_session for one of two concurrent devices (use --pace)", .expect = EXPECT_NONE },
    { "ipv6_session", ROLE_CLIENT, CLOSE_BY_DEVICE, NX_SUCCESS,
      "good_session over IPv6 (give [v6]:port addresses)", .expect = EXPECT_NONE },
    { "lost_trace", ROLE_CLIENT, CLOSE_BY_DEVICE, NX_SUCCESS,
      "good_session; trace datagram seq 5 is never sent", .trace_skip = 5 },
    { "trace_faults", ROLE_CLIENT, CLOSE_BY_DEVICE, NX_SUCCESS,
      "good_session; trace seq 4 sent twice, seqs 6 and 7 sent swapped",
      .trace_dup = 4, .trace_swap = 6 },
    { "renegotiation", ROLE_CLIENT, CLOSE_BY_DEVICE, NX_SUCCESS,
      "device is DTLS client; after exchange 2 it renegotiates (full handshake\n"
      "                       under epoch 1), the next exchanges use epoch 2\n"
      "                       (the peer must allow client renegotiation)",
      .expect = EXPECT_NONE, .renegotiate_after = 2 },
    { "clock_drift", ROLE_CLIENT, CLOSE_BY_DEVICE, NX_SUCCESS,
      "good_session with a UTC clock that is off and drifts (--clock-*),\n"
      "                       one trace datagram held back (--trace-delay)", .expect = EXPECT_NONE },
    { "uptime_restart", ROLE_CLIENT, CLOSE_BY_DEVICE, NX_SUCCESS,
      "good_session with an uptime clock; the device reboots after it\n"
      "                       (--reboot-datagrams): trace seq and uptime start again", .expect = EXPECT_NONE },
    { "utc_restart", ROLE_CLIENT, CLOSE_BY_DEVICE, NX_SUCCESS,
      "good_session with a UTC clock; the device reboots after it: trace seq\n"
      "                       starts again at 0, the clock goes on", .expect = EXPECT_NONE },
};
#define N_SCENARIOS (sizeof(scenarios) / sizeof(scenarios[0]))

/* ---- configuration ------------------------------------------------------ */
#define MAX_HOLD_OPT 4
struct config {
    const struct scenario *sc;
    struct sockaddr_storage device, peer, collector;
    int have_peer;
    uint16_t trace_port;
    uint32_t device_id;
    const char *name, *firmware;
    const char *ca, *cert, *key, *keylog, *ciphers;
    int exchanges, timeout_ms, mtu, quiet, verify_client;
    pid_t hold_pid[MAX_HOLD_OPT];
    int n_hold_pid;
    const char *hold_pid_file;
    int x509_delay_ms;
    int dtls_timer_ms;
    int pace_ms, pace_offset_ms;
    int64_t pace_start_ms; /* CLOCK_REALTIME, ms since the epoch */
    uint32_t trace_skip, trace_dup, trace_swap;
    int renegotiate_after;
    uint32_t trace_delay_seq;
    int trace_delay_ms, reboot_datagrams;
};

/* ---- small helpers ------------------------------------------------------ */
static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint64_t utc_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/*
 * The device's clock (--clock, --clock-offset-ms, --clock-drift-ppm,
 * --uptime-ms): UTC that may be off by an offset, or microseconds since boot;
 * either runs drift_ppm fast against real time from the moment it was set.
 */
static struct {
    int uptime;            /* timestamps since boot, not UTC          */
    int64_t offset_us;     /* UTC: device minus real time at the start */
    double drift_ppm;
    uint64_t set_real_us;  /* real time when the clock was set        */
    uint64_t set_dev_us;   /* the device clock's value then            */
} dclock;

static void device_clock_set(uint64_t dev_us)
{
    dclock.set_real_us = utc_us();
    dclock.set_dev_us = dev_us;
}

static uint64_t device_clock_us(void)
{
    double elapsed = (double)(utc_us() - dclock.set_real_us);
    return dclock.set_dev_us + (uint64_t)(elapsed * (1.0 + dclock.drift_ppm / 1e6));
}

static void die(int code, const char *fmt, ...)
{
    va_list ap;
    fputs("nxsim: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    ERR_print_errors_fp(stderr);
    exit(code);
}

/* "a.b.c.d:port" or "[v6]:port" */
static int parse_hostport(const char *s, struct sockaddr_storage *ss)
{
    char host[INET6_ADDRSTRLEN + 2];
    const char *colon, *h = s;
    size_t hl;
    char *end;
    unsigned long port;

    memset(ss, 0, sizeof(*ss));
    if (*s == '[') {
        const char *rb = strchr(s, ']');
        if (!rb || rb[1] != ':')
            return -1;
        h = s + 1;
        hl = (size_t)(rb - h);
        colon = rb + 1;
    } else {
        colon = strrchr(s, ':');
        if (!colon)
            return -1;
        hl = (size_t)(colon - s);
    }
    if (hl == 0 || hl >= sizeof(host))
        return -1;
    memcpy(host, h, hl);
    host[hl] = '\0';
    errno = 0;
    port = strtoul(colon + 1, &end, 10);
    if (errno || *end || colon[1] == '\0' || port > 65535)
        return -1;
    if (inet_pton(AF_INET, host, &((struct sockaddr_in *)ss)->sin_addr) == 1) {
        struct sockaddr_in *a = (struct sockaddr_in *)ss;
        a->sin_family = AF_INET;
        a->sin_port = htons((uint16_t)port);
        return 0;
    }
    if (inet_pton(AF_INET6, host, &((struct sockaddr_in6 *)ss)->sin6_addr) == 1) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)port);
        return 0;
    }
    return -1;
}

static socklen_t ss_len(const struct sockaddr_storage *ss)
{
    return ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
}

static uint16_t ss_port(const struct sockaddr_storage *ss)
{
    return ss->ss_family == AF_INET6 ? ntohs(((const struct sockaddr_in6 *)ss)->sin6_port)
                                     : ntohs(((const struct sockaddr_in *)ss)->sin_port);
}

static const char *ss_str(const struct sockaddr_storage *ss, char *buf, size_t n)
{
    char a[INET6_ADDRSTRLEN];
    if (ss->ss_family == AF_INET6) {
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ss)->sin6_addr, a, sizeof(a));
        snprintf(buf, n, "[%s]:%u", a, ss_port(ss));
    } else {
        inet_ntop(AF_INET, &((const struct sockaddr_in *)ss)->sin_addr, a, sizeof(a));
        snprintf(buf, n, "%s:%u", a, ss_port(ss));
    }
    return buf;
}

static void ss_raw(const struct sockaddr_storage *ss, uint8_t out[16])
{
    memset(out, 0, 16);
    if (ss->ss_family == AF_INET6)
        memcpy(out, &((const struct sockaddr_in6 *)ss)->sin6_addr, 16);
    else
        memcpy(out, &((const struct sockaddr_in *)ss)->sin_addr, 4);
}

static int udp_socket_bound(const struct sockaddr_storage *addr)
{
    int fd = socket(addr->ss_family, SOCK_DGRAM, 0);
    if (fd < 0)
        return -1;
    if (bind(fd, (const struct sockaddr *)addr, ss_len(addr)) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static void set_nonblock(int fd)
{
    int fl = fcntl(fd, F_GETFL, 0);
    fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

/*
 * ---- holding the peer ----------------------------------------------------
 * With --hold-pid the peer process is stopped (SIGSTOP) while the device
 * sends application data or close_notify, and continued (SIGCONT) once the
 * step's trace datagram is out.  Without it the peer's reaction to the
 * device's record (e.g. an answering close_notify) races with the device's
 * trace, and the frame order of a capture would change from run to run.
 * Only used after the handshake: then the peer idles in select(), which is
 * restarted after SIGCONT.  (Stopping a peer inside a handshake recvfrom()
 * with SO_RCVTIMEO makes it fail with EINTR and derails s_client.)
 * --hold-pid may be given more than once: with a relay between device and
 * peer, both are held, so that whatever the relay does next (a replayed
 * copy, say) also comes after the trace.
 */
#define MAX_HOLD 4
static pid_t hold_pids[MAX_HOLD];
static int n_hold;
static const char *hold_pid_file; /* read at the first hold */
static int held;

static char proc_state(pid_t pid)
{
    char path[64], buf[512], *p;
    FILE *f;
    size_t n;
    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    f = fopen(path, "r");
    if (!f)
        return '?';
    n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    p = strrchr(buf, ')');
    return p && p[1] == ' ' ? p[2] : '?';
}

static void hold_peer(void)
{
    int64_t deadline;
    int i;
    if (hold_pid_file) {
        FILE *f = fopen(hold_pid_file, "r");
        int v = 0;
        if (f) {
            if (fscanf(f, "%d", &v) == 1 && v > 0 && n_hold < MAX_HOLD) {
                hold_pids[n_hold++] = (pid_t)v;
                hold_pid_file = NULL;
            }
            fclose(f);
        }
    }
    if (!n_hold || held)
        return;
    for (i = 0; i < n_hold; i++)
        if (kill(hold_pids[i], SIGSTOP) == 0)
            held |= 1 << i;
    /* kill() only queues the signal: wait until each is really stopped */
    deadline = now_ms() + 200;
    for (i = 0; i < n_hold; i++) {
        if (!(held & (1 << i)))
            continue;
        while (proc_state(hold_pids[i]) != 'T' && proc_state(hold_pids[i]) != 't' && now_ms() < deadline) {
            struct timespec ts = { 0, 20000 };
            nanosleep(&ts, NULL);
        }
    }
}

static void release_peer(void)
{
    int i;
    for (i = 0; i < n_hold; i++)
        if (held & (1 << i))
            kill(hold_pids[i], SIGCONT);
    held = 0;
}

/* ---- record bookkeeping (msg callback) ---------------------------------- */
struct rec {
    int valid;
    uint8_t type; /* DTLS content type */
    uint16_t epoch;
    uint64_t seq;  /* 48 bits */
};

/*
 * Received records the device's DTLS layer dropped.  OpenSSL, like NetX,
 * silently discards a DTLS record that fails authentication, carries an
 * epoch other than the current one or repeats a sequence number already
 * accepted; only the record header (SSL3_RT_HEADER callback) shows it came.
 * While a receive is watched, a header that is followed neither by its
 * content (handshake/alert/CCS callback) nor by data returned from SSL_read
 * was discarded.  The reason is read from what the device knows: the epoch
 * it reads (the one of the peer's Finished), the sequence numbers it already
 * accepted in that epoch (a 64-record window like the DTLS replay window);
 * a record with the current epoch and a new sequence number failed
 * authentication.
 */
enum discard { DISCARD_MAC, DISCARD_REPEAT, DISCARD_EPOCH };
#define MAX_DISCARDS 8

struct track {
    struct rec last_tx, last_rx;   /* latest record header sent / received   */
    struct rec cert_rx;            /* record with the last fragment of the
                                      Certificate message received           */
    struct rec fin_tx, fin_rx;     /* record with the (last fragment of) Finished */
    struct rec alert_tx, alert_rx; /* latest alert record sent / received    */
    int alert_tx_desc, alert_rx_level, alert_rx_desc;
    FILE *keylog;
    /* discarded-record detection, active while "watch" is set */
    int watch;
    uint16_t rx_epoch;             /* the epoch the device reads              */
    uint64_t acc_top, acc_mask;    /* accepted seqs: top and the 63 below it  */
    int acc_any;
    struct rec pending;            /* header seen, record not yet accounted   */
    struct rec discarded[MAX_DISCARDS];
    enum discard why[MAX_DISCARDS];
    int n_discarded;
    int counts[3];                 /* discards seen, by reason                */
    int retransmits;               /* times the device's DTLS timer fired     */
    int last_was_tx;               /* direction of the latest record header   */
};

static int seq_accepted(const struct track *t, uint64_t seq)
{
    if (!t->acc_any || seq > t->acc_top)
        return 0;
    if (t->acc_top - seq >= 64)
        return 1; /* older than the window: treated as a repeat, as DTLS does */
    return (int)((t->acc_mask >> (t->acc_top - seq)) & 1u);
}

static void accept_rec(struct track *t, const struct rec *r)
{
    if (!r->valid || r->epoch != t->rx_epoch)
        return;
    if (!t->acc_any) {
        t->acc_any = 1;
        t->acc_top = r->seq;
        t->acc_mask = 1;
    } else if (r->seq > t->acc_top) {
        uint64_t shift = r->seq - t->acc_top;
        t->acc_mask = shift >= 64 ? 1 : (t->acc_mask << shift) | 1u;
        t->acc_top = r->seq;
    } else if (t->acc_top - r->seq < 64) {
        t->acc_mask |= (uint64_t)1 << (t->acc_top - r->seq);
    }
}

static void discard_rec(struct track *t, const struct rec *r)
{
    enum discard why;
    if (r->epoch != t->rx_epoch)
        why = DISCARD_EPOCH;
    else if (seq_accepted(t, r->seq))
        why = DISCARD_REPEAT;
    else
        why = DISCARD_MAC;
    t->counts[why]++;
    if (t->n_discarded < MAX_DISCARDS) {
        t->discarded[t->n_discarded] = *r;
        t->why[t->n_discarded] = why;
        t->n_discarded++;
    }
}

/* start watching received records (after the handshake) */
static void watch_start(struct track *t)
{
    t->watch = 1;
    t->rx_epoch = t->fin_rx.valid ? t->fin_rx.epoch : 1;
    t->pending.valid = 0;
    accept_rec(t, &t->fin_rx);
}

/*
 * After a renegotiation the device reads the new epoch (the one of the
 * renegotiation's Finished): a fresh replay window, starting with that Finished.
 */
static void watch_restart(struct track *t)
{
    t->acc_any = 0;
    t->acc_top = 0;
    t->acc_mask = 0;
    watch_start(t);
}

/*
 * ---- pacing (--pace) ------------------------------------------------------
 * Two devices run side by side in two processes (two_devices).  To interleave
 * them the same way on every run, each device starts every flight it sends
 * (and its first trace) on its own time slot: --pace-start + --pace-offset +
 * k * --pace, k = 0, 1, 2...  With a different offset per device, the steps
 * of the two devices alternate, and each step is over (peer answered, trace
 * out) long before the other device's next slot.
 */
static int pace_ms, pace_offset_ms;
static int64_t pace_start_ms;
static int pace_slot;

static void pace_step(void)
{
    int64_t target;
    struct timespec ts;
    if (pace_ms <= 0)
        return;
    target = pace_start_ms + pace_offset_ms + (int64_t)pace_slot++ * pace_ms;
    ts.tv_sec = (time_t)(target / 1000);
    ts.tv_nsec = (long)(target % 1000) * 1000000L;
    while (clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &ts, NULL) == EINTR)
        ;
}

static void msg_cb(int write_p, int version, int content_type, const void *buf, size_t len,
                   SSL *ssl, void *arg)
{
    struct track *t = arg;
    const uint8_t *b = buf;
    (void)version;
    (void)ssl;
    if (content_type == SSL3_RT_HEADER && len >= DTLS1_RT_HEADER_LENGTH) {
        /* type u8 | version u16 | epoch u16 | sequence u48 | length u16 */
        struct rec r;
        r.valid = 1;
        r.type = b[0];
        r.epoch = nxtrace_get16(b + 3);
        r.seq = nxtrace_get48(b + 5);
        if (write_p) {
            /* called before the record is written: a new flight waits for its slot */
            if (!t->last_was_tx)
                pace_step();
            t->last_was_tx = 1;
            t->last_tx = r;
        } else {
            t->last_was_tx = 0;
            if (t->watch) {
                /* the previous record gave neither content nor data */
                if (t->pending.valid)
                    discard_rec(t, &t->pending);
                t->pending = r;
            }
            t->last_rx = r;
        }
        return;
    }
    if (!write_p && t->watch && t->pending.valid &&
        (content_type == SSL3_RT_HANDSHAKE || content_type == SSL3_RT_ALERT ||
         content_type == SSL3_RT_CHANGE_CIPHER_SPEC)) {
        accept_rec(t, &t->pending);
        t->pending.valid = 0;
    }
    if (content_type == SSL3_RT_HANDSHAKE && len >= 1) {
        /* called once the whole (reassembled) message was read or written */
        if (!write_p && b[0] == SSL3_MT_CERTIFICATE)
            t->cert_rx = t->last_rx;
        if (b[0] == SSL3_MT_FINISHED) {
            if (write_p)
                t->fin_tx = t->last_tx;
            else
                t->fin_rx = t->last_rx;
        }
    } else if (content_type == SSL3_RT_ALERT && len >= 2) {
        if (write_p) {
            t->alert_tx = t->last_tx;
            t->alert_tx_desc = b[1];
        } else {
            t->alert_rx = t->last_rx;
            t->alert_rx_level = b[0];
            t->alert_rx_desc = b[1];
        }
    }
}

/*
 * The device's X.509 check: OpenSSL decides, the callback only adds the time a
 * microcontroller takes to check a chain (--x509-delay).  It also lets the rest
 * of the peer's flight arrive before the device's alert, so the frame order of
 * a failing handshake does not depend on scheduling.
 */
static int x509_delay_ms;

static int verify_cb(int preverify_ok, X509_STORE_CTX *xs)
{
    if (X509_STORE_CTX_get_error_depth(xs) == 0 && x509_delay_ms > 0) {
        struct timespec ts = { x509_delay_ms / 1000, (long)(x509_delay_ms % 1000) * 1000000L };
        nanosleep(&ts, NULL);
    }
    return preverify_ok;
}

static void keylog_cb(const SSL *ssl, const char *line)
{
    struct track *t = SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl));
    if (t && t->keylog) {
        fprintf(t->keylog, "%s\n", line);
        fflush(t->keylog);
    }
}

/* ---- trace emitter ------------------------------------------------------ */
struct tracer {
    int fd;
    struct sockaddr_storage dst;
    uint32_t device_id, seq;
    int info_sent, quiet;
    const char *name, *firmware;
    /* faults of the trace path itself (lost_trace, trace_faults), by seq */
    uint32_t skip, dup, swap, delay_seq;
    int delay_ms;
    struct {
        int used;
        size_t len;
        uint8_t buf[1024];
        char line[1024];
    } held; /* datagram "swap", sent after the next one */
};

/* what the device knows about its session (for the SESSION block) */
struct session {
    enum role role;
    int established; /* addresses known */
    struct sockaddr_storage local, remote;
};

static void status_fill(struct nxtrace_status *st, const struct session *s, uint32_t status,
                        uint16_t api, const struct rec *r, int sent)
{
    memset(st, 0, sizeof(*st));
    st->status = status;
    st->api = api;
    st->role = (uint8_t)s->role;
    if (s->established) {
        st->has_session = 1;
        st->session.ip_version = s->local.ss_family == AF_INET6 ? 6 : 4;
        st->session.local_port = ss_port(&s->local);
        st->session.remote_port = ss_port(&s->remote);
        ss_raw(&s->local, st->session.local_addr);
        ss_raw(&s->remote, st->session.remote_addr);
    }
    if (r && r->valid) {
        st->has_record = 1;
        st->record_sent = (uint8_t)(sent != 0);
        st->record.epoch = r->epoch;
        st->record.sequence_number = r->seq;
    }
}

static const char *api_name(uint16_t api)
{
    switch (api) {
    case NXTRACE_API_DTLS_CLIENT_SESSION_START: return "nx_secure_dtls_client_session_start";
    case NXTRACE_API_DTLS_INITIALIZE: return "nx_secure_dtls_initialize";
    case NXTRACE_API_DTLS_SERVER_START: return "nx_secure_dtls_server_start";
    case NXTRACE_API_DTLS_SERVER_SESSION_START: return "nx_secure_dtls_server_session_start";
    case NXTRACE_API_DTLS_SERVER_SESSION_SEND: return "nx_secure_dtls_server_session_send";
    case NXTRACE_API_DTLS_SESSION_SEND: return "nx_secure_dtls_session_send";
    case NXTRACE_API_DTLS_SESSION_RECEIVE: return "nx_secure_dtls_session_receive";
    case NXTRACE_API_DTLS_SESSION_END: return "nx_secure_dtls_session_end";
    case NXTRACE_API_APPLICATION: return "application-defined";
    default: return "?";
    }
}

static void trace_send(struct tracer *tr, const uint8_t *buf, size_t len, const char *line,
                       const char *note)
{
    if (sendto(tr->fd, buf, len, 0, (const struct sockaddr *)&tr->dst, ss_len(&tr->dst)) != (ssize_t)len)
        fprintf(stderr, "nxsim: trace sendto: %s\n", strerror(errno));
    if (!tr->quiet) {
        printf("trace %s%s\n", line, note);
        fflush(stdout);
    }
}

/* send a datagram held back by --trace-swap (also at exit if nothing followed) */
static void trace_flush(struct tracer *tr)
{
    if (tr->held.used) {
        tr->held.used = 0;
        trace_send(tr, tr->held.buf, tr->held.len, tr->held.line, " (sent late: swapped)");
    }
}

/*
 * One datagram: DEVICE_INFO (first datagram only), the STATUS event (if st),
 * one LOG event (if fmt).  A line describing it goes to stdout, in the order
 * the datagrams leave ("trace seq=..."; a skipped one is "trace-fault ...").
 */
static void emit(struct tracer *tr, const struct nxtrace_status *st, int level, const char *fmt, ...)
{
    uint8_t buf[1024];
    char text[512] = "", line[1024];
    struct nxtrace_writer w;
    size_t len;
    int rc, n;

    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(text, sizeof(text), fmt, ap);
        va_end(ap);
    }
    rc = nxtrace_begin(&w, buf, sizeof(buf), dclock.uptime ? 0 : NXTRACE_HDR_FLAG_TS_UTC, tr->device_id, tr->seq,
                       device_clock_us());
    if (rc == NXTRACE_OK && !tr->info_sent)
        rc = nxtrace_add_device_info(&w, tr->name, strlen(tr->name), tr->firmware, strlen(tr->firmware));
    if (rc == NXTRACE_OK && st)
        rc = nxtrace_add_status(&w, st);
    if (rc == NXTRACE_OK && fmt)
        rc = nxtrace_add_log(&w, (uint8_t)level, text, strlen(text));
    len = rc == NXTRACE_OK ? nxtrace_finish(&w) : 0;
    if (len == 0)
        die(EXIT_SETUP, "trace encoder failed (%d)", rc);

    n = snprintf(line, sizeof(line), "seq=%u", tr->seq);
    if (!tr->info_sent)
        n += snprintf(line + n, sizeof(line) - (size_t)n, " info=%s/%s", tr->name, tr->firmware);
    if (st) {
        n += snprintf(line + n, sizeof(line) - (size_t)n, " status=0x%X api=%u(%s)", st->status, st->api,
                      api_name(st->api));
        if (st->has_record)
            n += snprintf(line + n, sizeof(line) - (size_t)n, " record=%s:%u/%llu",
                          st->record_sent ? "tx" : "rx", st->record.epoch,
                          (unsigned long long)st->record.sequence_number);
    }
    if (fmt)
        snprintf(line + n, sizeof(line) - (size_t)n, " log=\"%s\"", text);

    if (tr->delay_seq != 0 && tr->seq == tr->delay_seq && tr->delay_ms > 0) {
        /* held in the device's queue: its timestamp is older than its departure */
        usleep((useconds_t)tr->delay_ms * 1000u);
    }
    /* 0 names no datagram: after a reboot (--reboot-datagrams) seq 0 is real */
    if (tr->skip != 0 && tr->seq == tr->skip) {
        /* lost on the way: the device counted it, nothing leaves */
        if (!tr->quiet) {
            printf("trace-fault not sent: %s\n", line);
            fflush(stdout);
        }
    } else if (tr->swap != 0 && tr->seq == tr->swap && !tr->held.used) {
        tr->held.used = 1;
        tr->held.len = len;
        memcpy(tr->held.buf, buf, len);
        snprintf(tr->held.line, sizeof(tr->held.line), "%s", line);
    } else {
        trace_send(tr, buf, len, line, "");
        if (tr->dup != 0 && tr->seq == tr->dup)
            trace_send(tr, buf, len, line, " (sent twice: duplicate)");
        trace_flush(tr);
    }
    tr->info_sent = 1;
    tr->seq++;
}

static void emit_status(struct tracer *tr, const struct session *s, uint32_t status, uint16_t api,
                        const struct rec *r, int sent, int level, const char *fmt, ...)
{
    struct nxtrace_status st;
    char text[512];
    status_fill(&st, s, status, api, r, sent);
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(text, sizeof(text), fmt, ap);
        va_end(ap);
        emit(tr, &st, level, "%s", text);
    } else {
        emit(tr, &st, 0, NULL);
    }
}

/* ---- driving non-blocking OpenSSL calls with a deadline ----------------- */
enum io_result { IO_DONE, IO_CLOSED, IO_FAILED, IO_TIMEOUT, IO_DISCARDED };

static int last_syscall_errno; /* errno of the last SSL_ERROR_SYSCALL */

/* why the last OpenSSL call failed, for LOG text */
static const char *ssl_reason(void)
{
    const char *r = ERR_reason_error_string(ERR_peek_last_error());
    if (r)
        return r;
    return last_syscall_errno ? strerror(last_syscall_errno) : "unknown error";
}

struct io_op {
    enum { OP_HANDSHAKE, OP_READ, OP_WRITE } kind;
    void *buf;
    int len;
    int n; /* bytes read/written */
    struct track *watch; /* OP_READ: stop with IO_DISCARDED when a record was dropped */
};

/*
 * The device's DTLS retransmission timer.  With --dtls-timer (or the
 * scenario's value) it starts at that value and doubles, as OpenSSL's own
 * 1 s timer does; the LOG line "retransmitting flight" names it.
 */
static unsigned int dtls_timer_initial_us, dtls_timer_us;

static unsigned int timer_cb(SSL *ssl, unsigned int prev_us)
{
    (void)ssl;
    if (prev_us == 0)
        dtls_timer_us = dtls_timer_initial_us;
    else
        dtls_timer_us = prev_us >= 30000000u ? 60000000u : prev_us * 2;
    return dtls_timer_us;
}

/* called by drive() just before the device retransmits its last flight */
static void (*on_retransmit)(unsigned int timer_ms);

static enum io_result drive(SSL *ssl, int fd, int timeout_ms, struct io_op *op)
{
    int64_t deadline = now_ms() + timeout_ms;
    for (;;) {
        int r, e;
        ERR_clear_error();
        switch (op->kind) {
        case OP_HANDSHAKE: r = SSL_do_handshake(ssl); break;
        case OP_READ: r = SSL_read(ssl, op->buf, op->len); break;
        default: r = SSL_write(ssl, op->buf, op->len); break;
        }
        if (r > 0) {
            op->n = r;
            if (op->watch && op->watch->pending.valid) {
                /* the data came from the last record header seen */
                accept_rec(op->watch, &op->watch->pending);
                op->watch->pending.valid = 0;
            }
            return IO_DONE;
        }
        e = SSL_get_error(ssl, r);
        if (e == SSL_ERROR_SYSCALL)
            last_syscall_errno = errno;
        if (e == SSL_ERROR_ZERO_RETURN)
            return IO_CLOSED;
        if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
            struct pollfd p;
            struct timeval tv;
            int64_t left;
            int wait;
            if (op->watch) {
                /* SSL_read wants more although a record came: it was dropped */
                if (op->watch->pending.valid) {
                    discard_rec(op->watch, &op->watch->pending);
                    op->watch->pending.valid = 0;
                }
                if (op->watch->n_discarded)
                    return IO_DISCARDED;
            }
            left = deadline - now_ms();
            if (left <= 0)
                return IO_TIMEOUT;
            wait = (int)left;
            if (DTLSv1_get_timeout(ssl, &tv)) {
                int64_t t = (int64_t)tv.tv_sec * 1000 + (tv.tv_usec + 999) / 1000;
                if (t < wait)
                    wait = (int)t;
            }
            p.fd = fd;
            p.events = e == SSL_ERROR_WANT_WRITE ? POLLOUT : POLLIN;
            p.revents = 0;
            if (poll(&p, 1, wait) == 0) {
                /* retransmit if the DTLS timer ran out */
                if (DTLSv1_get_timeout(ssl, &tv) && tv.tv_sec == 0 && tv.tv_usec == 0 && on_retransmit)
                    on_retransmit(dtls_timer_us / 1000);
                DTLSv1_handle_timeout(ssl);
            }
            continue;
        }
        return IO_FAILED;
    }
}

/* ---- status mapping ----------------------------------------------------- */
static uint32_t map_verify_error(long v)
{
    switch (v) {
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
        return NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND;
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
        return NX_SECURE_TLS_INVALID_SELF_SIGNED_CERT;
    case X509_V_ERR_CERT_HAS_EXPIRED:
        return NX_SECURE_X509_CERTIFICATE_EXPIRED;
    case X509_V_ERR_CERT_NOT_YET_VALID:
        return NX_SECURE_X509_CERTIFICATE_NOT_YET_VALID;
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
        return NX_SECURE_TLS_CERTIFICATE_SIG_CHECK_FAILED;
    default:
        return NX_SECURE_TLS_CERTIFICATE_VERIFY_FAILURE;
    }
}

/*
 * Status and record for a failed handshake: certificate verification failure
 * (record: the Certificate the device received), fatal alert from the peer
 * (record: that alert), timeout, anything else.
 */
static uint32_t handshake_failure(SSL *ssl, const struct track *t, enum io_result res,
                                  const struct rec **r, char *why, size_t n)
{
    long v = SSL_get_verify_result(ssl);
    *r = NULL;
    if (res == IO_TIMEOUT) {
        snprintf(why, n, "handshake timed out");
        return NX_NO_PACKET;
    }
    if (v != X509_V_OK && t->cert_rx.valid) {
        *r = &t->cert_rx;
        if (t->alert_tx.valid)
            snprintf(why, n, "certificate verify failed: %s; sent fatal alert %s",
                     X509_verify_cert_error_string(v), SSL_alert_desc_string_long(t->alert_tx_desc));
        else
            snprintf(why, n, "certificate verify failed: %s", X509_verify_cert_error_string(v));
        return map_verify_error(v);
    }
    if (t->alert_rx.valid) {
        *r = &t->alert_rx;
        snprintf(why, n, "received %s alert %s", t->alert_rx_level == 2 ? "fatal" : "warning",
                 SSL_alert_desc_string_long(t->alert_rx_desc));
        return NX_SECURE_TLS_ALERT_RECEIVED;
    }
    snprintf(why, n, "handshake failed: %s", ssl_reason());
    return NX_SECURE_TLS_HANDSHAKE_FAILURE;
}

/* ---- DTLS server cookie (HelloVerifyRequest), as NetX servers send one --- */
static unsigned char cookie_secret[32];

static int cookie_make(SSL *ssl, unsigned char *out, unsigned int *outlen)
{
    unsigned char data[18], mac[EVP_MAX_MD_SIZE];
    size_t alen = 0, mlen = 0;
    BIO_ADDR *peer = BIO_ADDR_new();
    if (!peer || BIO_dgram_get_peer(SSL_get_rbio(ssl), peer) <= 0) {
        BIO_ADDR_free(peer);
        return 0;
    }
    memset(data, 0, sizeof(data));
    BIO_ADDR_rawaddress(peer, data, &alen);
    if (alen > 16)
        alen = 16;
    nxtrace_put16(data + 16, ntohs(BIO_ADDR_rawport(peer)));
    BIO_ADDR_free(peer);
    if (!EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, cookie_secret, sizeof(cookie_secret),
                   data, sizeof(data), mac, sizeof(mac), &mlen))
        return 0;
    if (mlen > 16)
        mlen = 16; /* a short cookie is plenty on loopback */
    memcpy(out, mac, mlen);
    *outlen = (unsigned int)mlen;
    return 1;
}

static int cookie_check(SSL *ssl, const unsigned char *cookie, unsigned int len)
{
    unsigned char want[EVP_MAX_MD_SIZE];
    unsigned int wlen = 0;
    return cookie_make(ssl, want, &wlen) && wlen == len && CRYPTO_memcmp(want, cookie, len) == 0;
}

/* ---- the device --------------------------------------------------------- */
struct device {
    const struct config *cfg;
    struct tracer tr;
    struct track t;
    struct session s;
    SSL_CTX *ctx;
    SSL *ssl;
    int fd;
    int peer_closed;
};

static SSL_CTX *make_ctx(const struct config *cfg, struct track *t)
{
    SSL_CTX *ctx = SSL_CTX_new(cfg->sc->role == ROLE_CLIENT ? DTLS_client_method() : DTLS_server_method());
    if (!ctx)
        die(EXIT_SETUP, "SSL_CTX_new failed");
    SSL_CTX_set_min_proto_version(ctx, DTLS1_2_VERSION);
    SSL_CTX_set_max_proto_version(ctx, DTLS1_2_VERSION);
    if (cfg->ciphers && !SSL_CTX_set_cipher_list(ctx, cfg->ciphers))
        die(EXIT_SETUP, "bad cipher list '%s'", cfg->ciphers);
    if (cfg->cert && SSL_CTX_use_certificate_chain_file(ctx, cfg->cert) != 1)
        die(EXIT_SETUP, "cannot load certificate %s", cfg->cert);
    if (cfg->key && SSL_CTX_use_PrivateKey_file(ctx, cfg->key, SSL_FILETYPE_PEM) != 1)
        die(EXIT_SETUP, "cannot load key %s", cfg->key);
    if (cfg->ca) {
        if (SSL_CTX_load_verify_locations(ctx, cfg->ca, NULL) != 1)
            die(EXIT_SETUP, "cannot load CA %s", cfg->ca);
        /* client: verify the server; server: ask for a client certificate only
           with --verify-client (a NetX DTLS server does not by default) */
        if (cfg->sc->role == ROLE_CLIENT || cfg->verify_client)
            SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, verify_cb);
    } else if (cfg->sc->role == ROLE_CLIENT) {
        die(EXIT_SETUP, "client scenarios need --ca (the device's trusted certificate)");
    }
    if (cfg->sc->role == ROLE_SERVER) {
        if (!cfg->cert || !cfg->key)
            die(EXIT_SETUP, "server scenarios need --cert and --key");
        SSL_CTX_set_cookie_generate_cb(ctx, cookie_make);
        SSL_CTX_set_cookie_verify_cb(ctx, cookie_check);
        SSL_CTX_set_options(ctx, SSL_OP_COOKIE_EXCHANGE);
    }
    SSL_CTX_set_msg_callback(ctx, msg_cb);
    SSL_CTX_set_msg_callback_arg(ctx, t);
    SSL_CTX_set_app_data(ctx, t);
    if (t->keylog)
        SSL_CTX_set_keylog_callback(ctx, keylog_cb);
    return ctx;
}

static SSL *make_ssl(struct device *d)
{
    SSL *ssl = SSL_new(d->ctx);
    BIO *bio = BIO_new_dgram(d->fd, BIO_NOCLOSE);
    if (!ssl || !bio)
        die(EXIT_SETUP, "SSL_new failed");
    SSL_set_bio(ssl, bio, bio);
    /* an embedded device has a fixed link MTU; do not ask the loopback (64k) */
    SSL_set_options(ssl, SSL_OP_NO_QUERY_MTU);
    DTLS_set_link_mtu(ssl, d->cfg->mtu);
    if (d->cfg->dtls_timer_ms > 0) {
        dtls_timer_initial_us = (unsigned int)d->cfg->dtls_timer_ms * 1000u;
        DTLS_set_timer_cb(ssl, timer_cb);
    }
    return ssl;
}

static void connect_bio(struct device *d, const struct sockaddr_storage *peer)
{
    BIO_ADDR *a = BIO_ADDR_new();
    if (connect(d->fd, (const struct sockaddr *)peer, ss_len(peer)) < 0)
        die(EXIT_SETUP, "connect: %s", strerror(errno));
    if (peer->ss_family == AF_INET6)
        BIO_ADDR_rawmake(a, AF_INET6, &((const struct sockaddr_in6 *)peer)->sin6_addr, 16,
                         ((const struct sockaddr_in6 *)peer)->sin6_port);
    else
        BIO_ADDR_rawmake(a, AF_INET, &((const struct sockaddr_in *)peer)->sin_addr, 4,
                         ((const struct sockaddr_in *)peer)->sin_port);
    BIO_ctrl(SSL_get_rbio(d->ssl), BIO_CTRL_DGRAM_SET_CONNECTED, 0, a);
    BIO_ADDR_free(a);
}

static void log_handshake_done(struct device *d, uint16_t api, const struct rec *r, int sent)
{
    emit_status(&d->tr, &d->s, NX_SUCCESS, api, r, sent, NXTRACE_LOG_INFO, "handshake complete: %s %s",
                SSL_get_version(d->ssl), SSL_get_cipher_name(d->ssl));
    release_peer();
}

/* returns the NetX status of nx_secure_dtls_client_session_start */
static uint32_t client_start(struct device *d)
{
    char a[64], b[64], why[256];
    struct io_op op = { OP_HANDSHAKE, NULL, 0, 0, NULL };
    enum io_result res;

    d->fd = udp_socket_bound(&d->cfg->device);
    if (d->fd < 0)
        die(EXIT_SETUP, "cannot bind DTLS socket to %s: %s", ss_str(&d->cfg->device, a, sizeof(a)),
            strerror(errno));
    set_nonblock(d->fd);
    d->ssl = make_ssl(d);
    connect_bio(d, &d->cfg->peer);
    SSL_set_connect_state(d->ssl);
    d->s.local = d->cfg->device;
    d->s.remote = d->cfg->peer;
    d->s.established = 1;

    pace_step(); /* with --pace, even the first trace waits for its slot */
    emit(&d->tr, NULL, NXTRACE_LOG_INFO, "handshake start: dtls client %s -> %s",
         ss_str(&d->s.local, a, sizeof(a)), ss_str(&d->s.remote, b, sizeof(b)));
    res = drive(d->ssl, d->fd, d->cfg->timeout_ms, &op);
    if (res == IO_DONE) {
        /* the handshake ends with the server's Finished, received by the device */
        log_handshake_done(d, NXTRACE_API_DTLS_CLIENT_SESSION_START, &d->t.fin_rx, 0);
        return NX_SUCCESS;
    } else {
        const struct rec *r;
        uint32_t st = handshake_failure(d->ssl, &d->t, res, &r, why, sizeof(why));
        emit_status(&d->tr, &d->s, st, NXTRACE_API_DTLS_CLIENT_SESSION_START, r, 0, NXTRACE_LOG_ERR,
                    "%s", why);
        return st;
    }
}

/* nx_secure_dtls_server_start, then one nx_secure_dtls_server_session_start */
static uint32_t server_start(struct device *d)
{
    char a[64], b[64], why[256];
    struct io_op op = { OP_HANDSHAKE, NULL, 0, 0, NULL };
    struct sockaddr_storage peer;
    BIO_ADDR *client;
    enum io_result res;
    int64_t deadline;
    int r = 0;
    size_t alen = 0;

    if (RAND_bytes(cookie_secret, sizeof(cookie_secret)) != 1)
        die(EXIT_SETUP, "RAND_bytes failed");
    d->fd = udp_socket_bound(&d->cfg->device);
    if (d->fd < 0)
        die(EXIT_SETUP, "cannot bind DTLS socket to %s: %s", ss_str(&d->cfg->device, a, sizeof(a)),
            strerror(errno));
    set_nonblock(d->fd);
    d->ssl = make_ssl(d);
    d->s.local = d->cfg->device;

    emit_status(&d->tr, &d->s, NX_SUCCESS, NXTRACE_API_DTLS_SERVER_START, NULL, 0, NXTRACE_LOG_INFO,
                "dtls server listening on %s", ss_str(&d->s.local, a, sizeof(a)));

    /* ClientHello -> HelloVerifyRequest -> ClientHello with cookie */
    client = BIO_ADDR_new();
    deadline = now_ms() + d->cfg->timeout_ms;
    while (now_ms() < deadline) {
        struct pollfd p = { d->fd, POLLIN, 0 };
        ERR_clear_error();
        r = DTLSv1_listen(d->ssl, client);
        if (r != 0)
            break;
        poll(&p, 1, (int)(deadline - now_ms() > 0 ? deadline - now_ms() : 0));
    }
    if (r <= 0) {
        BIO_ADDR_free(client);
        emit_status(&d->tr, &d->s, NX_NO_PACKET, NXTRACE_API_DTLS_SERVER_SESSION_START, NULL, 0,
                    NXTRACE_LOG_ERR, r < 0 ? "DTLSv1_listen failed" : "no client within %d ms",
                    d->cfg->timeout_ms);
        return NX_NO_PACKET;
    }
    memset(&peer, 0, sizeof(peer));
    peer.ss_family = (sa_family_t)BIO_ADDR_family(client);
    if (peer.ss_family == AF_INET6) {
        struct sockaddr_in6 *p6 = (struct sockaddr_in6 *)&peer;
        BIO_ADDR_rawaddress(client, &p6->sin6_addr, &alen);
        p6->sin6_port = BIO_ADDR_rawport(client);
    } else {
        struct sockaddr_in *p4 = (struct sockaddr_in *)&peer;
        BIO_ADDR_rawaddress(client, &p4->sin_addr, &alen);
        p4->sin_port = BIO_ADDR_rawport(client);
    }
    BIO_ADDR_free(client);
    connect_bio(d, &peer);
    d->s.remote = peer;
    d->s.established = 1;
    if (!d->cfg->quiet)
        printf("client %s\n", ss_str(&peer, b, sizeof(b)));

    res = drive(d->ssl, d->fd, d->cfg->timeout_ms, &op);
    if (res == IO_DONE) {
        /* the server's handshake ends when it has sent its Finished */
        log_handshake_done(d, NXTRACE_API_DTLS_SERVER_SESSION_START, &d->t.fin_tx, 1);
        return NX_SUCCESS;
    } else {
        const struct rec *rr;
        uint32_t st = handshake_failure(d->ssl, &d->t, res, &rr, why, sizeof(why));
        emit_status(&d->tr, &d->s, st, NXTRACE_API_DTLS_SERVER_SESSION_START, rr, 0, NXTRACE_LOG_ERR,
                    "%s", why);
        release_peer();
        return st;
    }
}

static uint16_t send_api(const struct device *d)
{
    return d->s.role == ROLE_SERVER ? NXTRACE_API_DTLS_SERVER_SESSION_SEND : NXTRACE_API_DTLS_SESSION_SEND;
}

/* application data out (a LOG line with it if note); returns 0 on success */
static int dev_send(struct device *d, const char *text, const char *note)
{
    struct io_op op = { OP_WRITE, (void *)text, (int)strlen(text), 0, NULL };
    enum io_result res;
    hold_peer();
    res = drive(d->ssl, d->fd, d->cfg->timeout_ms, &op);
    if (res == IO_DONE && d->t.last_tx.valid && d->t.last_tx.type == SSL3_RT_APPLICATION_DATA) {
        if (note)
            emit_status(&d->tr, &d->s, NX_SUCCESS, send_api(d), &d->t.last_tx, 1, NXTRACE_LOG_NOTICE,
                        "%s", note);
        else
            emit_status(&d->tr, &d->s, NX_SUCCESS, send_api(d), &d->t.last_tx, 1, 0, NULL);
        release_peer();
        return 0;
    }
    release_peer();
    emit_status(&d->tr, &d->s, NX_NOT_SUCCESSFUL, send_api(d), NULL, 0, NXTRACE_LOG_ERR,
                "send failed: %s", ssl_reason());
    return -1;
}

/*
 * A received record the DTLS layer dropped: nx_secure_dtls_session_receive
 * returns the reason, naming the record as it came (epoch/seq on the wire).
 */
static void report_discards(struct device *d)
{
    struct track *t = &d->t;
    const uint16_t api = NXTRACE_API_DTLS_SESSION_RECEIVE;
    int i;
    for (i = 0; i < t->n_discarded; i++) {
        const struct rec *r = &t->discarded[i];
        const SSL_CIPHER *c = SSL_get_current_cipher(d->ssl);
        switch (t->why[i]) {
        case DISCARD_EPOCH:
            emit_status(&d->tr, &d->s, NX_SECURE_TLS_INVALID_EPOCH, api, r, 0, NXTRACE_LOG_WARNING,
                        "record discarded: epoch %u, current epoch %u", r->epoch, t->rx_epoch);
            break;
        case DISCARD_REPEAT:
            emit_status(&d->tr, &d->s, NX_SECURE_TLS_REPEAT_MESSAGE_RECEIVED, api, r, 0,
                        NXTRACE_LOG_WARNING, "record discarded: sequence number %llu already received",
                        (unsigned long long)r->seq);
            break;
        default:
            if (c && SSL_CIPHER_is_aead(c))
                emit_status(&d->tr, &d->s, NX_SECURE_TLS_AEAD_DECRYPT_FAIL, api, r, 0, NXTRACE_LOG_ERR,
                            "record discarded: %s authentication failed", SSL_CIPHER_get_name(c));
            else
                emit_status(&d->tr, &d->s, NX_SECURE_TLS_HASH_MAC_VERIFY_FAILURE, api, r, 0,
                            NXTRACE_LOG_ERR, "record discarded: MAC check failed (%s)",
                            c ? SSL_CIPHER_get_name(c) : "?");
            break;
        }
    }
}

/*
 * One nx_secure_dtls_session_receive.  Returns bytes (>0), RX_CLOSED when the
 * peer sent close_notify, RX_LOST when a record was discarded that was new
 * (failed authentication or wrong epoch: whatever it carried is lost),
 * RX_REPEAT when only repeats were discarded, RX_ERROR on error or timeout.
 */
enum { RX_CLOSED = 0, RX_ERROR = -1, RX_LOST = -2, RX_REPEAT = -3 };

static int dev_receive(struct device *d, char *buf, int cap)
{
    struct io_op op = { OP_READ, buf, cap - 1, 0, &d->t };
    enum io_result res;
    const uint16_t api = NXTRACE_API_DTLS_SESSION_RECEIVE;
    int i, lost = 0;

    d->t.n_discarded = 0;
    res = drive(d->ssl, d->fd, d->cfg->timeout_ms, &op);
    report_discards(d);
    for (i = 0; i < d->t.n_discarded; i++)
        if (d->t.why[i] != DISCARD_REPEAT)
            lost = 1;
    d->t.n_discarded = 0;

    switch (res) {
    case IO_DONE:
        buf[op.n] = '\0';
        if (d->t.last_rx.valid && d->t.last_rx.type == SSL3_RT_APPLICATION_DATA)
            emit_status(&d->tr, &d->s, NX_SUCCESS, api, &d->t.last_rx, 0, 0, NULL);
        else
            emit_status(&d->tr, &d->s, NX_SUCCESS, api, NULL, 0, NXTRACE_LOG_WARNING,
                        "received data, record header not seen");
        return op.n;
    case IO_DISCARDED:
        return lost ? RX_LOST : RX_REPEAT;
    case IO_CLOSED:
        d->peer_closed = 1;
        emit_status(&d->tr, &d->s, NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED, api, &d->t.alert_rx, 0,
                    NXTRACE_LOG_NOTICE, "peer sent close_notify");
        return RX_CLOSED;
    case IO_TIMEOUT:
        emit_status(&d->tr, &d->s, NX_NO_PACKET, api, NULL, 0, NXTRACE_LOG_WARNING,
                    "no data within %d ms", d->cfg->timeout_ms);
        return RX_ERROR;
    default:
        if (d->t.alert_rx.valid)
            emit_status(&d->tr, &d->s, NX_SECURE_TLS_ALERT_RECEIVED, api, &d->t.alert_rx, 0, NXTRACE_LOG_ERR,
                        "received alert %s", SSL_alert_desc_string_long(d->t.alert_rx_desc));
        else
            emit_status(&d->tr, &d->s, NX_NOT_SUCCESSFUL, api, NULL, 0, NXTRACE_LOG_ERR,
                        "receive failed: %s", ssl_reason());
        return RX_ERROR;
    }
}

/* nx_secure_dtls_session_end: close_notify out */
static void dev_end(struct device *d)
{
    char buf[256];
    struct io_op op = { OP_READ, buf, sizeof(buf), 0, NULL };
    int r;

    d->t.alert_tx.valid = 0;
    d->t.watch = 0;
    ERR_clear_error();
    hold_peer();
    r = SSL_shutdown(d->ssl);
    if (r >= 0 && d->t.alert_tx.valid) {
        emit_status(&d->tr, &d->s, NX_SUCCESS, NXTRACE_API_DTLS_SESSION_END, &d->t.alert_tx, 1,
                    NXTRACE_LOG_INFO, "session end: close_notify sent");
        release_peer();
    } else {
        release_peer();
        emit_status(&d->tr, &d->s, NX_SUCCESS, NXTRACE_API_DTLS_SESSION_END, NULL, 0, NXTRACE_LOG_WARNING,
                    "session end: no close_notify sent");
        return;
    }
    /* keep the socket open briefly for the peer's close_notify (no trace) */
    if (!d->peer_closed && drive(d->ssl, d->fd, 300, &op) == IO_CLOSED && !d->cfg->quiet)
        printf("peer answered close_notify\n");
}

/*
 * Renegotiation, as the client (--renegotiate-after): SSL_renegotiate (a full
 * handshake, new session), driven to its end under the current keys.  NetX
 * has no public renegotiation service, so the step is reported with api
 * 0xFFFF (application-defined): status 0 naming the renegotiation's final
 * record, the server's Finished (the first record of the new epoch, received),
 * and a LOG "renegotiation complete".  The peer is not held: it is inside a
 * handshake (see hold_peer).  Returns 0 on success.
 */
static int dev_renegotiate(struct device *d)
{
    struct io_op op = { OP_HANDSHAKE, NULL, 0, 0, NULL };
    const uint16_t api = NXTRACE_API_APPLICATION;
    enum io_result res;
    char why[256];
    uint16_t old_epoch = d->t.rx_epoch;

    emit(&d->tr, NULL, NXTRACE_LOG_INFO, "renegotiation start: read epoch %u", old_epoch);
    d->t.watch = 0; /* handshake records: not application data */
    d->t.pending.valid = 0;
    d->t.fin_rx.valid = 0;
    d->t.fin_tx.valid = 0;
    d->t.alert_rx.valid = 0;
    d->t.alert_tx.valid = 0;
    d->t.cert_rx.valid = 0;
    ERR_clear_error();
    if (SSL_renegotiate(d->ssl) != 1) {
        emit_status(&d->tr, &d->s, NX_NOT_SUCCESSFUL, api, NULL, 0, NXTRACE_LOG_ERR,
                    "renegotiation refused locally: %s", ssl_reason());
        return -1;
    }
    res = drive(d->ssl, d->fd, d->cfg->timeout_ms, &op);
    if (res == IO_DONE && !SSL_renegotiate_pending(d->ssl) && d->t.fin_rx.valid &&
        d->t.fin_rx.epoch > old_epoch) {
        emit_status(&d->tr, &d->s, NX_SUCCESS, api, &d->t.fin_rx, 0, NXTRACE_LOG_INFO,
                    "renegotiation complete: %s %s, epoch %u", SSL_get_version(d->ssl),
                    SSL_get_cipher_name(d->ssl), d->t.fin_rx.epoch);
        watch_restart(&d->t);
        return 0;
    }
    if (res == IO_DONE) {
        emit_status(&d->tr, &d->s, NX_SECURE_TLS_HANDSHAKE_FAILURE, api, NULL, 0, NXTRACE_LOG_ERR,
                    "renegotiation did not take place (no new epoch)");
    } else {
        const struct rec *r;
        uint32_t st = handshake_failure(d->ssl, &d->t, res, &r, why, sizeof(why));
        emit_status(&d->tr, &d->s, st, api, r, 0, NXTRACE_LOG_ERR, "renegotiation failed: %s", why);
    }
    return -1;
}

static void strip_nl(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
}

/* the device's DTLS timer fired: it retransmits its last flight (LOG only) */
static struct device *the_device;

static void log_retransmit(unsigned int timer_ms)
{
    struct device *d = the_device;
    d->t.retransmits++;
    if (timer_ms)
        emit(&d->tr, NULL, NXTRACE_LOG_WARNING, "retransmitting flight: no answer within %u ms", timer_ms);
    else
        emit(&d->tr, NULL, NXTRACE_LOG_WARNING, "retransmitting flight: DTLS timer expired");
}

/* did the run meet what the scenario expects (discards, retransmissions)? */
static int expectation_met(const struct device *d)
{
    const struct track *t = &d->t;
    int mac = t->counts[DISCARD_MAC], rep = t->counts[DISCARD_REPEAT], ep = t->counts[DISCARD_EPOCH];
    switch (d->cfg->sc->expect) {
    case EXPECT_MAC_FAIL: return mac > 0 && !rep && !ep && !t->retransmits;
    case EXPECT_REPEAT: return rep > 0 && !mac && !ep && !t->retransmits;
    case EXPECT_EPOCH: return ep > 0 && !mac && !rep && !t->retransmits;
    case EXPECT_RETRANSMIT: return t->retransmits > 0 && !mac && !rep && !ep;
    default: return !mac && !rep && !ep && !t->retransmits;
    }
}

/*
 * --reboot-datagrams N: after the session the device restarts: its trace
 * counter starts again at 0, an uptime clock at 0 (a UTC clock goes on), it
 * announces itself again (DEVICE_INFO) and sends N datagrams, 1 s apart: a
 * boot LOG and nx_secure_dtls_initialize's NX_SUCCESS, then keep-alives.
 */
static void reboot(struct tracer *tr, int n)
{
    struct session none;
    struct nxtrace_status st;
    int i;

    memset(&none, 0, sizeof none);
    none.role = ROLE_CLIENT; /* what the restarted device will be again */
    trace_flush(tr);
    usleep(500000);
    tr->seq = 0;
    tr->info_sent = 0;
    if (dclock.uptime)
        device_clock_set(150000); /* 150 ms after power-on */
    for (i = 0; i < n; i++) {
        if (i == 0) {
            emit(tr, NULL, NXTRACE_LOG_NOTICE, "boot: restarted, firmware %s", tr->firmware);
        } else if (i == 1) {
            status_fill(&st, &none, NX_SUCCESS, NXTRACE_API_DTLS_INITIALIZE, NULL, 0);
            emit(tr, &st, NXTRACE_LOG_INFO, NULL);
        } else {
            emit(tr, NULL, NXTRACE_LOG_DEBUG, "alive");
        }
        if (i + 1 < n)
            usleep(1000000);
    }
}

static int run(const struct config *cfg)
{
    struct device d;
    char buf[2048], out[2200], note[128];
    uint32_t st;
    int i, n = 0, ok = 1, again;

    memset(&d, 0, sizeof(d));
    d.cfg = cfg;
    d.fd = -1;
    d.s.role = cfg->sc->role;
    the_device = &d;
    on_retransmit = log_retransmit;
    if (cfg->keylog) {
        d.t.keylog = fopen(cfg->keylog, "a");
        if (!d.t.keylog)
            die(EXIT_SETUP, "cannot open %s: %s", cfg->keylog, strerror(errno));
    }

    /* the trace socket sends from the device's own address */
    {
        struct sockaddr_storage ta = cfg->device;
        if (ta.ss_family == AF_INET6)
            ((struct sockaddr_in6 *)&ta)->sin6_port = htons(cfg->trace_port);
        else
            ((struct sockaddr_in *)&ta)->sin_port = htons(cfg->trace_port);
        d.tr.fd = udp_socket_bound(&ta);
        if (d.tr.fd < 0)
            die(EXIT_SETUP, "cannot bind trace socket: %s", strerror(errno));
        d.tr.dst = cfg->collector;
        d.tr.device_id = cfg->device_id;
        d.tr.seq = 1;
        d.tr.name = cfg->name;
        d.tr.firmware = cfg->firmware;
        d.tr.quiet = cfg->quiet;
        d.tr.skip = cfg->trace_skip;
        d.tr.dup = cfg->trace_dup;
        d.tr.swap = cfg->trace_swap;
        d.tr.delay_seq = cfg->trace_delay_seq;
        d.tr.delay_ms = cfg->trace_delay_ms;
    }

    d.ctx = make_ctx(cfg, &d.t);
    st = cfg->sc->role == ROLE_CLIENT ? client_start(&d) : server_start(&d);
    if (st != cfg->sc->expect_start)
        ok = 0;
    if (st != NX_SUCCESS)
        goto out;
    watch_start(&d.t);

    if (cfg->sc->role == ROLE_CLIENT) {
        /*
         * The device reports readings, the peer acknowledges each.  A receive
         * that discarded a new record (bad MAC, wrong epoch) lost the reply:
         * the device sends the reading again.  A discarded repeat is an old
         * record: the device keeps waiting for the reply.
         */
        for (i = 1; i <= cfg->exchanges; i++) {
            int resends = 0;
            snprintf(out, sizeof(out), "reading %d temp=%.1fC\n", i, 21.0 + 0.5 * i);
            if (dev_send(&d, out, NULL) < 0) {
                ok = 0;
                break;
            }
            for (again = 0; again < 8; again++) {
                n = dev_receive(&d, buf, sizeof(buf));
                if (n == RX_LOST && resends < 2) {
                    resends++;
                    snprintf(note, sizeof(note), "reply to reading %d discarded: sending it again", i);
                    if (dev_send(&d, out, note) < 0)
                        break;
                    continue;
                }
                if (n != RX_REPEAT && n != RX_LOST)
                    break;
            }
            if (n < 0) {
                ok = 0;
                break;
            }
            if (n == RX_CLOSED)
                break;
            if (i == cfg->renegotiate_after && i < cfg->exchanges && dev_renegotiate(&d) < 0) {
                ok = 0;
                break;
            }
        }
        while (ok && cfg->sc->closer == CLOSE_BY_PEER && !d.peer_closed) {
            n = dev_receive(&d, buf, sizeof(buf));
            if (n == RX_ERROR) {
                ok = 0;
                break;
            }
        }
    } else {
        /* the peer asks, the device answers each request */
        for (i = 0, again = 0; i < 64 && again < 8 && !d.peer_closed; i++) {
            if (cfg->sc->closer == CLOSE_BY_DEVICE && i == cfg->exchanges)
                break;
            n = dev_receive(&d, buf, sizeof(buf));
            if (n == RX_REPEAT || n == RX_LOST) {
                again++; /* nothing to answer: receive again */
                i--;
                continue;
            }
            if (n < 0) {
                ok = 0;
                break;
            }
            if (n == 0)
                break;
            strip_nl(buf);
            snprintf(out, sizeof(out), "ok %s\n", buf);
            if (dev_send(&d, out, NULL) < 0) {
                ok = 0;
                break;
            }
        }
    }
    if ((cfg->sc->closer == CLOSE_BY_PEER) != (d.peer_closed != 0))
        ok = 0;
    if (!SSL_get_shutdown(d.ssl) || d.peer_closed)
        dev_end(&d);
    if (cfg->reboot_datagrams > 0)
        reboot(&d.tr, cfg->reboot_datagrams);

out:
    trace_flush(&d.tr);
    if (!expectation_met(&d))
        ok = 0;
    if (d.ssl)
        SSL_free(d.ssl);
    SSL_CTX_free(d.ctx);
    if (d.fd >= 0)
        close(d.fd);
    close(d.tr.fd);
    if (d.t.keylog)
        fclose(d.t.keylog);
    if (!cfg->quiet)
        printf("result %s: start status 0x%X (expected 0x%X), discarded %d mac / %d repeat / %d epoch,"
               " %d retransmission(s), %s\n", cfg->sc->name, st, cfg->sc->expect_start,
               d.t.counts[DISCARD_MAC], d.t.counts[DISCARD_REPEAT], d.t.counts[DISCARD_EPOCH],
               d.t.retransmits, ok ? "as expected" : "UNEXPECTED");
    return ok ? EXIT_OK : EXIT_UNEXPECTED;
}

/* ---- command line ------------------------------------------------------- */
static void usage(FILE *f)
{
    size_t i;
    fprintf(f,
"usage: nxsim SCENARIO [options]\n"
"       nxsim --list | --help\n"
"\n"
"Plays a NetX Secure DTLS device against a real OpenSSL DTLS 1.2 peer and sends,\n"
"after each step, the NetX status of that step as an NXTR trace datagram.\n"
"\n"
"Scenarios (the device's role and who closes; the peer decides success):\n");
    for (i = 0; i < N_SCENARIOS; i++)
        fprintf(f, "  %-20s %s\n", scenarios[i].name, scenarios[i].summary);
    fprintf(f,
"\n"
"Options:\n"
"  --device ADDR:PORT     device DTLS address (default 127.0.0.10:50010);\n"
"                         the client binds it, the server listens on it\n"
"  --peer ADDR:PORT       DTLS server to connect to (client scenarios, required)\n"
"  --collector ADDR:PORT  where traces go (default 127.0.0.1:47474)\n"
"  --trace-port PORT      source port of the trace socket, bound to the device\n"
"                         address (default 0: ephemeral)\n"
"  --device-id N          trace device_id (default 7; 0x.. accepted)\n"
"  --name NAME            DEVICE_INFO name (default sensor-07)\n"
"  --firmware FW          DEVICE_INFO firmware (default 6.4.2-sim)\n"
"  --ca FILE              trusted CA certificate(s) (PEM); required as client\n"
"  --cert FILE --key FILE device certificate chain and key (PEM); required as server\n"
"  --verify-client        server: send CertificateRequest, verify against --ca\n"
"  --x509-delay MS        time the device spends checking the peer's leaf\n"
"                         certificate (default 30; lets the peer's flight finish)\n"
"  --ciphers LIST         OpenSSL cipher list (default: NetX-like AES-128 suites)\n"
"  --exchanges N          application round trips (default 3); as server with the\n"
"                         device closing, the number of replies before close\n"
"  --timeout MS           bound on every wait (default 3000)\n"
"  --mtu N                DTLS link MTU of the device (default 1500)\n"
"  --keylog FILE          append TLS secrets (NSS key log format)\n"
"  --hold-pid PID         stop (SIGSTOP) the peer process PID while the device\n"
"                         sends data or close_notify, continue it (SIGCONT) when\n"
"                         the step's trace is out: reproducible frame order;\n"
"                         repeatable (peer and relay)\n"
"  --hold-pid-file FILE   the same, PID read from FILE when first needed (for a\n"
"                         peer started after the device, e.g. s_client)\n"
"  --dtls-timer MS        initial DTLS retransmission timer, doubled on each\n"
"                         retransmission (default: the scenario's, else OpenSSL's\n"
"                         1 s); every retransmission sends a LOG \"retransmitting\n"
"                         flight\"\n"
"  --pace MS              start the first trace and every flight the device sends\n"
"                         on a time slot: T + OFFSET + k * MS (two_devices)\n"
"  --pace-start T         T: CLOCK_REALTIME in ms since 1970 (default: now)\n"
"  --pace-offset OFFSET   ms (default 0)\n"
"  --trace-skip N         never send trace datagram seq N (counted all the same)\n"
"  --trace-dup N          send trace datagram seq N twice\n"
"  --trace-swap N         send trace datagram seq N after seq N+1\n"
"                         (the three default to the scenario's; 0 = none)\n"
"  --renegotiate-after N  client: renegotiate (SSL_renegotiate, full handshake)\n"
"                         after exchange N, if more follow (default: the\n"
"                         scenario's; 0 = never); reported with api 0xFFFF\n"
"  --clock utc|uptime     trace timestamps: UTC (default) or microseconds since boot\n"
"  --clock-offset-ms MS   UTC clock: off by MS (device minus real time)\n"
"  --clock-drift-ppm PPM  the device clock runs PPM parts per million fast (< 0: slow)\n"
"  --uptime-ms MS         uptime clock: the uptime at the start (default 0)\n"
"  --trace-delay SEQ:MS   hold trace datagram SEQ for MS ms after stamping it\n"
"  --reboot-datagrams N   after the session, reboot: trace seq from 0, uptime from\n"
"                         0.15 s, DEVICE_INFO again, then N datagrams 1 s apart\n"
"  --quiet                no per-trace lines on stdout\n"
"\n"
"APIs reported: client_session_start (3), server_start (18), server_session_start\n"
"(17), session_send (32, client role), server_session_send (16, server role),\n"
"session_receive (30), session_end (27); a renegotiation with api 0xFFFF\n"
"(application-defined: NetX has no public renegotiation service).  Records:\n"
"start = the Finished that completed the handshake (or, on a certificate failure,\n"
"the record carrying the last fragment of the received Certificate, or the\n"
"received alert); renegotiation = the server's Finished that completed it (the\n"
"first record of the new epoch); send/receive =\n"
"the application-data record; close = the close_notify record.\n"
"\n"
"After the handshake every received record header is checked against what\n"
"SSL_read delivered: a record OpenSSL dropped is reported by session_receive\n"
"with its epoch/seq as on the wire: 0x11E (epoch other than the current one),\n"
"0x11F (sequence number already accepted), else 0x150 (AEAD cipher) or 0x108\n"
"(MAC cipher): it failed authentication.  A lost reply (0x11E, 0x150, 0x108)\n"
"makes the client device send its reading again.\n"
"\n"
"Exit: 0 outcome as the scenario expects, 1 usage, 2 unexpected outcome, 3 setup.\n");
}

static const char *need_arg(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) {
        fprintf(stderr, "nxsim: %s needs an argument\n", argv[*i]);
        exit(EXIT_USAGE);
    }
    return argv[++*i];
}

static long num_arg(const char *opt, const char *s, long min, long max)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(s, &end, 0);
    if (errno || *end || *s == '\0' || v < min || v > max) {
        fprintf(stderr, "nxsim: bad value for %s: %s\n", opt, s);
        exit(EXIT_USAGE);
    }
    return v;
}

int main(int argc, char **argv)
{
    struct config cfg;
    const char *dev = "127.0.0.10:50010", *peer = NULL, *coll = "127.0.0.1:47474";
    int i, trace_set = 0;
    long long uptime_ms = 0;
    size_t k;

    memset(&cfg, 0, sizeof(cfg));
    cfg.device_id = 7;
    cfg.name = "sensor-07";
    cfg.firmware = "6.4.2-sim";
    cfg.ciphers = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
                  "ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:AES128-GCM-SHA256:AES128-SHA256";
    cfg.exchanges = 3;
    cfg.timeout_ms = 3000;
    cfg.mtu = 1500;
    cfg.x509_delay_ms = 30;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--list")) {
            for (k = 0; k < N_SCENARIOS; k++)
                printf("%s\n", scenarios[k].name);
            return 0;
        } else if (!strcmp(a, "--device")) {
            dev = need_arg(argc, argv, &i);
        } else if (!strcmp(a, "--peer")) {
            peer = need_arg(argc, argv, &i);
        } else if (!strcmp(a, "--collector")) {
            coll = need_arg(argc, argv, &i);
        } else if (!strcmp(a, "--trace-port")) {
            cfg.trace_port = (uint16_t)num_arg(a, need_arg(argc, argv, &i), 0, 65535);
        } else if (!strcmp(a, "--device-id")) {
            cfg.device_id = (uint32_t)strtoul(need_arg(argc, argv, &i), NULL, 0);
        } else if (!strcmp(a, "--name")) {
            cfg.name = need_arg(argc, argv, &i);
        } else if (!strcmp(a, "--firmware")) {
            cfg.firmware = need_arg(argc, argv, &i);
        } else if (!strcmp(a, "--ca")) {
            cfg.ca = need_arg(argc, argv, &i);
        } else if (!strcmp(a, "--cert")) {
            cfg.cert = need_arg(argc, argv, &i);
        } else if (!strcmp(a, "--key")) {
            cfg.key = need_arg(argc, argv, &i);
        } else if (!strcmp(a, "--ciphers")) {
            cfg.ciphers = need_arg(argc, argv, &i);
        } else if (!strcmp(a, "--keylog")) {
            cfg.keylog = need_arg(argc, argv, &i);
        } else if (!strcmp(a, "--exchanges")) {
            cfg.exchanges = (int)num_arg(a, need_arg(argc, argv, &i), 0, 1000);
        } else if (!strcmp(a, "--timeout")) {
            cfg.timeout_ms = (int)num_arg(a, need_arg(argc, argv, &i), 1, 60000);
        } else if (!strcmp(a, "--mtu")) {
            cfg.mtu = (int)num_arg(a, need_arg(argc, argv, &i), 256, 65535);
        } else if (!strcmp(a, "--hold-pid")) {
            if (cfg.n_hold_pid == MAX_HOLD_OPT) {
                fprintf(stderr, "nxsim: at most %d --hold-pid\n", MAX_HOLD_OPT);
                return EXIT_USAGE;
            }
            cfg.hold_pid[cfg.n_hold_pid++] = (pid_t)num_arg(a, need_arg(argc, argv, &i), 1, 0x7fffffff);
        } else if (!strcmp(a, "--hold-pid-file")) {
            cfg.hold_pid_file = need_arg(argc, argv, &i);
        } else if (!strcmp(a, "--x509-delay")) {
            cfg.x509_delay_ms = (int)num_arg(a, need_arg(argc, argv, &i), 0, 10000);
        } else if (!strcmp(a, "--dtls-timer")) {
            cfg.dtls_timer_ms = (int)num_arg(a, need_arg(argc, argv, &i), 1, 60000);
        } else if (!strcmp(a, "--pace")) {
            cfg.pace_ms = (int)num_arg(a, need_arg(argc, argv, &i), 1, 10000);
        } else if (!strcmp(a, "--pace-offset")) {
            cfg.pace_offset_ms = (int)num_arg(a, need_arg(argc, argv, &i), 0, 10000);
        } else if (!strcmp(a, "--pace-start")) {
            const char *v = need_arg(argc, argv, &i);
            char *end;
            errno = 0;
            cfg.pace_start_ms = strtoll(v, &end, 10);
            if (errno || *end || cfg.pace_start_ms <= 0) {
                fprintf(stderr, "nxsim: bad value for %s: %s\n", a, v);
                return EXIT_USAGE;
            }
        } else if (!strcmp(a, "--clock")) {
            const char *v = need_arg(argc, argv, &i);
            if (strcmp(v, "utc") && strcmp(v, "uptime")) {
                fprintf(stderr, "nxsim: --clock takes utc or uptime, not %s\n", v);
                return EXIT_USAGE;
            }
            dclock.uptime = !strcmp(v, "uptime");
        } else if (!strcmp(a, "--clock-offset-ms")) {
            dclock.offset_us = num_arg(a, need_arg(argc, argv, &i), -86400000, 86400000) * 1000;
        } else if (!strcmp(a, "--clock-drift-ppm")) {
            dclock.drift_ppm = (double)num_arg(a, need_arg(argc, argv, &i), -100000, 100000);
        } else if (!strcmp(a, "--uptime-ms")) {
            uptime_ms = num_arg(a, need_arg(argc, argv, &i), 0, 86400000L * 24);
        } else if (!strcmp(a, "--trace-delay")) {
            const char *v = need_arg(argc, argv, &i);
            unsigned seq, ms;
            if (sscanf(v, "%u:%u", &seq, &ms) != 2 || ms > 10000) {
                fprintf(stderr, "nxsim: --trace-delay takes SEQ:MS (MS up to 10000), not %s\n", v);
                return EXIT_USAGE;
            }
            cfg.trace_delay_seq = seq;
            cfg.trace_delay_ms = (int)ms;
        } else if (!strcmp(a, "--reboot-datagrams")) {
            cfg.reboot_datagrams = (int)num_arg(a, need_arg(argc, argv, &i), 0, 100);
        } else if (!strcmp(a, "--trace-skip")) {
            cfg.trace_skip = (uint32_t)num_arg(a, need_arg(argc, argv, &i), 0, 0x7fffffff);
            trace_set |= 1;
        } else if (!strcmp(a, "--trace-dup")) {
            cfg.trace_dup = (uint32_t)num_arg(a, need_arg(argc, argv, &i), 0, 0x7fffffff);
            trace_set |= 2;
        } else if (!strcmp(a, "--trace-swap")) {
            cfg.trace_swap = (uint32_t)num_arg(a, need_arg(argc, argv, &i), 0, 0x7fffffff);
            trace_set |= 4;
        } else if (!strcmp(a, "--renegotiate-after")) {
            cfg.renegotiate_after = (int)num_arg(a, need_arg(argc, argv, &i), 0, 1000);
            trace_set |= 8;
        } else if (!strcmp(a, "--verify-client")) {
            cfg.verify_client = 1;
        } else if (!strcmp(a, "--quiet")) {
            cfg.quiet = 1;
        } else if (a[0] == '-') {
            fprintf(stderr, "nxsim: unknown option %s (see --help)\n", a);
            return EXIT_USAGE;
        } else if (!cfg.sc) {
            for (k = 0; k < N_SCENARIOS; k++)
                if (!strcmp(a, scenarios[k].name))
                    cfg.sc = &scenarios[k];
            if (!cfg.sc) {
                fprintf(stderr, "nxsim: unknown scenario %s (see --list)\n", a);
                return EXIT_USAGE;
            }
        } else {
            fprintf(stderr, "nxsim: unexpected argument %s\n", a);
            return EXIT_USAGE;
        }
    }
    if (!cfg.sc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strlen(cfg.name) > 255 || strlen(cfg.firmware) > 255) {
        fprintf(stderr, "nxsim: --name/--firmware longer than 255 bytes\n");
        return EXIT_USAGE;
    }
    if (parse_hostport(dev, &cfg.device) < 0 || parse_hostport(coll, &cfg.collector) < 0 ||
        (peer && parse_hostport(peer, &cfg.peer) < 0)) {
        fprintf(stderr, "nxsim: bad address (use a.b.c.d:port or [v6]:port)\n");
        return EXIT_USAGE;
    }
    cfg.have_peer = peer != NULL;
    if (!cfg.dtls_timer_ms)
        cfg.dtls_timer_ms = cfg.sc->dtls_timer_ms;
    if (!(trace_set & 1))
        cfg.trace_skip = cfg.sc->trace_skip;
    if (!(trace_set & 2))
        cfg.trace_dup = cfg.sc->trace_dup;
    if (!(trace_set & 4))
        cfg.trace_swap = cfg.sc->trace_swap;
    if (!(trace_set & 8))
        cfg.renegotiate_after = cfg.sc->renegotiate_after;
    device_clock_set(dclock.uptime ? (uint64_t)uptime_ms * 1000u : (uint64_t)((int64_t)utc_us() + dclock.offset_us));
    pace_ms = cfg.pace_ms;
    pace_offset_ms = cfg.pace_offset_ms;
    if (cfg.pace_ms && !cfg.pace_start_ms) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        cfg.pace_start_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
    }
    pace_start_ms = cfg.pace_start_ms;
    for (n_hold = 0; n_hold < cfg.n_hold_pid; n_hold++)
        hold_pids[n_hold] = cfg.hold_pid[n_hold];
    x509_delay_ms = cfg.x509_delay_ms;
    hold_pid_file = cfg.hold_pid_file;
    atexit(release_peer);
    if (cfg.sc->role == ROLE_CLIENT && !cfg.have_peer) {
        fprintf(stderr, "nxsim: scenario %s needs --peer\n", cfg.sc->name);
        return EXIT_USAGE;
    }
    if (cfg.have_peer && cfg.peer.ss_family != cfg.device.ss_family) {
        fprintf(stderr, "nxsim: --device and --peer must be the same address family\n");
        return EXIT_USAGE;
    }
    return run(&cfg);
}
