/* nxtrace_link.c - ties each trace STATUS to the DTLS records around it, and
 * each DTLS record frame back to the statuses that concern it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Like transum, a postdissector gathers on the first pass and the items are
 * drawn from stored state on every pass; unlike a field-reading
 * postdissector it needs no tree: the DTLS record headers are read from the
 * frame's bytes (dtls_records.c).  Each status's link is computed once, when
 * its frame is first dissected, from what came before; what only later
 * frames can tell (a named record that arrives after the status, the flow
 * it names, the first record after it, an alert up to a second later) is
 * filled in when those frames are first dissected.  A single pass therefore
 * shows backward links only; `tshark -2` and the GUI see them all.
 */
#include "nxtrace_link.h"
#include "dtls_index.h"
#include "nxt_store.h"

#include <epan/expert.h>
#include <epan/to_str.h>
#include <epan/wmem_scopes.h>
#include <wsutil/str_util.h>

typedef enum {
    NXT_METHOD_NONE = 0,
    NXT_METHOD_DEVICE_TIME,
    NXT_METHOD_SESSION,
    NXT_METHOD_RECORD
} nxt_method_t;

/* How a status was tied to a DTLS flow; scripts tell sure links from guesses. */
static const char *const method_names[] = { "none", "device+time", "session", "record" };

/* 8 bytes, in one array per file (links); a datagram's links are
 * consecutive there, in event order.  Few statuses imply an alert: the
 * alert record of a link that has one is kept in link_alerts. */
#define NXT_LINK_MAX_SESSION ((1u << 27) - 1)
struct nxt_link {
    unsigned session : 27;       /* nxt_dtls_session_t id, 0: no flow          */
    unsigned method : 2;         /* nxt_method_t                               */
    signed int device_end : 2;   /* the device's endpoint in session, -1: unknown */
    unsigned has_alert : 1;      /* link_alerts holds its alert record          */
    guint32 record;              /* first copy of the named record (index + 1)  */
};

static int proto_nxt = -1;
static int proto_nxt_dtls = -1; /* the reverse links' own protocol item */
static int proto_dtls = -1;
static dissector_handle_t post_handle;

static int hf_link = -1;
static int hf_link_method = -1;
static int hf_link_stream = -1;
static int hf_link_flow = -1;
static int hf_link_record_frame = -1;
static int hf_link_record_count = -1;
static int hf_link_record_delta = -1;
static int hf_link_prev_frame = -1;
static int hf_link_prev_delta = -1;
static int hf_link_next_frame = -1;
static int hf_link_next_delta = -1;
static int hf_link_handshake_frame = -1;
static int hf_link_alert_frame = -1;
static int hf_link_alert_level = -1;
static int hf_link_alert_desc = -1;
static int hf_link_partial = -1;
static int hf_link_summary = -1;
static int hf_reported_in = -1;
static int hf_reported_status = -1;

static gint ett_link = -1;
static gint ett_reported = -1;

static expert_field ei_record_missing = EI_INIT;
static expert_field ei_no_flow = EI_INIT;
static expert_field ei_alert_missing = EI_INIT;
static expert_field ei_alert_mismatch = EI_INIT;
static expert_field ei_single_pass = EI_INIT;

static nxt_pref_bool_t pref_link = TRUE;
static guint pref_window_ms = 10000;

static gboolean single_pass_noted;
static gboolean indexing;   /* this file: linking on and nxtrace enabled */

/* ---- per-file state (maps created once, emptied with the file scope) ------ */

/* An address some device traced from: its most recently active DTLS session.
 * One per distinct address, its bytes inline. */
typedef struct {
    nxt_dtls_session_t *last_session;
    address addr;
    guint8 bytes[];
} addr_state_t;

/* A device's addresses (from its trace datagrams and SESSION blocks), kept
 * with the device (nxt_device_link_slots()): the first in slot 0, more (a
 * device behind NAT, with IPv4 and IPv6, ...) in this array in slot 1. */
#define NXT_MAX_DEVICE_ADDRS 8
typedef struct {
    guint8 n, cap;
    addr_state_t *addr[];
} device_addrs_t;

/* A status still waiting for something a later frame may bring. */
typedef struct waiter {
    struct waiter *next;
    nxt_link_t *link;
    gint64 ts_ns;           /* of the status                          */
    guint64 key;            /* the named record, if has_record        */
    guint32 frame;          /* of the status                          */
    guint32 status;
    guint32 device_id;
    guint8 has_record, record_sent, sender, close_notify;
} waiter_t;

/* A status whose SESSION block names a flow not in the capture so far; the
 * flow's two addresses (same type and length) are inline.  The statuses
 * waiting for one flow form a ring (w.next: the next newer one; the map
 * holds the newest, whose next is the oldest); all of them, in status order,
 * form the expiry queue. */
typedef struct pending_flow {
    waiter_t w;
    struct pending_flow *queue_next;
    guint16 local_port, remote_port;
    guint8 addr_type, addr_len;
    guint8 resolved;        /* its flow came: it is in no ring        */
    guint8 bytes[];         /* local address, then remote address     */
} pending_flow_t;

#define NXT_FLOW_ADDR_MAX 16

/* What this file keeps per session (its link_state). */
typedef struct {
    waiter_t *alerts;       /* statuses waiting for an alert up to NXT_ALERT_AFTER_NS later */
    guint n_alerts;
    guint addr_gen;         /* addr_states generation the two pointers below are from */
    addr_state_t *addr[2];  /* the endpoints' states, if some device traced from them */
} session_state_t;

static nxt_store_t links;          /* nxt_link_t, in order of the statuses         */
static wmem_map_t *link_alerts;    /* nxt_link_t -> the alert it implies (index + 1) */
static wmem_map_t *addr_states;    /* address -> addr_state_t                      */
static wmem_map_t *more_reporters; /* (session, record index) -> wmem_array of reporter_t,
                                      the statuses about it the record cannot hold */
static gboolean any_reported;      /* some record has a status about it */
static guint addr_gen;             /* bumped whenever addr_states gains an address */
static wmem_map_t *pending_keys;   /* (session, sender, key) -> waiter chain       */
static wmem_map_t *pending_flows;  /* flow -> newest pending_flow_t of its ring     */
static pending_flow_t *flow_queue, *flow_queue_tail; /* oldest first           */
static waiter_t *pending_device;   /* device+time, no record before: oldest first  */
static guint n_pending_device;

/* The status values a record can name in its 4 bits (nxt_dtls_record_t
 * .named_status: index + 1 here); a file with more distinct values keeps the
 * others' reporters in more_reporters. */
#define NXT_STATUS_PALETTE 15
static guint32 palette[NXT_STATUS_PALETTE];
static guint n_palette;

