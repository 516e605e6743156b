/*
 * nxrelay.c - a small fault-injecting UDP relay for the nxtrace captures.
 *
 * It sits between the simulated device (nxsim) and a real OpenSSL DTLS peer:
 * the device talks to the relay's --listen address as if it were the peer, and
 * the relay forwards every datagram to --to and the answers back, faithfully,
 * except for the datagrams picked by --fault.  The captures only record the
 * device <-> relay leg (the device's view), so a fault shows exactly as the
 * device met it: a datagram missing, twice, altered.
 *
 * Datagrams are counted per direction, from 1: "up" is device -> peer, "down"
 * is peer -> device.  A fault is KIND:DIR:SEL[:ARG]:
 *   SEL   N        the Nth datagram in DIR
 *         N-M      the Nth to the Mth
 *         appN     the Nth datagram in DIR whose first DTLS record is
 *                  application data (content type 23)
 *   KIND  drop     do not forward it
 *         dup      forward it and ARG more copies right behind it (default
 *                  1), in one sendmmsg() call
 *         replay   forward it, and send it once more just before the next
 *                  datagram of the other direction is forwarded: a late copy,
 *                  ordered after whatever the other side did in between
 *         corrupt  flip (XOR 0xFF) the byte at offset ARG of the datagram
 *                  (default 21: the first byte after the 13-byte DTLS record
 *                  header and the 8-byte explicit nonce of an AES-GCM record,
 *                  i.e. the ciphertext)
 *         epoch    rewrite the epoch of the first record to ARG (default 2)
 *         reorder  hold it and forward it right after the next datagram in
 *                  DIR (or after 200 ms if none comes)
 * The first datagram from anywhere on the --listen socket fixes the device's
 * address; later datagrams from other addresses are ignored.
 *
 * Single-threaded, poll() with timeouts; ends by itself when idle (--idle) or
 * at --max, or on SIGTERM/SIGINT.  One line per datagram on stdout.  Exit 0 if
 * every fault matched at least once, 4 if one never did, 1 usage, 3 setup.
 *
 * Build: gcc -std=c11 -O2 -Wall -Wextra -o nxrelay nxrelay.c
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_FAULTS 16
#define MAX_DGRAM 65536
#define REORDER_HOLD_MS 200

enum dir { UP = 0, DOWN = 1 };
static const char *dir_name[2] = { "up", "down" };

enum kind { F_DROP, F_DUP, F_CORRUPT, F_EPOCH, F_REORDER, F_REPLAY };
static const char *kind_name[] = { "drop", "dup", "corrupt", "epoch", "reorder", "replay" };

struct fault {
    enum kind kind;
    enum dir dir;
    int app;          /* count application-data datagrams only */
    long lo, hi;      /* index range, inclusive */
    long arg;
    int has_arg;
    int hits;
    const char *spec;
};

static struct fault faults[MAX_FAULTS];
static int n_faults;
static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int parse_hostport(const char *s, struct sockaddr_storage *ss, int port_optional)
{
    char host[INET6_ADDRSTRLEN + 2];
    const char *h = s, *colon = NULL;
    size_t hl;
    unsigned long port = 0;

    memset(ss, 0, sizeof(*ss));
    if (*s == '[') {
        const char *rb = strchr(s, ']');
        if (!rb || (rb[1] != ':' && !(port_optional && rb[1] == '\0')))
            return -1;
        h = s + 1;
        hl = (size_t)(rb - h);
        colon = rb[1] ? rb + 1 : NULL;
    } else {
        colon = strrchr(s, ':');
        if (!colon && !port_optional)
            return -1;
        hl = colon ? (size_t)(colon - s) : strlen(s);
    }
    if (hl == 0 || hl >= sizeof(host))
        return -1;
    memcpy(host, h, hl);
    host[hl] = '\0';
    if (colon) {
        char *end;
        errno = 0;
        port = strtoul(colon + 1, &end, 10);
        if (errno || *end || colon[1] == '\0' || port > 65535)
            return -1;
    }
    if (inet_pton(AF_INET, host, &((struct sockaddr_in *)ss)->sin_addr) == 1) {
        ((struct sockaddr_in *)ss)->sin_family = AF_INET;
        ((struct sockaddr_in *)ss)->sin_port = htons((uint16_t)port);
        return 0;
    }
    if (inet_pton(AF_INET6, host, &((struct sockaddr_in6 *)ss)->sin6_addr) == 1) {
        ((struct sockaddr_in6 *)ss)->sin6_family = AF_INET6;
        ((struct sockaddr_in6 *)ss)->sin6_port = htons((uint16_t)port);
        return 0;
    }
    return -1;
}

