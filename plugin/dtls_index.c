/* dtls_index.c - DTLS records of one capture, per UDP conversation
 * (see dtls_index.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "dtls_index.h"
#include "nxt_store.h"

#include <epan/dissectors/packet-udp.h>

static int proto_sessions = -1; /* conversation data key */

#define NXT_ALERT_SCAN_LIMIT 64
#define NXT_ALERT_LEVEL_FATAL_WIRE 2

/* DTLS sequence numbers grow per sender, so each sender's records are found
 * through the blocks' `top` keys (dtls_index.h).  A record whose key does not
 * exceed all earlier ones (reordering, a replay, a new epoch's restart is
 * not one: the epoch is the high part) goes to the side map instead:
 * (session, sender, key) -> index + 1. */
static wmem_map_t *side_map;

/* Replays: (session, record index) -> the next record with its key. */
static wmem_map_t *copies;

/* Record times that do not fit their block's 32-bit offsets:
 * (session, record index) -> gint64 ns. */
static wmem_map_t *far_times;

/* The file's sessions by id, i.e. in order of their first record; reset
 * with every file. */
static nxt_store_t sessions_by_id;

guint nxt_dtls_ref_hash(gconstpointer k)
{
    const nxt_dtls_ref_t *e = (const nxt_dtls_ref_t *)k;
    return g_direct_hash(e->session) ^ (guint)(e->key ^ (e->key >> 29)) ^ (e->from * 0x9E3779B1u);
}

gboolean nxt_dtls_ref_equal(gconstpointer a, gconstpointer b)
{
    const nxt_dtls_ref_t *x = (const nxt_dtls_ref_t *)a, *y = (const nxt_dtls_ref_t *)b;
    return x->session == y->session && x->key == y->key && x->from == y->from;
}

static void ref_insert(wmem_map_t *map, const nxt_dtls_session_t *s, guint64 key, guint32 from, guint32 value)
{
    nxt_dtls_ref_t *e = wmem_new(wmem_file_scope(), nxt_dtls_ref_t);

    e->session = s;
    e->key = key;
    e->from = from;
    e->value = value;
    wmem_map_insert(map, e, e);
}

static guint32 ref_lookup(wmem_map_t *map, const nxt_dtls_session_t *s, guint64 key, guint32 from)
{
    nxt_dtls_ref_t probe = { s, key, from, 0 }, *e;

    e = (nxt_dtls_ref_t *)wmem_map_lookup(map, &probe);
    return e ? e->value : 0;
}

guint32 nxt_dtls_next_copy(const nxt_dtls_session_t *s, guint32 idx1)
{
    if (!nxt_dtls_record(s, idx1)->has_copy)
        return 0;
    return ref_lookup(copies, s, idx1, NXT_DTLS_REF_INDEX);
}

gint64 nxt_dtls_record_ts(const nxt_dtls_session_t *s, guint32 idx1)
{
    guint32 slot;
    const nxt_dtls_block_t *b = nxt_dtls_block_of(s, idx1, &slot);
    nxt_dtls_ref_t probe = { s, idx1, NXT_DTLS_REF_INDEX, 0 };
    const gint64 *far;

    if (b->r[slot].ts != NXT_DTLS_TS_FAR)
        return b->base + (gint64)b->r[slot].ts * b->unit;
    far = (const gint64 *)wmem_map_lookup(far_times, &probe);
    return far ? *far : b->base;
}

static void sessions_init(void)
{
    nxt_store_reset(&sessions_by_id, sizeof(nxt_dtls_session_t *), 10);
}

nxt_dtls_session_t *nxt_dtls_session_by_id(guint32 id)
{
    if (id == 0 || id > sessions_by_id.count)
        return NULL;
    return *(nxt_dtls_session_t **)nxt_store_at(&sessions_by_id, id - 1);
}

void nxt_dtls_index_register(int proto)
{
    proto_sessions = proto;
    side_map = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), nxt_dtls_ref_hash, nxt_dtls_ref_equal);
    copies = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), nxt_dtls_ref_hash, nxt_dtls_ref_equal);
    far_times = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), nxt_dtls_ref_hash, nxt_dtls_ref_equal);
    sessions_init();
    register_init_routine(sessions_init);
}