/* How long after a status its alert may still show up in the capture. */
#define NXT_ALERT_AFTER_NS (G_GINT64_CONSTANT(1000) * 1000000)
/* Bounds on what may wait at once: a capture made to hurt stays linear. */
#define NXT_MAX_ALERT_WAITERS 16
#define NXT_MAX_DEVICE_WAITERS 64

/* A status about a record (it names the record, or implies this alert). */
typedef struct {
    guint32 status_frame;
    guint32 status;
} reporter_t;

static nxt_dtls_session_t *link_session(const nxt_link_t *link)
{
    return nxt_dtls_session_by_id(link->session);
}

/* The alert record (index + 1) the status implies, 0 if none found. */
static guint32 link_alert(const nxt_link_t *link)
{
    return link->has_alert ? GPOINTER_TO_UINT(wmem_map_lookup(link_alerts, link)) : 0;
}

static void link_set_alert(nxt_link_t *link, guint32 idx1)
{
    if (idx1 != 0)
        wmem_map_insert(link_alerts, link, GUINT_TO_POINTER(idx1));
    else if (link->has_alert)
        wmem_map_remove(link_alerts, link);
    link->has_alert = idx1 != 0;
}

static guint addr_hash(gconstpointer k)
{
    return add_address_to_hash(0, (const address *)k);
}

static gboolean addr_equal(gconstpointer a, gconstpointer b)
{
    return addresses_equal((const address *)a, (const address *)b);
}

static void flow_addresses(const pending_flow_t *p, address *local, address *remote)
{
    set_address(local, p->addr_type, p->addr_len, p->bytes);
    set_address(remote, p->addr_type, p->addr_len, p->bytes + p->addr_len);
}

/* A flow's hash and equality ignore which end is which. */
static guint flow_hash(gconstpointer k)
{
    const pending_flow_t *p = (const pending_flow_t *)k;
    address l, r;

    flow_addresses(p, &l, &r);
    return add_address_to_hash(p->local_port, &l) ^ add_address_to_hash(p->remote_port, &r);
}

static gboolean flow_equal(gconstpointer a, gconstpointer b)
{
    const pending_flow_t *x = (const pending_flow_t *)a, *y = (const pending_flow_t *)b;
    address xl, xr, yl, yr;

    if (x->addr_type != y->addr_type || x->addr_len != y->addr_len)
        return FALSE;
    flow_addresses(x, &xl, &xr);
    flow_addresses(y, &yl, &yr);
    return (x->local_port == y->local_port && x->remote_port == y->remote_port &&
            addresses_equal(&xl, &yl) && addresses_equal(&xr, &yr)) ||
           (x->local_port == y->remote_port && x->remote_port == y->local_port &&
            addresses_equal(&xl, &yr) && addresses_equal(&xr, &yl));
}

static gint64 frame_ns(const packet_info *pinfo)
{
    return (gint64)pinfo->abs_ts.secs * 1000000000 + pinfo->abs_ts.nsecs;
}

/* ---- reverse links --------------------------------------------------------- */

/* Index + 1 of status in the palette, 0 if it is full. */
static guint palette_index(guint32 status)
{
    for (guint i = 0; i < n_palette; i++)
        if (palette[i] == status)
            return i + 1;
    if (n_palette == NXT_STATUS_PALETTE)
        return 0;
    palette[n_palette++] = status;
    return n_palette;
}

/* The statuses beyond the one a record holds, or NULL. */
static wmem_array_t *more_reporters_of(const nxt_dtls_session_t *s, guint32 idx1)
{
    nxt_dtls_ref_t probe = { s, idx1, NXT_DTLS_REF_INDEX, 0 };

    if (!nxt_dtls_record(s, idx1)->more_named)
        return NULL;
    return (wmem_array_t *)wmem_map_lookup(more_reporters, &probe);
}

/* The first status about a record lives in the record (its frame and, through
 * the palette, its value); more (rare: a replay's, a duplicate's, an alert
 * both named and implied, a file with many distinct status values) in a map. */
static void add_reporter(nxt_dtls_session_t *s, guint32 idx1, guint32 status_frame, guint32 status)
{
    nxt_dtls_record_t *r = nxt_dtls_record(s, idx1);
    reporter_t rp = { status_frame, status };
    wmem_array_t *a;
    guint pal;

    any_reported = TRUE;
    if (r->named_frame == status_frame)
        return;
    if (r->named_frame == 0 && (pal = palette_index(status)) != 0) {
        r->named_frame = status_frame;
        r->named_status = pal;
        return;
    }
    a = more_reporters_of(s, idx1);
    if (a == NULL) {
        nxt_dtls_ref_t *key = wmem_new(wmem_file_scope(), nxt_dtls_ref_t);
        key->session = s;
        key->key = idx1;
        key->from = NXT_DTLS_REF_INDEX;
        key->value = 0;
        a = wmem_array_sized_new(wmem_file_scope(), sizeof(reporter_t), 1);
        wmem_map_insert(more_reporters, key, a);
        r->more_named = 1;
    } else {
        guint n = wmem_array_get_count(a);
        if (((reporter_t *)wmem_array_index(a, n - 1))->status_frame == status_frame)
            return;
    }
    wmem_array_append_one(a, rp);
}

/* Reporter i of record r (i = 0: the one it holds, if any; then the map's). */
static guint n_reporters(const nxt_dtls_record_t *r, wmem_array_t *more)
{
    return (r->named_frame != 0) + (more ? wmem_array_get_count(more) : 0);
}

static reporter_t reporter_at(const nxt_dtls_record_t *r, wmem_array_t *more, guint i)
{
    reporter_t rp;

    if (r->named_frame != 0) {
        if (i == 0) {
            rp.status_frame = r->named_frame;
            rp.status = palette[r->named_status - 1];
            return rp;
        }
        i--;
    }
    return *(reporter_t *)wmem_array_index(more, i);
}

/* A status named record idx1 of s: link the record (and every copy of it)
 * back to it; copies still to come take the original's statuses. */
static void note_named(nxt_dtls_session_t *s, guint32 idx1, guint32 status_frame, guint32 status)
{
    for (guint32 i = idx1; i != 0; i = nxt_dtls_next_copy(s, i))
        add_reporter(s, i, status_frame, status);
}

/* ---- attaching a status to a session (first pass) -------------------------- */

/* The device's addresses into out[NXT_MAX_DEVICE_ADDRS]; returns how many. */
static guint device_addrs(guint32 device_id, addr_state_t **out)
{
    nxt_device_t *dev = nxt_device_lookup(device_id, FALSE);
    void **slots;
    device_addrs_t *more;
    guint n = 0;

    if (dev == NULL)
        return 0;
    slots = nxt_device_link_slots(dev);
    if (slots[0] != NULL)
        out[n++] = (addr_state_t *)slots[0];
    more = (device_addrs_t *)slots[1];
    for (guint i = 0; more != NULL && i < more->n; i++)
        out[n++] = more->addr[i];
    return n;
}

