/* nxtrace_review.c - the field review (see nxtrace_review.h, docs/REVIEW.md):
 * `tshark -q -z nxtrace,review` (text for a ticket) and
 * `-z nxtrace,review,json` (one JSON document, "schema": 1).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Output is deterministic: devices by id, sessions and statuses in capture
 * order, times from the capture only.  Nothing is stored per packet unless
 * the review was asked for: the datagram tap is queued only while a
 * listener exists.
 */
#include "nxtrace_review.h"
#include "nxtrace_link.h"
#include "nxtrace.h"

#include <math.h>
#include <time.h>
#include <epan/stat_tap_ui.h>
#include <epan/to_str.h>

/* A session whose handshake began but never completed, silent this long
 * before the capture ends, timed out. */
#define NXT_REVIEW_IDLE_NS (G_GINT64_CONSTANT(10) * 1000000000)
/* An uptime clock that goes back more than this restarted the device. */
#define NXT_DRIFT_MIN_SPAN_S 2.0
#define NXT_CLOCK_BACK_US G_GUINT64_CONSTANT(1000000)

typedef struct {
    double x;   /* device time, s since the device's first sample */
    double y;   /* capture time minus device time, s               */
} nxt_rv_sample_t;

struct nxt_review {
    gboolean json;
    char *file;
    guint32 frames;
    nstime_t first_ts, last_ts;
    GPtrArray *statuses;  /* nxt_rv_status_t *, capture order */
    guint statuses_judged; /* statuses already counted in their sessions */
    GHashTable *devices;  /* id -> nxt_rv_device_t          */
    GPtrArray *by_id;     /* nxt_rv_device_t *, sorted by id after judging */
    GArray *sessions;     /* nxt_rv_session_t, after judging  */
};

/* ---- gathering (tap callbacks) ------------------------------------------- */

static void device_free(gpointer p)
{
    nxt_rv_device_t *d = (nxt_rv_device_t *)p;

    g_free(d->name);
    g_free(d->firmware);
    for (guint i = 0; i < d->addrs->len; i++) {
        address *a = (address *)g_ptr_array_index(d->addrs, i);
        free_address(a);
        g_free(a);
    }
    g_ptr_array_free(d->addrs, TRUE);
    g_array_free(d->samples, TRUE);
    g_free(d);
}

nxt_review_t *nxt_review_new(void)
{
    nxt_review_t *rv = g_new0(nxt_review_t, 1);

    rv->statuses = g_ptr_array_new_with_free_func(g_free);
    rv->devices = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, device_free);
    rv->by_id = g_ptr_array_new();
    rv->sessions = g_array_new(FALSE, TRUE, sizeof(nxt_rv_session_t));
    return rv;
}

void nxt_review_reset(nxt_review_t *rv)
{
    rv->frames = 0;
    nstime_set_zero(&rv->first_ts);
    nstime_set_zero(&rv->last_ts);
    g_ptr_array_set_size(rv->statuses, 0);
    rv->statuses_judged = 0;
    g_ptr_array_set_size(rv->by_id, 0);
    g_hash_table_remove_all(rv->devices);
    g_array_set_size(rv->sessions, 0);
}

void nxt_review_free(nxt_review_t *rv)
{
    if (rv == NULL)
        return;
    nxt_review_reset(rv);
    g_ptr_array_free(rv->statuses, TRUE);
    g_hash_table_destroy(rv->devices);
    g_ptr_array_free(rv->by_id, TRUE);
    g_array_free(rv->sessions, TRUE);
    g_free(rv->file);
    g_free(rv);
}

static void device_add_address(nxt_rv_device_t *d, const address *addr)
{
    address *a;

    if (addr->type == AT_NONE)
        return;
    for (guint i = 0; i < d->addrs->len; i++)
        if (addresses_equal((address *)g_ptr_array_index(d->addrs, i), addr))
            return;
    a = g_new0(address, 1);
    copy_address(a, addr);
    g_ptr_array_add(d->addrs, a);
}

static gint64 ts_ns(const nstime_t *t)
{
    return (gint64)t->secs * 1000000000 + t->nsecs;
}

/* One clock sample per datagram; a restart begins a new fit. */
static void device_clock_sample(nxt_rv_device_t *d, const packet_info *pinfo, const nxt_tap_dgram_t *dg,
                                gboolean restarted)
{
    nxt_rv_sample_t smp;
    double dev_s = (double)dg->ts_us * 1e-6;

    if (restarted)
        g_array_set_size(d->samples, 0);
    d->clock.utc = dg->ts_utc;
    smp.x = dev_s;
    smp.y = (double)pinfo->abs_ts.secs + (double)pinfo->abs_ts.nsecs * 1e-9 - dev_s;
    g_array_append_val(d->samples, smp);
}

tap_packet_status nxt_review_datagram(void *p, packet_info *pinfo, epan_dissect_t *edt _U_, const void *data,
                                      tap_flags_t flags _U_)
{
    nxt_review_t *rv = (nxt_review_t *)p;
    const nxt_tap_dgram_t *dg = (const nxt_tap_dgram_t *)data;
    nxt_rv_device_t *d = (nxt_rv_device_t *)g_hash_table_lookup(rv->devices, GUINT_TO_POINTER(dg->device_id));
    gboolean restarted = FALSE;
    guint i, n;

    if (d == NULL) {
        d = g_new0(nxt_rv_device_t, 1);
        d->id = dg->device_id;
        d->addrs = g_ptr_array_new();
        d->samples = g_array_new(FALSE, FALSE, sizeof(nxt_rv_sample_t));
        d->first_frame = pinfo->num;
        g_hash_table_insert(rv->devices, GUINT_TO_POINTER(dg->device_id), d);
    }
    d->received++;
    d->last_frame = pinfo->num;
    if (d->name == NULL && dg->name != NULL) {
        d->name = g_strdup(dg->name);
        d->firmware = g_strdup(dg->firmware);
    }
    device_add_address(d, &pinfo->net_src);
    if (dg->seq_info != NULL) {
        switch (dg->seq_info->kind) {
        case NXT_SEQ_GAP: d->gaps += dg->seq_info->lost; break;
        case NXT_SEQ_DUPLICATE: d->duplicated++; break;
        case NXT_SEQ_LATE: d->late++; break;
        case NXT_SEQ_RESTART: restarted = TRUE; break;
        default: break;
        }
    }
    if (dg->restarted)
        restarted = TRUE;
    if (restarted)
        d->restarts++;
    if (dg->seq_info == NULL || dg->seq_info->kind != NXT_SEQ_DUPLICATE)
        device_clock_sample(d, pinfo, dg, restarted);

    n = wmem_array_get_count(dg->statuses);
    for (i = 0; i < n; i++) {
        const nxt_tap_dgram_status_t *ds = (const nxt_tap_dgram_status_t *)wmem_array_index(dg->statuses, i);
        nxt_rv_status_t *st = g_new(nxt_rv_status_t, 1);

        st->frame = pinfo->num;
        st->device_id = dg->device_id;
        st->status = ds->status;
        st->api = ds->api;
        st->role = ds->role;
        st->entry = ds->entry;
        st->link = ds->link;
        g_ptr_array_add(rv->statuses, st);
        if (ds->has_session)
            device_add_address(d, &ds->local);
    }
    return TAP_PACKET_DONT_REDRAW;
}

