/* dtls_index.c - DTLS records of one capture, per session (see dtls_index.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "dtls_index.h"

#include <epan/to_str.h>
#include <epan/wmem_scopes.h>

static wmem_map_t *sessions_by_stream; /* udp.stream -> session          */
static wmem_map_t *sessions_by_flow;   /* "a/pa|b/pb" (sorted) -> session */
static wmem_map_t *sessions_by_addr;   /* "addr" -> wmem_list of sessions */
static wmem_map_t *records_by_key;     /* record -> first record with its key */
static wmem_map_t *reporters;          /* frame -> wmem_array of (status frame, status) */
static wmem_map_t *unseen;             /* record key named by a status, not indexed yet */
static wmem_map_t *more_namers;        /* record -> (status frame, status) pairs beyond the first */

/* One bit per frame: cheap "no" answers on the per-frame paths. */
typedef struct {
    guint8 *bits;
    guint32 nbytes;
} frame_bits_t;

static frame_bits_t indexed_frames;    /* frames whose records are indexed  */
static frame_bits_t reporter_frames;   /* frames some status reports about  */

static gboolean frame_bit(const frame_bits_t *b, guint32 frame)
{
    return frame / 8 < b->nbytes && (b->bits[frame / 8] >> (frame % 8)) & 1;
}

static void set_frame_bit(frame_bits_t *b, guint32 frame)
{
    if (frame / 8 >= b->nbytes) {
        guint32 n = MAX(b->nbytes * 2, 4096);
        while (frame / 8 >= n)
            n *= 2;
        b->bits = (guint8 *)wmem_realloc(wmem_file_scope(), b->bits, n);
        memset(b->bits + b->nbytes, 0, n - b->nbytes);
        b->nbytes = n;
    }
    b->bits[frame / 8] |= (guint8)(1u << (frame % 8));
}

static guint record_key_hash(gconstpointer k)
{
    const nxt_dtls_record_t *r = (const nxt_dtls_record_t *)k;
    guint h = g_direct_hash(r->session);
    h = h * 31 + r->from;
    h = h * 31 + r->epoch;
    return h * 31 + (guint)(r->seq ^ (r->seq >> 32));
}

static gboolean record_key_equal(gconstpointer a, gconstpointer b)
{
    const nxt_dtls_record_t *x = (const nxt_dtls_record_t *)a, *y = (const nxt_dtls_record_t *)b;
    return x->session == y->session && x->from == y->from && x->epoch == y->epoch && x->seq == y->seq;
}

void nxt_dtls_index_init(void)
{
    wmem_allocator_t *f = wmem_file_scope();
    sessions_by_stream = wmem_map_new(f, g_direct_hash, g_direct_equal);
    sessions_by_flow = wmem_map_new(f, g_str_hash, g_str_equal);
    sessions_by_addr = wmem_map_new(f, g_str_hash, g_str_equal);
    records_by_key = wmem_map_new(f, record_key_hash, record_key_equal);
    reporters = wmem_map_new(f, g_direct_hash, g_direct_equal);
    unseen = wmem_map_new(f, record_key_hash, record_key_equal);
    more_namers = wmem_map_new(f, g_direct_hash, g_direct_equal);
    memset(&indexed_frames, 0, sizeof indexed_frames);
    memset(&reporter_frames, 0, sizeof reporter_frames);
}

static char *endpoint_str(wmem_allocator_t *scope, const address *addr, guint16 port)
{
    return wmem_strdup_printf(scope, "%s/%u", address_to_str(scope, addr), port);
}

static char *flow_key(wmem_allocator_t *scope, const address *a, guint16 pa, const address *b, guint16 pb)
{
    int c = cmp_address(a, b);
    if (c > 0 || (c == 0 && pa > pb)) {
        const address *t = a; guint16 tp = pa;
        a = b; pa = pb; b = t; pb = tp;
    }
    return wmem_strdup_printf(scope, "%s|%s", endpoint_str(scope, a, pa), endpoint_str(scope, b, pb));
}

static void add_session_to_address(nxt_dtls_session_t *s, const address *addr)
{
    char *key = address_to_str(wmem_file_scope(), addr);
    wmem_list_t *l = (wmem_list_t *)wmem_map_lookup(sessions_by_addr, key);
    if (l == NULL) {
        l = wmem_list_new(wmem_file_scope());
        wmem_map_insert(sessions_by_addr, key, l);
    }
    wmem_list_append(l, s);
}