static int device_end_by_address(const nxt_dtls_session_t *s, guint32 device_id)
{
    addr_state_t *a[NXT_MAX_DEVICE_ADDRS];
    guint n = device_addrs(device_id, a);

    for (guint i = 0; i < n; i++) {
        int end = nxt_dtls_endpoint(s, &a[i]->addr, 0);
        if (end >= 0)
            return end;
    }
    return -1;
}

/* DTLS drops a record that fails its MAC, AEAD tag or padding check without an
 * alert (RFC 6347, 4.1.2.7), although NetX's TLS table maps these statuses
 * to bad_record_mac. */
static gboolean dtls_discards_silently(guint32 status)
{
    return status == 0x108 /* NX_SECURE_TLS_HASH_MAC_VERIFY_FAILURE */ ||
           status == 0x12A /* NX_SECURE_TLS_PADDING_CHECK_FAILED */ ||
           status == 0x150 /* NX_SECURE_TLS_AEAD_DECRYPT_FAIL */;
}

/* The alert a status implies: who sends it (0 device, 1 peer; -1 none) and
 * which description (NXT_DTLS_HIDDEN: any fatal one). */
static int implied_alert(const struct nxt_status_entry *e, guint *desc)
{
    if (e == NULL)
        return -1;
    if (e->received_alert != NXT_RX_ALERT_NONE) {
        *desc = e->received_alert == NXT_RX_ALERT_CLOSE_NOTIFY ? 0 : NXT_DTLS_HIDDEN;
        return 1;
    }
    /* Warnings (ignored records) make NetX drop the record, not send an alert. */
    if (e->severity == NXT_SEV_ERROR && e->alert != NXT_ALERT_NONE && !dtls_discards_silently(e->value)) {
        *desc = e->alert;
        return 0;
    }
    return -1;
}

static waiter_t *waiter_new(nxt_link_t *link, guint32 frame, guint32 status, gint64 ts_ns)
{
    waiter_t *w = wmem_new0(wmem_file_scope(), waiter_t);
    w->link = link;
    w->frame = frame;
    w->status = status;
    w->ts_ns = ts_ns;
    return w;
}

static session_state_t *session_state(nxt_dtls_session_t *s)
{
    if (s->link_state == NULL)
        s->link_state = wmem_new0(wmem_file_scope(), session_state_t);
    return (session_state_t *)s->link_state;
}

static void wait_for_alert(nxt_dtls_session_t *s, const waiter_t *from, int sender, gboolean close_notify)
{
    session_state_t *sw = session_state(s);
    waiter_t *w;

    if (sw->n_alerts >= NXT_MAX_ALERT_WAITERS)
        return;
    w = waiter_new(from->link, from->frame, from->status, from->ts_ns);
    w->sender = (guint8)sender;
    w->close_notify = (guint8)close_notify;
    w->next = sw->alerts;
    sw->alerts = w;
    sw->n_alerts++;
}

static void wait_for_record(nxt_dtls_session_t *s, waiter_t *w, int from)
{
    nxt_dtls_ref_t probe = { s, w->key, (guint32)from, 0 };
    const void *key;
    void *head;

    if (wmem_map_lookup_extended(pending_keys, &probe, &key, &head)) {
        w->next = (waiter_t *)head;
    } else {
        nxt_dtls_ref_t *k = wmem_new(wmem_file_scope(), nxt_dtls_ref_t);
        *k = probe;
        key = k;
    }
    wmem_map_insert(pending_keys, key, w);
}

/* Ties a status to session s: the record it names, the records before it,
 * the alert it implies; registers what a later frame may complete. */
static void attach(nxt_link_t *link, nxt_dtls_session_t *s, nxt_method_t method, int device_end,
                   const struct nxt_status_entry *e, waiter_t *w)
{
    guint desc;
    int sender;

    if (s->id > NXT_LINK_MAX_SESSION)
        return; /* more sessions than a link can name: not linked */
    link->session = s->id;
    link->method = method;
    link->device_end = device_end;
    if (device_end < 0)
        return;
    if (w->has_record) {
        int from = w->record_sent ? device_end : 1 - device_end;
        link->record = nxt_dtls_find(s, from, w->key);
        if (link->record != 0) {
            link->method = NXT_METHOD_RECORD;
            note_named(s, link->record, w->frame, w->status);
        } else {
            waiter_t *copy = waiter_new(link, w->frame, w->status, w->ts_ns);
            copy->key = w->key;
            wait_for_record(s, copy, from);
        }
    }
    sender = implied_alert(e, &desc);
    if (sender >= 0) {
        int from = sender == 0 ? device_end : 1 - device_end;
        guint32 alert = nxt_dtls_last_alert(s, from, w->frame, desc == 0);
        link_set_alert(link, alert);
        if (alert != 0)
            add_reporter(s, alert, w->frame, w->status);
        else
            wait_for_alert(s, w, from, desc == 0);
    }
}

static void remember_device_address(guint32 device_id, const address *addr)
{
    addr_state_t *known[NXT_MAX_DEVICE_ADDRS], *a;
    nxt_device_t *dev;
    device_addrs_t *more;
    void **slots;
    guint n;

    if (addr->type == AT_NONE || (dev = nxt_device_lookup(device_id, FALSE)) == NULL)
        return;
    n = device_addrs(device_id, known);
    for (guint i = 0; i < n; i++)
        if (addresses_equal(&known[i]->addr, addr))
            return;
    if (n >= NXT_MAX_DEVICE_ADDRS)
        return; /* a device with more addresses than this is misconfigured, not ours to index */
    a = (addr_state_t *)wmem_map_lookup(addr_states, addr);
    if (a == NULL) {
        a = (addr_state_t *)wmem_alloc0(wmem_file_scope(), sizeof *a + addr->len);
        if (addr->len > 0)
            memcpy(a->bytes, addr->data, addr->len);
        set_address(&a->addr, addr->type, addr->len, a->bytes);
        wmem_map_insert(addr_states, &a->addr, a);
        addr_gen++;
    }
    slots = nxt_device_link_slots(dev);
    if (slots[0] == NULL) {
        slots[0] = a;
        return;
    }
    more = (device_addrs_t *)slots[1];
    if (more == NULL || more->n == more->cap) {
        guint8 cap = more == NULL ? 1 : (guint8)MIN(more->cap * 2, NXT_MAX_DEVICE_ADDRS - 1);
        device_addrs_t *grown = (device_addrs_t *)wmem_alloc(wmem_file_scope(), sizeof *grown + cap * sizeof grown->addr[0]);
        grown->n = more ? more->n : 0;
        grown->cap = cap;
        if (more != NULL) {
            memcpy(grown->addr, more->addr, more->n * sizeof more->addr[0]);
            wmem_free(wmem_file_scope(), more);
        }
        more = grown;
        slots[1] = more;
    }
    more->addr[more->n++] = a;
}

/* The device's most recently active session, if its last record before the
 * status lies within the window. */
