/*
 * nxtrace.h - the NetX Secure Trace wire format (version 1) and a small
 * encoder/decoder that device firmware can embed.
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 The nxtrace authors
 *
 * Permission is hereby granted, free of charge, to any person obtaining a copy
 * of this software and associated documentation files (the "Software"), to deal
 * in the Software without restriction, including without limitation the rights
 * to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
 * copies of the Software, and to permit persons to whom the Software is
 * furnished to do so, subject to the following conditions:
 *
 * The above copyright notice and this permission notice shall be included in
 * all copies or substantial portions of the Software.
 *
 * THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
 * IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
 * FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
 * AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
 * LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
 * OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
 * SOFTWARE.
 *
 * Everything here is header-only, allocation-free and uses only <stdint.h> and
 * <stddef.h>, so it compiles unchanged on a microcontroller, in the simulator
 * and in the tests.  The Wireshark plugin takes its constants from this file;
 * it parses with tvb accessors, not with the reader below.
 *
 * Layout (all integers big-endian), see docs/PROTOCOL.md:
 *   header  magic "NXTR" | version u8 | flags u8 | event_count u16 |
 *           device_id u32 | seq u32 | timestamp u64 (microseconds)
 *   event   type u8 | flags u8 | length u16 | body[length]
 */
#ifndef NXTRACE_H
#define NXTRACE_H

#include <stddef.h>
#include <stdint.h>

#ifndef NXTRACE_API
#define NXTRACE_API static inline
#endif

/* ---- datagram header ---------------------------------------------------- */
#define NXTRACE_MAGIC             0x4E585452u /* "NXTR" */
#define NXTRACE_VERSION           1u
#define NXTRACE_HEADER_LEN        24u
#define NXTRACE_DEFAULT_UDP_PORT  47474u

#define NXTRACE_HDR_FLAG_TS_UTC   0x01u /* timestamp is UTC, else since boot */
#define NXTRACE_HDR_FLAGS_RESERVED 0xFEu

/* ---- events ------------------------------------------------------------- */
#define NXTRACE_EVENT_HEADER_LEN  4u

enum nxtrace_event_type {
    NXTRACE_EVENT_STATUS      = 1,
    NXTRACE_EVENT_DEVICE_INFO = 2,
    NXTRACE_EVENT_LOG         = 3
};

/* STATUS event flags */
#define NXTRACE_STATUS_FLAG_SESSION     0x01u /* SESSION block follows      */
#define NXTRACE_STATUS_FLAG_RECORD      0x02u /* RECORD block follows       */
#define NXTRACE_STATUS_FLAG_RECORD_SENT 0x04u /* record sent by the device  */
#define NXTRACE_STATUS_ROLE_MASK        0x18u
#define NXTRACE_STATUS_ROLE_SHIFT       3
#define NXTRACE_STATUS_FLAGS_RESERVED   0xE0u

enum nxtrace_role {
    NXTRACE_ROLE_UNKNOWN     = 0,
    NXTRACE_ROLE_DTLS_CLIENT = 1,
    NXTRACE_ROLE_DTLS_SERVER = 2
    /* 3 is reserved */
};

#define NXTRACE_STATUS_FIXED_LEN   8u  /* status u32, api u16, reserved u16 */
#define NXTRACE_SESSION_FIXED_LEN  6u  /* ip_version, reserved, two ports   */
#define NXTRACE_SESSION_V4_LEN     (NXTRACE_SESSION_FIXED_LEN + 2u * 4u)
#define NXTRACE_SESSION_V6_LEN     (NXTRACE_SESSION_FIXED_LEN + 2u * 16u)
#define NXTRACE_RECORD_LEN         8u  /* epoch u16, sequence_number u48    */
#define NXTRACE_RECORD_SEQ_MAX     0xFFFFFFFFFFFFull

