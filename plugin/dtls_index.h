/* dtls_index.h - the DTLS records of one capture, indexed per session, so a
 * trace status can be linked to the records it concerns (and back).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Filled on the first pass only (records arrive in frame order, so every
 * per-session array is sorted by frame without sorting); queried on every
 * pass.  All memory is file scope.  Lookups are O(1) hash or O(log n) binary
 * search; nothing walks a whole session.
 */
#ifndef NXT_DTLS_INDEX_H
#define NXT_DTLS_INDEX_H

#include "ws_compat.h"
#include <epan/address.h>

#define NXT_DTLS_CT_CHANGE_CIPHER_SPEC 20
#define NXT_DTLS_CT_ALERT 21
#define NXT_DTLS_CT_HANDSHAKE 22
#define NXT_DTLS_CT_APPLICATION_DATA 23
#define NXT_DTLS_HS_HELLO_REQUEST 0
#define NXT_DTLS_HS_CLIENT_HELLO 1
#define NXT_DTLS_HS_HELLO_VERIFY_REQUEST 3
#define NXT_DTLS_NONE 0xFFFFu

typedef struct nxt_dtls_session nxt_dtls_session_t;
typedef struct nxt_dtls_record nxt_dtls_record_t;

struct nxt_dtls_record {
    guint64 seq;                  /* 48-bit DTLS sequence number                 */
    gint64 ts_ns;                 /* capture time of the frame                   */
    nxt_dtls_session_t *session;
    nxt_dtls_record_t *next_same; /* the same (direction, epoch, seq) again       */
    guint32 frame;
    guint32 pos;                  /* index in session->records                    */
    guint32 named_by_frame;       /* first status naming this record, 0 if none   */
    guint32 named_by_status;
    guint16 epoch;
    guint16 alert;                /* level << 8 | description; 0xFF: not visible  */
    guint8 content_type;
    guint8 from;                  /* sender: 0 or 1, index into session endpoints */
    guint8 hs_type;               /* first handshake message type, 0xFF if none   */
    guint8 in_frame;              /* 1-based position of the record in its frame  */
};

struct nxt_dtls_session {
    address addr[2];              /* [0] sent the first record we saw             */
    guint16 port[2];
    guint32 udp_stream;
    wmem_array_t *records;        /* nxt_dtls_record_t *, by frame                 */
    wmem_array_t *hello_frames;   /* guint32 frames where a handshake began, ascending */
    wmem_array_t *alerts;         /* nxt_dtls_record_t * of alert records, by frame */
    guint unresolved;             /* record keys statuses named that have not come */
};

/* One record as the postdissector read it from the DTLS tree. */
typedef struct {
    guint64 seq;
    guint16 epoch;
    guint16 alert;   /* level << 8 | desc; a byte of 0xFF: not visible */
    guint8 content_type;
    guint8 hs_type;  /* 0xFF if none */
} nxt_dtls_record_info_t;

void nxt_dtls_index_init(void);

/* First pass: adds the records of one frame; src/dst from the frame's UDP flow. */
void nxt_dtls_index_add_frame(packet_info *pinfo, guint32 udp_stream,
                              const nxt_dtls_record_info_t *recs, guint nrecs);

/* The session between these two endpoints (either order), or NULL; scratch
 * holds the lookup key (pinfo->pool). */
nxt_dtls_session_t *nxt_dtls_session_by_flow(wmem_allocator_t *scratch, const address *a, guint16 pa,
                                             const address *b, guint16 pb);

/* Every session one of whose endpoints is addr (any port); NULL if none. */
wmem_list_t *nxt_dtls_sessions_of_address(wmem_allocator_t *scratch, const address *addr);

/* Endpoint index (0/1) of addr:port in session, or -1. */
int nxt_dtls_endpoint(const nxt_dtls_session_t *s, const address *addr, guint16 port);

/* First record with that sender, epoch and seq (next ones via ->next_same). */
nxt_dtls_record_t *nxt_dtls_find_record(const nxt_dtls_session_t *s, int from, guint16 epoch, guint64 seq);

/* Last record before frame and first one after it (either may be NULL). */
void nxt_dtls_neighbours(const nxt_dtls_session_t *s, guint32 frame,
                         nxt_dtls_record_t **prev, nxt_dtls_record_t **next);

/* Frame where the handshake under way at frame began (its first ClientHello),
 * else the session's first one; 0 if none. */
guint32 nxt_dtls_handshake_start(const nxt_dtls_session_t *s, guint32 frame);

/* The alert record sent by `from` at or before frame (the latest), else the
 * first after it up to not_after_ns; close_notify selects close_notify alerts
 * or all others.  NULL if none. */
nxt_dtls_record_t *nxt_dtls_nearest_alert(const nxt_dtls_session_t *s, int from, guint32 frame,
                                          gboolean close_notify, gint64 not_after_ns);

/* First pass: a status names a record: `found` (the first with its key), or
 * one not indexed yet.  Records with that key indexed later (late arrivals,
 * replays) link back to the status. */
void nxt_dtls_note_named(nxt_dtls_session_t *s, nxt_dtls_record_t *found, int from, guint16 epoch, guint64 seq,
                         guint32 status_frame, guint32 status);

/* Reverse links: a status in status_frame names or concerns record_frame. */
void nxt_dtls_add_reporter(guint32 record_frame, guint32 status_frame, guint32 status);
/* Status frames (and values) that concern record_frame: pairs in a guint32 array, or NULL. */
wmem_array_t *nxt_dtls_reporters(guint32 record_frame);

#endif /* NXT_DTLS_INDEX_H */