static nxt_dtls_session_t *session_by_device_time(guint32 device_id, gint64 now)
{
    addr_state_t *a[NXT_MAX_DEVICE_ADDRS];
    guint n = device_addrs(device_id, a);
    nxt_dtls_session_t *best = NULL;
    gint64 best_ts = G_MININT64, window = (gint64)pref_window_ms * 1000000;

    for (guint i = 0; i < n; i++) {
        nxt_dtls_session_t *s = a[i]->last_session;
        gint64 ts;

        if (s == NULL)
            continue;
        ts = nxt_dtls_record_ts(s, nxt_dtls_count(s));
        if (ts > best_ts && now - ts <= window) {
            best_ts = ts;
            best = s;
        }
    }
    return best;
}

/* A flow's first record comes within the link window of a status that names
 * it, or never: older waits are dropped (they keep their device+time guess),
 * so that statuses naming flows that never appear cost nothing for long. */
static void expire_pending_flows(gint64 now)
{
    gint64 window = (gint64)pref_window_ms * 1000000;

    while (flow_queue != NULL && now - flow_queue->w.ts_ns > window) {
        pending_flow_t *p = flow_queue;

        flow_queue = p->queue_next;
        if (flow_queue == NULL)
            flow_queue_tail = NULL;
        if (!p->resolved) {
            /* The oldest of its ring: the newest one's next. */
            pending_flow_t *newest = (pending_flow_t *)wmem_map_lookup(pending_flows, p);
            if (newest == p)
                wmem_map_remove(pending_flows, p);
            else if (newest != NULL)
                newest->w.next = p->w.next;
        }
        wmem_free(wmem_file_scope(), p);
    }
}

static void wait_for_flow(const nxt_status_ref_t *ref, const waiter_t *w)
{
    pending_flow_t *p, *newest;
    guint8 len = (guint8)ref->local.len;

    if (ref->local.type != ref->remote.type || ref->local.len != ref->remote.len || len > NXT_FLOW_ADDR_MAX)
        return; /* no UDP flow has such ends */
    expire_pending_flows(w->ts_ns);
    p = (pending_flow_t *)wmem_alloc0(wmem_file_scope(), sizeof *p + 2 * len);
    p->w = *w;
    p->local_port = ref->local_port;
    p->remote_port = ref->remote_port;
    p->addr_type = (guint8)ref->local.type;
    p->addr_len = len;
    if (len > 0) {
        memcpy(p->bytes, ref->local.data, len);
        memcpy(p->bytes + len, ref->remote.data, len);
    }
    /* The map's key is its newest entry, so an expired one is never a key. */
    newest = (pending_flow_t *)wmem_map_remove(pending_flows, p);
    if (newest != NULL) {
        p->w.next = newest->w.next;
        newest->w.next = &p->w;
    } else {
        p->w.next = &p->w;
    }
    wmem_map_insert(pending_flows, p, p);
    if (flow_queue_tail != NULL)
        flow_queue_tail->queue_next = p;
    else
        flow_queue = p;
    flow_queue_tail = p;
}

static void compute_link(packet_info *pinfo, const nxt_status_ref_t *ref, nxt_link_t *link)
{
    waiter_t w;
    nxt_dtls_session_t *s = NULL;

    DISSECTOR_ASSERT(!PINFO_FD_VISITED(pinfo));
    memset(&w, 0, sizeof w);
    w.frame = pinfo->num;
    w.status = ref->status;
    w.ts_ns = frame_ns(pinfo);
    w.device_id = ref->device_id;
    w.has_record = (guint8)ref->has_record;
    w.record_sent = (guint8)ref->record_sent;
    w.key = NXT_DTLS_KEY(ref->epoch, ref->seq);
    w.link = link;
    link->device_end = -1;

    remember_device_address(ref->device_id, &pinfo->net_src);
    if (ref->has_session) {
        remember_device_address(ref->device_id, &ref->local);
        s = nxt_dtls_session_of_flow(pinfo->num, &ref->local, ref->local_port, &ref->remote, ref->remote_port);
        if (s != NULL) {
            attach(link, s, NXT_METHOD_SESSION, nxt_dtls_endpoint(s, &ref->local, ref->local_port), ref->entry, &w);
            return;
        }
        /* The flow may still come (capture reordering); until then, a guess. */
        wait_for_flow(ref, &w);
    }
    s = session_by_device_time(ref->device_id, w.ts_ns);
    if (s != NULL) {
        attach(link, s, NXT_METHOD_DEVICE_TIME, device_end_by_address(s, ref->device_id), ref->entry, &w);
    } else if (n_pending_device < NXT_MAX_DEVICE_WAITERS) {
        /* No flow of the device yet: its next one within half the window. */
        waiter_t *p = waiter_new(link, w.frame, w.status, w.ts_ns), **tail = &pending_device;
        p->device_id = w.device_id;
        p->has_record = w.has_record;
        p->record_sent = w.record_sent;
        p->key = w.key;
        while (*tail != NULL)
            tail = &(*tail)->next;
        *tail = p;
        n_pending_device++;
    }
}

/* ---- a DTLS frame completes what statuses waited for (first pass) ---------- */

static void resolve_pending_flow(nxt_dtls_session_t *s)
{
    union {
        pending_flow_t p;
        guint8 room[sizeof(pending_flow_t) + 2 * NXT_FLOW_ADDR_MAX];
    } probe;
    pending_flow_t *p, *newest;
    guint8 len = s->addr_len;

    G_STATIC_ASSERT(NXT_DTLS_ADDR_MAX <= NXT_FLOW_ADDR_MAX); /* a session's addresses fit the probe */
    memset(&probe, 0, sizeof probe);
    probe.p.local_port = s->port[0];
    probe.p.remote_port = s->port[1];
    probe.p.addr_type = s->addr_type;
    probe.p.addr_len = len;
    memcpy(probe.p.bytes, s->addr_bytes, 2 * (gsize)len); /* both, in the same order */
    newest = (pending_flow_t *)wmem_map_remove(pending_flows, &probe.p);
    if (newest == NULL)
        return;
    p = (pending_flow_t *)newest->w.next; /* the oldest */
    for (;;) {
        pending_flow_t *next = (pending_flow_t *)p->w.next;
        address local, remote;

        p->resolved = 1;
        flow_addresses(p, &local, &remote);
        if (p->w.link->method == NXT_METHOD_DEVICE_TIME) {
            p->w.link->record = 0; /* the exact flow beats the guess */
            link_set_alert(p->w.link, 0);
        }
        attach(p->w.link, s, NXT_METHOD_SESSION, nxt_dtls_endpoint(s, &local, p->local_port),
               nxt_status_lookup(p->w.status), &p->w);
        if (p == newest)
            break;
        p = next;
    }
}