/* Syslog severities, as used by the LOG event */
enum nxtrace_log_level {
    NXTRACE_LOG_EMERG = 0, NXTRACE_LOG_ALERT, NXTRACE_LOG_CRIT, NXTRACE_LOG_ERR,
    NXTRACE_LOG_WARNING, NXTRACE_LOG_NOTICE, NXTRACE_LOG_INFO, NXTRACE_LOG_DEBUG
};

/*
 * Which service returned a status (the STATUS event's api field).  Ids are
 * stable: a later service gets a new id, an id is never reused.  One list,
 * expanded into the enum below and into the dissector's name table:
 *   X(id, ENUM_SUFFIX, "service name")
 */
#define NXTRACE_API_LIST(X) \
    X( 1, DTLS_CLIENT_PROTOCOL_VERSION_OVERRIDE, "nx_secure_dtls_client_protocol_version_override") \
    X( 2, DTLS_CLIENT_SESSION_SEND, "nx_secure_dtls_client_session_send") \
    X( 3, DTLS_CLIENT_SESSION_START, "nx_secure_dtls_client_session_start") \
    X( 4, DTLS_ECC_INITIALIZE, "nx_secure_dtls_ecc_initialize") \
    X( 5, DTLS_INITIALIZE, "nx_secure_dtls_initialize") \
    X( 6, DTLS_PACKET_ALLOCATE, "nx_secure_dtls_packet_allocate") \
    X( 7, DTLS_PSK_ADD, "nx_secure_dtls_psk_add") \
    X( 8, DTLS_SERVER_CREATE, "nx_secure_dtls_server_create") \
    X( 9, DTLS_SERVER_DELETE, "nx_secure_dtls_server_delete") \
    X(10, DTLS_SERVER_ECC_INITIALIZE, "nx_secure_dtls_server_ecc_initialize") \
    X(11, DTLS_SERVER_LOCAL_CERTIFICATE_ADD, "nx_secure_dtls_server_local_certificate_add") \
    X(12, DTLS_SERVER_LOCAL_CERTIFICATE_REMOVE, "nx_secure_dtls_server_local_certificate_remove") \
    X(13, DTLS_SERVER_NOTIFY_SET, "nx_secure_dtls_server_notify_set") \
    X(14, DTLS_SERVER_PROTOCOL_VERSION_OVERRIDE, "nx_secure_dtls_server_protocol_version_override") \
    X(15, DTLS_SERVER_PSK_ADD, "nx_secure_dtls_server_psk_add") \
    X(16, DTLS_SERVER_SESSION_SEND, "nx_secure_dtls_server_session_send") \
    X(17, DTLS_SERVER_SESSION_START, "nx_secure_dtls_server_session_start") \
    X(18, DTLS_SERVER_START, "nx_secure_dtls_server_start") \
    X(19, DTLS_SERVER_STOP, "nx_secure_dtls_server_stop") \
    X(20, DTLS_SERVER_TRUSTED_CERTIFICATE_ADD, "nx_secure_dtls_server_trusted_certificate_add") \
    X(21, DTLS_SERVER_TRUSTED_CERTIFICATE_REMOVE, "nx_secure_dtls_server_trusted_certificate_remove") \
    X(22, DTLS_SERVER_X509_CLIENT_VERIFY_CONFIGURE, "nx_secure_dtls_server_x509_client_verify_configure") \
    X(23, DTLS_SERVER_X509_CLIENT_VERIFY_DISABLE, "nx_secure_dtls_server_x509_client_verify_disable") \
    X(24, DTLS_SESSION_CLIENT_INFO_GET, "nx_secure_dtls_session_client_info_get") \
    X(25, DTLS_SESSION_CREATE, "nx_secure_dtls_session_create") \
    X(26, DTLS_SESSION_DELETE, "nx_secure_dtls_session_delete") \
    X(27, DTLS_SESSION_END, "nx_secure_dtls_session_end") \
    X(28, DTLS_SESSION_LOCAL_CERTIFICATE_ADD, "nx_secure_dtls_session_local_certificate_add") \
    X(29, DTLS_SESSION_LOCAL_CERTIFICATE_REMOVE, "nx_secure_dtls_session_local_certificate_remove") \
    X(30, DTLS_SESSION_RECEIVE, "nx_secure_dtls_session_receive") \
    X(31, DTLS_SESSION_RESET, "nx_secure_dtls_session_reset") \
    X(32, DTLS_SESSION_SEND, "nx_secure_dtls_session_send") \
    X(33, DTLS_SESSION_START, "nx_secure_dtls_session_start") \
    X(34, DTLS_SESSION_TRUSTED_CERTIFICATE_ADD, "nx_secure_dtls_session_trusted_certificate_add") \
    X(35, DTLS_SESSION_TRUSTED_CERTIFICATE_REMOVE, "nx_secure_dtls_session_trusted_certificate_remove")