/* A session for the conversation of this frame, or NULL when its endpoints
 * are not two addresses of one type that fit inline (UDP over IP always is). */
static nxt_dtls_session_t *session_new(packet_info *pinfo, conversation_t *conv)
{
    wmem_allocator_t *f = wmem_file_scope();
    nxt_dtls_session_t *s;
    struct udp_analysis *udp;
    int len = pinfo->src.len;

    if (pinfo->src.type != pinfo->dst.type || pinfo->dst.len != len || len < 0 || len > NXT_DTLS_ADDR_MAX ||
        pinfo->src.type < 0 || pinfo->src.type > G_MAXUINT8)
        return NULL;
    s = (nxt_dtls_session_t *)wmem_alloc0(f, sizeof *s + 2 * (gsize)len);
    s->addr_type = (guint8)pinfo->src.type;
    s->addr_len = (guint8)len;
    if (len > 0) {
        memcpy(s->addr_bytes, pinfo->src.data, len);
        memcpy(s->addr_bytes + len, pinfo->dst.data, len);
    }
    s->port[0] = (guint16)pinfo->srcport;
    s->port[1] = (guint16)pinfo->destport;
    udp = get_udp_conversation_data(conv, pinfo);
    s->udp_stream = udp ? udp->stream : 0;
    *(nxt_dtls_session_t **)nxt_store_append(&sessions_by_id, &s->id) = s;
    s->id++;
    s->first_frame = pinfo->num;
    s->client = -1;
    conversation_add_proto_data(conv, proto_sessions, s);
    return s;
}

static guint32 u32_at(wmem_array_t *a, guint i)
{
    return *(guint32 *)wmem_array_index(a, i);
}

guint32 nxt_dtls_find(const nxt_dtls_session_t *s, int from, guint64 key)
{
    guint32 lo = 0, hi = s->nblocks;

    if (key != G_MAXUINT64) {
        /* The first block whose listed records of `from` reach key. */
        while (lo < hi) {
            guint32 mid = lo + (hi - lo) / 2;
            if (s->blocks[mid]->top[from] > key)
                hi = mid;
            else
                lo = mid + 1;
        }
        if (lo < s->nblocks) {
            const nxt_dtls_block_t *b = s->blocks[lo];
            guint32 start = nxt_dtls_block_start(lo), n = MIN(b->size, s->count - start);

            for (guint32 i = 0; i < n; i++) {
                const nxt_dtls_record_t *r = &b->r[i];
                if (r->listed && r->from == (unsigned)from) {
                    guint64 k = nxt_dtls_record_key(r);
                    if (k == key)
                        return start + i + 1;
                    if (k > key)
                        break;
                }
            }
        }
    }
    if (s->out_of_order > 0)
        return ref_lookup(side_map, s, key, (guint32)from);
    return 0;
}

/* Does this record begin a handshake?  A ClientHello does, unless it answers
 * a HelloVerifyRequest or repeats a ClientHello (same handshake); so does a
 * HelloRequest.  Without keys a renegotiation is only an encrypted handshake
 * record after application data: one that follows no handshake or
 * ChangeCipherSpec record (which would make it a Finished) begins one too. */
static gboolean begins_handshake(const nxt_dtls_session_t *s, guint32 idx1)
{
    const nxt_dtls_record_t *r = nxt_dtls_record(s, idx1), *prev;

    if (r->content_type != NXT_DTLS_CT_HANDSHAKE)
        return FALSE;
    if (r->hs_type == NXT_DTLS_HS_HELLO_REQUEST)
        return TRUE;
    if (r->hs_type != NXT_DTLS_HS_CLIENT_HELLO && !(r->hs_type == NXT_DTLS_HIDDEN && (r->key_hi >> 16) > 0))
        return FALSE;
    if (idx1 == 1)
        return TRUE;
    prev = nxt_dtls_record(s, idx1 - 1);
    if (r->hs_type == NXT_DTLS_HIDDEN)
        return prev->content_type != NXT_DTLS_CT_HANDSHAKE && prev->content_type != NXT_DTLS_CT_CHANGE_CIPHER_SPEC;
    return !(prev->content_type == NXT_DTLS_CT_HANDSHAKE &&
             (prev->hs_type == NXT_DTLS_HS_HELLO_VERIFY_REQUEST || prev->hs_type == NXT_DTLS_HS_CLIENT_HELLO));
}