static void resolve_pending_device(nxt_dtls_session_t *s, gint64 now)
{
    gint64 half = (gint64)pref_window_ms * 500000;
    waiter_t **p = &pending_device;

    while (*p != NULL) {
        waiter_t *w = *p;
        int end;

        if (now - w->ts_ns > half || w->link->session != 0) {
            *p = w->next; /* too late, or a pending flow came first */
            n_pending_device--;
            continue;
        }
        end = device_end_by_address(s, w->device_id);
        if (end >= 0) {
            attach(w->link, s, NXT_METHOD_DEVICE_TIME, end, nxt_status_lookup(w->status), w);
            *p = w->next;
            n_pending_device--;
            continue;
        }
        p = &w->next;
    }
}

static void resolve_new_record(nxt_dtls_session_t *s, guint32 idx1)
{
    nxt_dtls_record_t *r = nxt_dtls_record(s, idx1);
    session_state_t *sw = (session_state_t *)s->link_state;

    if (r->copy) {
        /* A replay: statuses that named the original name this copy too. */
        guint32 first = nxt_dtls_find(s, r->from, nxt_dtls_record_key(r));
        const nxt_dtls_record_t *orig = nxt_dtls_record(s, first);
        wmem_array_t *a = more_reporters_of(s, first);
        guint n = n_reporters(orig, a);

        for (guint i = 0; i < n; i++) {
            reporter_t rp = reporter_at(orig, a, i);
            add_reporter(s, idx1, rp.status_frame, rp.status);
        }
    } else if (wmem_map_size(pending_keys) > 0) {
        nxt_dtls_ref_t probe = { s, nxt_dtls_record_key(r), r->from, 0 };
        waiter_t *w = (waiter_t *)wmem_map_remove(pending_keys, &probe);
        for (; w != NULL; w = w->next) {
            if (w->link->session != s->id)
                continue; /* re-attached to the exact flow meanwhile */
            w->link->record = idx1;
            w->link->method = NXT_METHOD_RECORD;
            note_named(s, idx1, w->frame, w->status);
        }
    }
    if (sw != NULL && r->content_type == NXT_DTLS_CT_ALERT) {
        waiter_t **p = &sw->alerts;
        gint64 ts = nxt_dtls_record_ts(s, idx1);
        while (*p != NULL) {
            waiter_t *w = *p;
            if (ts - w->ts_ns > NXT_ALERT_AFTER_NS || w->link->has_alert || w->link->session != s->id ||
                nxt_dtls_alert_fits(r, w->sender, w->close_notify)) {
                if (!w->link->has_alert && w->link->session == s->id && ts - w->ts_ns <= NXT_ALERT_AFTER_NS) {
                    link_set_alert(w->link, idx1);
                    add_reporter(s, idx1, w->frame, w->status);
                }
                *p = w->next;
                sw->n_alerts--;
                continue;
            }
            p = &w->next;
        }
    }
}

/* The endpoints' address states are looked up again only when a device
 * showed a new address since; otherwise this is two pointer writes. */
static void note_activity(nxt_dtls_session_t *s)
{
    session_state_t *st = session_state(s);

    if (st->addr_gen != addr_gen) {
        st->addr_gen = addr_gen;
        for (int i = 0; i < 2; i++) {
            address a;
            nxt_dtls_session_address(s, i, &a);
            st->addr[i] = (addr_state_t *)wmem_map_lookup(addr_states, &a);
        }
    }
    for (int i = 0; i < 2; i++)
        if (st->addr[i] != NULL)
            st->addr[i]->last_session = s;
}

static gboolean frame_has_dtls(packet_info *pinfo)
{
    for (wmem_list_frame_t *f = wmem_list_head(pinfo->layers); f != NULL; f = wmem_list_frame_next(f))
        if (GPOINTER_TO_INT(wmem_list_frame_data(f)) == proto_dtls)
            return TRUE;
    return FALSE;
}

static void index_frame(tvbuff_t *tvb, packet_info *pinfo)
{
    nxt_dtls_record_info_t recs[NXT_DTLS_MAX_RECORDS_PER_FRAME];
    nxt_dtls_session_t *s;
    guint32 first, i;
    guint n;

    n = nxt_dtls_read_records(tvb, pinfo, recs, array_length(recs));
    s = nxt_dtls_index_frame(pinfo, recs, n, &first);
    if (s == NULL)
        return;
    if (first == 1 && flow_queue != NULL) {
        expire_pending_flows(frame_ns(pinfo));
        resolve_pending_flow(s);
    }
    for (i = first; i <= nxt_dtls_count(s); i++)
        resolve_new_record(s, i);
    if (addr_gen > 0)
        note_activity(s);
    if (pending_device != NULL)
        resolve_pending_device(s, frame_ns(pinfo));
}

/* ---- drawing (every pass) ---------------------------------------------------- */

static void add_reported_in(proto_tree *rt, tvbuff_t *tvb, guint32 frame, guint32 status)
{
    const struct nxt_status_entry *e = nxt_status_lookup(status);
    proto_item *pi;

    pi = proto_tree_add_uint(rt, hf_reported_in, tvb, 0, 0, frame);
    proto_item_set_generated(pi);
    proto_item_append_text(pi, " (%s)", e ? e->name : "unknown status");
    pi = proto_tree_add_uint(rt, hf_reported_status, tvb, 0, 0, status);
    proto_item_set_generated(pi);
    proto_item_set_hidden(pi);
}

/* The statuses about this DTLS frame's records, each once. */
static void add_reverse_links(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    conversation_t *conv = find_conversation_pinfo(pinfo, 0);
    nxt_dtls_session_t *s = conv ? nxt_dtls_session_of_conversation(conv) : NULL;
    reporter_t shown[16];
    guint32 idx1;
    guint n = 0;

    if (s == NULL)
        return;
    for (idx1 = nxt_dtls_records_before(s, pinfo->num) + 1; idx1 <= nxt_dtls_count(s); idx1++) {
        const nxt_dtls_record_t *r = nxt_dtls_record(s, idx1);
        wmem_array_t *a;
        guint nr;

        if (r->frame != pinfo->num)
            break;
        a = more_reporters_of(s, idx1);
        nr = n_reporters(r, a);
        for (guint i = 0; i < nr && n < array_length(shown); i++) {
            reporter_t rp = reporter_at(r, a, i);
            gboolean dup = FALSE;

            for (guint j = 0; j < n && !dup; j++)
                dup = shown[j].status_frame == rp.status_frame;
            if (!dup)
                shown[n++] = rp;
        }
    }
    if (n > 0) {
        proto_item *ti = proto_tree_add_item(tree, proto_nxt_dtls, tvb, 0, 0, ENC_NA);
        proto_tree *rt = proto_item_add_subtree(ti, ett_reported);

        proto_item_set_generated(ti);
        proto_item_set_text(ti, "NetX Secure Trace: %u status%s concern%s this frame's DTLS records", n,
                            plurality(n, "", "es"), plurality(n, "s", ""));
        for (guint i = 0; i < n; i++)
            add_reported_in(rt, tvb, shown[i].status_frame, shown[i].status);
    }
}