static socklen_t ss_len(const struct sockaddr_storage *ss)
{
    return ss->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
}

static const char *ss_str(const struct sockaddr_storage *ss, char *buf, size_t n)
{
    char a[INET6_ADDRSTRLEN];
    if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ss;
        inet_ntop(AF_INET6, &s6->sin6_addr, a, sizeof(a));
        snprintf(buf, n, "[%s]:%u", a, ntohs(s6->sin6_port));
    } else {
        const struct sockaddr_in *s4 = (const struct sockaddr_in *)ss;
        inet_ntop(AF_INET, &s4->sin_addr, a, sizeof(a));
        snprintf(buf, n, "%s:%u", a, ntohs(s4->sin_port));
    }
    return buf;
}

static int same_addr(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
    if (a->ss_family != b->ss_family)
        return 0;
    if (a->ss_family == AF_INET6) {
        const struct sockaddr_in6 *x = (const void *)a, *y = (const void *)b;
        return x->sin6_port == y->sin6_port && !memcmp(&x->sin6_addr, &y->sin6_addr, 16);
    }
    {
        const struct sockaddr_in *x = (const void *)a, *y = (const void *)b;
        return x->sin_port == y->sin_port && x->sin_addr.s_addr == y->sin_addr.s_addr;
    }
}

/* KIND:DIR:SEL[:ARG] */
static int parse_fault(const char *spec, struct fault *f)
{
    char buf[128], *tok[4], *save = NULL, *p, *end;
    int n = 0;
    size_t k;

    if (strlen(spec) >= sizeof(buf))
        return -1;
    strcpy(buf, spec);
    for (p = strtok_r(buf, ":", &save); p && n < 4; p = strtok_r(NULL, ":", &save))
        tok[n++] = p;
    if (n < 3 || p)
        return -1;
    memset(f, 0, sizeof(*f));
    f->spec = spec;
    for (k = 0; k < sizeof(kind_name) / sizeof(kind_name[0]); k++)
        if (!strcmp(tok[0], kind_name[k]))
            break;
    if (k == sizeof(kind_name) / sizeof(kind_name[0]))
        return -1;
    f->kind = (enum kind)k;
    if (!strcmp(tok[1], "up"))
        f->dir = UP;
    else if (!strcmp(tok[1], "down"))
        f->dir = DOWN;
    else
        return -1;
    p = tok[2];
    if (!strncmp(p, "app", 3)) {
        f->app = 1;
        p += 3;
    }
    errno = 0;
    f->lo = strtol(p, &end, 10);
    if (errno || end == p || f->lo < 1)
        return -1;
    f->hi = f->lo;
    if (*end == '-' && !f->app) {
        p = end + 1;
        f->hi = strtol(p, &end, 10);
        if (errno || end == p || f->hi < f->lo)
            return -1;
    }
    if (*end)
        return -1;
    if (n == 4) {
        if (f->kind == F_DROP || f->kind == F_REORDER || f->kind == F_REPLAY)
            return -1;
        f->arg = strtol(tok[3], &end, 0);
        if (*end || tok[3][0] == '\0' || f->arg < 0 || f->arg > 65535)
            return -1;
        f->has_arg = 1;
    } else {
        f->arg = f->kind == F_DUP ? 1 : f->kind == F_CORRUPT ? 21 : 2;
    }
    return 0;
}

/* a datagram held back by "reorder" */
struct held {
    int used;
    int64_t since;
    size_t len;
    long idx;
    unsigned char buf[MAX_DGRAM];
};

struct relay {
    int down_fd, up_fd;   /* listen socket (device side), socket to the peer */
    struct sockaddr_storage device;
    int have_device;
    long count[2], app_count[2];
    long forwarded[2], dropped[2];
    struct held held[2];
    struct held replay[2]; /* copies waiting for a datagram of the other direction */
    int quiet;
};