#define NXTRACE_API_ENUM_ENTRY(id, sym, name) NXTRACE_API_##sym = id,
enum nxtrace_api_id {
    NXTRACE_API_UNKNOWN = 0,
    NXTRACE_API_LIST(NXTRACE_API_ENUM_ENTRY)
    NXTRACE_API_LAST_KNOWN = 35,
    NXTRACE_API_APPLICATION = 0xFFFF /* application-defined */
};
#undef NXTRACE_API_ENUM_ENTRY

/* ---- encoder ------------------------------------------------------------ */

enum nxtrace_result {
    NXTRACE_OK = 0,
    NXTRACE_E_NOSPACE = -1, /* the caller's buffer is too small: nothing written */
    NXTRACE_E_INVALID = -2, /* an argument the format cannot carry             */
    NXTRACE_E_STATE = -3    /* writer not begun, or already failed/finished    */
};

/* A STATUS event as the device knows it. */
struct nxtrace_status {
    uint32_t status;       /* the NetX UINT return value                       */
    uint16_t api;          /* enum nxtrace_api_id                              */
    uint8_t role;          /* enum nxtrace_role                                */
    uint8_t has_session;   /* fill .session                                    */
    uint8_t has_record;    /* fill .record and .record_sent                    */
    uint8_t record_sent;   /* 1: the device sent the record, 0: it received it */
    struct {
        uint8_t ip_version;     /* 4 or 6                                      */
        uint16_t local_port;
        uint16_t remote_port;
        uint8_t local_addr[16]; /* first 4 bytes used for IPv4                 */
        uint8_t remote_addr[16];
    } session;
    struct {
        uint16_t epoch;
        uint64_t sequence_number; /* 48 bits                                   */
    } record;
};

/* Writes one datagram into a caller-owned buffer. */
struct nxtrace_writer {
    uint8_t *buf;
    size_t cap;
    size_t len;
    uint16_t event_count;
    int state; /* 0 idle, 1 open, 2 finished */
};

NXTRACE_API void nxtrace_put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v;
}

NXTRACE_API void nxtrace_put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);  p[3] = (uint8_t)v;
}

NXTRACE_API void nxtrace_put48(uint8_t *p, uint64_t v)
{
    nxtrace_put16(p, (uint16_t)(v >> 32));
    nxtrace_put32(p + 2, (uint32_t)v);
}

NXTRACE_API void nxtrace_put64(uint8_t *p, uint64_t v)
{
    nxtrace_put32(p, (uint32_t)(v >> 32));
    nxtrace_put32(p + 4, (uint32_t)v);
}

NXTRACE_API uint16_t nxtrace_get16(const uint8_t *p)
{
    return (uint16_t)((p[0] << 8) | p[1]);
}

NXTRACE_API uint32_t nxtrace_get32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

NXTRACE_API uint64_t nxtrace_get48(const uint8_t *p)
{
    return ((uint64_t)nxtrace_get16(p) << 32) | nxtrace_get32(p + 2);
}