static int dissect_nxtrace_post(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    if (!indexing)
        return 0;
    if (!PINFO_FD_VISITED(pinfo) && frame_has_dtls(pinfo))
        index_frame(tvb, pinfo);
    if (tree != NULL && any_reported && frame_has_dtls(pinfo))
        add_reverse_links(tvb, pinfo, tree);
    return 0;
}

static void add_delta(proto_tree *tree, int hf, tvbuff_t *tvb, gint64 ns)
{
    nstime_t t;
    proto_item *pi;

    t.secs = (time_t)(ns / 1000000000);
    t.nsecs = (int)(ns % 1000000000);
    pi = proto_tree_add_time(tree, hf, tvb, 0, 0, &t);
    proto_item_set_generated(pi);
}

static const value_string handshake_type_vals[] = {
    { 0, "HelloRequest" },
    { 1, "ClientHello" },
    { 2, "ServerHello" },
    { 3, "HelloVerifyRequest" },
    { 4, "NewSessionTicket" },
    { 11, "Certificate" },
    { 12, "ServerKeyExchange" },
    { 13, "CertificateRequest" },
    { 14, "ServerHelloDone" },
    { 15, "CertificateVerify" },
    { 16, "ClientKeyExchange" },
    { 20, "Finished" },
    { 0, NULL }
};

static const value_string alert_level_vals[] = {
    { 1, "warning" },
    { 2, "fatal" },
    { 0, NULL }
};

static const char *record_kind(wmem_allocator_t *scope, const nxt_dtls_record_t *r)
{
    switch (r->content_type) {
    case NXT_DTLS_CT_CHANGE_CIPHER_SPEC: return "ChangeCipherSpec";
    case NXT_DTLS_CT_ALERT:
        if (r->alert_desc == NXT_DTLS_HIDDEN)
            return "Alert (encrypted)";
        return wmem_strdup_printf(scope, "Alert %s", val_to_str_const(r->alert_desc, nxt_alert_vals, "?"));
    case NXT_DTLS_CT_HANDSHAKE:
        if (r->hs_type == NXT_DTLS_HIDDEN)
            return "Handshake (encrypted)";
        return val_to_str_const(r->hs_type, handshake_type_vals, "Handshake");
    case NXT_DTLS_CT_APPLICATION_DATA: return "Application Data";
    default: return wmem_strdup_printf(scope, "content type %u", r->content_type);
    }
}

static const char *alert_name(guint desc)
{
    const char *n = nxt_tls_alert_name(desc);
    return n ? n : "unknown";
}

static void draw_alert(tvbuff_t *tvb, packet_info *pinfo, proto_tree *lt, proto_item *lti,
                       const nxt_status_ref_t *ref, const nxt_link_t *link, wmem_strbuf_t *why)
{
    const struct nxt_status_entry *e = ref->entry;
    const nxt_dtls_record_t *alert;
    proto_item *pi;
    guint expected_desc = NXT_DTLS_HIDDEN;
    int sender = implied_alert(e, &expected_desc);
    const char *who = sender == 0 ? "the device" : "the peer";

    if (sender < 0 || link->device_end < 0)
        return;
    if (!link->has_alert) {
        if (expected_desc != NXT_DTLS_HIDDEN)
            expert_add_info_format(pinfo, lti, &ei_alert_missing,
                                   "%s implies %s sent alert %s, but the capture has no alert from %s in this session",
                                   e->name, who, alert_name(expected_desc), who);
        else
            expert_add_info_format(pinfo, lti, &ei_alert_missing,
                                   "%s implies %s sent an alert, but the capture has none from %s in this session",
                                   e->name, who, who);
        return;
    }
    alert = nxt_dtls_record(link_session(link), link_alert(link));
    pi = proto_tree_add_uint(lt, hf_link_alert_frame, tvb, 0, 0, alert->frame);
    proto_item_set_generated(pi);
    if (why != NULL)
        wmem_strbuf_append_printf(why, " %s %s (frame %u).", sender == 0 ? "The device sent" : "The peer sent",
                                  record_kind(pinfo->pool, alert), alert->frame);
    if (alert->alert_desc == NXT_DTLS_HIDDEN) {
        proto_item_append_text(pi, " (encrypted: level and description not visible)");
        return;
    }
    pi = proto_tree_add_uint(lt, hf_link_alert_level, tvb, 0, 0, alert->alert_level);
    proto_item_set_generated(pi);
    pi = proto_tree_add_uint(lt, hf_link_alert_desc, tvb, 0, 0, alert->alert_desc);
    proto_item_set_generated(pi);
    if (expected_desc != NXT_DTLS_HIDDEN && alert->alert_desc != expected_desc)
        expert_add_info_format(pinfo, pi, &ei_alert_mismatch, "%s implies alert %s, but %s sent %s (frame %u)",
                               e->name, alert_name(expected_desc), who, alert_name(alert->alert_desc), alert->frame);
}