static nxt_dtls_session_t *session_for(packet_info *pinfo, guint32 udp_stream)
{
    nxt_dtls_session_t *s = (nxt_dtls_session_t *)wmem_map_lookup(sessions_by_stream, GUINT_TO_POINTER(udp_stream));
    wmem_allocator_t *f = wmem_file_scope();

    if (s != NULL)
        return s;
    s = wmem_new0(f, nxt_dtls_session_t);
    copy_address_wmem(f, &s->addr[0], &pinfo->src);
    copy_address_wmem(f, &s->addr[1], &pinfo->dst);
    s->port[0] = (guint16)pinfo->srcport;
    s->port[1] = (guint16)pinfo->destport;
    s->udp_stream = udp_stream;
    s->records = wmem_array_new(f, sizeof(nxt_dtls_record_t *));
    s->hello_frames = wmem_array_new(f, sizeof(guint32));
    s->alerts = wmem_array_new(f, sizeof(nxt_dtls_record_t *));
    wmem_map_insert(sessions_by_stream, GUINT_TO_POINTER(udp_stream), s);
    wmem_map_insert(sessions_by_flow, flow_key(f, &s->addr[0], s->port[0], &s->addr[1], s->port[1]), s);
    add_session_to_address(s, &s->addr[0]);
    if (!addresses_equal(&s->addr[0], &s->addr[1]))
        add_session_to_address(s, &s->addr[1]);
    return s;
}

static void reporters_append(wmem_map_t *map, gpointer key, guint32 status_frame, guint32 status)
{
    wmem_array_t *a = (wmem_array_t *)wmem_map_lookup(map, key);
    guint32 pair[2] = { status_frame, status };

    if (a == NULL) {
        a = wmem_array_new(wmem_file_scope(), sizeof(guint32));
        wmem_map_insert(map, key, a);
    }
    wmem_array_append(a, pair, 2);
}

/* Reverse links for a record: the first status naming it lives in the record
 * itself; further ones (rare) in `more_namers`, keyed by the record. */
static void add_namer(nxt_dtls_record_t *r, guint32 status_frame, guint32 status)
{
    if (r->named_by_frame == 0) {
        r->named_by_frame = status_frame;
        r->named_by_status = status;
    } else {
        reporters_append(more_namers, r, status_frame, status);
    }
}

/* Links `to` (a frame) to every status that named record r. */
static void link_to_namers(const nxt_dtls_record_t *r, guint32 to)
{
    wmem_array_t *a;
    guint i;

    if (r->named_by_frame != 0)
        nxt_dtls_add_reporter(to, r->named_by_frame, r->named_by_status);
    a = (wmem_array_t *)wmem_map_lookup(more_namers, r);
    for (i = 0; a != NULL && i + 1 < wmem_array_get_count(a); i += 2)
        nxt_dtls_add_reporter(to, *(guint32 *)wmem_array_index(a, i), *(guint32 *)wmem_array_index(a, i + 1));
}

void nxt_dtls_note_named(nxt_dtls_session_t *s, nxt_dtls_record_t *found, int from, guint16 epoch, guint64 seq,
                         guint32 status_frame, guint32 status)
{
    nxt_dtls_record_t probe, *key;

    if (found != NULL) {
        add_namer(found, status_frame, status);
        return;
    }
    /* Not there yet: remember the key until a record with it is indexed. */
    memset(&probe, 0, sizeof probe);
    probe.session = s;
    probe.from = (guint8)from;
    probe.epoch = epoch;
    probe.seq = seq;
    key = (nxt_dtls_record_t *)wmem_map_lookup(unseen, &probe);
    if (key == NULL) {
        key = wmem_new(wmem_file_scope(), nxt_dtls_record_t);
        *key = probe;
        wmem_map_insert(unseen, key, key);
        s->unresolved++;
    }
    add_namer(key, status_frame, status);
}

/* A record came whose key statuses named before: move their names onto it. */
static void resolve_unseen(nxt_dtls_session_t *s, nxt_dtls_record_t *r)
{
    nxt_dtls_record_t *key = (nxt_dtls_record_t *)wmem_map_lookup(unseen, r);
    wmem_array_t *a;
    guint i;

    if (key == NULL)
        return;
    wmem_map_remove(unseen, key);
    s->unresolved--;
    add_namer(r, key->named_by_frame, key->named_by_status);
    a = (wmem_array_t *)wmem_map_remove(more_namers, key);
    for (i = 0; a != NULL && i + 1 < wmem_array_get_count(a); i += 2)
        add_namer(r, *(guint32 *)wmem_array_index(a, i), *(guint32 *)wmem_array_index(a, i + 1));
    link_to_namers(r, r->frame);
}