/* Zeek's ssl_history letter for a handshake message type ('Z': other). */
static char history_letter(guint8 hs_type)
{
    static const char letters[] = "HCSVT______XKRNYG___F";

    if (hs_type == NXT_DTLS_HIDDEN)
        return '?';
    return hs_type < sizeof letters - 1 && letters[hs_type] != '_' ? letters[hs_type] : 'Z';
}

static void history_add(nxt_dtls_session_t *s, int from, char c)
{
    if (from == 1)
        c = g_ascii_tolower(c);
    if (s->history_len > 0 && s->history[s->history_len - 1] == c)
        return;
    if (s->history_len >= NXT_DTLS_HISTORY_LEN) {
        s->history[NXT_DTLS_HISTORY_LEN - 1] = '+'; /* more than fits */
        return;
    }
    s->history[s->history_len++] = c;
    s->history[s->history_len] = '\0';
}

/* The facts the review reports, from a handshake, CCS or alert record:
 * never called for application data. */
static void note_session_facts(nxt_dtls_session_t *s, const nxt_dtls_record_t *r, guint32 idx1, guint16 cipher)
{
    int from = r->from;

    switch (r->content_type) {
    case NXT_DTLS_CT_CHANGE_CIPHER_SPEC:
        s->ccs_seen |= (guint8)(1u << from);
        history_add(s, from, 'I');
        break;
    case NXT_DTLS_CT_HANDSHAKE:
        /* Without keys, the encrypted handshake record right after a CCS is
         * the sender's Finished. */
        if (r->hs_type == NXT_DTLS_HS_FINISHED || (r->hs_type == NXT_DTLS_HIDDEN && (s->ccs_seen & (1u << from)))) {
            s->finished[from] = r->frame;
            s->ccs_seen &= (guint8)~(1u << from);
            history_add(s, from, 'F');
            break;
        }
        if (r->hs_type == NXT_DTLS_HS_CLIENT_HELLO && s->client < 0)
            s->client = (gint8)from;
        if (r->hs_type == NXT_DTLS_HS_SERVER_HELLO && cipher != 0) {
            s->cipher = cipher;
            s->server_hello_frame = r->frame;
        }
        history_add(s, from, history_letter(r->hs_type));
        break;
    case NXT_DTLS_CT_ALERT:
        if (r->alert_desc == NXT_DTLS_ALERT_CLOSE_NOTIFY && s->close_notify == 0)
            s->close_notify = idx1;
        if (r->alert_level == NXT_ALERT_LEVEL_FATAL_WIRE && s->fatal_alert == 0)
            s->fatal_alert = idx1;
        history_add(s, from, 'L');
        break;
    default:
        break;
    }
}

static gboolean last_block_full(const nxt_dtls_session_t *s)
{
    guint32 slot;

    if (s->count == 0)
        return TRUE;
    nxt_dtls_block_of(s, s->count, &slot);
    return slot + 1 == s->blocks[s->nblocks - 1]->size;
}