/* send one datagram n times, in one system call */
static void out(struct relay *r, enum dir d, const unsigned char *buf, size_t len, int n)
{
    struct mmsghdr m[8];
    struct iovec iov;
    int i, sent;

    if (n > 8)
        n = 8;
    iov.iov_base = (void *)buf;
    iov.iov_len = len;
    memset(m, 0, sizeof(m));
    for (i = 0; i < n; i++) {
        m[i].msg_hdr.msg_iov = &iov;
        m[i].msg_hdr.msg_iovlen = 1;
        if (d == DOWN) {
            m[i].msg_hdr.msg_name = &r->device;
            m[i].msg_hdr.msg_namelen = ss_len(&r->device);
        }
    }
    sent = sendmmsg(d == UP ? r->up_fd : r->down_fd, m, (unsigned int)n, 0);
    if (sent != n)
        fprintf(stderr, "nxrelay: send %s: %s\n", dir_name[d], sent < 0 ? strerror(errno) : "short");
    if (sent > 0)
        r->forwarded[d] += sent;
}

static void flush_held(struct relay *r, enum dir d, const char *why)
{
    struct held *h = &r->held[d];
    if (!h->used)
        return;
    out(r, d, h->buf, h->len, 1);
    h->used = 0;
    if (!r->quiet) {
        printf("%-4s #%ld forwarded late (%s)\n", dir_name[d], h->idx, why);
        fflush(stdout);
    }
}

static void send_replay(struct relay *r, enum dir d, const char *why)
{
    struct held *h = &r->replay[d];
    if (!h->used)
        return;
    out(r, d, h->buf, h->len, 1);
    h->used = 0;
    if (!r->quiet) {
        printf("%-4s #%ld sent again (replay, %s)\n", dir_name[d], h->idx, why);
        fflush(stdout);
    }
}

/* describe the first record of a datagram: type/epoch/seq */
static void first_record(const unsigned char *b, size_t len, char *s, size_t n)
{
    if (len >= 13) {
        unsigned long long seq = 0;
        int i;
        for (i = 5; i < 11; i++)
            seq = seq << 8 | b[i];
        snprintf(s, n, "rec %u e%u/s%llu", b[0], (unsigned)(b[3] << 8 | b[4]), seq);
    } else {
        snprintf(s, n, "short");
    }
}

static void handle(struct relay *r, enum dir d, unsigned char *buf, size_t len)
{
    char what[64], action[160] = "";
    long idx = ++r->count[d], app_idx = 0;
    int i, drop = 0, copies = 1, hold = 0, replay = 0;
    size_t al;

    /* a replay copy of the other direction goes out before this datagram */
    send_replay(r, d == UP ? DOWN : UP, "before the next datagram the other way");

    if (len >= 13 && buf[0] == 23)
        app_idx = ++r->app_count[d];
    first_record(buf, len, what, sizeof(what));

    for (i = 0; i < n_faults; i++) {
        struct fault *f = &faults[i];
        long k = f->app ? app_idx : idx;
        if (f->dir != d || k < f->lo || k > f->hi)
            continue;
        f->hits++;
        al = strlen(action);
        switch (f->kind) {
        case F_DROP:
            drop = 1;
            snprintf(action + al, sizeof(action) - al, " drop");
            break;
        case F_DUP:
            copies += (int)f->arg;
            snprintf(action + al, sizeof(action) - al, " dup x%ld", f->arg + 1);
            break;
        case F_CORRUPT:
            if ((size_t)f->arg < len) {
                buf[f->arg] ^= 0xFF;
                snprintf(action + al, sizeof(action) - al, " corrupt byte %ld", f->arg);
            } else {
                snprintf(action + al, sizeof(action) - al, " corrupt: datagram too short");
            }
            break;
        case F_EPOCH:
            if (len >= 13) {
                snprintf(action + al, sizeof(action) - al, " epoch %u->%ld",
                         (unsigned)(buf[3] << 8 | buf[4]), f->arg);
                buf[3] = (unsigned char)(f->arg >> 8);
                buf[4] = (unsigned char)f->arg;
            }
            break;
        case F_REORDER:
            hold = 1;
            snprintf(action + al, sizeof(action) - al, " hold (reorder)");
            break;
        case F_REPLAY:
            replay = 1;
            snprintf(action + al, sizeof(action) - al, " fwd, keep a copy (replay)");
            break;
        }
    }
    if (!r->quiet) {
        printf("%-4s #%ld len=%zu %s%s%s\n", dir_name[d], idx, len, what,
               app_idx ? " app" : "", action[0] ? action : " fwd");
        fflush(stdout);
    }
    if (drop) {
        r->dropped[d]++;
        return;
    }
    if (hold && !r->held[d].used) {
        struct held *h = &r->held[d];
        memcpy(h->buf, buf, len);
        h->len = len;
        h->idx = idx;
        h->since = now_ms();
        h->used = 1;
        return;
    }
    if (replay && !r->replay[d].used) {
        struct held *h = &r->replay[d];
        memcpy(h->buf, buf, len);
        h->len = len;
        h->idx = idx;
        h->used = 1;
    }
    out(r, d, buf, len, copies);
    flush_held(r, d, "after the next one");
}

