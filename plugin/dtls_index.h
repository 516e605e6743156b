/* dtls_index.h - the DTLS records of one capture, per UDP conversation, so a
 * trace status can be linked to the records it concerns (and back).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Filled on the first pass only, in frame order, so every per-session array
 * is sorted by frame without sorting.  A session is the DTLS traffic of one
 * UDP conversation and hangs off it as conversation data.  Records are kept
 * by value (24 bytes) and referred to by index + 1 (0: none).  Lookups are a
 * binary search (by frame, or by epoch and sequence number in one direction)
 * or one hash probe; nothing walks a whole session.
 */
#ifndef NXT_DTLS_INDEX_H
#define NXT_DTLS_INDEX_H

#include "ws_compat.h"
#include "dtls_records.h"
#include <epan/address.h>
#include <epan/conversation.h>

/* One DTLS record: 24 bytes, all 32-bit fields, so that a million records
 * cost 24 MB.  The capture time is an offset from the base of the record's
 * block (nxt_dtls_record_ts()); the 48-bit sequence number and the epoch are
 * split in two words (nxt_dtls_record_key()). */
typedef struct {
    guint32 key_lo;        /* sequence number, bits 0-31                      */
    guint32 key_hi;        /* epoch << 16 | sequence number bits 32-47         */
    guint32 frame;
    guint32 ts;            /* see nxt_dtls_record_ts()                        */
    guint32 named_frame;   /* first status about this record (it names it, or */
                           /* implies this alert); 0: none (nxtrace_link.c)   */
    unsigned content_type : 5;
    unsigned alert_level : 2;  /* 1 warning, 2 fatal; 0: none or not visible */
    unsigned from : 1;         /* sender: index into the session's endpoints */
    unsigned hs_type : 8;      /* NXT_DTLS_HIDDEN: none or not visible       */
    unsigned alert_desc : 8;   /* NXT_DTLS_HIDDEN: none or not visible       */
    unsigned copy : 1;         /* an earlier record has its key (a replay)   */
    unsigned has_copy : 1;     /* a later one has it: nxt_dtls_next_copy()   */
    unsigned more_named : 1;   /* more statuses are about it (nxtrace_link.c) */
    unsigned named_status : 4; /* nxtrace_link.c: the first status's value  */
    unsigned listed : 1;       /* its key exceeds all its sender's before    */
} nxt_dtls_record_t;

/* A block of records: the first holds 1, each next one twice as many up to
 * 1 << NXT_DTLS_BLOCK_MAX_SHIFT; times are offsets from `base` in `unit` ns
 * (1000 when the base is a whole microsecond, as in every pcap and most
 * pcapng files).  DTLS sequence numbers rise per sender, so a record whose
 * key exceeds all its sender's before is `listed`, and `top` tells, per
 * sender, the highest listed key up to the block's end (plus one; 0: none):
 * a binary search over the blocks and a scan of one block find any listed
 * record.  The others (reordering, replays) go to side maps. */
#define NXT_DTLS_BLOCK_MAX_SHIFT 5
typedef struct {
    gint64 base;
    guint64 top[2];
    guint32 unit;
    guint32 size;          /* room for records                               */
    nxt_dtls_record_t r[];
} nxt_dtls_block_t;

/* A time that does not fit the block's offsets is kept in a side map. */
#define NXT_DTLS_TS_FAR G_MAXUINT32

/* Handshake messages, ChangeCipherSpec and alerts of a session in the order
 * they were seen, one letter each (Zeek's ssl_history letters; upper case:
 * endpoint 0, lower case: endpoint 1; repeats of a letter collapse), so a
 * fragmented or retransmitted message reads once. */
#define NXT_DTLS_HISTORY_LEN 31

/* Endpoint addresses are kept inline, at the end of the session: UDP runs
 * over IPv4 or IPv6, so both are of one type and at most this long. */
#define NXT_DTLS_ADDR_MAX 16