static void draw_link(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const nxt_status_ref_t *ref,
                      const nxt_link_t *link)
{
    const nxt_dtls_session_t *s = link_session(link);
    gboolean first_pass = !PINFO_FD_VISITED(pinfo);
    const char *method = method_names[link->method];
    const nxt_dtls_record_t *rec = NULL, *prev = NULL, *next = NULL;
    gint64 now = frame_ns(pinfo);
    wmem_strbuf_t *why = NULL;
    proto_item *lti, *pi;
    proto_tree *lt;
    guint32 hs, before;

    lti = proto_tree_add_string_format(tree, hf_link, tvb, 0, 0, method, "DTLS link (%s)", method);
    proto_item_set_generated(lti);
    lt = proto_item_add_subtree(lti, ett_link);
    pi = proto_tree_add_string(lt, hf_link_method, tvb, 0, 0, method);
    proto_item_set_generated(pi);
    if (first_pass) {
        pi = proto_tree_add_boolean(lt, hf_link_partial, tvb, 0, 0, TRUE);
        proto_item_set_generated(pi);
        if (!single_pass_noted) {
            single_pass_noted = TRUE;
            expert_add_info(pinfo, pi, &ei_single_pass);
        }
    }

    if (s == NULL) {
        if (ref->has_session)
            expert_add_info_format(pinfo, lti, &ei_no_flow, "No DTLS flow %s:%u <-> %s:%u in the capture%s",
                                   address_to_str(pinfo->pool, &ref->local), ref->local_port,
                                   address_to_str(pinfo->pool, &ref->remote), ref->remote_port,
                                   first_pass ? " so far" : "");
        else
            expert_add_info_format(pinfo, lti, &ei_no_flow,
                                   "No DTLS flow of device 0x%08x within %u ms of this status%s",
                                   ref->device_id, pref_window_ms, first_pass ? " so far" : "");
        return;
    }

    /* The explanation costs a few printfs: only when someone will read it. */
    if (proto_field_is_referenced(tree, hf_link_summary)) {
        why = wmem_strbuf_new(pinfo->pool, "");
        if (ref->entry != NULL)
            wmem_strbuf_append_printf(why, "%s: %s", ref->entry->name, ref->entry->description);
        else
            wmem_strbuf_append_printf(why, "Status 0x%x (not in the NetX table).", ref->status);
    }
    pi = proto_tree_add_uint(lt, hf_link_stream, tvb, 0, 0, s->udp_stream);
    proto_item_set_generated(pi);
    if (proto_field_is_referenced(tree, hf_link_flow)) {
        address a0, a1;
        nxt_dtls_session_address(s, 0, &a0);
        nxt_dtls_session_address(s, 1, &a1);
        pi = proto_tree_add_string(lt, hf_link_flow, tvb, 0, 0,
                                   wmem_strdup_printf(pinfo->pool, "%s:%u <-> %s:%u",
                                                      address_to_str(pinfo->pool, &a0), s->port[0],
                                                      address_to_str(pinfo->pool, &a1), s->port[1]));
        proto_item_set_generated(pi);
    }

    if (link->record != 0) {
        guint count = 0;
        rec = nxt_dtls_record(s, link->record);
        for (guint32 i = link->record; i != 0; i = nxt_dtls_next_copy(s, i)) {
            const nxt_dtls_record_t *r = nxt_dtls_record(s, i);
            pi = proto_tree_add_uint(lt, hf_link_record_frame, tvb, 0, 0, r->frame);
            proto_item_set_generated(pi);
            proto_item_append_text(pi, " (%s, record %u of the frame)", record_kind(pinfo->pool, r),
                                   nxt_dtls_position_in_frame(s, i));
            count++;
        }
        pi = proto_tree_add_uint(lt, hf_link_record_count, tvb, 0, 0, count);
        proto_item_set_generated(pi);
        add_delta(lt, hf_link_record_delta, tvb, now - nxt_dtls_record_ts(s, link->record));
        proto_item_append_text(lti, ": epoch %u seq %" G_GUINT64_FORMAT " %s in frame %u", ref->epoch, ref->seq,
                               ref->record_sent ? "sent" : "received", rec->frame);
    } else if (ref->has_record) {
        /* Named, but not there: capture loss, another capture point, or (single pass) later. */
        expert_add_info_format(pinfo, lti, &ei_record_missing,
                               "The DTLS record %s by the device (epoch %u, seq %" G_GUINT64_FORMAT ") is not in the capture%s",
                               ref->record_sent ? "sent" : "received", ref->epoch, ref->seq,
                               first_pass ? " before this frame" : ": lost before the capture point, or captured elsewhere");
    }

    before = nxt_dtls_records_before(s, pinfo->num);
    if (before > 0) {
        prev = nxt_dtls_record(s, before);
        pi = proto_tree_add_uint(lt, hf_link_prev_frame, tvb, 0, 0, prev->frame);
        proto_item_set_generated(pi);
        proto_item_append_text(pi, " (%s)", record_kind(pinfo->pool, prev));
        add_delta(lt, hf_link_prev_delta, tvb, now - nxt_dtls_record_ts(s, before));
    }
    if (before < nxt_dtls_count(s)) {
        next = nxt_dtls_record(s, before + 1);
        pi = proto_tree_add_uint(lt, hf_link_next_frame, tvb, 0, 0, next->frame);
        proto_item_set_generated(pi);
        proto_item_append_text(pi, " (%s)", record_kind(pinfo->pool, next));
        add_delta(lt, hf_link_next_delta, tvb, nxt_dtls_record_ts(s, before + 1) - now);
    }
    hs = nxt_dtls_handshake_start(s, pinfo->num, first_pass ? pinfo->num : G_MAXUINT32);
    if (hs != 0) {
        pi = proto_tree_add_uint(lt, hf_link_handshake_frame, tvb, 0, 0, hs);
        proto_item_set_generated(pi);
    }
    if (why != NULL) {
        if (rec != NULL)
            wmem_strbuf_append_printf(why, " It concerns the %s record (epoch %u, seq %" G_GUINT64_FORMAT
                                      ") the device %s in frame %u.", record_kind(pinfo->pool, rec), ref->epoch,
                                      ref->seq, ref->record_sent ? "sent" : "received", rec->frame);
        else if (prev != NULL)
            wmem_strbuf_append_printf(why, " The flow's last record before it: %s in frame %u.",
                                      record_kind(pinfo->pool, prev), prev->frame);
    }
    draw_alert(tvb, pinfo, lt, lti, ref, link, why);
    if (why != NULL) {
        pi = proto_tree_add_string(lt, hf_link_summary, tvb, 0, 0, wmem_strbuf_get_str(why));
        proto_item_set_generated(pi);
    }
}

nxt_link_t *nxt_link_status(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const nxt_status_ref_t *ref,
                            guint32 *first, guint16 *count, guint nth)
{
    nxt_link_t *link;
    guint32 i;

    if (!indexing || first == NULL)
        return NULL;
    if (nth < *count) {
        link = (nxt_link_t *)nxt_store_at(&links, *first + nth);
    } else {
        /* Statuses are linked in order, each once, on the first pass; a
         * datagram's links are therefore consecutive. */
        if (PINFO_FD_VISITED(pinfo) || nth != *count || *count == G_MAXUINT16 ||
            (*count > 0 && *first + *count != links.count))
            return NULL; /* linking was off during the first pass */
        link = (nxt_link_t *)nxt_store_append(&links, &i);
        if (*count == 0)
            *first = i;
        (*count)++;
        compute_link(pinfo, ref, link);
    }
    draw_link(tvb, pinfo, tree, ref, link);
    return link;
}

/* ---- for the review ----------------------------------------------------------- */

nxt_dtls_session_t *nxt_link_session(const nxt_link_t *link)
{
    return link ? link_session(link) : NULL;
}

guint32 nxt_link_record(const nxt_link_t *link)
{
    return link ? link->record : 0;
}

guint32 nxt_link_alert(const nxt_link_t *link)
{
    return link ? link_alert(link) : 0;
}

int nxt_link_device_end(const nxt_link_t *link)
{
    return link && link->session != 0 ? link->device_end : -1;
}

const char *nxt_link_method(const nxt_link_t *link)
{
    return method_names[link ? link->method : NXT_METHOD_NONE];
}

int nxt_link_implied_alert(const struct nxt_status_entry *e, guint *desc)
{
    return implied_alert(e, desc);
}

/* ---- registration --------------------------------------------------------- */