/* Does this record begin a handshake?  A ClientHello does, unless it answers
 * a HelloVerifyRequest or repeats a ClientHello (same handshake); so does a
 * HelloRequest.  Without keys a renegotiation is only an encrypted handshake
 * record after application data: one that follows no handshake or
 * ChangeCipherSpec record (which would make it a Finished) begins one too. */
static gboolean begins_handshake(const nxt_dtls_session_t *s, const nxt_dtls_record_t *r)
{
    const nxt_dtls_record_t *prev;

    if (r->content_type != NXT_DTLS_CT_HANDSHAKE)
        return FALSE;
    if (r->hs_type == NXT_DTLS_HS_HELLO_REQUEST)
        return TRUE;
    if (r->hs_type != NXT_DTLS_HS_CLIENT_HELLO && !(r->hs_type == 0xFF && r->epoch > 0))
        return FALSE;
    if (r->pos == 0)
        return TRUE;
    prev = *(nxt_dtls_record_t **)wmem_array_index(s->records, r->pos - 1);
    if (r->hs_type == 0xFF)
        return prev->content_type != NXT_DTLS_CT_HANDSHAKE && prev->content_type != NXT_DTLS_CT_CHANGE_CIPHER_SPEC;
    return !(prev->content_type == NXT_DTLS_CT_HANDSHAKE &&
             (prev->hs_type == NXT_DTLS_HS_HELLO_VERIFY_REQUEST || prev->hs_type == NXT_DTLS_HS_CLIENT_HELLO));
}

void nxt_dtls_index_add_frame(packet_info *pinfo, guint32 udp_stream,
                              const nxt_dtls_record_info_t *recs, guint nrecs)
{
    nxt_dtls_session_t *s;
    gint64 ts_ns = (gint64)pinfo->abs_ts.secs * 1000000000 + pinfo->abs_ts.nsecs;
    int from;
    guint i;

    if (nrecs == 0 || frame_bit(&indexed_frames, pinfo->num))
        return;
    set_frame_bit(&indexed_frames, pinfo->num);
    s = session_for(pinfo, udp_stream);
    from = nxt_dtls_endpoint(s, &pinfo->src, (guint16)pinfo->srcport);
    if (from < 0)
        return; /* udp.stream reused for another flow: not ours to guess */

    for (i = 0; i < nrecs; i++) {
        nxt_dtls_record_t *r = wmem_new0(wmem_file_scope(), nxt_dtls_record_t);
        nxt_dtls_record_t *first;

        r->seq = recs[i].seq;
        r->epoch = recs[i].epoch;
        r->content_type = recs[i].content_type;
        r->hs_type = recs[i].hs_type;
        r->alert = recs[i].alert;
        r->ts_ns = ts_ns;
        r->session = s;
        r->frame = pinfo->num;
        r->from = (guint8)from;
        r->in_frame = (guint8)MIN(i + 1, 255);
        r->pos = wmem_array_get_count(s->records);
        wmem_array_append_one(s->records, r);

        /* A replayed record shares its key with the original: chain it. */
        first = (nxt_dtls_record_t *)wmem_map_lookup(records_by_key, r);
        if (first == NULL) {
            wmem_map_insert(records_by_key, r, r);
            if (s->unresolved > 0)
                resolve_unseen(s, r);
        } else {
            /* Statuses that named the original name this copy too. */
            link_to_namers(first, r->frame);
            while (first->next_same != NULL)
                first = first->next_same;
            first->next_same = r;
        }

        if (begins_handshake(s, r)) {
            guint n = wmem_array_get_count(s->hello_frames);
            if (n == 0 || *(guint32 *)wmem_array_index(s->hello_frames, n - 1) != r->frame)
                wmem_array_append_one(s->hello_frames, r->frame);
        }
        if (r->content_type == NXT_DTLS_CT_ALERT)
            wmem_array_append_one(s->alerts, r);
    }
}

nxt_dtls_session_t *nxt_dtls_session_by_flow(wmem_allocator_t *scratch, const address *a, guint16 pa,
                                             const address *b, guint16 pb)
{
    return (nxt_dtls_session_t *)wmem_map_lookup(sessions_by_flow, flow_key(scratch, a, pa, b, pb));
}

wmem_list_t *nxt_dtls_sessions_of_address(wmem_allocator_t *scratch, const address *addr)
{
    return (wmem_list_t *)wmem_map_lookup(sessions_by_addr, address_to_str(scratch, addr));
}