typedef struct nxt_dtls_session {
    nxt_dtls_block_t **blocks; /* records by frame, see nxt_dtls_record()     */
    wmem_array_t *hellos;  /* guint32 frames where a later handshake began (or NULL) */
    wmem_array_t *alerts;  /* guint32 indexes of alert records (or NULL)        */
    void *link_state;      /* owned by nxtrace_link.c                           */
    guint32 count;         /* records indexed                                  */
    guint32 nblocks, blocks_cap;
    guint32 id;            /* 1, 2, ... in order of the first record (nxt_dtls_session_by_id) */
    guint32 udp_stream;
    guint32 hello0;        /* frame where the first handshake began, 0: none    */
    guint32 out_of_order;  /* records only reachable through the side map      */
    /* What the review needs, kept for handshake, CCS and alert records only. */
    guint32 first_frame, last_frame;
    guint32 server_hello_frame; /* the latest ServerHello whose suite was read  */
    guint32 finished[2];   /* per sender: frame of its latest Finished          */
    guint32 close_notify;  /* index + 1 of the first close_notify, 0: none       */
    guint32 fatal_alert;   /* index + 1 of the first fatal alert, 0: none        */
    guint16 port[2];       /* [0] sent the first record we saw                 */
    guint16 cipher;        /* suite the ServerHello chose, 0: not seen          */
    gint8 client;          /* endpoint that sent the first ClientHello, -1: none */
    guint8 ccs_seen;       /* bit per sender: ChangeCipherSpec seen, Finished due */
    guint8 history_len;
    guint8 addr_type;      /* address_type of both endpoints                   */
    guint8 addr_len;       /* bytes per address, at most NXT_DTLS_ADDR_MAX      */
    char history[NXT_DTLS_HISTORY_LEN + 1];
    guint8 addr_bytes[];   /* endpoint 0's address, then endpoint 1's           */
} nxt_dtls_session_t;

/* Endpoint i's address (0 or 1), pointing into the session. */
static inline void nxt_dtls_session_address(const nxt_dtls_session_t *s, int i, address *out)
{
    set_address(out, s->addr_type, s->addr_len, s->addr_bytes + (gsize)i * s->addr_len);
}

/* Frames where a handshake began, in order (the first kept inline). */
static inline guint nxt_dtls_hello_count(const nxt_dtls_session_t *s)
{
    return s->hello0 == 0 ? 0 : 1 + (s->hellos ? wmem_array_get_count(s->hellos) : 0);
}

static inline guint32 nxt_dtls_hello_at(const nxt_dtls_session_t *s, guint i)
{
    return i == 0 ? s->hello0 : *(guint32 *)wmem_array_index(s->hellos, i - 1);
}

#define NXT_DTLS_KEY(epoch, seq) (((guint64)(epoch) << 48) | ((seq) & G_GUINT64_CONSTANT(0xFFFFFFFFFFFF)))

/* Once, at registration: the maps empty themselves with the file scope. */
void nxt_dtls_index_register(int proto);

/* First pass: appends this frame's records to the session of its UDP
 * conversation (created on its first records).  Returns the session and,
 * in *first, the index + 1 of the first record added; NULL if none. */
nxt_dtls_session_t *nxt_dtls_index_frame(packet_info *pinfo, const nxt_dtls_record_info_t *recs, guint n,
                                         guint32 *first);

/* The session of the UDP flow between these endpoints (either order) as it
 * stood at frame, or NULL. */
nxt_dtls_session_t *nxt_dtls_session_of_flow(guint32 frame, const address *a, guint16 pa,
                                             const address *b, guint16 pb);

/* The session of a UDP conversation, or NULL. */
nxt_dtls_session_t *nxt_dtls_session_of_conversation(conversation_t *conv);

/* Endpoint index (0/1) of addr:port in s, or -1; with port 0, by address only. */
int nxt_dtls_endpoint(const nxt_dtls_session_t *s, const address *addr, guint16 port);

static inline guint32 nxt_dtls_count(const nxt_dtls_session_t *s)
{
    return s->count;
}

/* Where record idx1 (1..count) sits: blocks of 1, 2, 4, ..., 32 records,
 * then 32 each; they never move, so a session grows without copying, and a
 * session of one record costs a block of one. */