NXTRACE_API uint64_t nxtrace_get64(const uint8_t *p)
{
    return ((uint64_t)nxtrace_get32(p) << 32) | nxtrace_get32(p + 4);
}

/* Starts a datagram; the header is written at once, event_count at finish. */
NXTRACE_API int nxtrace_begin(struct nxtrace_writer *w, uint8_t *buf, size_t cap,
                              uint8_t flags, uint32_t device_id, uint32_t seq,
                              uint64_t timestamp_us)
{
    w->buf = buf; w->cap = cap; w->len = 0; w->event_count = 0; w->state = 0;
    if (buf == NULL)
        return NXTRACE_E_INVALID;
    if (flags & NXTRACE_HDR_FLAGS_RESERVED)
        return NXTRACE_E_INVALID;
    if (cap < NXTRACE_HEADER_LEN)
        return NXTRACE_E_NOSPACE;
    nxtrace_put32(buf, NXTRACE_MAGIC);
    buf[4] = (uint8_t)NXTRACE_VERSION;
    buf[5] = flags;
    nxtrace_put16(buf + 6, 0);
    nxtrace_put32(buf + 8, device_id);
    nxtrace_put32(buf + 12, seq);
    nxtrace_put64(buf + 16, timestamp_us);
    w->len = NXTRACE_HEADER_LEN;
    w->state = 1;
    return NXTRACE_OK;
}

/* Reserves an event of body_len bytes; returns the body or NULL. */
NXTRACE_API uint8_t *nxtrace_event_open(struct nxtrace_writer *w, uint8_t type,
                                        uint8_t flags, size_t body_len, int *rc)
{
    uint8_t *p;
    if (w->state != 1) { *rc = NXTRACE_E_STATE; return NULL; }
    if (body_len > 0xFFFFu || w->event_count == 0xFFFFu) { *rc = NXTRACE_E_INVALID; return NULL; }
    if (w->cap - w->len < NXTRACE_EVENT_HEADER_LEN + body_len) { *rc = NXTRACE_E_NOSPACE; return NULL; }
    p = w->buf + w->len;
    p[0] = type;
    p[1] = flags;
    nxtrace_put16(p + 2, (uint16_t)body_len);
    w->len += NXTRACE_EVENT_HEADER_LEN + body_len;
    w->event_count++;
    *rc = NXTRACE_OK;
    return p + NXTRACE_EVENT_HEADER_LEN;
}

/* Size of a STATUS body for st, or 0 if st cannot be encoded. */
NXTRACE_API size_t nxtrace_status_body_len(const struct nxtrace_status *st)
{
    size_t n = NXTRACE_STATUS_FIXED_LEN;
    if (st->role > NXTRACE_ROLE_DTLS_SERVER)
        return 0;
    if (st->has_session) {
        if (st->session.ip_version == 4)
            n += NXTRACE_SESSION_V4_LEN;
        else if (st->session.ip_version == 6)
            n += NXTRACE_SESSION_V6_LEN;
        else
            return 0;
    }
    if (st->has_record) {
        if (st->record.sequence_number > NXTRACE_RECORD_SEQ_MAX)
            return 0;
        n += NXTRACE_RECORD_LEN;
    }
    return n;
}

