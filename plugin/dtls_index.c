/* dtls_index.c - DTLS records of one capture, per UDP conversation
 * (see dtls_index.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "dtls_index.h"

#include <epan/dissectors/packet-udp.h>

static int proto_sessions = -1; /* conversation data key */

#define NXT_ALERT_SCAN_LIMIT 64
#define NXT_ALERT_LEVEL_FATAL_WIRE 2

/* DTLS sequence numbers grow per sender, so each sender's records are
 * searched by binary search over `by_key`.  A record whose key does not
 * exceed all earlier ones (reordering, a replay, a new epoch's restart is
 * not one: the epoch is the high part) goes to this side map instead. */
typedef struct {
    const nxt_dtls_session_t *session;
    guint64 key;
    guint32 from;
    guint32 idx1;
} side_entry_t;

static wmem_map_t *side_map; /* side_entry_t -> itself */

/* Replays: (session, record) -> the next record with its key. */
typedef struct {
    const nxt_dtls_session_t *session;
    guint32 idx1;
    guint32 next;
} copy_entry_t;

static wmem_map_t *copies;

static guint copy_hash(gconstpointer k)
{
    const copy_entry_t *e = (const copy_entry_t *)k;
    return g_direct_hash(e->session) ^ (e->idx1 * 0x9E3779B1u);
}

static gboolean copy_equal(gconstpointer a, gconstpointer b)
{
    const copy_entry_t *x = (const copy_entry_t *)a, *y = (const copy_entry_t *)b;
    return x->session == y->session && x->idx1 == y->idx1;
}

guint32 nxt_dtls_next_copy(const nxt_dtls_session_t *s, guint32 idx1)
{
    copy_entry_t probe = { s, idx1, 0 }, *e;

    if (!nxt_dtls_record(s, idx1)->has_copy)
        return 0;
    e = (copy_entry_t *)wmem_map_lookup(copies, &probe);
    return e ? e->next : 0;
}

/* The file's sessions, for the review; reset with every file. */
static nxt_dtls_session_t *sessions_head, **sessions_tail = &sessions_head;

static void sessions_init(void)
{
    sessions_head = NULL;
    sessions_tail = &sessions_head;
}

nxt_dtls_session_t *nxt_dtls_sessions(void)
{
    return sessions_head;
}

static guint side_hash(gconstpointer k)
{
    const side_entry_t *e = (const side_entry_t *)k;
    return g_direct_hash(e->session) ^ (guint)(e->key ^ (e->key >> 29)) ^ (e->from * 0x9E3779B1u);
}

static gboolean side_equal(gconstpointer a, gconstpointer b)
{
    const side_entry_t *x = (const side_entry_t *)a, *y = (const side_entry_t *)b;
    return x->session == y->session && x->key == y->key && x->from == y->from;
}

void nxt_dtls_index_register(int proto)
{
    proto_sessions = proto;
    side_map = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), side_hash, side_equal);
    copies = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), copy_hash, copy_equal);
    register_init_routine(sessions_init);
}

static nxt_dtls_session_t *session_new(packet_info *pinfo, conversation_t *conv)
{
    wmem_allocator_t *f = wmem_file_scope();
    nxt_dtls_session_t *s = wmem_new0(f, nxt_dtls_session_t);
    struct udp_analysis *udp = get_udp_conversation_data(conv, pinfo);

    copy_address_wmem(f, &s->addr[0], &pinfo->src);
    copy_address_wmem(f, &s->addr[1], &pinfo->dst);
    s->port[0] = (guint16)pinfo->srcport;
    s->port[1] = (guint16)pinfo->destport;
    s->udp_stream = udp ? udp->stream : 0;
    s->by_key[0] = wmem_array_sized_new(f, sizeof(guint32), 4);
    s->by_key[1] = wmem_array_sized_new(f, sizeof(guint32), 4);
    s->first_frame = pinfo->num;
    s->client = -1;
    conversation_add_proto_data(conv, proto_sessions, s);
    *sessions_tail = s;
    sessions_tail = &s->next_in_file;
    return s;
}

static guint32 u32_at(wmem_array_t *a, guint i)
{
    return *(guint32 *)wmem_array_index(a, i);
}