tap_packet_status nxt_review_frame(void *p, packet_info *pinfo, epan_dissect_t *edt _U_, const void *data _U_,
                                   tap_flags_t flags _U_)
{
    nxt_review_t *rv = (nxt_review_t *)p;

    if (rv->frames == 0)
        rv->first_ts = pinfo->abs_ts;
    rv->last_ts = pinfo->abs_ts;
    rv->frames++;
    return TAP_PACKET_DONT_REDRAW;
}

/* ---- judging --------------------------------------------------------------- */

const char *nxt_outcome_name(nxt_outcome_t o)
{
    static const char *const names[] = { "established", "failed", "closed", "timed_out", "unknown" };
    return names[o];
}

const char *nxt_role_name(int role)
{
    switch (role) {
    case NXTRACE_ROLE_DTLS_CLIENT: return "client";
    case NXTRACE_ROLE_DTLS_SERVER: return "server";
    default: return NULL;
    }
}

const char *nxt_cipher_name(guint16 suite)
{
    static header_field_info *hfi;
    static gboolean looked;

    /* The DTLS dissector's own suite names, through its registered field. */
    if (!looked) {
        looked = TRUE;
        hfi = proto_registrar_get_byname("dtls.handshake.ciphersuite");
    }
    if (hfi != NULL && hfi->strings != NULL && (hfi->display & BASE_EXT_STRING))
        return val_to_str_ext_const(suite, (value_string_ext *)hfi->strings, "unknown");
    return "unknown";
}

static gboolean is_session_start(guint16 api)
{
    return api == NXTRACE_API_DTLS_CLIENT_SESSION_START || api == NXTRACE_API_DTLS_SERVER_SESSION_START ||
           api == NXTRACE_API_DTLS_SESSION_START;
}

/* An error that ends the session: DTLS drops a record failing its MAC, AEAD
 * tag or padding and goes on (RFC 6347, 4.1.2.7). */
static gboolean ends_session(const nxt_rv_status_t *st)
{
    return st->entry != NULL && st->entry->severity == NXT_SEV_ERROR && st->status != 0x108 &&
           st->status != 0x12A && st->status != 0x150;
}

/* What proves a status on the wire: the record it names, else the status. */
static guint32 evidence_frame(const nxt_rv_status_t *st)
{
    guint32 r = nxt_link_record(st->link);
    return r != 0 ? nxt_dtls_record(nxt_link_session(st->link), r)->frame : st->frame;
}