NXTRACE_API int nxtrace_add_status(struct nxtrace_writer *w, const struct nxtrace_status *st)
{
    int rc;
    uint8_t flags = 0, *p;
    size_t alen, n = nxtrace_status_body_len(st);
    if (n == 0)
        return NXTRACE_E_INVALID;
    if (st->has_session) flags |= NXTRACE_STATUS_FLAG_SESSION;
    if (st->has_record) {
        flags |= NXTRACE_STATUS_FLAG_RECORD;
        if (st->record_sent) flags |= NXTRACE_STATUS_FLAG_RECORD_SENT;
    }
    flags |= (uint8_t)(st->role << NXTRACE_STATUS_ROLE_SHIFT);
    p = nxtrace_event_open(w, NXTRACE_EVENT_STATUS, flags, n, &rc);
    if (p == NULL)
        return rc;
    nxtrace_put32(p, st->status);
    nxtrace_put16(p + 4, st->api);
    nxtrace_put16(p + 6, 0);
    p += NXTRACE_STATUS_FIXED_LEN;
    if (st->has_session) {
        alen = st->session.ip_version == 4 ? 4 : 16;
        p[0] = st->session.ip_version;
        p[1] = 0;
        nxtrace_put16(p + 2, st->session.local_port);
        nxtrace_put16(p + 4, st->session.remote_port);
        p += NXTRACE_SESSION_FIXED_LEN;
        for (n = 0; n < alen; n++) p[n] = st->session.local_addr[n];
        for (n = 0; n < alen; n++) p[alen + n] = st->session.remote_addr[n];
        p += 2 * alen;
    }
    if (st->has_record) {
        nxtrace_put16(p, st->record.epoch);
        nxtrace_put48(p + 2, st->record.sequence_number);
    }
    return NXTRACE_OK;
}

/* name and fw are UTF-8, at most 255 bytes each, not NUL-terminated on the wire. */
NXTRACE_API int nxtrace_add_device_info(struct nxtrace_writer *w, const char *name, size_t name_len,
                                        const char *fw, size_t fw_len)
{
    int rc;
    size_t i;
    uint8_t *p;
    if (name_len > 255u || fw_len > 255u || (name_len && !name) || (fw_len && !fw))
        return NXTRACE_E_INVALID;
    p = nxtrace_event_open(w, NXTRACE_EVENT_DEVICE_INFO, 0, 2u + name_len + fw_len, &rc);
    if (p == NULL)
        return rc;
    p[0] = (uint8_t)name_len;
    for (i = 0; i < name_len; i++) p[1 + i] = (uint8_t)name[i];
    p[1 + name_len] = (uint8_t)fw_len;
    for (i = 0; i < fw_len; i++) p[2 + name_len + i] = (uint8_t)fw[i];
    return NXTRACE_OK;
}

NXTRACE_API int nxtrace_add_log(struct nxtrace_writer *w, uint8_t level, const char *text, size_t text_len)
{
    int rc;
    size_t i;
    uint8_t *p;
    if (level > NXTRACE_LOG_DEBUG || (text_len && !text) || text_len > 0xFFFEu)
        return NXTRACE_E_INVALID;
    p = nxtrace_event_open(w, NXTRACE_EVENT_LOG, 0, 1u + text_len, &rc);
    if (p == NULL)
        return rc;
    p[0] = level;
    for (i = 0; i < text_len; i++) p[1 + i] = (uint8_t)text[i];
    return NXTRACE_OK;
}

/* Patches event_count; returns the datagram length, or 0 if the writer is not open. */
NXTRACE_API size_t nxtrace_finish(struct nxtrace_writer *w)
{
    if (w->state != 1)
        return 0;
    nxtrace_put16(w->buf + 6, w->event_count);
    w->state = 2;
    return w->len;
}

/* ---- reader (for tests and tools; bounds-checked, no allocation) -------- */

struct nxtrace_header {
    uint8_t version;
    uint8_t flags;
    uint16_t event_count;
    uint32_t device_id;
    uint32_t seq;
    uint64_t timestamp_us;
};

struct nxtrace_event {
    uint8_t type;
    uint8_t flags;
    uint16_t length;
    const uint8_t *body;
};