/* Index (into by_key[from]) of the first entry whose key is >= key. */
static guint by_key_lower_bound(const nxt_dtls_session_t *s, int from, guint64 key)
{
    wmem_array_t *a = s->by_key[from];
    guint lo = 0, hi = wmem_array_get_count(a);

    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (nxt_dtls_record(s, u32_at(a, mid))->key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

guint32 nxt_dtls_find(const nxt_dtls_session_t *s, int from, guint64 key)
{
    wmem_array_t *a = s->by_key[from];
    guint i = by_key_lower_bound(s, from, key);

    if (i < wmem_array_get_count(a) && nxt_dtls_record(s, u32_at(a, i))->key == key)
        return u32_at(a, i);
    if (s->out_of_order > 0) {
        side_entry_t probe = { s, key, (guint32)from, 0 };
        side_entry_t *e = (side_entry_t *)wmem_map_lookup(side_map, &probe);
        if (e != NULL)
            return e->idx1;
    }
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
    if (r->hs_type != NXT_DTLS_HS_CLIENT_HELLO && !(r->hs_type == NXT_DTLS_HIDDEN && (r->key >> 48) > 0))
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

/* Appends a record; returns its index + 1. */
static guint32 append_record(nxt_dtls_session_t *s, const nxt_dtls_record_t *r)
{
    if (s->count == 8 * ((1u << s->nblocks) - 1)) {
        wmem_allocator_t *f = wmem_file_scope();
        s->blocks = (nxt_dtls_record_t **)wmem_realloc(f, s->blocks, (s->nblocks + 1) * sizeof *s->blocks);
        s->blocks[s->nblocks] = wmem_alloc_array(f, nxt_dtls_record_t, (gsize)8 << s->nblocks);
        s->nblocks++;
    }
    s->count++;
    *nxt_dtls_record(s, s->count) = *r;
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

/* Files record idx1 under its key: in by_key when it is the sender's highest
 * so far, else in the side map or, for a key seen before, at the end of
 * that record's chain of copies. */
static void file_by_key(nxt_dtls_session_t *s, guint32 idx1)
{
    nxt_dtls_record_t *r = nxt_dtls_record(s, idx1);
    wmem_array_t *a = s->by_key[r->from];
    guint n = wmem_array_get_count(a);
    guint32 first;
    side_entry_t *e;

    if (n == 0 || nxt_dtls_record(s, u32_at(a, n - 1))->key < r->key) {
        wmem_array_append_one(a, idx1);
        return;
    }
    first = nxt_dtls_find(s, r->from, r->key);
    if (first != 0) {
        copy_entry_t *c;
        guint32 last = first, next;

        r->copy = 1;
        while ((next = nxt_dtls_next_copy(s, last)) != 0)
            last = next;
        c = wmem_new(wmem_file_scope(), copy_entry_t);
        c->session = s;
        c->idx1 = last;
        c->next = idx1;
        wmem_map_insert(copies, c, c);
        nxt_dtls_record(s, last)->has_copy = 1;
        return;
    }
    e = wmem_new(wmem_file_scope(), side_entry_t);
    e->session = s;
    e->key = r->key;
    e->from = r->from;
    e->idx1 = idx1;
    wmem_map_insert(side_map, e, e);
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
    if (s == NULL)
        s = session_new(pinfo, conv);
    from = nxt_dtls_endpoint(s, &pinfo->src, (guint16)pinfo->srcport);
    if (from < 0)
        return NULL; /* not this conversation's endpoints: not ours to guess */
    /* A frame is indexed once; the first pass visits it once. */
    if (nxt_dtls_count(s) > 0 && nxt_dtls_record(s, nxt_dtls_count(s))->frame >= pinfo->num)
        return NULL;

    *first = nxt_dtls_count(s) + 1;
    for (i = 0; i < n; i++) {
        nxt_dtls_record_t r;
        guint32 idx1;

        memset(&r, 0, sizeof r);
        r.ts_ns = ts_ns;
        r.key = NXT_DTLS_KEY(recs[i].epoch, recs[i].seq);
        r.frame = pinfo->num;
        r.content_type = recs[i].content_type;
        r.hs_type = recs[i].hs_type;
        r.alert_level = recs[i].alert_level == NXT_DTLS_HIDDEN ? 0 : recs[i].alert_level & 3;
        r.alert_desc = recs[i].alert_desc;
        r.from = (unsigned)from;
        idx1 = append_record(s, &r);
        file_by_key(s, idx1);

        if (begins_handshake(s, idx1) &&
            (s->hellos == NULL || u32_at(s->hellos, wmem_array_get_count(s->hellos) - 1) != r.frame))
            append_u32(&s->hellos, r.frame);
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
    for (i = 0; i < 2; i++)
        if ((port == 0 || s->port[i] == port) && addresses_equal(&s->addr[i], addr))
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
    guint lo = 0, hi = s->hellos ? wmem_array_get_count(s->hellos) : 0;

    if (hi == 0)
        return 0;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (u32_at(s->hellos, mid) <= frame)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo > 0)
        return u32_at(s->hellos, lo - 1);
    return u32_at(s->hellos, 0) < limit ? u32_at(s->hellos, 0) : 0;
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