static gint by_device_id(gconstpointer a, gconstpointer b)
{
    const nxt_rv_device_t *x = *(const nxt_rv_device_t *const *)a, *y = *(const nxt_rv_device_t *const *)b;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* The line below every sample that lies closest to them (delays only add):
 * the lower convex hull's edge over the mean device time. */
static void fit_clock(nxt_rv_device_t *d)
{
    nxt_rv_clock_t *c = &d->clock;
    guint n = d->samples->len, h = 0, i;
    nxt_rv_sample_t *pts = (nxt_rv_sample_t *)(void *)d->samples->data, *hull;
    double x0, mean = 0, a, b = 0;

    c->samples = n;
    c->has_drift = FALSE;
    c->offset_s = c->drift_ppm = c->max_delay_s = 0;
    if (n == 0)
        return;
    x0 = pts[0].x;
    hull = g_new(nxt_rv_sample_t, n);
    for (i = 0; i < n; i++) {
        nxt_rv_sample_t p = { pts[i].x - x0, pts[i].y };
        mean += p.x / n;
        /* Device timestamps only grow within one boot; a sample out of order
         * is skipped by the hull. */
        if (h > 0 && p.x <= hull[h - 1].x) {
            if (p.x == hull[h - 1].x && p.y < hull[h - 1].y)
                hull[h - 1].y = p.y;
            continue;
        }
        while (h >= 2 && (hull[h - 1].x - hull[h - 2].x) * (p.y - hull[h - 2].y) -
                         (hull[h - 1].y - hull[h - 2].y) * (p.x - hull[h - 2].x) <= 0)
            h--;
        hull[h++] = p;
    }
    a = hull[0].y;
    /* Over a few seconds a ppm figure is the timestamps' noise, not drift. */
    if (h >= 2 && hull[h - 1].x >= NXT_DRIFT_MIN_SPAN_S) {
        for (i = 0; i + 2 < h && hull[i + 1].x < mean; i++)
            ;
        b = (hull[i + 1].y - hull[i].y) / (hull[i + 1].x - hull[i].x);
        a = hull[i].y - b * hull[i].x;
        /* capture/device rate is 1 + b: the device runs fast by -b / (1 + b);
         * a clock that does not run forward (b <= -1) has no drift figure. */
        c->has_drift = 1 + b > 0 && isfinite(b);
        c->drift_ppm = c->has_drift ? -b / (1 + b) * 1e6 : 0;
    }
    c->offset_s = a;
    for (i = 0; i < n; i++) {
        double delay = pts[i].y - (a + b * (pts[i].x - x0));
        if (delay > c->max_delay_s)
            c->max_delay_s = delay;
    }
    g_free(hull);
}

static nxt_rv_device_t *device_by_address(const nxt_review_t *rv, const nxt_dtls_session_t *s, int *end)
{
    for (guint i = 0; i < rv->by_id->len; i++) {
        nxt_rv_device_t *d = (nxt_rv_device_t *)g_ptr_array_index(rv->by_id, i);
        for (guint j = 0; j < d->addrs->len; j++) {
            int e = nxt_dtls_endpoint(s, (const address *)g_ptr_array_index(d->addrs, j), 0);
            if (e >= 0) {
                *end = e;
                return d;
            }
        }
    }
    return NULL;
}

static guint32 min_nonzero(guint32 a, guint32 b)
{
    return a == 0 ? b : b == 0 ? a : MIN(a, b);
}

static void judge_session(nxt_review_t *rv, nxt_rv_session_t *v, gint64 capture_end)
{
    const nxt_dtls_session_t *s = v->s;
    guint32 fail_frame = 0, close_frame = 0;

    v->device = v->status_device;
    v->device_end = v->status_end;
    if (v->device == NULL)
        v->device = device_by_address(rv, s, &v->device_end);
    v->role = v->status_role;
    v->role_from = v->role != NXTRACE_ROLE_UNKNOWN ? "status" : NULL;
    if (v->role == NXTRACE_ROLE_UNKNOWN && v->device_end >= 0 && s->client >= 0) {
        v->role = s->client == v->device_end ? NXTRACE_ROLE_DTLS_CLIENT : NXTRACE_ROLE_DTLS_SERVER;
        v->role_from = "client_hello";
    }

    v->established_frame = v->start_ok;
    if (v->established_frame == 0 && s->finished[0] != 0 && s->finished[1] != 0)
        v->established_frame = MAX(s->finished[0], s->finished[1]);

    if (v->failure != NULL)
        fail_frame = v->failure->frame;
    if (s->fatal_alert != 0)
        fail_frame = min_nonzero(fail_frame, nxt_dtls_record(s, s->fatal_alert)->frame);
    if (s->close_notify != 0)
        close_frame = nxt_dtls_record(s, s->close_notify)->frame;
    close_frame = min_nonzero(close_frame, min_nonzero(v->close_rx, v->end_ok));

    if (fail_frame != 0) {
        v->outcome = NXT_OUTCOME_FAILED;
        v->outcome_frame = fail_frame;
    } else if (v->start_timeout != 0 && v->established_frame == 0) {
        /* No peer answered: the session_end that follows is only cleanup. */
        v->outcome = NXT_OUTCOME_TIMED_OUT;
        v->outcome_frame = v->start_timeout;
    } else if (close_frame != 0) {
        v->outcome = NXT_OUTCOME_CLOSED;
        v->outcome_frame = close_frame;
    } else if (v->established_frame != 0) {
        v->outcome = NXT_OUTCOME_ESTABLISHED;
        v->outcome_frame = v->established_frame;
    } else if (s->hello0 != 0 &&
               capture_end - nxt_dtls_record_ts(s, nxt_dtls_count(s)) >= NXT_REVIEW_IDLE_NS) {
        v->outcome = NXT_OUTCOME_TIMED_OUT;
        v->outcome_frame = s->last_frame;
    } else {
        v->outcome = NXT_OUTCOME_UNKNOWN;
        v->outcome_frame = 0;
    }
}

/* Counts one status in its session's facts. */
static void session_add_status(nxt_review_t *rv, nxt_rv_session_t *v, const nxt_rv_status_t *st)
{
    v->nstatus++;
    if (v->status_device == NULL) {
        v->status_device = (nxt_rv_device_t *)g_hash_table_lookup(rv->devices, GUINT_TO_POINTER(st->device_id));
        v->status_end = nxt_link_device_end(st->link);
    } else if (v->status_end < 0 && v->status_device->id == st->device_id) {
        v->status_end = nxt_link_device_end(st->link);
    }
    if (v->status_role == NXTRACE_ROLE_UNKNOWN &&
        (st->role == NXTRACE_ROLE_DTLS_CLIENT || st->role == NXTRACE_ROLE_DTLS_SERVER))
        v->status_role = st->role;
    if (st->entry != NULL && st->entry->severity == NXT_SEV_ERROR && v->first_error == NULL)
        v->first_error = st;
    if (ends_session(st) && v->failure == NULL)
        v->failure = st;
    if (st->status == 0 && is_session_start(st->api) && v->start_ok == 0)
        v->start_ok = evidence_frame(st);
    if (st->status == 0 && st->api == NXTRACE_API_DTLS_SESSION_END && v->end_ok == 0)
        v->end_ok = evidence_frame(st);
    if (st->status == 0x127 && v->close_rx == 0)
        v->close_rx = evidence_frame(st);
    if ((st->status == 0x01 /* NX_NO_PACKET */ || st->status == 0x1A /* NX_WAIT_ABORTED */) &&
        is_session_start(st->api) && v->start_timeout == 0)
        v->start_timeout = st->frame;
}

/* The review's entry for session s: rv->sessions holds the sessions in id
 * order (ids are 1, 2, ...), up to the last update; NULL if none yet. */
static nxt_rv_session_t *rv_session(const nxt_review_t *rv, const nxt_dtls_session_t *s)
{
    if (s == NULL || s->id == 0 || s->id > rv->sessions->len)
        return NULL;
    return &g_array_index(rv->sessions, nxt_rv_session_t, s->id - 1);
}

guint nxt_review_update(nxt_review_t *rv, guint *first_touched)
{
    nxt_dtls_session_t *s;
    guint i, lowest = G_MAXUINT;

    if (g_hash_table_size(rv->devices) != rv->by_id->len) {
        GHashTableIter it;
        gpointer value;
        g_ptr_array_set_size(rv->by_id, 0);
        g_hash_table_iter_init(&it, rv->devices);
        while (g_hash_table_iter_next(&it, NULL, &value))
            g_ptr_array_add(rv->by_id, value);
        g_ptr_array_sort(rv->by_id, by_device_id);
    }

    /* Sessions first seen since the last update (the list only grows). */
    for (guint32 id = rv->sessions->len + 1; (s = nxt_dtls_session_by_id(id)) != NULL; id++) {
        nxt_rv_session_t v;
        memset(&v, 0, sizeof v);
        v.s = s;
        v.index = id; /* its place in rv->sessions + 1: see rv_session() */
        v.status_end = -1;
        g_array_append_val(rv->sessions, v);
        lowest = MIN(lowest, v.index - 1);
    }

    for (i = rv->statuses_judged; i < rv->statuses->len; i++) {
        const nxt_rv_status_t *st = (const nxt_rv_status_t *)g_ptr_array_index(rv->statuses, i);
        nxt_rv_session_t *v = rv_session(rv, nxt_link_session(st->link));

        if (v == NULL)
            continue;
        session_add_status(rv, v, st);
        lowest = MIN(lowest, v->index - 1);
    }
    rv->statuses_judged = rv->statuses->len;
    /* Sessions with records since they were judged (single pass). */
    for (i = 0; i < lowest && i < rv->sessions->len; i++)
        if (g_array_index(rv->sessions, nxt_rv_session_t, i).judged_frame != g_array_index(rv->sessions,
                                                                                         nxt_rv_session_t, i).s->last_frame)
            lowest = i;

    for (i = lowest; i < rv->sessions->len; i++) {
        nxt_rv_session_t *v = &g_array_index(rv->sessions, nxt_rv_session_t, i);
        judge_session(rv, v, ts_ns(&rv->last_ts));
        v->judged_frame = v->s->last_frame;
    }
    if (first_touched != NULL)
        *first_touched = lowest;
    return rv->sessions->len;
}

void nxt_review_judge(nxt_review_t *rv)
{
    g_array_set_size(rv->sessions, 0);
    g_ptr_array_set_size(rv->by_id, 0);
    rv->statuses_judged = 0;
    nxt_review_update(rv, NULL);
    for (guint i = 0; i < rv->by_id->len; i++)
        fit_clock((nxt_rv_device_t *)g_ptr_array_index(rv->by_id, i));
}

void nxt_review_fit_clock(nxt_review_t *rv, guint i)
{
    fit_clock((nxt_rv_device_t *)g_ptr_array_index(rv->by_id, i));
}

guint nxt_review_session_count(const nxt_review_t *rv)
{
    return rv->sessions->len;
}

const nxt_rv_session_t *nxt_review_session(const nxt_review_t *rv, guint i)
{
    return &g_array_index(rv->sessions, nxt_rv_session_t, i);
}

guint nxt_review_device_count(const nxt_review_t *rv)
{
    return rv->by_id->len;
}

const nxt_rv_device_t *nxt_review_device(const nxt_review_t *rv, guint i)
{
    return (const nxt_rv_device_t *)g_ptr_array_index(rv->by_id, i);
}

/* ---- output helpers --------------------------------------------------------- */

/* Writes both the text and the JSON form through one set of helpers. */
typedef struct {
    GString *out;
    gboolean json;
    int depth;
    gboolean first;    /* no member written yet at this depth */
} writer_t;

static void json_string(GString *out, const char *s)
{
    g_string_append_c(out, '"');
    for (const guchar *p = (const guchar *)s; *p; p++) {
        switch (*p) {
        case '"': g_string_append(out, "\\\""); break;
        case '\\': g_string_append(out, "\\\\"); break;
        case '\n': g_string_append(out, "\\n"); break;
        case '\r': g_string_append(out, "\\r"); break;
        case '\t': g_string_append(out, "\\t"); break;
        default:
            if (*p < 0x20)
                g_string_append_printf(out, "\\u%04x", *p);
            else
                g_string_append_c(out, (char)*p);
        }
    }
    g_string_append_c(out, '"');
}

static void j_indent(writer_t *w)
{
    g_string_append_c(w->out, '\n');
    for (int i = 0; i < w->depth; i++)
        g_string_append(w->out, "  ");
}

static void j_key(writer_t *w, const char *key)
{
    if (!w->first)
        g_string_append_c(w->out, ',');
    w->first = FALSE;
    j_indent(w);
    if (key != NULL) {
        json_string(w->out, key);
        g_string_append(w->out, ": ");
    }
}

static void j_open(writer_t *w, const char *key, char bracket)
{
    j_key(w, key);
    g_string_append_c(w->out, bracket);
    w->depth++;
    w->first = TRUE;
}

static void j_close(writer_t *w, char bracket)
{
    gboolean empty = w->first;
    w->depth--;
    if (!empty)
        j_indent(w);
    g_string_append_c(w->out, bracket);
    w->first = FALSE;
}

static void j_str(writer_t *w, const char *key, const char *v)
{
    j_key(w, key);
    if (v == NULL)
        g_string_append(w->out, "null");
    else
        json_string(w->out, v);
}

static void j_uint(writer_t *w, const char *key, guint64 v)
{
    j_key(w, key);
    g_string_append_printf(w->out, "%" G_GUINT64_FORMAT, v);
}

/* A frame number, null when 0 (frames count from 1). */
static void j_frame(writer_t *w, const char *key, guint32 frame)
{
    j_key(w, key);
    if (frame == 0)
        g_string_append(w->out, "null");
    else
        g_string_append_printf(w->out, "%u", frame);
}

static void j_bool(writer_t *w, const char *key, int v) /* -1: null */
{
    j_key(w, key);
    g_string_append(w->out, v < 0 ? "null" : v ? "true" : "false");
}

static void j_double(writer_t *w, const char *key, double v, int decimals)
{
    j_key(w, key);
    g_string_append_printf(w->out, "%.*f", decimals, fabs(v) < 0.5 * pow(10, -decimals) ? 0.0 : v);
}

static void j_null(writer_t *w, const char *key)
{
    j_key(w, key);
    g_string_append(w->out, "null");
}

/* ISO 8601 UTC with nanoseconds: the capture's own clock, not ours. */
static char *iso_time(const nstime_t *t)
{
    struct tm tm;
    time_t secs = t->secs;
    char buf[32];

    if (gmtime_r(&secs, &tm) == NULL)
        return g_strdup("?");
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    return g_strdup_printf("%s.%09dZ", buf, t->nsecs);
}

/* An uptime clock's offset is the capture time of its boot. */
static char *boot_time(const nxt_rv_clock_t *c)
{
    nstime_t t;
    double secs = floor(c->offset_s);

    t.secs = (time_t)secs;
    t.nsecs = (int)((c->offset_s - secs) * 1e9);
    return iso_time(&t);
}

static char *endpoint_str(const nxt_dtls_session_t *s, int end)
{
    address addr;
    char *a, *r;

    nxt_dtls_session_address(s, end, &addr);
    a = address_to_str(NULL, &addr);
    r = addr.type == AT_IPv6 ? g_strdup_printf("[%s]:%u", a, s->port[end])
                                           : g_strdup_printf("%s:%u", a, s->port[end]);
    wmem_free(NULL, a);
    return r;
}

static const char *handshake_name(guint8 t)
{
    switch (t) {
    case 0: return "HelloRequest";
    case 1: return "ClientHello";
    case 2: return "ServerHello";
    case 3: return "HelloVerifyRequest";
    case 4: return "NewSessionTicket";
    case 11: return "Certificate";
    case 12: return "ServerKeyExchange";
    case 13: return "CertificateRequest";
    case 14: return "ServerHelloDone";
    case 15: return "CertificateVerify";
    case 16: return "ClientKeyExchange";
    case 20: return "Finished";
    case NXT_DTLS_HIDDEN: return "Handshake (encrypted)";
    default: return "Handshake";
    }
}

static const char *record_kind(const nxt_dtls_record_t *r)
{
    switch (r->content_type) {
    case NXT_DTLS_CT_CHANGE_CIPHER_SPEC: return "ChangeCipherSpec";
    case NXT_DTLS_CT_ALERT: return "Alert";
    case NXT_DTLS_CT_HANDSHAKE: return handshake_name(r->hs_type);
    case NXT_DTLS_CT_APPLICATION_DATA: return "Application Data";
    default: return "other";
    }
}

static const char *alert_desc_name(guint8 desc)
{
    const char *n;
    if (desc == NXT_DTLS_HIDDEN)
        return NULL;
    n = nxt_tls_alert_name(desc);
    return n ? n : "unknown";
}

static const char *alert_level_name(guint8 level)
{
    return level == 1 ? "warning" : level == 2 ? "fatal" : NULL; /* 0: not visible */
}

/* Which party an endpoint is, as the review names it. */
static const char *party(const nxt_rv_session_t *v, int end)
{
    if (v->device_end >= 0)
        return end == v->device_end ? "device" : "peer";
    if (v->s->client >= 0)
        return end == v->s->client ? "client" : "server";
    return NULL;
}

/* Zeek's convention: upper case for the client. */
static char *history_str(const nxt_rv_session_t *v)
{
    char *h = g_strdup(v->s->history);
    if (v->s->client == 1)
        for (char *p = h; *p; p++)
            *p = g_ascii_isupper(*p) ? g_ascii_tolower(*p) : g_ascii_toupper(*p);
    return h;
}

static const char *status_name(const nxt_rv_status_t *st, char *buf, size_t len)
{
    if (st->entry != NULL)
        return st->entry->name;
    g_snprintf(buf, (gulong)len, "0x%x", st->status);
    return buf;
}

static const char *severity_of(const nxt_rv_status_t *st)
{
    return st->entry ? nxt_severity_name(st->entry->severity) : "unknown";
}

static const nxt_rv_session_t *session_of_status(const nxt_review_t *rv, const nxt_rv_status_t *st)
{
    return rv_session(rv, nxt_link_session(st->link));
}

/* Frames holding the record a status names (every copy), appended as "a,b". */
static void record_frames(const nxt_rv_status_t *st, GString *txt, writer_t *w, const char *key)
{
    const nxt_dtls_session_t *s = nxt_link_session(st->link);
    guint32 idx1 = nxt_link_record(st->link);

    if (w != NULL)
        j_open(w, key, '[');
    for (guint32 i = idx1; s != NULL && i != 0; i = nxt_dtls_next_copy(s, i)) {
        if (w != NULL) {
            j_key(w, NULL);
            g_string_append_printf(w->out, "%u", nxt_dtls_record(s, i)->frame);
        }
        if (txt != NULL)
            g_string_append_printf(txt, "%s%u", i == idx1 ? "" : ",", nxt_dtls_record(s, i)->frame);
    }
    if (w != NULL)
        j_close(w, ']');
}

static gboolean in_timeline(const nxt_rv_status_t *st)
{
    if (st->entry == NULL || st->entry->severity != NXT_SEV_SUCCESS)
        return TRUE;
    return is_session_start(st->api) || st->api == NXTRACE_API_DTLS_SESSION_END;
}

static const nxt_dtls_record_t *last_alert(const nxt_dtls_session_t *s)
{
    return s->alerts ? nxt_dtls_record(s, *(guint32 *)wmem_array_index(s->alerts, wmem_array_get_count(s->alerts) - 1))
                     : NULL;
}

char *nxt_review_peer_str(const nxt_rv_session_t *v)
{
    return endpoint_str(v->s, v->device_end >= 0 ? 1 - v->device_end : 1);
}

char *nxt_review_last_alert_str(const nxt_rv_session_t *v)
{
    const nxt_dtls_record_t *a = last_alert(v->s);
    const char *who;

    if (a == NULL)
        return NULL;
    who = party(v, a->from);
    if (a->alert_desc == NXT_DTLS_HIDDEN)
        return g_strdup_printf("encrypted, from %s, frame %u", who ? who : "?", a->frame);
    return g_strdup_printf("%s %s from %s, frame %u", alert_level_name(a->alert_level),
                           alert_desc_name(a->alert_desc), who ? who : "?", a->frame);
}

char *nxt_review_clock_str(const nxt_rv_clock_t *c)
{
    char *boot, *r;

    if (c->utc)
        return g_strdup_printf("UTC, device %+.6f s behind", c->offset_s);
    boot = boot_time(c);
    r = g_strdup_printf("uptime, booted %s", boot);
    g_free(boot);
    return r;
}

char *nxt_review_history_str(const nxt_rv_session_t *v)
{
    return history_str(v);
}

/* ---- JSON ----------------------------------------------------------------------- */

static void json_alert(writer_t *w, const char *key, const nxt_rv_session_t *v, const nxt_dtls_record_t *a)
{
    char *from;

    if (a == NULL) {
        j_null(w, key);
        return;
    }
    from = endpoint_str(v->s, a->from);
    j_open(w, key, '{');
    j_frame(w, "frame", a->frame);
    j_str(w, "level", alert_level_name(a->alert_level));
    j_str(w, "description", alert_desc_name(a->alert_desc));
    j_str(w, "from", from);
    j_str(w, "sender", party(v, a->from));
    j_close(w, '}');
    g_free(from);
}

static void json_status_ref(writer_t *w, const nxt_review_t *rv, const nxt_rv_status_t *st)
{
    char buf[16];
    const nxt_rv_device_t *d = (const nxt_rv_device_t *)g_hash_table_lookup(rv->devices,
                                                                             GUINT_TO_POINTER(st->device_id));
    const nxt_rv_session_t *v = session_of_status(rv, st);
    guint32 alert = nxt_link_alert(st->link);

    j_frame(w, "frame", st->frame);
    j_str(w, "device", (snprintf(buf, sizeof buf, "0x%08x", st->device_id), buf));
    j_str(w, "device_name", d ? d->name : NULL);
    j_uint(w, "api", st->api);
    j_str(w, "service", nxt_api_name(st->api));
    j_uint(w, "status", st->status);
    j_str(w, "name", status_name(st, buf, sizeof buf));
    j_str(w, "severity", severity_of(st));
    if (v != NULL)
        j_uint(w, "session", v->index);
    else
        j_null(w, "session");
    j_str(w, "method", nxt_link_method(st->link));
    record_frames(st, NULL, w, "record_frames");
    j_frame(w, "alert_frame", alert ? nxt_dtls_record(nxt_link_session(st->link), alert)->frame : 0);
}

static void json_failure(writer_t *w, const nxt_review_t *rv, const nxt_rv_session_t *v)
{
    const nxt_rv_status_t *st = v->failure ? v->failure : v->first_error;
    const nxt_dtls_session_t *s = v->s;
    const nxt_dtls_record_t *alert = NULL;
    guint desc = NXT_DTLS_HIDDEN;
    int sender = -1;

    j_open(w, NULL, '{');
    j_uint(w, "session", v->index);
    j_frame(w, "outcome_frame", v->outcome_frame);
    if (st != NULL) {
        guint32 a = nxt_link_alert(st->link);
        j_open(w, "status", '{');
        json_status_ref(w, rv, st);
        j_str(w, "meaning", st->entry ? st->entry->description : NULL);
        j_str(w, "hint", st->entry ? st->entry->hint : NULL);
        j_close(w, '}');
        sender = nxt_link_implied_alert(st->entry, &desc);
        if (a != 0)
            alert = nxt_dtls_record(nxt_link_session(st->link), a);
    } else {
        j_null(w, "status");
    }
    if (alert == NULL && s->fatal_alert != 0)
        alert = nxt_dtls_record(s, s->fatal_alert);
    json_alert(w, "alert", v, alert);
    if (sender == 0 && st != NULL && st->entry->alert != NXT_ALERT_NONE)
        j_str(w, "expected_alert", alert_desc_name(st->entry->alert));
    else
        j_null(w, "expected_alert");
    if (sender < 0 || alert == NULL)
        j_bool(w, "alert_as_expected", sender < 0 ? -1 : 0);
    else
        j_bool(w, "alert_as_expected",
               alert->from == (sender == 0 ? v->device_end : 1 - v->device_end) &&
               (desc == NXT_DTLS_HIDDEN || alert->alert_desc == desc));
    j_close(w, '}');
}

/* Datagrams a device's seq says were lost: gaps not filled in later. */
static guint32 device_lost(const nxt_rv_device_t *d)
{
    return d->gaps > d->late ? d->gaps - d->late : 0;
}

/* The capture's totals both reports open with: statuses per severity
 * (sev[NXT_SEV_COUNT]: not in the table) and trace datagrams lost. */
static void count_totals(const nxt_review_t *rv, guint32 sev[NXT_SEV_COUNT + 1], guint32 *lost)
{
    guint i;

    for (i = 0; i < rv->statuses->len; i++) {
        const nxt_rv_status_t *st = (const nxt_rv_status_t *)g_ptr_array_index(rv->statuses, i);
        sev[st->entry ? st->entry->severity : NXT_SEV_COUNT]++;
    }
    for (i = 0; i < rv->by_id->len; i++)
        *lost += device_lost(nxt_review_device(rv, i));
}

static void write_json(nxt_review_t *rv, GString *out)
{
    writer_t w = { out, TRUE, 0, TRUE };
    guint32 sev[NXT_SEV_COUNT + 1] = { 0 }, lost = 0;
    char *t0 = iso_time(&rv->first_ts), *t1 = iso_time(&rv->last_ts);
    nstime_t span;
    guint i;

    nstime_delta(&span, &rv->last_ts, &rv->first_ts);
    count_totals(rv, sev, &lost);

    g_string_append_c(out, '{');
    w.depth = 1;
    j_uint(&w, "schema", 1);
    j_str(&w, "generator", "nxtrace");
    j_open(&w, "capture", '{');
    j_str(&w, "file", rv->file);
    j_uint(&w, "frames", rv->frames);
    j_str(&w, "first_time", rv->frames ? t0 : NULL);
    j_str(&w, "last_time", rv->frames ? t1 : NULL);
    j_double(&w, "duration_s", nstime_to_sec(&span), 6);
    j_uint(&w, "devices", rv->by_id->len);
    j_uint(&w, "dtls_sessions", rv->sessions->len);
    j_open(&w, "statuses", '{');
    j_uint(&w, "total", rv->statuses->len);
    for (i = 0; i < NXT_SEV_COUNT; i++)
        j_uint(&w, nxt_severity_name(i), sev[i]);
    j_uint(&w, "unknown", sev[NXT_SEV_COUNT]);
    j_close(&w, '}');
    j_uint(&w, "trace_datagrams_lost", lost);
    j_close(&w, '}');

    j_open(&w, "devices", '[');
    for (i = 0; i < rv->by_id->len; i++) {
        const nxt_rv_device_t *d = nxt_review_device(rv, i);
        char id[16];
        snprintf(id, sizeof id, "0x%08x", d->id);
        j_open(&w, NULL, '{');
        j_str(&w, "id", id);
        j_str(&w, "name", d->name);
        j_str(&w, "firmware", d->firmware);
        j_open(&w, "addresses", '[');
        for (guint j = 0; j < d->addrs->len; j++) {
            char *a = address_to_str(NULL, (address *)g_ptr_array_index(d->addrs, j));
            j_str(&w, NULL, a);
            wmem_free(NULL, a);
        }
        j_close(&w, ']');
        j_frame(&w, "first_frame", d->first_frame);
        j_frame(&w, "last_frame", d->last_frame);
        j_open(&w, "datagrams", '{');
        j_uint(&w, "received", d->received);
        j_uint(&w, "lost", device_lost(d));
        j_uint(&w, "duplicated", d->duplicated);
        j_uint(&w, "late", d->late);
        j_close(&w, '}');
        j_uint(&w, "restarts", d->restarts);
        j_open(&w, "clock", '{');
        j_str(&w, "kind", d->clock.utc ? "utc" : "uptime");
        j_uint(&w, "samples", d->clock.samples);
        j_double(&w, "offset_s", d->clock.offset_s, 6);
        if (d->clock.has_drift)
            j_double(&w, "drift_ppm", d->clock.drift_ppm, 1);
        else
            j_null(&w, "drift_ppm");
        j_double(&w, "max_delay_s", d->clock.max_delay_s, 6);
        if (!d->clock.utc && d->clock.samples > 0) {
            char *boot = boot_time(&d->clock);
            j_str(&w, "boot_time", boot);
            g_free(boot);
        } else {
            j_null(&w, "boot_time");
        }
        j_close(&w, '}');
        j_close(&w, '}');
    }
    j_close(&w, ']');

    j_open(&w, "sessions", '[');
    for (i = 0; i < rv->sessions->len; i++) {
        const nxt_rv_session_t *v = nxt_review_session(rv, i);
        const nxt_dtls_session_t *s = v->s;
        char id[16], *h = history_str(v);
        j_open(&w, NULL, '{');
        j_uint(&w, "index", v->index);
        j_uint(&w, "udp_stream", s->udp_stream);
        j_open(&w, "endpoints", '[');
        for (int e = 0; e < 2; e++) {
            address addr;
            char *a;
            nxt_dtls_session_address(s, e, &addr);
            a = address_to_str(NULL, &addr);
            j_open(&w, NULL, '{');
            j_str(&w, "address", a);
            j_uint(&w, "port", s->port[e]);
            j_str(&w, "party", party(v, e));
            j_close(&w, '}');
            wmem_free(NULL, a);
        }
        j_close(&w, ']');
        if (v->device != NULL) {
            snprintf(id, sizeof id, "0x%08x", v->device->id);
            j_str(&w, "device", id);
        } else {
            j_null(&w, "device");
        }
        j_str(&w, "device_role", nxt_role_name(v->role));
        j_str(&w, "role_from", v->role_from);
        j_frame(&w, "first_frame", s->first_frame);
        j_frame(&w, "last_frame", s->last_frame);
        j_open(&w, "handshake_frames", '[');
        for (guint j = 0; j < nxt_dtls_hello_count(s); j++) {
            j_key(&w, NULL);
            g_string_append_printf(out, "%u", nxt_dtls_hello_at(s, j));
        }
        j_close(&w, ']');
        if (s->cipher != 0) {
            j_open(&w, "cipher_suite", '{');
            j_uint(&w, "id", s->cipher);
            j_str(&w, "name", nxt_cipher_name(s->cipher));
            j_frame(&w, "server_hello_frame", s->server_hello_frame);
            j_close(&w, '}');
        } else {
            j_null(&w, "cipher_suite");
        }
        j_str(&w, "outcome", nxt_outcome_name(v->outcome));
        j_frame(&w, "outcome_frame", v->outcome_frame);
        j_frame(&w, "established_frame", v->established_frame);
        json_alert(&w, "last_alert", v, last_alert(s));
        j_str(&w, "history", h);
        j_uint(&w, "records", nxt_dtls_count(s));
        j_uint(&w, "statuses", v->nstatus);
        j_str(&w, "first_error", v->first_error ? status_name(v->first_error, id, sizeof id) : NULL);
        j_frame(&w, "first_error_frame", v->first_error ? v->first_error->frame : 0);
        j_close(&w, '}');
        g_free(h);
    }
    j_close(&w, ']');

    j_open(&w, "failed", '[');
    for (i = 0; i < rv->sessions->len; i++) {
        const nxt_rv_session_t *v = nxt_review_session(rv, i);
        if (v->outcome == NXT_OUTCOME_FAILED)
            json_failure(&w, rv, v);
    }
    j_close(&w, ']');

    j_open(&w, "timeline", '[');
    for (i = 0; i < rv->statuses->len; i++) {
        const nxt_rv_status_t *st = (const nxt_rv_status_t *)g_ptr_array_index(rv->statuses, i);
        if (!in_timeline(st))
            continue;
        j_open(&w, NULL, '{');
        json_status_ref(&w, rv, st);
        j_close(&w, '}');
    }
    j_close(&w, ']');
    w.depth = 0;
    g_string_append(out, "\n}\n");
    g_free(t0);
    g_free(t1);
}

/* ---- text ------------------------------------------------------------------------ */

static void text_alert(GString *out, const nxt_rv_session_t *v, const nxt_dtls_record_t *a)
{
    const char *who = party(v, a->from);
    char *from = endpoint_str(v->s, a->from);

    if (a->alert_desc == NXT_DTLS_HIDDEN)
        g_string_append(out, "encrypted alert");
    else
        g_string_append_printf(out, "%s %s", alert_level_name(a->alert_level), alert_desc_name(a->alert_desc));
    g_string_append_printf(out, " from %s%s%s%s, frame %u", who ? "the " : "", who ? who : from,
                           who ? " " : "", who ? from : "", a->frame);
    g_free(from);
}

static void text_device_label(GString *out, const nxt_review_t *rv, guint32 id)
{
    const nxt_rv_device_t *d = (const nxt_rv_device_t *)g_hash_table_lookup(rv->devices, GUINT_TO_POINTER(id));
    g_string_append_printf(out, "0x%08x%s%s", id, d && d->name ? " " : "", d && d->name ? d->name : "");
}

static void write_text(nxt_review_t *rv, GString *out)
{
    guint32 sev[NXT_SEV_COUNT + 1] = { 0 }, lost = 0, outcomes[NXT_OUTCOME_UNKNOWN + 1] = { 0 };
    char *t0 = iso_time(&rv->first_ts), *t1 = iso_time(&rv->last_ts);
    nstime_t span;
    guint i, nfailed = 0, ntimeline = 0;
    char buf[16];

    nstime_delta(&span, &rv->last_ts, &rv->first_ts);
    count_totals(rv, sev, &lost);
    for (i = 0; i < rv->sessions->len; i++)
        outcomes[nxt_review_session(rv, i)->outcome]++;

    g_string_append(out, "=====================================================================\n");
    g_string_append(out, "NetX Secure Trace review\n");
    g_string_append(out, "=====================================================================\n");
    g_string_append(out, "Capture\n");
    if (rv->file)
        g_string_append_printf(out, "  File:                 %s\n", rv->file);
    g_string_append_printf(out, "  Frames:               %u\n", rv->frames);
    if (rv->frames)
        g_string_append_printf(out, "  Time span:            %s - %s (%.6f s)\n", t0, t1, nstime_to_sec(&span));
    g_string_append_printf(out, "  Devices:              %u\n", rv->by_id->len);
    g_string_append_printf(out, "  DTLS sessions:        %u", rv->sessions->len);
    for (i = 0; i <= NXT_OUTCOME_UNKNOWN; i++)
        if (outcomes[i])
            g_string_append_printf(out, "%s%u %s", i == 0 || !outcomes[0] ? " (" : ", ", outcomes[i],
                                   nxt_outcome_name((nxt_outcome_t)i));
    g_string_append(out, rv->sessions->len ? ")\n" : "\n");
    g_string_append_printf(out, "  Statuses:             %u (error %u, warning %u, info %u, success %u, unknown %u)\n",
                           rv->statuses->len, sev[NXT_SEV_ERROR], sev[NXT_SEV_WARNING], sev[NXT_SEV_INFO],
                           sev[NXT_SEV_SUCCESS], sev[NXT_SEV_COUNT]);
    g_string_append_printf(out, "  Trace datagrams lost: %u\n", lost);

    g_string_append(out, "\nDevices\n");
    if (rv->by_id->len == 0)
        g_string_append(out, "  (no trace datagrams)\n");
    for (i = 0; i < rv->by_id->len; i++) {
        const nxt_rv_device_t *d = nxt_review_device(rv, i);
        const nxt_rv_clock_t *c = &d->clock;
        g_string_append_printf(out, "  0x%08x %s", d->id, d->name ? d->name : "(no DEVICE_INFO)");
        if (d->firmware)
            g_string_append_printf(out, ", firmware %s", d->firmware);
        g_string_append(out, "\n    addresses:  ");
        for (guint j = 0; j < d->addrs->len; j++) {
            char *a = address_to_str(NULL, (address *)g_ptr_array_index(d->addrs, j));
            g_string_append_printf(out, "%s%s", j ? ", " : "", a);
            wmem_free(NULL, a);
        }
        g_string_append_printf(out, "\n    datagrams:  %u received, %u lost, %u duplicated, %u late (frames %u-%u)\n",
                               d->received, device_lost(d), d->duplicated, d->late,
                               d->first_frame, d->last_frame);
        g_string_append_printf(out, "    restarts:   %u\n", d->restarts);
        if (c->utc) {
            g_string_append_printf(out, "    clock:      UTC, capture minus device %+.6f s", c->offset_s);
        } else {
            char *boot = boot_time(c);
            g_string_append_printf(out, "    clock:      uptime, booted %s", boot);
            g_free(boot);
        }
        if (c->has_drift)
            g_string_append_printf(out, ", drift %+.1f ppm", c->drift_ppm);
        g_string_append_printf(out, ", max delay %.6f s (%u samples)\n", c->max_delay_s, c->samples);
    }

    g_string_append(out, "\nDTLS sessions\n");
    if (rv->sessions->len == 0)
        g_string_append(out, "  (none)\n");
    for (i = 0; i < rv->sessions->len; i++) {
        const nxt_rv_session_t *v = nxt_review_session(rv, i);
        const nxt_dtls_session_t *s = v->s;
        const nxt_dtls_record_t *a = last_alert(s);
        char *e0 = endpoint_str(s, 0), *e1 = endpoint_str(s, 1), *h = history_str(v);

        g_string_append_printf(out, "  #%u  %s <-> %s  (udp.stream %u)\n", v->index, e0, e1, s->udp_stream);
        g_string_append(out, "    device:     ");
        if (v->device != NULL) {
            text_device_label(out, rv, v->device->id);
            if (v->role != NXTRACE_ROLE_UNKNOWN)
                g_string_append_printf(out, ", DTLS %s (from the %s)", nxt_role_name(v->role),
                                       g_strcmp0(v->role_from, "status") == 0 ? "statuses" : "ClientHello");
        } else {
            g_string_append(out, "unknown (no status names this flow)");
        }
        g_string_append_printf(out, "\n    frames:     %u-%u, %u records, %u statuses", s->first_frame, s->last_frame,
                               nxt_dtls_count(s), v->nstatus);
        g_string_append(out, "\n    handshake:  ");
        if (nxt_dtls_hello_count(s) == 0)
            g_string_append(out, "not seen");
        for (guint j = 0; j < nxt_dtls_hello_count(s); j++)
            g_string_append_printf(out, "%sframe %u", j ? ", " : "began in ", nxt_dtls_hello_at(s, j));
        if (s->cipher != 0)
            g_string_append_printf(out, "\n    cipher:     %s (0x%04x), ServerHello in frame %u", nxt_cipher_name(s->cipher),
                                   s->cipher, s->server_hello_frame);
        g_string_append_printf(out, "\n    outcome:    %s", nxt_outcome_name(v->outcome));
        if (v->outcome_frame)
            g_string_append_printf(out, " (frame %u)", v->outcome_frame);
        if (v->established_frame && v->outcome != NXT_OUTCOME_ESTABLISHED)
            g_string_append_printf(out, ", established in frame %u", v->established_frame);
        if (a != NULL) {
            g_string_append(out, "\n    last alert: ");
            text_alert(out, v, a);
        }
        if (v->first_error != NULL)
            g_string_append_printf(out, "\n    first error: %s in frame %u", status_name(v->first_error, buf, sizeof buf),
                                   v->first_error->frame);
        g_string_append_printf(out, "\n    history:    %s\n", h[0] ? h : "-");
        g_free(e0);
        g_free(e1);
        g_free(h);
    }

    g_string_append(out, "\nFailed sessions\n");
    for (i = 0; i < rv->sessions->len; i++) {
        const nxt_rv_session_t *v = nxt_review_session(rv, i);
        const nxt_rv_status_t *st = v->failure ? v->failure : v->first_error;
        const nxt_dtls_record_t *alert = NULL;
        guint desc = NXT_DTLS_HIDDEN;
        int sender = -1;

        if (v->outcome != NXT_OUTCOME_FAILED)
            continue;
        nfailed++;
        g_string_append_printf(out, "  #%u  ", v->index);
        if (v->device)
            text_device_label(out, rv, v->device->id);
        else
            g_string_append(out, "unknown device");
        g_string_append_printf(out, ": failed in frame %u\n", v->outcome_frame);
        if (st != NULL) {
            guint32 ai = nxt_link_alert(st->link);
            g_string_append_printf(out, "    status:     %s (0x%x) from %s, frame %u [%s]\n", status_name(st, buf, sizeof buf),
                                   st->status, nxt_api_name(st->api), st->frame, severity_of(st));
            if (st->entry) {
                g_string_append_printf(out, "    meaning:    %s\n", st->entry->description);
                g_string_append_printf(out, "    hint:       %s\n", st->entry->hint);
            }
            if (nxt_link_record(st->link) != 0) {
                const nxt_dtls_record_t *r = nxt_dtls_record(nxt_link_session(st->link), nxt_link_record(st->link));
                g_string_append_printf(out, "    record:     %s in frame ", record_kind(r));
                record_frames(st, out, NULL, NULL);
                g_string_append_printf(out, " (matched by %s)\n", nxt_link_method(st->link));
            } else {
                g_string_append_printf(out, "    record:     none named in the capture (matched by %s)\n",
                                       nxt_link_method(st->link));
            }
            sender = nxt_link_implied_alert(st->entry, &desc);
            if (ai != 0)
                alert = nxt_dtls_record(nxt_link_session(st->link), ai);
        } else {
            g_string_append(out, "    status:     none: no error status names this session\n");
        }
        if (alert == NULL && v->s->fatal_alert != 0)
            alert = nxt_dtls_record(v->s, v->s->fatal_alert);
        g_string_append(out, "    alert:      ");
        if (alert != NULL)
            text_alert(out, v, alert);
        else
            g_string_append(out, "none in the capture");
        if (sender == 0 && st->entry->alert != NXT_ALERT_NONE) {
            gboolean as_expected = alert != NULL && alert->from == v->device_end &&
                                   (desc == NXT_DTLS_HIDDEN || alert->alert_desc == desc);
            g_string_append_printf(out, "; NetX sends %s for this status: %s", alert_desc_name(st->entry->alert),
                                   as_expected ? "as expected" : "NOT the alert seen");
        } else if (sender == 1) {
            g_string_append(out, "; the status reports the peer's alert");
        }
        g_string_append(out, "\n");
    }
    if (nfailed == 0)
        g_string_append(out, "  (none)\n");

    g_string_append(out, "\nTimeline (errors, warnings and each session's start and end)\n");
    for (i = 0; i < rv->statuses->len; i++) {
        const nxt_rv_status_t *st = (const nxt_rv_status_t *)g_ptr_array_index(rv->statuses, i);
        const nxt_rv_session_t *v = session_of_status(rv, st);
        guint32 ai = nxt_link_alert(st->link);
        if (!in_timeline(st))
            continue;
        ntimeline++;
        g_string_append_printf(out, "  %6u  ", st->frame);
        text_device_label(out, rv, st->device_id);
        g_string_append_printf(out, "  %s: %s [%s]", nxt_api_name(st->api), status_name(st, buf, sizeof buf),
                               severity_of(st));
        if (v != NULL) {
            g_string_append_printf(out, "  session #%u by %s", v->index, nxt_link_method(st->link));
            if (nxt_link_record(st->link) != 0) {
                g_string_append(out, ", record in ");
                record_frames(st, out, NULL, NULL);
            }
            if (ai != 0)
                g_string_append_printf(out, ", alert in %u", nxt_dtls_record(nxt_link_session(st->link), ai)->frame);
        } else {
            g_string_append(out, "  no session");
        }
        g_string_append_c(out, '\n');
    }
    if (ntimeline == 0)
        g_string_append(out, "  (none)\n");
    g_string_append(out, "=====================================================================\n");
    g_free(t0);
    g_free(t1);
}

/* ---- -z nxtrace,review[,json][,file=NAME] ------------------------------------------ */

static void review_draw(void *p)
{
    nxt_review_t *rv = (nxt_review_t *)p;
    GString *out = g_string_new("");

    nxt_review_judge(rv);
    if (rv->json)
        write_json(rv, out);
    else
        write_text(rv, out);
    fputs(out->str, stdout);
    g_string_free(out, TRUE);
}

static void review_reset(void *p)
{
    nxt_review_reset((nxt_review_t *)p);
}

static void review_finish(void *p)
{
    nxt_review_free((nxt_review_t *)p);
}

static nxt_stat_tap_init_ret_t review_init(const char *opt_arg, void *userdata _U_)
{
    nxt_review_t *rv = nxt_review_new();
    gchar **opts = g_strsplit(opt_arg, ",", -1);
    GString *err;

    for (guint i = 2; opts[i] != NULL; i++) {
        if (strcmp(opts[i], "json") == 0) {
            rv->json = TRUE;
        } else if (g_str_has_prefix(opts[i], "file=")) {
            g_free(rv->file);
            rv->file = g_strdup(opts[i] + 5);
        } else {
            fprintf(stderr, "nxtrace: invalid -z nxtrace,review option \"%s\": use -z nxtrace,review[,json][,file=NAME]\n",
                    opts[i]);
            g_strfreev(opts);
            nxt_review_free(rv);
            exit(1);
        }
    }
    g_strfreev(opts);

    err = register_tap_listener(NXT_TAP_DGRAM_NAME, rv, NULL, TL_REQUIRES_NOTHING, review_reset,
                                nxt_review_datagram, review_draw, review_finish);
    if (err == NULL)
        err = register_tap_listener("frame", rv, NULL, TL_REQUIRES_NOTHING, NULL, nxt_review_frame, NULL, NULL);
    if (err != NULL) {
        fprintf(stderr, "nxtrace: cannot start the review: %s\n", err->str);
        g_string_free(err, TRUE);
        exit(1);
    }
    NXT_STAT_TAP_INIT_DONE();
}

void nxt_review_register(void)
{
    static stat_tap_ui review_ui = {
        REGISTER_STAT_GROUP_GENERIC,
        NULL,
        "nxtrace,review",
        review_init,
        0,
        NULL
    };

    register_stat_tap_ui(&review_ui, NULL);
}