void nxt_link_init(void)
{
    /* Preferences and enabled protocols only change with a re-dissection,
     * which runs this again. */
    indexing = pref_link && proto_is_protocol_enabled(find_protocol_by_id(proto_nxt));
    single_pass_noted = FALSE;
    any_reported = FALSE;
    nxt_store_reset(&links, sizeof(nxt_link_t), 12);
    n_palette = 0;
    addr_gen = 0;
    pending_device = NULL;
    n_pending_device = 0;
    flow_queue = flow_queue_tail = NULL;
}

void nxt_link_register(int proto, module_t *module)
{
    static hf_register_info hf[] = {
        { &hf_link, { "DTLS link", "nxtrace.link", FT_STRING, BASE_NONE, NULL, 0x0,
            "The DTLS records this status concerns", HFILL } },
        { &hf_link_method, { "Matched by", "nxtrace.link.method", FT_STRING, BASE_NONE, NULL, 0x0,
            "record (exact record), session (SESSION block), device+time (guess), or none", HFILL } },
        { &hf_link_stream, { "UDP stream", "nxtrace.link.stream", FT_UINT32, BASE_DEC, NULL, 0x0,
            "udp.stream of the DTLS flow", HFILL } },
        { &hf_link_flow, { "DTLS flow", "nxtrace.link.flow", FT_STRING, BASE_NONE, NULL, 0x0, NULL, HFILL } },
        { &hf_link_record_frame, { "Record in frame", "nxtrace.link.record_frame", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0, "Frame holding the DTLS record the status names", HFILL } },
        { &hf_link_record_count, { "Copies of the record", "nxtrace.link.record_count", FT_UINT32, BASE_DEC,
            NULL, 0x0, "Frames holding that epoch and sequence number in that direction (replays)", HFILL } },
        { &hf_link_record_delta, { "Time since the record", "nxtrace.link.record_delta", FT_RELATIVE_TIME,
            BASE_NONE, NULL, 0x0, NULL, HFILL } },
        { &hf_link_prev_frame, { "Previous DTLS record", "nxtrace.link.prev_frame", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_NONE), 0x0, NULL, HFILL } },
        { &hf_link_prev_delta, { "Time since the previous record", "nxtrace.link.prev_delta", FT_RELATIVE_TIME,
            BASE_NONE, NULL, 0x0, NULL, HFILL } },
        { &hf_link_next_frame, { "Next DTLS record", "nxtrace.link.next_frame", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_NONE), 0x0, NULL, HFILL } },
        { &hf_link_next_delta, { "Time to the next record", "nxtrace.link.next_delta", FT_RELATIVE_TIME,
            BASE_NONE, NULL, 0x0, NULL, HFILL } },
        { &hf_link_handshake_frame, { "Handshake began in", "nxtrace.link.handshake_frame", FT_FRAMENUM,
            BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_NONE), 0x0, "Frame of the session's latest ClientHello", HFILL } },
        { &hf_link_alert_frame, { "Alert in frame", "nxtrace.link.alert_frame", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0, "The alert record this status implies", HFILL } },
        { &hf_link_alert_level, { "Alert level", "nxtrace.link.alert_level", FT_UINT8, BASE_DEC,
            VALS(alert_level_vals), 0x0, NULL, HFILL } },
        { &hf_link_alert_desc, { "Alert description", "nxtrace.link.alert_desc", FT_UINT8, BASE_DEC,
            VALS(nxt_alert_vals), 0x0, NULL, HFILL } },
        { &hf_link_partial, { "Later frames not searched", "nxtrace.link.partial", FT_BOOLEAN, BASE_NONE,
            NULL, 0x0, "Single pass: links point backwards only; use tshark -2 or Wireshark", HFILL } },
        { &hf_link_summary, { "Explanation", "nxtrace.link.summary", FT_STRING, BASE_NONE, NULL, 0x0,
            NULL, HFILL } },
        { &hf_reported_in, { "Reported in", "nxtrace.reported_in", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0, "A trace status about a record of this frame", HFILL } },
        { &hf_reported_status, { "Reported status", "nxtrace.reported_status", FT_UINT32, BASE_HEX, NULL, 0x0,
            NULL, HFILL } },
    };
    static gint *ett[] = { &ett_link, &ett_reported };
    static ei_register_info ei[] = {
        { &ei_record_missing, { "nxtrace.link.record_missing", PI_SEQUENCE, PI_NOTE,
            "The DTLS record the status names is not in the capture", EXPFILL } },
        { &ei_no_flow, { "nxtrace.link.no_flow", PI_SEQUENCE, PI_NOTE,
            "No DTLS flow found for this status", EXPFILL } },
        { &ei_alert_missing, { "nxtrace.link.alert_missing", PI_SEQUENCE, PI_WARN,
            "The alert this status implies is not in the capture", EXPFILL } },
        { &ei_alert_mismatch, { "nxtrace.link.alert_mismatch", PI_SEQUENCE, PI_WARN,
            "The capture shows a different alert than the status implies", EXPFILL } },
        { &ei_single_pass, { "nxtrace.link.single_pass", PI_COMMENTS_GROUP, PI_NOTE,
            "Single pass: links to later frames are not shown (use tshark -2 or Wireshark)", EXPFILL } },
    };
    expert_module_t *expert;
    wmem_allocator_t *e = wmem_epan_scope(), *f = wmem_file_scope();

    proto_nxt = proto;
    /* DTLS frames get their reverse links under a protocol of their own, so
     * that `nxtrace` matches trace datagrams only; the fields stay nxtrace.*. */
    proto_nxt_dtls = proto_register_protocol("NetX Secure Trace: statuses about DTLS records",
                                             "NXTRACE-DTLS", "nxtrace_dtls");
    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert = expert_register_protocol(proto);
    expert_register_field_array(expert, ei, array_length(ei));

    prefs_register_bool_preference(module, "link_dtls", "Link statuses to DTLS records",
                                   "Index the capture's DTLS records and link each status to them (and back)",
                                   &pref_link);
    prefs_register_uint_preference(module, "link_window_ms", "Device+time match window (ms)",
                                   "Without a SESSION block, a status is tied to its device's DTLS flow "
                                   "only if a record lies this close to it",
                                   10, &pref_window_ms);
    post_handle = create_dissector_handle(dissect_nxtrace_post, proto_nxt_dtls);

    nxt_dtls_index_register(proto_nxt_dtls);
    addr_states = wmem_map_new_autoreset(e, f, addr_hash, addr_equal);
    more_reporters = wmem_map_new_autoreset(e, f, nxt_dtls_ref_hash, nxt_dtls_ref_equal);
    link_alerts = wmem_map_new_autoreset(e, f, g_direct_hash, g_direct_equal);
    pending_keys = wmem_map_new_autoreset(e, f, nxt_dtls_ref_hash, nxt_dtls_ref_equal);
    pending_flows = wmem_map_new_autoreset(e, f, flow_hash, flow_equal);
}

void nxt_link_handoff(void)
{
    proto_dtls = proto_get_id_by_filter_name("dtls");
    register_postdissector(post_handle);
}