/* Appends a record captured at ts_ns; returns its index + 1. */
static guint32 append_record(nxt_dtls_session_t *s, const nxt_dtls_record_t *r, gint64 ts_ns)
{
    wmem_allocator_t *f = wmem_file_scope();
    nxt_dtls_block_t *b;
    nxt_dtls_record_t *slot;
    gint64 off;

    if (last_block_full(s)) {
        /* The last block is full: the next one has room for twice as many, up to the maximum. */
        guint shift = MIN(s->nblocks, NXT_DTLS_BLOCK_MAX_SHIFT);
        if (s->nblocks == s->blocks_cap) {
            s->blocks_cap = s->blocks_cap ? s->blocks_cap * 2 : 1;
            s->blocks = (nxt_dtls_block_t **)wmem_realloc(f, s->blocks, s->blocks_cap * sizeof *s->blocks);
        }
        b = (nxt_dtls_block_t *)wmem_alloc(f, sizeof *b + (sizeof(nxt_dtls_record_t) << shift));
        if (s->nblocks > 0) {
            b->top[0] = s->blocks[s->nblocks - 1]->top[0];
            b->top[1] = s->blocks[s->nblocks - 1]->top[1];
        } else {
            b->top[0] = b->top[1] = 0;
        }
        b->base = ts_ns;
        b->unit = ts_ns % 1000 == 0 ? 1000 : 1;
        b->size = 1u << shift;
        s->blocks[s->nblocks++] = b;
    }
    s->count++;
    slot = nxt_dtls_record(s, s->count);
    *slot = *r;
    b = s->blocks[s->nblocks - 1];
    off = ts_ns - b->base;
    if (off >= 0 && off % b->unit == 0 && off / b->unit < NXT_DTLS_TS_FAR) {
        slot->ts = (guint32)(off / b->unit);
    } else {
        /* Far from the block's first record, or finer than its unit. */
        nxt_dtls_ref_t *e = wmem_new(f, nxt_dtls_ref_t);
        gint64 *t = wmem_new(f, gint64);
        e->session = s;
        e->key = s->count;
        e->from = NXT_DTLS_REF_INDEX;
        e->value = 0;
        *t = ts_ns;
        wmem_map_insert(far_times, e, t);
        slot->ts = NXT_DTLS_TS_FAR;
    }
    return s->count;
}

guint32 nxt_dtls_position_in_frame(const nxt_dtls_session_t *s, guint32 idx1)
{
    return idx1 - nxt_dtls_records_before(s, nxt_dtls_record(s, idx1)->frame);
}

static void append_u32(wmem_array_t **a, guint32 v)
{
    if (*a == NULL)
        *a = wmem_array_sized_new(wmem_file_scope(), sizeof(guint32), 2);
    wmem_array_append_one(*a, v);
}

/* Files record idx1 under its key: listed when it is the sender's highest
 * so far, else in the side map or, for a key seen before, at the end of
 * that record's chain of copies. */
static void file_by_key(nxt_dtls_session_t *s, guint32 idx1)
{
    nxt_dtls_record_t *r = nxt_dtls_record(s, idx1);
    nxt_dtls_block_t *b = s->blocks[s->nblocks - 1];
    guint64 key = nxt_dtls_record_key(r);
    guint32 first;

    if (key != G_MAXUINT64 && key + 1 > b->top[r->from]) {
        r->listed = 1;
        b->top[r->from] = key + 1;
        return;
    }
    first = nxt_dtls_find(s, r->from, key);
    if (first != 0) {
        guint32 last = first, next;

        r->copy = 1;
        while ((next = nxt_dtls_next_copy(s, last)) != 0)
            last = next;
        ref_insert(copies, s, last, NXT_DTLS_REF_INDEX, idx1);
        nxt_dtls_record(s, last)->has_copy = 1;
        return;
    }
    ref_insert(side_map, s, key, r->from, idx1);
    s->out_of_order++;
}

nxt_dtls_session_t *nxt_dtls_index_frame(packet_info *pinfo, const nxt_dtls_record_info_t *recs, guint n,
                                         guint32 *first)
{
    conversation_t *conv;
    nxt_dtls_session_t *s;
    gint64 ts_ns = (gint64)pinfo->abs_ts.secs * 1000000000 + pinfo->abs_ts.nsecs;
    int from;
    guint i;

    DISSECTOR_ASSERT(!PINFO_FD_VISITED(pinfo));
    *first = 0;
    if (n == 0 || (conv = find_conversation_pinfo(pinfo, 0)) == NULL)
        return NULL;
    s = (nxt_dtls_session_t *)conversation_get_proto_data(conv, proto_sessions);
    if (s == NULL && (s = session_new(pinfo, conv)) == NULL)
        return NULL;
    from = nxt_dtls_endpoint(s, &pinfo->src, (guint16)pinfo->srcport);
    if (from < 0)
        return NULL; /* not this conversation's endpoints: not ours to guess */
    /* A frame is indexed once; the first pass visits it once. */
    if (nxt_dtls_count(s) > 0 && nxt_dtls_record(s, nxt_dtls_count(s))->frame >= pinfo->num)
        return NULL;

    *first = nxt_dtls_count(s) + 1;
    for (i = 0; i < n; i++) {
        nxt_dtls_record_t r;
        guint64 key;
        guint32 idx1;

        memset(&r, 0, sizeof r);
        key = NXT_DTLS_KEY(recs[i].epoch, recs[i].seq);
        r.key_lo = (guint32)key;
        r.key_hi = (guint32)(key >> 32);
        r.frame = pinfo->num;
        r.content_type = recs[i].content_type;
        r.hs_type = recs[i].hs_type;
        r.alert_level = recs[i].alert_level == NXT_DTLS_HIDDEN ? 0 : recs[i].alert_level & 3;
        r.alert_desc = recs[i].alert_desc;
        r.from = (unsigned)from;
        idx1 = append_record(s, &r, ts_ns);
        file_by_key(s, idx1);

        if (begins_handshake(s, idx1)) {
            /* One handshake start per frame; most sessions have one. */
            if (s->hello0 == 0)
                s->hello0 = r.frame;
            else if (nxt_dtls_hello_at(s, nxt_dtls_hello_count(s) - 1) != r.frame)
                append_u32(&s->hellos, r.frame);
        }
        if (r.content_type == NXT_DTLS_CT_ALERT)
            append_u32(&s->alerts, idx1);
        if (r.content_type != NXT_DTLS_CT_APPLICATION_DATA)
            note_session_facts(s, nxt_dtls_record(s, idx1), idx1, recs[i].cipher);
    }
    s->last_frame = pinfo->num;
    return s;
}