/* Returns NXTRACE_OK, NXTRACE_E_NOSPACE (short) or NXTRACE_E_INVALID (magic/version). */
NXTRACE_API int nxtrace_read_header(const uint8_t *buf, size_t len, struct nxtrace_header *h)
{
    if (len < NXTRACE_HEADER_LEN)
        return NXTRACE_E_NOSPACE;
    if (nxtrace_get32(buf) != NXTRACE_MAGIC || buf[4] != NXTRACE_VERSION)
        return NXTRACE_E_INVALID;
    h->version = buf[4];
    h->flags = buf[5];
    h->event_count = nxtrace_get16(buf + 6);
    h->device_id = nxtrace_get32(buf + 8);
    h->seq = nxtrace_get32(buf + 12);
    h->timestamp_us = nxtrace_get64(buf + 16);
    return NXTRACE_OK;
}

/*
 * Reads the event at *offset and advances it.  Returns 1 for an event, 0 at the
 * clean end of the datagram, NXTRACE_E_NOSPACE when an event overruns it.
 */
NXTRACE_API int nxtrace_read_event(const uint8_t *buf, size_t len, size_t *offset, struct nxtrace_event *ev)
{
    size_t off = *offset;
    if (off >= len)
        return 0;
    if (len - off < NXTRACE_EVENT_HEADER_LEN)
        return NXTRACE_E_NOSPACE;
    ev->type = buf[off];
    ev->flags = buf[off + 1];
    ev->length = nxtrace_get16(buf + off + 2);
    if (len - off - NXTRACE_EVENT_HEADER_LEN < ev->length)
        return NXTRACE_E_NOSPACE;
    ev->body = buf + off + NXTRACE_EVENT_HEADER_LEN;
    *offset = off + NXTRACE_EVENT_HEADER_LEN + ev->length;
    return 1;
}

/* Decodes a STATUS body; returns NXTRACE_OK or NXTRACE_E_INVALID/NOSPACE. */
NXTRACE_API int nxtrace_read_status(const struct nxtrace_event *ev, struct nxtrace_status *st)
{
    size_t off = NXTRACE_STATUS_FIXED_LEN, alen, i;
    const uint8_t *b = ev->body;
    if (ev->type != NXTRACE_EVENT_STATUS)
        return NXTRACE_E_INVALID;
    if (ev->length < NXTRACE_STATUS_FIXED_LEN)
        return NXTRACE_E_NOSPACE;
    st->status = nxtrace_get32(b);
    st->api = nxtrace_get16(b + 4);
    st->role = (uint8_t)((ev->flags & NXTRACE_STATUS_ROLE_MASK) >> NXTRACE_STATUS_ROLE_SHIFT);
    st->has_session = (ev->flags & NXTRACE_STATUS_FLAG_SESSION) != 0;
    st->has_record = (ev->flags & NXTRACE_STATUS_FLAG_RECORD) != 0;
    st->record_sent = (ev->flags & NXTRACE_STATUS_FLAG_RECORD_SENT) != 0;
    if (st->has_session) {
        if (ev->length - off < NXTRACE_SESSION_FIXED_LEN)
            return NXTRACE_E_NOSPACE;
        st->session.ip_version = b[off];
        if (b[off] != 4 && b[off] != 6)
            return NXTRACE_E_INVALID;
        alen = b[off] == 4 ? 4 : 16;
        if (ev->length - off < NXTRACE_SESSION_FIXED_LEN + 2 * alen)
            return NXTRACE_E_NOSPACE;
        st->session.local_port = nxtrace_get16(b + off + 2);
        st->session.remote_port = nxtrace_get16(b + off + 4);
        off += NXTRACE_SESSION_FIXED_LEN;
        for (i = 0; i < 16; i++) {
            st->session.local_addr[i] = i < alen ? b[off + i] : 0;
            st->session.remote_addr[i] = i < alen ? b[off + alen + i] : 0;
        }
        off += 2 * alen;
    }
    if (st->has_record) {
        if (ev->length - off < NXTRACE_RECORD_LEN)
            return NXTRACE_E_NOSPACE;
        st->record.epoch = nxtrace_get16(b + off);
        st->record.sequence_number = nxtrace_get48(b + off + 2);
    }
    return NXTRACE_OK;
}

#endif /* NXTRACE_H */
