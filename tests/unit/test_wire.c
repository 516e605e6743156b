/*
 * test_wire.c - unit test of the NXTR v1 wire format and of the encoder and
 * reader in include/nxtrace.h.  No framework: CHECK counts, main() prints one
 * summary line "N passed, M failed" and exits non-zero when M > 0.
 *
 * SPDX-License-Identifier: MIT
 *
 * Build and run:
 *   gcc -std=c99 -Wall -Wextra -Wpedantic -Werror -I include \
 *       -o test_wire tests/unit/test_wire.c && ./test_wire [docs/PROTOCOL.md]
 *
 * With the optional argument the test also checks that the full-datagram hex
 * example in PROTOCOL.md is byte for byte the array kDocDatagram below.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nxtrace.h"

/* ---- tiny check machinery ------------------------------------------------ */

static unsigned long n_passed, n_failed;
static char check_ctx[128]; /* printed with a failure when not empty */

static void check_at(int ok, const char *expr, const char *file, int line)
{
    if (ok) {
        n_passed++;
        return;
    }
    n_failed++;
    fprintf(stderr, "FAIL %s:%d: %s%s%s\n", file, line, expr,
            check_ctx[0] ? "  -- " : "", check_ctx);
}

#define CHECK(cond) check_at((cond) ? 1 : 0, #cond, __FILE__, __LINE__)
#define CHECK_BYTES(got, exp, n) \
    check_at(memcmp((got), (exp), (n)) == 0, "bytes equal: " #got " vs " #exp, __FILE__, __LINE__)

static void set_ctx(const char *what, size_t cap)
{
    snprintf(check_ctx, sizeof check_ctx, "%s, cap %lu", what, (unsigned long)cap);
}

static void clear_ctx(void)
{
    check_ctx[0] = '\0';
}

/* ---- shared fixtures ----------------------------------------------------- */

#define BUF_SIZE 2048u
#define FILL 0xA5u

static uint8_t buf[BUF_SIZE];

static void fill(uint8_t *p, size_t n)
{
    memset(p, FILL, n);
}

/* The DTLS client in the worked examples of docs/PROTOCOL.md. */
static struct nxtrace_status doc_status(void)
{
    struct nxtrace_status st;
    static const uint8_t local[4] = { 192, 168, 1, 20 };
    static const uint8_t remote[4] = { 192, 168, 1, 1 };

    memset(&st, 0, sizeof st);
    st.status = 0x11Bu; /* NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND */
    st.api = NXTRACE_API_DTLS_CLIENT_SESSION_START;
    st.role = NXTRACE_ROLE_DTLS_CLIENT;
    st.has_session = 1;
    st.session.ip_version = 4;
    st.session.local_port = 49152;
    st.session.remote_port = 4433;
    memcpy(st.session.local_addr, local, 4);
    memcpy(st.session.remote_addr, remote, 4);
    st.has_record = 1;
    st.record_sent = 0;
    st.record.epoch = 0;
    st.record.sequence_number = 2;
    return st;
}

/*
 * The full-datagram example of docs/PROTOCOL.md ("Worked examples").  The doc
 * shows the same bytes as hex; keep both in step.
 */
static const uint8_t kDocDatagram[] = {
    /* header */
    0x4e, 0x58, 0x54, 0x52, 0x01, 0x01, 0x00, 0x03, 0x0a, 0x1b, 0x2c, 0x3d,
    0x00, 0x00, 0x00, 0x2a, 0x00, 0x06, 0x4c, 0x07, 0x3b, 0xfe, 0x08, 0x50,
    /* DEVICE_INFO "sensor-07" / "6.4.1" */
    0x02, 0x00, 0x00, 0x10, 0x09, 0x73, 0x65, 0x6e, 0x73, 0x6f, 0x72, 0x2d,
    0x30, 0x37, 0x05, 0x36, 0x2e, 0x34, 0x2e, 0x31,
    /* STATUS 0x11B, SESSION (IPv4) + RECORD */
    0x01, 0x0b, 0x00, 0x1e, 0x00, 0x00, 0x01, 0x1b, 0x00, 0x03, 0x00, 0x00,
    0x04, 0x00, 0xc0, 0x00, 0x11, 0x51, 0xc0, 0xa8, 0x01, 0x14, 0xc0, 0xa8,
    0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
    /* LOG warning "handshake retransmit" */
    0x03, 0x00, 0x00, 0x15, 0x04, 0x68, 0x61, 0x6e, 0x64, 0x73, 0x68, 0x61,
    0x6b, 0x65, 0x20, 0x72, 0x65, 0x74, 0x72, 0x61, 0x6e, 0x73, 0x6d, 0x69,
    0x74
};

static size_t encode_doc_datagram(uint8_t *out, size_t cap)
{
    struct nxtrace_writer w;
    struct nxtrace_status st = doc_status();
    static const char name[] = "sensor-07", fw[] = "6.4.1", text[] = "handshake retransmit";

    if (nxtrace_begin(&w, out, cap, NXTRACE_HDR_FLAG_TS_UTC, 0x0A1B2C3Du, 42u,
                      1772443815250000ull /* 2026-03-02T09:30:15.25Z */) != NXTRACE_OK)
        return 0;
    if (nxtrace_add_device_info(&w, name, sizeof name - 1, fw, sizeof fw - 1) != NXTRACE_OK)
        return 0;
    if (nxtrace_add_status(&w, &st) != NXTRACE_OK)
        return 0;
    if (nxtrace_add_log(&w, NXTRACE_LOG_WARNING, text, sizeof text - 1) != NXTRACE_OK)
        return 0;
    return nxtrace_finish(&w);
}

/* ---- header -------------------------------------------------------------- */

static void test_header_bytes(void)
{
    static const uint8_t expected[NXTRACE_HEADER_LEN] = {
        0x4E, 0x58, 0x54, 0x52,                         /* "NXTR"            */
        0x01,                                           /* version 1         */
        0x01,                                           /* flags: TS_UTC     */
        0x00, 0x00,                                     /* event_count 0     */
        0xDE, 0xAD, 0xBE, 0xEF,                         /* device_id         */
        0x80, 0x01, 0x02, 0x03,                         /* seq               */
        0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF  /* timestamp         */
    };
    struct nxtrace_writer w;
    struct nxtrace_header h = {0};

    fill(buf, BUF_SIZE);
    CHECK(nxtrace_begin(&w, buf, BUF_SIZE, NXTRACE_HDR_FLAG_TS_UTC, 0xDEADBEEFu, 0x80010203u,
                        0x0123456789ABCDEFull) == NXTRACE_OK);
    CHECK(w.len == NXTRACE_HEADER_LEN);
    CHECK(w.event_count == 0);
    CHECK_BYTES(buf, expected, NXTRACE_HEADER_LEN);
    CHECK(buf[NXTRACE_HEADER_LEN] == FILL); /* nothing past the header */
    CHECK(nxtrace_finish(&w) == NXTRACE_HEADER_LEN);
    CHECK_BYTES(buf, expected, NXTRACE_HEADER_LEN); /* keep-alive: count stays 0 */

    memset(&h, 0, sizeof h);
    CHECK(nxtrace_read_header(buf, NXTRACE_HEADER_LEN, &h) == NXTRACE_OK);
    CHECK(h.version == 1);
    CHECK(h.flags == NXTRACE_HDR_FLAG_TS_UTC);
    CHECK(h.event_count == 0);
    CHECK(h.device_id == 0xDEADBEEFu);
    CHECK(h.seq == 0x80010203u);
    CHECK(h.timestamp_us == 0x0123456789ABCDEFull);

    /* flags 0 (since boot) and extreme values */
    CHECK(nxtrace_begin(&w, buf, BUF_SIZE, 0, 0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFFFFFFFFFull) == NXTRACE_OK);
    CHECK(nxtrace_finish(&w) == NXTRACE_HEADER_LEN);
    CHECK(buf[5] == 0x00);
    CHECK(nxtrace_read_header(buf, NXTRACE_HEADER_LEN, &h) == NXTRACE_OK);
    CHECK(h.flags == 0 && h.device_id == 0xFFFFFFFFu && h.seq == 0xFFFFFFFFu);
    CHECK(h.timestamp_us == 0xFFFFFFFFFFFFFFFFull);
}

static void test_event_count_patched(void)
{
    struct nxtrace_writer w;
    struct nxtrace_header h = {0};
    size_t i, off, n;
    struct nxtrace_event ev = {0};
    int rc;

    CHECK(nxtrace_begin(&w, buf, BUF_SIZE, 0, 1u, 2u, 3u) == NXTRACE_OK);
    CHECK(nxtrace_add_log(&w, NXTRACE_LOG_INFO, "a", 1) == NXTRACE_OK);
    CHECK(nxtrace_add_device_info(&w, "d", 1, "1", 1) == NXTRACE_OK);
    CHECK(nxtrace_add_log(&w, NXTRACE_LOG_DEBUG, "b", 1) == NXTRACE_OK);
    CHECK(w.event_count == 3);
    CHECK(buf[6] == 0x00 && buf[7] == 0x00); /* not yet patched */
    n = nxtrace_finish(&w);
    CHECK(n == w.len);
    CHECK(n == NXTRACE_HEADER_LEN + (4 + 2) + (4 + 4) + (4 + 2));
    CHECK(buf[6] == 0x00 && buf[7] == 0x03);
    CHECK(nxtrace_read_header(buf, n, &h) == NXTRACE_OK && h.event_count == 3);

    /* 0x0102 events: both bytes of the count, big-endian */
    CHECK(nxtrace_begin(&w, buf, BUF_SIZE, 0, 1u, 2u, 3u) == NXTRACE_OK);
    rc = NXTRACE_OK;
    for (i = 0; i < 0x0102u && rc == NXTRACE_OK; i++)
        rc = nxtrace_add_log(&w, NXTRACE_LOG_DEBUG, NULL, 0);
    CHECK(rc == NXTRACE_OK);
    n = nxtrace_finish(&w);
    CHECK(n == NXTRACE_HEADER_LEN + 0x0102u * 5u);
    CHECK(buf[6] == 0x01 && buf[7] == 0x02);
    CHECK(nxtrace_read_header(buf, n, &h) == NXTRACE_OK && h.event_count == 0x0102u);
    off = NXTRACE_HEADER_LEN;
    i = 0;
    while ((rc = nxtrace_read_event(buf, n, &off, &ev)) == 1)
        i++;
    CHECK(rc == 0);
    CHECK(i == 0x0102u);
    CHECK(off == n);
}

/* ---- STATUS round trips -------------------------------------------------- */

static size_t expected_status_len(const struct nxtrace_status *st)
{
    size_t n = 8;
    if (st->has_session)
        n += st->session.ip_version == 4 ? 6 + 8 : 6 + 32;
    if (st->has_record)
        n += 8;
    return n;
}

static uint8_t expected_status_flags(const struct nxtrace_status *st)
{
    uint8_t f = 0;
    if (st->has_session) f |= 0x01;
    if (st->has_record) f |= 0x02;
    if (st->has_record && st->record_sent) f |= 0x04;
    f = (uint8_t)(f | (st->role << 3));
    return f;
}

/* Encodes st alone in a datagram, reads it back and compares. */
static void status_roundtrip(const char *what, const struct nxtrace_status *in)
{
    struct nxtrace_writer w;
    struct nxtrace_header h = {0};
    struct nxtrace_event ev = {0};
    struct nxtrace_status out;
    size_t n, off, alen, blen = expected_status_len(in);

    snprintf(check_ctx, sizeof check_ctx, "status round trip: %s", what);
    fill(buf, BUF_SIZE);
    CHECK(nxtrace_begin(&w, buf, BUF_SIZE, 0, 7u, 8u, 9u) == NXTRACE_OK);
    CHECK(nxtrace_status_body_len(in) == blen);
    CHECK(nxtrace_add_status(&w, in) == NXTRACE_OK);
    n = nxtrace_finish(&w);
    CHECK(n == NXTRACE_HEADER_LEN + 4 + blen);
    CHECK(buf[n] == FILL);

    CHECK(nxtrace_read_header(buf, n, &h) == NXTRACE_OK);
    CHECK(h.event_count == 1);
    off = NXTRACE_HEADER_LEN;
    CHECK(nxtrace_read_event(buf, n, &off, &ev) == 1);
    CHECK(ev.type == NXTRACE_EVENT_STATUS);
    CHECK(ev.flags == expected_status_flags(in));
    CHECK(ev.length == blen);
    CHECK(ev.body == buf + NXTRACE_HEADER_LEN + 4);
    /* the fixed part, straight from the bytes */
    CHECK(nxtrace_get32(ev.body) == in->status);
    CHECK(nxtrace_get16(ev.body + 4) == in->api);
    CHECK(ev.body[6] == 0 && ev.body[7] == 0); /* reserved */

    memset(&out, 0xCC, sizeof out);
    CHECK(nxtrace_read_status(&ev, &out) == NXTRACE_OK);
    CHECK(out.status == in->status);
    CHECK(out.api == in->api);
    CHECK(out.role == in->role);
    CHECK(out.has_session == (in->has_session != 0));
    CHECK(out.has_record == (in->has_record != 0));
    CHECK(out.record_sent == (in->has_record && in->record_sent));
    if (in->has_session) {
        alen = in->session.ip_version == 4 ? 4 : 16;
        CHECK(out.session.ip_version == in->session.ip_version);
        CHECK(out.session.local_port == in->session.local_port);
        CHECK(out.session.remote_port == in->session.remote_port);
        CHECK(memcmp(out.session.local_addr, in->session.local_addr, alen) == 0);
        CHECK(memcmp(out.session.remote_addr, in->session.remote_addr, alen) == 0);
        /* wire: ip_version, reserved 0, ports big-endian */
        CHECK(ev.body[8] == in->session.ip_version && ev.body[9] == 0);
        CHECK(nxtrace_get16(ev.body + 10) == in->session.local_port);
        CHECK(nxtrace_get16(ev.body + 12) == in->session.remote_port);
        CHECK(memcmp(ev.body + 14, in->session.local_addr, alen) == 0);
        CHECK(memcmp(ev.body + 14 + alen, in->session.remote_addr, alen) == 0);
    }
    if (in->has_record) {
        CHECK(out.record.epoch == in->record.epoch);
        CHECK(out.record.sequence_number == in->record.sequence_number);
    }
    CHECK(nxtrace_read_event(buf, n, &off, &ev) == 0); /* clean end */
    clear_ctx();
}

static void test_status_roundtrips(void)
{
    struct nxtrace_status st;
    static const uint8_t v6l[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01 };
    static const uint8_t v6r[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x11, 0x22, 0xff,
                                     0xfe, 0x33, 0x44, 0x55 };
    uint8_t role, sent;
    char what[64];

    /* no blocks */
    memset(&st, 0, sizeof st);
    st.status = 0x00000101u;
    st.api = NXTRACE_API_DTLS_SESSION_RECEIVE;
    status_roundtrip("no blocks", &st);
    st.status = 0xFFFFFFFFu;
    st.api = NXTRACE_API_APPLICATION;
    status_roundtrip("no blocks, max status, api 0xFFFF", &st);
    st.status = 0;
    st.api = NXTRACE_API_UNKNOWN;
    st.record_sent = 1; /* ignored without a RECORD block */
    status_roundtrip("no blocks, record_sent without record", &st);

    /* SESSION v4 */
    st = doc_status();
    st.has_record = 0;
    status_roundtrip("session v4", &st);

    /* SESSION v6 */
    memset(&st, 0, sizeof st);
    st.status = 0x10001u;
    st.api = NXTRACE_API_DTLS_SERVER_SESSION_START;
    st.role = NXTRACE_ROLE_DTLS_SERVER;
    st.has_session = 1;
    st.session.ip_version = 6;
    st.session.local_port = 0xFFFF;
    st.session.remote_port = 1;
    memcpy(st.session.local_addr, v6l, 16);
    memcpy(st.session.remote_addr, v6r, 16);
    status_roundtrip("session v6", &st);

    /* RECORD only, largest 48-bit sequence number */
    memset(&st, 0, sizeof st);
    st.status = 0x12Au;
    st.api = NXTRACE_API_DTLS_SESSION_SEND;
    st.has_record = 1;
    st.record.epoch = 0xFFFF;
    st.record.sequence_number = 0xFFFFFFFFFFFFull;
    status_roundtrip("record, seq 2^48-1", &st);
    st.record.epoch = 0;
    st.record.sequence_number = 0;
    status_roundtrip("record, seq 0", &st);

    /* both blocks (v6), every role x record_sent */
    memcpy(st.session.local_addr, v6l, 16);
    memcpy(st.session.remote_addr, v6r, 16);
    st.has_session = 1;
    st.session.ip_version = 6;
    st.session.local_port = 5684;
    st.session.remote_port = 40000;
    st.record.epoch = 1;
    st.record.sequence_number = 0x0000123456789ABCull;
    for (role = 0; role <= 2; role++) {
        for (sent = 0; sent <= 1; sent++) {
            st.role = role;
            st.record_sent = sent;
            snprintf(what, sizeof what, "both v6, role %u, sent %u", (unsigned)role, (unsigned)sent);
            status_roundtrip(what, &st);
        }
    }
    st.session.ip_version = 4;
    status_roundtrip("both v4", &st);
}

/* The RECORD block on the wire: epoch u16 then sequence u48, big-endian. */
static void test_record_block_bytes(void)
{
    struct nxtrace_writer w;
    struct nxtrace_status st;
    static const uint8_t expected[4 + 8 + 8] = {
        0x01, 0x06, 0x00, 0x10,                         /* type, flags RECORD|SENT, len 16 */
        0x00, 0x00, 0x01, 0x1B, 0x00, 0x20, 0x00, 0x00, /* status, api 32, reserved        */
        0xBE, 0xEF,                                     /* epoch                           */
        0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC              /* sequence_number                 */
    };

    memset(&st, 0, sizeof st);
    st.status = 0x11Bu;
    st.api = NXTRACE_API_DTLS_SESSION_SEND;
    st.has_record = 1;
    st.record_sent = 1;
    st.record.epoch = 0xBEEF;
    st.record.sequence_number = 0x123456789ABCull;
    CHECK(nxtrace_begin(&w, buf, BUF_SIZE, 0, 1u, 1u, 1u) == NXTRACE_OK);
    CHECK(nxtrace_add_status(&w, &st) == NXTRACE_OK);
    CHECK(nxtrace_finish(&w) == NXTRACE_HEADER_LEN + sizeof expected);
    CHECK_BYTES(buf + NXTRACE_HEADER_LEN, expected, sizeof expected);
}

/* ---- DEVICE_INFO and LOG exact bytes ------------------------------------- */

static void test_device_info_bytes(void)
{
    struct nxtrace_writer w;
    static const uint8_t exp1[] = {
        0x02, 0x00, 0x00, 0x09,             /* type 2, flags 0, length 9 */
        0x02, 'g', 'w',                     /* name_len 2, "gw"          */
        0x05, '1', '.', '2', '.', '3'       /* fw_len 5, "1.2.3"         */
    };
    static const uint8_t exp2[] = { 0x02, 0x00, 0x00, 0x02, 0x00, 0x00 }; /* both empty */
    static const uint8_t exp3[] = {
        0x02, 0x00, 0x00, 0x06,
        0x03, 'm', 0xC2, 0xB5,              /* "mµ" in UTF-8, bytes as given */
        0x01, 'x'
    };
    static char name255[255], fw255[255];
    struct nxtrace_header h = {0};
    struct nxtrace_event ev = {0};
    size_t n, off;

    CHECK(nxtrace_begin(&w, buf, BUF_SIZE, 0, 1u, 1u, 1u) == NXTRACE_OK);
    CHECK(nxtrace_add_device_info(&w, "gw", 2, "1.2.3", 5) == NXTRACE_OK);
    CHECK(nxtrace_add_device_info(&w, NULL, 0, NULL, 0) == NXTRACE_OK);
    CHECK(nxtrace_add_device_info(&w, "m\xC2\xB5", 3, "x", 1) == NXTRACE_OK);
    n = nxtrace_finish(&w);
    CHECK(n == NXTRACE_HEADER_LEN + sizeof exp1 + sizeof exp2 + sizeof exp3);
    CHECK_BYTES(buf + NXTRACE_HEADER_LEN, exp1, sizeof exp1);
    CHECK_BYTES(buf + NXTRACE_HEADER_LEN + sizeof exp1, exp2, sizeof exp2);
    CHECK_BYTES(buf + NXTRACE_HEADER_LEN + sizeof exp1 + sizeof exp2, exp3, sizeof exp3);

    /* longest name and firmware: 255 bytes each */
    memset(name255, 'N', sizeof name255);
    memset(fw255, 'F', sizeof fw255);
    CHECK(nxtrace_begin(&w, buf, BUF_SIZE, 0, 1u, 1u, 1u) == NXTRACE_OK);
    CHECK(nxtrace_add_device_info(&w, name255, 255, fw255, 255) == NXTRACE_OK);
    n = nxtrace_finish(&w);
    CHECK(n == NXTRACE_HEADER_LEN + 4 + 2 + 255 + 255);
    CHECK(nxtrace_read_header(buf, n, &h) == NXTRACE_OK);
    off = NXTRACE_HEADER_LEN;
    CHECK(nxtrace_read_event(buf, n, &off, &ev) == 1);
    CHECK(ev.type == NXTRACE_EVENT_DEVICE_INFO && ev.flags == 0 && ev.length == 512);
    CHECK(ev.body[0] == 255 && ev.body[1] == 'N' && ev.body[255] == 'N');
    CHECK(ev.body[256] == 255 && ev.body[257] == 'F' && ev.body[511] == 'F');
}

static void test_log_bytes(void)
{
    struct nxtrace_writer w;
    static const uint8_t exp1[] = {
        0x03, 0x00, 0x00, 0x06,             /* type 3, flags 0, length 6 */
        0x03,                               /* level 3 (err)             */
        'o', 'o', 'p', 's', '!'
    };
    static const uint8_t exp2[] = { 0x03, 0x00, 0x00, 0x01, 0x07 }; /* debug, no text */
    static const uint8_t exp3[] = { 0x03, 0x00, 0x00, 0x01, 0x00 }; /* emerg, no text */
    size_t n;

    CHECK(nxtrace_begin(&w, buf, BUF_SIZE, 0, 1u, 1u, 1u) == NXTRACE_OK);
    CHECK(nxtrace_add_log(&w, NXTRACE_LOG_ERR, "oops!", 5) == NXTRACE_OK);
    CHECK(nxtrace_add_log(&w, NXTRACE_LOG_DEBUG, "", 0) == NXTRACE_OK);
    CHECK(nxtrace_add_log(&w, NXTRACE_LOG_EMERG, NULL, 0) == NXTRACE_OK);
    n = nxtrace_finish(&w);
    CHECK(n == NXTRACE_HEADER_LEN + sizeof exp1 + sizeof exp2 + sizeof exp3);
    CHECK_BYTES(buf + NXTRACE_HEADER_LEN, exp1, sizeof exp1);
    CHECK_BYTES(buf + NXTRACE_HEADER_LEN + sizeof exp1, exp2, sizeof exp2);
    CHECK_BYTES(buf + NXTRACE_HEADER_LEN + sizeof exp1 + sizeof exp2, exp3, sizeof exp3);
}

/* The longest LOG text: body 1 + 0xFFFE = 0xFFFF bytes, the largest length. */
static void test_log_longest(void)
{
    static uint8_t big[NXTRACE_HEADER_LEN + 4 + 0xFFFFu + 1];
    static char text[0xFFFFu];
    struct nxtrace_writer w;
    struct nxtrace_event ev = {0};
    size_t n, off = NXTRACE_HEADER_LEN;

    memset(text, 't', sizeof text);
    fill(big, sizeof big);
    CHECK(nxtrace_begin(&w, big, sizeof big, 0, 1u, 1u, 1u) == NXTRACE_OK);
    CHECK(nxtrace_add_log(&w, NXTRACE_LOG_INFO, text, 0xFFFFu) == NXTRACE_E_INVALID);
    CHECK(w.len == NXTRACE_HEADER_LEN && w.event_count == 0);
    CHECK(nxtrace_add_log(&w, NXTRACE_LOG_INFO, text, 0xFFFEu) == NXTRACE_OK);
    n = nxtrace_finish(&w);
    CHECK(n == sizeof big - 1);
    CHECK(big[n] == FILL);
    CHECK(big[NXTRACE_HEADER_LEN + 2] == 0xFF && big[NXTRACE_HEADER_LEN + 3] == 0xFF);
    CHECK(nxtrace_read_event(big, n, &off, &ev) == 1 && ev.length == 0xFFFFu);
}

/* ---- refusal of short buffers -------------------------------------------- */

enum kind { K_STATUS_PLAIN, K_STATUS_V4_REC, K_STATUS_V6_REC, K_DEVICE_INFO, K_LOG, K_COUNT };

static const char *const kind_name[K_COUNT] = {
    "STATUS (no blocks)", "STATUS (v4+record)", "STATUS (v6+record)", "DEVICE_INFO", "LOG"
};

static int add_kind(struct nxtrace_writer *w, enum kind k)
{
    struct nxtrace_status st = doc_status();
    switch (k) {
    case K_STATUS_PLAIN:
        st.has_session = 0;
        st.has_record = 0;
        return nxtrace_add_status(w, &st);
    case K_STATUS_V4_REC:
        return nxtrace_add_status(w, &st);
    case K_STATUS_V6_REC:
        st.session.ip_version = 6;
        memset(st.session.local_addr, 0x11, 16);
        memset(st.session.remote_addr, 0x22, 16);
        return nxtrace_add_status(w, &st);
    case K_DEVICE_INFO:
        return nxtrace_add_device_info(w, "sensor-07", 9, "6.4.1", 5);
    case K_LOG:
        return nxtrace_add_log(w, NXTRACE_LOG_NOTICE, "hello", 5);
    default:
        return 99;
    }
}

static const size_t kind_size[K_COUNT] = {
    4 + 8, 4 + 8 + 14 + 8, 4 + 8 + 38 + 8, 4 + 2 + 9 + 5, 4 + 1 + 5
};

/*
 * For every cap below what header + one LOG "x" + the event needs: whatever
 * does not fit is refused with NXTRACE_E_NOSPACE and leaves len, event_count
 * and every byte of the buffer (inside and past cap) as they were.  At the
 * exact size everything fits.
 */
static void test_refusal(void)
{
    static uint8_t before[BUF_SIZE];
    const size_t prefix = NXTRACE_HEADER_LEN + 4 + 1 + 1; /* header + LOG "x" */
    struct nxtrace_writer w;
    struct nxtrace_header h = {0};
    size_t cap, need, len0, n;
    uint16_t cnt0;
    int k, rc;

    for (k = 0; k < K_COUNT; k++) {
        need = prefix + kind_size[k];
        for (cap = 0; cap <= need; cap++) {
            set_ctx(kind_name[k], cap);
            fill(buf, BUF_SIZE);
            memcpy(before, buf, BUF_SIZE);

            rc = nxtrace_begin(&w, buf, cap, 0, 0x01020304u, 5u, 6u);
            if (cap < NXTRACE_HEADER_LEN) {
                CHECK(rc == NXTRACE_E_NOSPACE && w.len == 0 && w.event_count == 0 &&
                      memcmp(buf, before, BUF_SIZE) == 0);
                CHECK(add_kind(&w, (enum kind)k) == NXTRACE_E_STATE);
                continue;
            }
            if (rc != NXTRACE_OK) {
                CHECK(rc == NXTRACE_OK);
                continue;
            }

            memcpy(before, buf, BUF_SIZE);
            rc = nxtrace_add_log(&w, NXTRACE_LOG_INFO, "x", 1);
            if (cap < prefix) {
                CHECK(rc == NXTRACE_E_NOSPACE && w.len == NXTRACE_HEADER_LEN && w.event_count == 0 &&
                      memcmp(buf, before, BUF_SIZE) == 0);
                continue;
            }
            if (rc != NXTRACE_OK) {
                CHECK(rc == NXTRACE_OK);
                continue;
            }

            memcpy(before, buf, BUF_SIZE);
            len0 = w.len;
            cnt0 = w.event_count;
            rc = add_kind(&w, (enum kind)k);
            if (cap < need) {
                CHECK(rc == NXTRACE_E_NOSPACE && w.len == len0 && w.event_count == cnt0 &&
                      memcmp(buf, before, BUF_SIZE) == 0);
                /* the writer is still usable: finish gives the 1-event datagram */
                n = nxtrace_finish(&w);
                CHECK(n == prefix && nxtrace_read_header(buf, n, &h) == NXTRACE_OK &&
                      h.event_count == 1);
            } else {
                CHECK(rc == NXTRACE_OK && w.len == need && w.event_count == 2);
                CHECK(memcmp(buf + need, before + need, BUF_SIZE - need) == 0);
                CHECK(nxtrace_finish(&w) == need);
            }
        }
    }
    clear_ctx();
}

/* ---- invalid inputs ------------------------------------------------------ */

/* rc must be NXTRACE_E_INVALID and the open writer untouched. */
static void expect_invalid(const char *what, struct nxtrace_writer *w, int rc, const uint8_t *before,
                           size_t len0, uint16_t cnt0)
{
    snprintf(check_ctx, sizeof check_ctx, "invalid: %s", what);
    CHECK(rc == NXTRACE_E_INVALID);
    CHECK(w->len == len0 && w->event_count == cnt0 && w->state == 1);
    CHECK(memcmp(buf, before, BUF_SIZE) == 0);
    clear_ctx();
}

static void test_invalid(void)
{
    static uint8_t before[BUF_SIZE];
    static char long_text[300];
    struct nxtrace_writer w;
    struct nxtrace_status st;
    size_t len0;
    uint16_t cnt0;
    unsigned f;

    fill(buf, BUF_SIZE);
    CHECK(nxtrace_begin(&w, buf, BUF_SIZE, 0, 1u, 2u, 3u) == NXTRACE_OK);
    CHECK(nxtrace_add_log(&w, NXTRACE_LOG_INFO, "x", 1) == NXTRACE_OK);
    memcpy(before, buf, BUF_SIZE);
    len0 = w.len;
    cnt0 = w.event_count;
    memset(long_text, 'L', sizeof long_text);

    st = doc_status();
    st.session.ip_version = 5;
    expect_invalid("ip_version 5", &w, nxtrace_add_status(&w, &st), before, len0, cnt0);
    st.session.ip_version = 0;
    expect_invalid("ip_version 0", &w, nxtrace_add_status(&w, &st), before, len0, cnt0);

    st = doc_status();
    st.role = 3;
    expect_invalid("role 3", &w, nxtrace_add_status(&w, &st), before, len0, cnt0);
    CHECK(nxtrace_status_body_len(&st) == 0);

    st = doc_status();
    st.record.sequence_number = 0x1000000000000ull;
    expect_invalid("sequence 2^48", &w, nxtrace_add_status(&w, &st), before, len0, cnt0);
    st.record.sequence_number = 0xFFFFFFFFFFFFFFFFull;
    expect_invalid("sequence 2^64-1", &w, nxtrace_add_status(&w, &st), before, len0, cnt0);

    expect_invalid("name 256", &w, nxtrace_add_device_info(&w, long_text, 256, "1", 1), before, len0, cnt0);
    expect_invalid("firmware 256", &w, nxtrace_add_device_info(&w, "n", 1, long_text, 256), before, len0,
                   cnt0);
    expect_invalid("name NULL", &w, nxtrace_add_device_info(&w, NULL, 1, "1", 1), before, len0, cnt0);

    expect_invalid("log level 8", &w, nxtrace_add_log(&w, 8, "x", 1), before, len0, cnt0);
    expect_invalid("log level 255", &w, nxtrace_add_log(&w, 255, "x", 1), before, len0, cnt0);
    expect_invalid("log text NULL", &w, nxtrace_add_log(&w, 0, NULL, 3), before, len0, cnt0);

    /* the writer survived all of that */
    CHECK(nxtrace_finish(&w) == len0);

    /* reserved header flag bits */
    for (f = 0x02; f <= 0xFF; f++) {
        struct nxtrace_writer w2;
        fill(buf, BUF_SIZE);
        memcpy(before, buf, BUF_SIZE);
        snprintf(check_ctx, sizeof check_ctx, "invalid: header flags 0x%02x", f);
        CHECK(nxtrace_begin(&w2, buf, BUF_SIZE, (uint8_t)f, 1u, 2u, 3u) == NXTRACE_E_INVALID &&
              memcmp(buf, before, BUF_SIZE) == 0 && w2.len == 0);
        CHECK(nxtrace_add_log(&w2, 0, "x", 1) == NXTRACE_E_STATE);
        clear_ctx();
    }
    CHECK(nxtrace_begin(&w, NULL, 64, 0, 1u, 2u, 3u) == NXTRACE_E_INVALID);
}

/* ---- writer state -------------------------------------------------------- */

static void test_state(void)
{
    static uint8_t before[BUF_SIZE];
    struct nxtrace_writer w;
    struct nxtrace_status st = doc_status();
    size_t n;

    fill(buf, BUF_SIZE);
    CHECK(nxtrace_begin(&w, buf, BUF_SIZE, 0, 1u, 2u, 3u) == NXTRACE_OK);
    CHECK(nxtrace_add_log(&w, NXTRACE_LOG_INFO, "x", 1) == NXTRACE_OK);
    n = nxtrace_finish(&w);
    CHECK(n == NXTRACE_HEADER_LEN + 6);
    memcpy(before, buf, BUF_SIZE);

    CHECK(nxtrace_add_status(&w, &st) == NXTRACE_E_STATE);
    CHECK(nxtrace_add_device_info(&w, "a", 1, "b", 1) == NXTRACE_E_STATE);
    CHECK(nxtrace_add_log(&w, NXTRACE_LOG_INFO, "y", 1) == NXTRACE_E_STATE);
    CHECK(nxtrace_finish(&w) == 0); /* finishing twice */
    CHECK(w.len == n && w.event_count == 1);
    CHECK(memcmp(buf, before, BUF_SIZE) == 0);

    /* a writer that was never begun (zeroed) */
    memset(&w, 0, sizeof w);
    CHECK(nxtrace_add_log(&w, NXTRACE_LOG_INFO, "y", 1) == NXTRACE_E_STATE);
    CHECK(nxtrace_add_status(&w, &st) == NXTRACE_E_STATE);
    CHECK(nxtrace_finish(&w) == 0);

    /* begin again on a finished writer starts a fresh datagram */
    CHECK(nxtrace_begin(&w, buf, BUF_SIZE, 0, 1u, 3u, 3u) == NXTRACE_OK);
    CHECK(w.len == NXTRACE_HEADER_LEN && w.event_count == 0);
    CHECK(nxtrace_finish(&w) == NXTRACE_HEADER_LEN);
}

/* ---- reader -------------------------------------------------------------- */

static void test_reader_rejects(void)
{
    static uint8_t d[256];
    struct nxtrace_header h = {0};
    struct nxtrace_event ev = {0};
    struct nxtrace_status st;
    size_t n, len, off;

    n = sizeof kDocDatagram;
    memcpy(d, kDocDatagram, n);

    /* short header: every length below 24 */
    for (len = 0; len < NXTRACE_HEADER_LEN; len++) {
        set_ctx("short header", len);
        CHECK(nxtrace_read_header(d, len, &h) == NXTRACE_E_NOSPACE);
    }
    clear_ctx();
    CHECK(nxtrace_read_header(d, NXTRACE_HEADER_LEN, &h) == NXTRACE_OK);

    /* wrong magic, each byte in turn */
    for (len = 0; len < 4; len++) {
        memcpy(d, kDocDatagram, n);
        d[len] ^= 0x20; /* "nXTR", "NxTR", ... */
        set_ctx("wrong magic byte", len);
        CHECK(nxtrace_read_header(d, n, &h) == NXTRACE_E_INVALID);
    }
    clear_ctx();

    memcpy(d, kDocDatagram, n);
    d[4] = 2;
    CHECK(nxtrace_read_header(d, n, &h) == NXTRACE_E_INVALID);
    d[4] = 0;
    CHECK(nxtrace_read_header(d, n, &h) == NXTRACE_E_INVALID);
    d[4] = 1;
    CHECK(nxtrace_read_header(d, n, &h) == NXTRACE_OK);

    /* the datagram cut anywhere inside the last (LOG) event: it overruns */
    for (len = n - 25 + 1; len < n; len++) {
        off = NXTRACE_HEADER_LEN;
        set_ctx("cut datagram", len);
        CHECK(nxtrace_read_event(d, len, &off, &ev) == 1);
        CHECK(nxtrace_read_event(d, len, &off, &ev) == 1);
        CHECK(nxtrace_read_event(d, len, &off, &ev) == NXTRACE_E_NOSPACE);
        CHECK(off == n - 25); /* not advanced past the bad event */
    }
    clear_ctx();

    /* an event whose length field overruns the datagram by one byte */
    d[n - 25 + 3] = 0x16; /* LOG length 21 -> 22 */
    off = n - 25;
    CHECK(nxtrace_read_event(d, n, &off, &ev) == NXTRACE_E_NOSPACE);
    CHECK(off == n - 25);
    d[n - 25 + 2] = 0xFF; /* and wildly */
    CHECK(nxtrace_read_event(d, n, &off, &ev) == NXTRACE_E_NOSPACE);
    memcpy(d, kDocDatagram, n);

    /* truncated session block: STATUS length cut to 8 + 0..13 */
    for (len = 8; len < 8 + NXTRACE_SESSION_V4_LEN; len++) {
        memcpy(d, kDocDatagram, n);
        nxtrace_put16(d + 44 + 2, (uint16_t)len); /* the STATUS event starts at 44 */
        off = 44;
        set_ctx("truncated session, body", len);
        CHECK(nxtrace_read_event(d, n, &off, &ev) == 1 && ev.length == len);
        CHECK(nxtrace_read_status(&ev, &st) == NXTRACE_E_NOSPACE);
    }
    /* truncated record block: body 22 + 0..7 */
    for (len = 22; len < 30; len++) {
        memcpy(d, kDocDatagram, n);
        nxtrace_put16(d + 44 + 2, (uint16_t)len);
        off = 44;
        set_ctx("truncated record, body", len);
        CHECK(nxtrace_read_event(d, n, &off, &ev) == 1);
        CHECK(nxtrace_read_status(&ev, &st) == NXTRACE_E_NOSPACE);
    }
    /* STATUS shorter than its fixed part */
    for (len = 0; len < 8; len++) {
        memcpy(d, kDocDatagram, n);
        nxtrace_put16(d + 44 + 2, (uint16_t)len);
        off = 44;
        set_ctx("short status, body", len);
        CHECK(nxtrace_read_event(d, n, &off, &ev) == 1);
        CHECK(nxtrace_read_status(&ev, &st) == NXTRACE_E_NOSPACE);
    }
    clear_ctx();

    /* ip_version 5 in a SESSION block */
    memcpy(d, kDocDatagram, n);
    d[44 + 4 + 8] = 5;
    off = 44;
    CHECK(nxtrace_read_event(d, n, &off, &ev) == 1);
    CHECK(nxtrace_read_status(&ev, &st) == NXTRACE_E_INVALID);

    /* read_status on an event that is not STATUS */
    memcpy(d, kDocDatagram, n);
    off = NXTRACE_HEADER_LEN;
    CHECK(nxtrace_read_event(d, n, &off, &ev) == 1 && ev.type == NXTRACE_EVENT_DEVICE_INFO);
    CHECK(nxtrace_read_status(&ev, &st) == NXTRACE_E_INVALID);

    /* a dangling 1..3 bytes after the last event: not even an event header */
    memcpy(d, kDocDatagram, n);
    for (len = 1; len < 4; len++) {
        off = n;
        d[n] = 0x03;
        set_ctx("dangling bytes", len);
        CHECK(nxtrace_read_event(d, n + len, &off, &ev) == NXTRACE_E_NOSPACE && off == n);
    }
    clear_ctx();
}

/* What a receiver must accept: unknown types and STATUS extension bytes. */
static void test_reader_forward_compat(void)
{
    static uint8_t d[256];
    struct nxtrace_event ev = {0};
    struct nxtrace_status st;
    size_t n, off;
    static const uint8_t unknown[] = { 0x7F, 0xAA, 0x00, 0x03, 0x01, 0x02, 0x03 };

    /* DEVICE_INFO | unknown type 0x7F | STATUS | LOG */
    n = sizeof kDocDatagram;
    memcpy(d, kDocDatagram, 44);
    memcpy(d + 44, unknown, sizeof unknown);
    memcpy(d + 44 + sizeof unknown, kDocDatagram + 44, n - 44);
    n += sizeof unknown;
    off = NXTRACE_HEADER_LEN;
    CHECK(nxtrace_read_event(d, n, &off, &ev) == 1 && ev.type == NXTRACE_EVENT_DEVICE_INFO);
    CHECK(nxtrace_read_event(d, n, &off, &ev) == 1 && ev.type == 0x7F && ev.flags == 0xAA &&
          ev.length == 3 && ev.body[2] == 0x03);
    CHECK(nxtrace_read_event(d, n, &off, &ev) == 1 && ev.type == NXTRACE_EVENT_STATUS);
    CHECK(nxtrace_read_status(&ev, &st) == NXTRACE_OK && st.status == 0x11Bu);
    CHECK(nxtrace_read_event(d, n, &off, &ev) == 1 && ev.type == NXTRACE_EVENT_LOG);
    CHECK(nxtrace_read_event(d, n, &off, &ev) == 0 && off == n);

    /* STATUS with 3 extension bytes after the RECORD block */
    memcpy(d, kDocDatagram, 78);
    d[78] = 0xE1; d[79] = 0xE2; d[80] = 0xE3;
    memcpy(d + 81, kDocDatagram + 78, sizeof kDocDatagram - 78);
    n = sizeof kDocDatagram + 3;
    nxtrace_put16(d + 44 + 2, 30 + 3);
    off = 44;
    CHECK(nxtrace_read_event(d, n, &off, &ev) == 1 && ev.length == 33);
    CHECK(nxtrace_read_status(&ev, &st) == NXTRACE_OK);
    CHECK(st.has_session && st.has_record && st.record.sequence_number == 2 &&
          st.session.remote_port == 4433);
    CHECK(nxtrace_read_event(d, n, &off, &ev) == 1 && ev.type == NXTRACE_EVENT_LOG);
    CHECK(nxtrace_read_event(d, n, &off, &ev) == 0);
}

/* ---- the documented full datagram ---------------------------------------- */

static void test_doc_datagram(void)
{
    struct nxtrace_header h = {0};
    struct nxtrace_event ev = {0};
    struct nxtrace_status st;
    size_t n, off;

    fill(buf, BUF_SIZE);
    n = encode_doc_datagram(buf, BUF_SIZE);
    CHECK(n == sizeof kDocDatagram);
    CHECK(n == 103);
    CHECK_BYTES(buf, kDocDatagram, sizeof kDocDatagram);

    /* it is also exactly what fits: one byte less and the LOG is refused */
    CHECK(encode_doc_datagram(buf, sizeof kDocDatagram - 1) == 0);
    CHECK(encode_doc_datagram(buf, sizeof kDocDatagram) == sizeof kDocDatagram);

    CHECK(nxtrace_read_header(kDocDatagram, n, &h) == NXTRACE_OK);
    CHECK(h.flags == NXTRACE_HDR_FLAG_TS_UTC && h.event_count == 3 && h.device_id == 0x0A1B2C3Du &&
          h.seq == 42u && h.timestamp_us == 1772443815250000ull);
    off = NXTRACE_HEADER_LEN;
    CHECK(nxtrace_read_event(kDocDatagram, n, &off, &ev) == 1 && ev.type == NXTRACE_EVENT_DEVICE_INFO &&
          ev.length == 16 && ev.body[0] == 9 && memcmp(ev.body + 1, "sensor-07", 9) == 0 &&
          ev.body[10] == 5 && memcmp(ev.body + 11, "6.4.1", 5) == 0);
    CHECK(nxtrace_read_event(kDocDatagram, n, &off, &ev) == 1 && ev.flags == 0x0B);
    CHECK(nxtrace_read_status(&ev, &st) == NXTRACE_OK && st.role == NXTRACE_ROLE_DTLS_CLIENT &&
          !st.record_sent && st.api == NXTRACE_API_DTLS_CLIENT_SESSION_START);
    CHECK(nxtrace_read_event(kDocDatagram, n, &off, &ev) == 1 && ev.type == NXTRACE_EVENT_LOG &&
          ev.body[0] == NXTRACE_LOG_WARNING && ev.length == 21);
    CHECK(nxtrace_read_event(kDocDatagram, n, &off, &ev) == 0);
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/*
 * PROTOCOL.md holds the full datagram between the marker line below and the
 * next ``` fence, as hex pairs (anything after a '|' on a line is annotation).
 */
static void test_doc_hex_matches(const char *path)
{
    static const char marker[] = "<!-- test_wire: full-datagram -->";
    uint8_t got[512];
    char line[512];
    size_t n = 0;
    int state = 0; /* 0 seeking marker, 1 seeking fence, 2 in block, 3 done */
    FILE *f = fopen(path, "r");

    CHECK(f != NULL);
    if (f == NULL)
        return;
    while (state != 3 && fgets(line, sizeof line, f) != NULL) {
        char *p;
        if (state == 0) {
            if (strstr(line, marker) != NULL) state = 1;
            continue;
        }
        if (strncmp(line, "```", 3) == 0) {
            state = state == 1 ? 2 : 3;
            continue;
        }
        if (state != 2)
            continue;
        if ((p = strchr(line, '|')) != NULL)
            *p = '\0';
        for (p = line; *p; p++) {
            int hi = hexval((unsigned char)p[0]), lo;
            if (hi < 0) continue;
            lo = hexval((unsigned char)p[1]);
            if (lo < 0 || n == sizeof got) { n = sizeof got + 1; break; }
            got[n++] = (uint8_t)(hi << 4 | lo);
            p++;
        }
        if (n > sizeof got) break;
    }
    fclose(f);
    snprintf(check_ctx, sizeof check_ctx, "%s full-datagram hex (%lu bytes)", path, (unsigned long)n);
    CHECK(state == 3);
    CHECK(n == sizeof kDocDatagram);
    CHECK(n == sizeof kDocDatagram && memcmp(got, kDocDatagram, n) == 0);
    clear_ctx();
}

/* ---- byte helpers -------------------------------------------------------- */

static void test_byte_helpers(void)
{
    uint8_t b[8];
    static const uint8_t e48[6] = { 0xFE, 0xDC, 0xBA, 0x98, 0x76, 0x54 };
    static const uint8_t e64[8] = { 0x80, 0, 0, 0, 0, 0, 0, 0x01 };

    nxtrace_put48(b, 0xFEDCBA987654ull);
    CHECK_BYTES(b, e48, 6);
    CHECK(nxtrace_get48(b) == 0xFEDCBA987654ull);
    nxtrace_put48(b, 0xFFFF123456789ABCull); /* bits above 48 are dropped */
    CHECK(nxtrace_get48(b) == 0x123456789ABCull);
    nxtrace_put64(b, 0x8000000000000001ull);
    CHECK_BYTES(b, e64, 8);
    CHECK(nxtrace_get64(b) == 0x8000000000000001ull);
    nxtrace_put16(b, 0xFF01);
    CHECK(b[0] == 0xFF && b[1] == 0x01 && nxtrace_get16(b) == 0xFF01);
    nxtrace_put32(b, 0xF1E2D3C4u);
    CHECK(nxtrace_get32(b) == 0xF1E2D3C4u);
}

int main(int argc, char **argv)
{
    test_byte_helpers();
    test_header_bytes();
    test_event_count_patched();
    test_status_roundtrips();
    test_record_block_bytes();
    test_device_info_bytes();
    test_log_bytes();
    test_log_longest();
    test_refusal();
    test_invalid();
    test_state();
    test_reader_rejects();
    test_reader_forward_compat();
    test_doc_datagram();
    if (argc > 1)
        test_doc_hex_matches(argv[1]);

    printf("%lu passed, %lu failed\n", n_passed, n_failed);
    return n_failed > 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