nxt_dtls_session_t *nxt_dtls_session_of_conversation(conversation_t *conv)
{
    return (nxt_dtls_session_t *)conversation_get_proto_data(conv, proto_sessions);
}

nxt_dtls_session_t *nxt_dtls_session_of_flow(guint32 frame, const address *a, guint16 pa,
                                             const address *b, guint16 pb)
{
    conversation_t *conv = find_conversation(frame, a, b, CONVERSATION_UDP, pa, pb, 0);

    if (conv == NULL)
        return NULL;
    return (nxt_dtls_session_t *)conversation_get_proto_data(conv, proto_sessions);
}

int nxt_dtls_endpoint(const nxt_dtls_session_t *s, const address *addr, guint16 port)
{
    int i;

    if (addr->type != s->addr_type || addr->len != s->addr_len)
        return -1;
    for (i = 0; i < 2; i++)
        if ((port == 0 || s->port[i] == port) &&
            (s->addr_len == 0 || memcmp(addr->data, s->addr_bytes + i * s->addr_len, s->addr_len) == 0))
            return i;
    return -1;
}

guint32 nxt_dtls_records_before(const nxt_dtls_session_t *s, guint32 frame)
{
    guint32 lo = 0, hi = nxt_dtls_count(s);

    while (lo < hi) {
        guint32 mid = lo + (hi - lo) / 2;
        if (nxt_dtls_record(s, mid + 1)->frame < frame)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

guint32 nxt_dtls_handshake_start(const nxt_dtls_session_t *s, guint32 frame, guint32 limit)
{
    guint lo = 0, hi = nxt_dtls_hello_count(s);

    if (hi == 0)
        return 0;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (nxt_dtls_hello_at(s, mid) <= frame)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo > 0)
        return nxt_dtls_hello_at(s, lo - 1);
    return s->hello0 < limit ? s->hello0 : 0;
}

gboolean nxt_dtls_alert_fits(const nxt_dtls_record_t *r, int from, gboolean close_notify)
{
    if (r->from != from)
        return FALSE;
    /* An alert whose description is hidden could be either kind. */
    return r->alert_desc == NXT_DTLS_HIDDEN || (r->alert_desc == 0) == close_notify;
}

guint32 nxt_dtls_last_alert(const nxt_dtls_session_t *s, int from, guint32 frame, gboolean close_notify)
{
    guint i, n;

    if (s->alerts == NULL)
        return 0;
    /* Alerts are few per session; a flood of them is searched only so far back. */
    n = wmem_array_get_count(s->alerts);
    for (i = n; i > 0 && n - i < NXT_ALERT_SCAN_LIMIT; i--) {
        guint32 idx1 = u32_at(s->alerts, i - 1);
        const nxt_dtls_record_t *r = nxt_dtls_record(s, idx1);
        if (r->frame <= frame && nxt_dtls_alert_fits(r, from, close_notify))
            return idx1;
    }
    return 0;
}