static void usage(FILE *f)
{
    fprintf(f,
"usage: nxrelay --listen ADDR:PORT --to ADDR:PORT [options]\n"
"\n"
"Forwards UDP datagrams between a device (the first sender to --listen) and\n"
"the peer at --to, injecting the faults given with --fault.\n"
"\n"
"Options:\n"
"  --listen ADDR:PORT  where the device sends (the peer address it sees)\n"
"  --to ADDR:PORT      the real peer\n"
"  --from ADDR[:PORT]  local address of the socket towards the peer (default:\n"
"                      any address of the family, ephemeral port)\n"
"  --fault SPEC        KIND:DIR:SEL[:ARG], repeatable (see below)\n"
"  --idle MS           exit after MS without a datagram, once traffic began\n"
"                      (default 5000)\n"
"  --max MS            exit after MS in any case (default 30000)\n"
"  --quiet             no per-datagram lines\n"
"\n"
"DIR: up (device -> peer) or down (peer -> device); datagrams are counted per\n"
"direction from 1.  SEL: N, N-M, or appN (the Nth datagram in DIR whose first\n"
"record is application data).  KIND: drop; dup[:COPIES] (default 1 extra,\n"
"right behind it); replay (one copy, sent just before the next datagram of the\n"
"other direction);\n"
"corrupt[:OFFSET] (XOR 0xFF, default offset 21 = first ciphertext byte of an\n"
"AES-GCM record); epoch[:E] (first record's epoch := E, default 2); reorder\n"
"(forward it after the next datagram in DIR, or after 200 ms).\n"
"Examples: corrupt:down:app2  replay:down:app2  epoch:down:app2:2  drop:down:2-8\n"
"\n"
"Exit: 0 every fault matched, 4 a fault never matched, 1 usage, 3 setup.\n");
}