#define NXT_DTLS_BLOCKS_GROWING ((2u << NXT_DTLS_BLOCK_MAX_SHIFT) - 1) /* records in the growing blocks */

/* Index of block b's first record (0-based). */
static inline guint32 nxt_dtls_block_start(guint32 b)
{
    if (b <= NXT_DTLS_BLOCK_MAX_SHIFT)
        return (1u << b) - 1;
    return NXT_DTLS_BLOCKS_GROWING + ((b - NXT_DTLS_BLOCK_MAX_SHIFT - 1) << NXT_DTLS_BLOCK_MAX_SHIFT);
}

static inline nxt_dtls_block_t *nxt_dtls_block_of(const nxt_dtls_session_t *s, guint32 idx1, guint32 *slot)
{
    guint32 i = idx1 - 1;
    unsigned b;

    if (i < NXT_DTLS_BLOCKS_GROWING)
        b = g_bit_storage(i + 1) - 1; /* floor(log2(i + 1)) */
    else
        b = NXT_DTLS_BLOCK_MAX_SHIFT + 1 + ((i - NXT_DTLS_BLOCKS_GROWING) >> NXT_DTLS_BLOCK_MAX_SHIFT);
    *slot = i - nxt_dtls_block_start(b);
    return s->blocks[b];
}

static inline nxt_dtls_record_t *nxt_dtls_record(const nxt_dtls_session_t *s, guint32 idx1)
{
    guint32 slot;
    nxt_dtls_block_t *b = nxt_dtls_block_of(s, idx1, &slot);

    return &b->r[slot];
}

static inline guint64 nxt_dtls_record_key(const nxt_dtls_record_t *r)
{
    return ((guint64)r->key_hi << 32) | r->key_lo;
}

/* Capture time of record idx1, in ns since the epoch. */
gint64 nxt_dtls_record_ts(const nxt_dtls_session_t *s, guint32 idx1);

/* The session with this id (nxt_dtls_session_t.id: 1, 2, ... in order of
 * their first record), NULL for 0 or past the last. */
nxt_dtls_session_t *nxt_dtls_session_by_id(guint32 id);

/* A (session, record key or index) pair: the key of the index's side maps
 * and of nxtrace_link.c's maps of records. */
typedef struct {
    const struct nxt_dtls_session *session;
    guint64 key;     /* epoch/seq key, or an index + 1 */
    guint32 from;    /* sender; NXT_DTLS_REF_INDEX when key is an index + 1 */
    guint32 value;   /* what the map keeps (an index + 1), if it is its own value */
} nxt_dtls_ref_t;

#define NXT_DTLS_REF_INDEX 2u

guint nxt_dtls_ref_hash(gconstpointer k);
gboolean nxt_dtls_ref_equal(gconstpointer a, gconstpointer b);

/* The next record with the same sender and key (a replay), 0 if none. */
guint32 nxt_dtls_next_copy(const nxt_dtls_session_t *s, guint32 idx1);

/* The 1-based position of record idx1 in its frame. */
guint32 nxt_dtls_position_in_frame(const nxt_dtls_session_t *s, guint32 idx1);

/* First record (index + 1) with that sender and key, 0 if none; later copies
 * follow through next_same. */
guint32 nxt_dtls_find(const nxt_dtls_session_t *s, int from, guint64 key);

/* How many of the session's records lie in frames before frame. */
guint32 nxt_dtls_records_before(const nxt_dtls_session_t *s, guint32 frame);

/* Frame where the handshake under way at frame began, else the session's
 * first one (if it is before `limit`); 0 if none. */
guint32 nxt_dtls_handshake_start(const nxt_dtls_session_t *s, guint32 frame, guint32 limit);

/* The latest alert record (index + 1) from `from` at or before frame that
 * fits (close_notify or not; a hidden description fits both); 0 if none. */
guint32 nxt_dtls_last_alert(const nxt_dtls_session_t *s, int from, guint32 frame, gboolean close_notify);

/* Does alert record r fit a search for close_notify (or for any other)? */
gboolean nxt_dtls_alert_fits(const nxt_dtls_record_t *r, int from, gboolean close_notify);

#endif /* NXT_DTLS_INDEX_H */