int nxt_dtls_endpoint(const nxt_dtls_session_t *s, const address *addr, guint16 port)
{
    int i;
    for (i = 0; i < 2; i++)
        if (s->port[i] == port && addresses_equal(&s->addr[i], addr))
            return i;
    return -1;
}

nxt_dtls_record_t *nxt_dtls_find_record(const nxt_dtls_session_t *s, int from, guint16 epoch, guint64 seq)
{
    nxt_dtls_record_t probe;

    memset(&probe, 0, sizeof probe);
    probe.session = (nxt_dtls_session_t *)s;
    probe.from = (guint8)from;
    probe.epoch = epoch;
    probe.seq = seq;
    return (nxt_dtls_record_t *)wmem_map_lookup(records_by_key, &probe);
}

static nxt_dtls_record_t *record_at(wmem_array_t *a, guint i)
{
    return *(nxt_dtls_record_t **)wmem_array_index(a, i);
}

/* Index of the first element whose frame is > frame (upper bound). */
static guint records_upper_bound(wmem_array_t *a, guint32 frame)
{
    guint lo = 0, hi = wmem_array_get_count(a);
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (record_at(a, mid)->frame <= frame)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void nxt_dtls_neighbours(const nxt_dtls_session_t *s, guint32 frame,
                         nxt_dtls_record_t **prev, nxt_dtls_record_t **next)
{
    guint n = wmem_array_get_count(s->records);
    guint ub = records_upper_bound(s->records, frame);
    guint lb = ub;

    /* Records in `frame` itself (not a trace frame, but be exact) are neither. */
    while (lb > 0 && record_at(s->records, lb - 1)->frame == frame)
        lb--;
    *prev = lb > 0 ? record_at(s->records, lb - 1) : NULL;
    *next = ub < n ? record_at(s->records, ub) : NULL;
}

guint32 nxt_dtls_handshake_start(const nxt_dtls_session_t *s, guint32 frame)
{
    guint lo = 0, hi = wmem_array_get_count(s->hello_frames);

    if (hi == 0)
        return 0;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (*(guint32 *)wmem_array_index(s->hello_frames, mid) <= frame)
            lo = mid + 1;
        else
            hi = mid;
    }
    return *(guint32 *)wmem_array_index(s->hello_frames, lo > 0 ? lo - 1 : 0);
}

static gboolean alert_fits(const nxt_dtls_record_t *r, int from, gboolean close_notify)
{
    guint desc = r->alert & 0xFF;

    if (r->from != from)
        return FALSE;
    /* An alert whose description is hidden (encrypted) could be either kind. */
    return desc == 0xFF || (desc == 0) == close_notify;
}

nxt_dtls_record_t *nxt_dtls_nearest_alert(const nxt_dtls_session_t *s, int from, guint32 frame,
                                          gboolean close_notify, gint64 not_after_ns)
{
    guint n = wmem_array_get_count(s->alerts);
    guint ub = records_upper_bound(s->alerts, frame);
    guint i;

    /* Alerts are few per session; the scan is bounded by them, not by records. */
    for (i = ub; i > 0; i--)
        if (alert_fits(record_at(s->alerts, i - 1), from, close_notify))
            return record_at(s->alerts, i - 1);
    for (i = ub; i < n && record_at(s->alerts, i)->ts_ns <= not_after_ns; i++)
        if (alert_fits(record_at(s->alerts, i), from, close_notify))
            return record_at(s->alerts, i);
    return NULL;
}

void nxt_dtls_add_reporter(guint32 record_frame, guint32 status_frame, guint32 status)
{
    wmem_array_t *a = (wmem_array_t *)wmem_map_lookup(reporters, GUINT_TO_POINTER(record_frame));
    guint i;

    set_frame_bit(&reporter_frames, record_frame);
    /* The same status may name several records of one frame: link it once. */
    if (a != NULL)
        for (i = 0; i + 1 < wmem_array_get_count(a); i += 2)
            if (*(guint32 *)wmem_array_index(a, i) == status_frame &&
                *(guint32 *)wmem_array_index(a, i + 1) == status)
                return;
    reporters_append(reporters, GUINT_TO_POINTER(record_frame), status_frame, status);
}

wmem_array_t *nxt_dtls_reporters(guint32 record_frame)
{
    if (!frame_bit(&reporter_frames, record_frame))
        return NULL;
    return (wmem_array_t *)wmem_map_lookup(reporters, GUINT_TO_POINTER(record_frame));
}