int main(int argc, char **argv)
{
    struct relay *r;
    struct sockaddr_storage listen_a, to_a, from_a;
    const char *listen_s = NULL, *to_s = NULL, *from_s = NULL;
    long idle_ms = 5000, max_ms = 30000;
    int64_t start, last = 0;
    int i, quiet = 0, rc = 0;
    static unsigned char buf[MAX_DGRAM];
    char a[80], b[80];

    for (i = 1; i < argc; i++) {
        const char *o = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(o, "-h") || !strcmp(o, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(o, "--quiet")) {
            quiet = 1;
            continue;
        }
        if (!v) {
            fprintf(stderr, "nxrelay: %s needs an argument (see --help)\n", o);
            return 1;
        }
        i++;
        if (!strcmp(o, "--listen")) {
            listen_s = v;
        } else if (!strcmp(o, "--to")) {
            to_s = v;
        } else if (!strcmp(o, "--from")) {
            from_s = v;
        } else if (!strcmp(o, "--fault")) {
            if (n_faults == MAX_FAULTS || parse_fault(v, &faults[n_faults]) < 0) {
                fprintf(stderr, "nxrelay: bad fault '%s' (see --help)\n", v);
                return 1;
            }
            n_faults++;
        } else if (!strcmp(o, "--idle") || !strcmp(o, "--max")) {
            char *end;
            long x = strtol(v, &end, 10);
            if (*end || x < 1 || x > 600000) {
                fprintf(stderr, "nxrelay: bad value for %s: %s\n", o, v);
                return 1;
            }
            *(!strcmp(o, "--idle") ? &idle_ms : &max_ms) = x;
        } else {
            fprintf(stderr, "nxrelay: unknown option %s (see --help)\n", o);
            return 1;
        }
    }
    if (!listen_s || !to_s) {
        usage(stderr);
        return 1;
    }
    if (parse_hostport(listen_s, &listen_a, 0) < 0 || parse_hostport(to_s, &to_a, 0) < 0 ||
        (from_s && parse_hostport(from_s, &from_a, 1) < 0)) {
        fprintf(stderr, "nxrelay: bad address (a.b.c.d:port or [v6]:port)\n");
        return 1;
    }
    if (!from_s) {
        memset(&from_a, 0, sizeof(from_a));
        from_a.ss_family = to_a.ss_family;
    }
    if (listen_a.ss_family != to_a.ss_family || from_a.ss_family != to_a.ss_family) {
        fprintf(stderr, "nxrelay: all addresses must be of one family\n");
        return 1;
    }

    r = calloc(1, sizeof(*r));
    if (!r)
        return 3;
    r->quiet = quiet;
    r->down_fd = socket(listen_a.ss_family, SOCK_DGRAM, 0);
    r->up_fd = socket(to_a.ss_family, SOCK_DGRAM, 0);
    if (r->down_fd < 0 || r->up_fd < 0 ||
        bind(r->down_fd, (struct sockaddr *)&listen_a, ss_len(&listen_a)) < 0 ||
        bind(r->up_fd, (struct sockaddr *)&from_a, ss_len(&from_a)) < 0 ||
        connect(r->up_fd, (struct sockaddr *)&to_a, ss_len(&to_a)) < 0) {
        fprintf(stderr, "nxrelay: socket setup: %s\n", strerror(errno));
        return 3;
    }
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    signal(SIGPIPE, SIG_IGN);
    if (!quiet) {
        printf("relay %s -> %s, %d fault(s)\n", ss_str(&listen_a, a, sizeof(a)),
               ss_str(&to_a, b, sizeof(b)), n_faults);
        fflush(stdout);
    }

    start = now_ms();
    while (!stop) {
        struct pollfd p[2] = { { r->down_fd, POLLIN, 0 }, { r->up_fd, POLLIN, 0 } };
        int64_t t = now_ms(), wait = start + max_ms - t;
        int d, n;
        if (wait <= 0)
            break;
        if (last && last + idle_ms - t <= 0)
            break;
        if (last && last + idle_ms - t < wait)
            wait = last + idle_ms - t;
        for (d = 0; d < 2; d++) {
            if (r->held[d].used) {
                int64_t w = r->held[d].since + REORDER_HOLD_MS - t;
                if (w <= 0) {
                    flush_held(r, (enum dir)d, "timeout");
                    w = 0;
                }
                if (w < wait)
                    wait = w;
            }
        }
        n = poll(p, 2, (int)wait);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            fprintf(stderr, "nxrelay: poll: %s\n", strerror(errno));
            rc = 3;
            break;
        }
        if (p[0].revents & POLLIN) {
            struct sockaddr_storage src;
            socklen_t sl = sizeof(src);
            ssize_t len = recvfrom(r->down_fd, buf, sizeof(buf), 0, (struct sockaddr *)&src, &sl);
            if (len >= 0) {
                if (!r->have_device) {
                    r->device = src;
                    r->have_device = 1;
                    if (!quiet)
                        printf("device %s\n", ss_str(&src, a, sizeof(a)));
                }
                if (same_addr(&src, &r->device)) {
                    last = now_ms();
                    handle(r, UP, buf, (size_t)len);
                } else if (!quiet) {
                    printf("ignored datagram from %s\n", ss_str(&src, a, sizeof(a)));
                }
            }
        }
        if (p[1].revents & (POLLIN | POLLERR)) {
            ssize_t len = recv(r->up_fd, buf, sizeof(buf), 0);
            if (len >= 0 && r->have_device) {
                last = now_ms();
                handle(r, DOWN, buf, (size_t)len);
            }
        }
    }
    flush_held(r, UP, "exit");
    flush_held(r, DOWN, "exit");
    send_replay(r, UP, "exit");
    send_replay(r, DOWN, "exit");
    for (i = 0; i < n_faults; i++) {
        if (!faults[i].hits) {
            fprintf(stderr, "nxrelay: fault %s never matched\n", faults[i].spec);
            if (!rc)
                rc = 4;
        }
    }
    if (!quiet)
        printf("relay done: up %ld in / %ld out, down %ld in / %ld out\n", r->count[UP],
               r->forwarded[UP], r->count[DOWN], r->forwarded[DOWN]);
    return rc;
}
