/* nxtrace_link.c - ties each trace STATUS to the DTLS records around it, and
 * each DTLS record frame back to the statuses that concern it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Like transum, a postdissector asks for a few dtls.* fields, reads them on
 * the first pass only, and keeps what it needs in file scope (dtls_index.c).
 * Links are drawn from that index on every pass, so a single pass can only
 * link backwards; `tshark -2` and the GUI see the whole capture.
 */
#include "nxtrace_link.h"
#include "dtls_index.h"

#include <epan/expert.h>
#include <epan/to_str.h>
#include <epan/wmem_scopes.h>

/* How a status was tied to a DTLS flow; scripts tell sure links from guesses. */
#define NXT_METHOD_RECORD "record"
#define NXT_METHOD_SESSION "session"
#define NXT_METHOD_DEVICE_TIME "device+time"
#define NXT_METHOD_NONE "none"

static int proto_nxt = -1;
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

/* dtls.* and udp.* fields the postdissector reads, resolved at handoff. */
static int hf_dtls_proto = -1;
static int hf_dtls_record = -1;
static int hf_dtls_content_type = -1;
static int hf_dtls_epoch = -1;
static int hf_dtls_seq = -1;
static int hf_dtls_alert_level = -1;
static int hf_dtls_alert_desc = -1;
static int hf_dtls_hs_type = -1;
static int hf_udp_stream = -1;

static wmem_map_t *device_addrs; /* device id -> wmem_list of address (file scope) */
static gboolean single_pass_noted;

static const value_string alert_level_vals[] = {
    { 1, "warning" },
    { 2, "fatal" },
    { 0, NULL }
};

/* ---- first pass: index the DTLS records of this frame --------------------- */

#define NXT_MAX_RECORDS_PER_FRAME 64 /* more than a 64 KiB datagram can hold empty */

static void read_record_node(proto_node *node, nxt_dtls_record_info_t *r, int depth)
{
    for (proto_node *c = node->first_child; c != NULL; c = c->next) {
        field_info *fi = PNODE_FINFO(c);
        int id = fi && fi->hfinfo ? fi->hfinfo->id : -1;

        if (id == hf_dtls_content_type)
            r->content_type = (guint8)nxt_fi_get_uint(fi);
        else if (id == hf_dtls_epoch)
            r->epoch = (guint16)nxt_fi_get_uint(fi);
        else if (id == hf_dtls_seq)
            r->seq = nxt_fi_get_uint64(fi);
        else if (id == hf_dtls_alert_level && (r->alert >> 8) == 0xFF)
            r->alert = (guint16)(((nxt_fi_get_uint(fi) & 0xFF) << 8) | (r->alert & 0xFF));
        else if (id == hf_dtls_alert_desc && (r->alert & 0xFF) == 0xFF)
            r->alert = (guint16)((r->alert & 0xFF00) | (nxt_fi_get_uint(fi) & 0xFF));
        else if (id == hf_dtls_hs_type && r->hs_type == 0xFF)
            r->hs_type = (guint8)nxt_fi_get_uint(fi);
        if (c->first_child != NULL && depth < 4)
            read_record_node(c, r, depth + 1);
    }
}

/* Records are children of the DTLS protocol item, or of the root when the
 * invisible tree fakes protocol items; nothing deeper is searched. */
static guint collect_records(proto_tree *tree, nxt_dtls_record_info_t *out, guint max)
{
    guint n = 0;

    for (proto_node *top = tree->first_child; top != NULL && n < max; top = top->next) {
        field_info *fi = PNODE_FINFO(top);
        int id = fi && fi->hfinfo ? fi->hfinfo->id : -1;
        proto_node *first = NULL;

        if (id == hf_dtls_record)
            first = top;
        else if (id == hf_dtls_proto)
            first = top->first_child;
        for (proto_node *rec = first; rec != NULL && n < max; rec = rec->next) {
            field_info *rfi = PNODE_FINFO(rec);
            if (rfi == NULL || rfi->hfinfo == NULL || rfi->hfinfo->id != hf_dtls_record)
                continue;
            memset(&out[n], 0, sizeof out[n]);
            out[n].alert = NXT_DTLS_NONE;
            out[n].hs_type = 0xFF;
            read_record_node(rec, &out[n], 0);
            n++;
            if (id == hf_dtls_record)
                break; /* top-level record: the outer loop moves on */
        }
    }
    return n;
}

static void index_frame(packet_info *pinfo, proto_tree *tree)
{
    GPtrArray *recs = proto_get_finfo_ptr_array(tree, hf_dtls_record);
    GPtrArray *streams;
    nxt_dtls_record_info_t info[NXT_MAX_RECORDS_PER_FRAME];
    guint32 stream;
    guint n;

    if (recs == NULL || recs->len == 0)
        return;
    streams = proto_get_finfo_ptr_array(tree, hf_udp_stream);
    if (streams == NULL || streams->len == 0)
        return; /* DTLS not over UDP: no flow to key it on */
    /* The innermost UDP header carries the DTLS. */
    stream = nxt_fi_get_uint((field_info *)g_ptr_array_index(streams, streams->len - 1));
    n = collect_records(tree, info, NXT_MAX_RECORDS_PER_FRAME);
    nxt_dtls_index_add_frame(pinfo, stream, info, n);
}

/* ---- every pass: reverse links in DTLS frames ----------------------------- */

static void add_reverse_links(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    wmem_array_t *rep = nxt_dtls_reporters(pinfo->num);
    proto_item *ti, *pi;
    proto_tree *rt;
    guint i, n;

    if (rep == NULL || tree == NULL)
        return;
    n = wmem_array_get_count(rep) / 2;
    ti = proto_tree_add_item(tree, proto_nxt, tvb, 0, 0, ENC_NA);
    proto_item_set_generated(ti);
    proto_item_set_text(ti, "NetX Secure Trace: %u status%s concern%s this frame's DTLS records", n,
                        n == 1 ? "" : "es", n == 1 ? "s" : "");
    rt = proto_item_add_subtree(ti, ett_reported);
    for (i = 0; i < n; i++) {
        guint32 frame = *(guint32 *)wmem_array_index(rep, 2 * i);
        guint32 status = *(guint32 *)wmem_array_index(rep, 2 * i + 1);
        const struct nxt_status_entry *e = nxt_status_lookup(status);

        pi = proto_tree_add_uint(rt, hf_reported_in, tvb, 0, 0, frame);
        proto_item_set_generated(pi);
        proto_item_append_text(pi, " (%s)", e ? e->name : "unknown status");
        pi = proto_tree_add_uint(rt, hf_reported_status, tvb, 0, 0, status);
        proto_item_set_generated(pi);
        proto_item_set_hidden(pi);
    }
}

static int dissect_nxtrace_post(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    if (!pref_link)
        return 0;
    if (!PINFO_FD_VISITED(pinfo) && tree != NULL && proto_is_frame_protocol(pinfo->layers, "dtls"))
        index_frame(pinfo, tree);
    add_reverse_links(tvb, pinfo, tree);
    return 0;
}

/* ---- matching a status to a flow ------------------------------------------ */

static void remember_device_address(guint32 device_id, const address *addr)
{
    wmem_list_t *l;
    address *copy;

    if (addr->type == AT_NONE)
        return;
    l = (wmem_list_t *)wmem_map_lookup(device_addrs, GUINT_TO_POINTER(device_id));
    if (l == NULL) {
        l = wmem_list_new(wmem_file_scope());
        wmem_map_insert(device_addrs, GUINT_TO_POINTER(device_id), l);
    }
    for (wmem_list_frame_t *f = wmem_list_head(l); f != NULL; f = wmem_list_frame_next(f))
        if (addresses_equal((const address *)wmem_list_frame_data(f), addr))
            return;
    if (wmem_list_count(l) >= 8)
        return; /* a device with more addresses than this is misconfigured, not ours to index */
    copy = wmem_new(wmem_file_scope(), address);
    copy_address_wmem(wmem_file_scope(), copy, addr);
    wmem_list_append(l, copy);
}

static gint64 frame_ns(const packet_info *pinfo)
{
    return (gint64)pinfo->abs_ts.secs * 1000000000 + pinfo->abs_ts.nsecs;
}

/* The device's most recently active session at this frame (device+time). */
static nxt_dtls_session_t *session_by_device_time(packet_info *pinfo, guint32 device_id)
{
    wmem_list_t *addrs = (wmem_list_t *)wmem_map_lookup(device_addrs, GUINT_TO_POINTER(device_id));
    nxt_dtls_session_t *best = NULL;
    gint64 best_gap = G_MAXINT64, now = frame_ns(pinfo), window = (gint64)pref_window_ms * 1000000;

    if (addrs == NULL)
        return NULL;
    for (wmem_list_frame_t *af = wmem_list_head(addrs); af != NULL; af = wmem_list_frame_next(af)) {
        wmem_list_t *sessions = nxt_dtls_sessions_of_address(pinfo->pool, (const address *)wmem_list_frame_data(af));
        if (sessions == NULL)
            continue;
        for (wmem_list_frame_t *sf = wmem_list_head(sessions); sf != NULL; sf = wmem_list_frame_next(sf)) {
            nxt_dtls_session_t *s = (nxt_dtls_session_t *)wmem_list_frame_data(sf);
            nxt_dtls_record_t *prev, *next;
            gint64 gap;

            nxt_dtls_neighbours(s, pinfo->num, &prev, &next);
            /* A record before the status explains it better than one after. */
            if (prev != NULL)
                gap = now - prev->ts_ns;
            else if (next != NULL)
                gap = (next->ts_ns - now) + window / 2;
            else
                continue;
            if (gap < best_gap && gap <= window) {
                best_gap = gap;
                best = s;
            }
        }
    }
    return best;
}

static char *flow_str(wmem_allocator_t *scope, const nxt_dtls_session_t *s)
{
    return wmem_strdup_printf(scope, "%s:%u <-> %s:%u", address_to_str(scope, &s->addr[0]), s->port[0],
                              address_to_str(scope, &s->addr[1]), s->port[1]);
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

static const char *record_kind(wmem_allocator_t *scope, const nxt_dtls_record_t *r)
{
    switch (r->content_type) {
    case NXT_DTLS_CT_CHANGE_CIPHER_SPEC: return "ChangeCipherSpec";
    case NXT_DTLS_CT_ALERT:
        if ((r->alert & 0xFF) == 0xFF)
            return "Alert (encrypted)";
        return wmem_strdup_printf(scope, "Alert %s", val_to_str_const(r->alert & 0xFF, nxt_alert_vals, "?"));
    case NXT_DTLS_CT_HANDSHAKE:
        if (r->hs_type == 0xFF)
            return "Handshake (encrypted)";
        return val_to_str_const(r->hs_type, handshake_type_vals, "Handshake");
    case NXT_DTLS_CT_APPLICATION_DATA: return "Application Data";
    default: return wmem_strdup_printf(scope, "content type %u", r->content_type);
    }
}

/* How long after a status its alert may still show up in the capture. */
#define NXT_ALERT_AFTER_NS (G_GINT64_CONSTANT(1000) * 1000000)

/* DTLS drops a record that fails its MAC, AEAD tag or padding check without an
 * alert (RFC 6347, 4.1.2.7), although NetX's TLS table maps these statuses
 * to bad_record_mac. */
static gboolean dtls_discards_silently(guint32 status)
{
    return status == 0x108 /* NX_SECURE_TLS_HASH_MAC_VERIFY_FAILURE */ ||
           status == 0x12A /* NX_SECURE_TLS_PADDING_CHECK_FAILED */ ||
           status == 0x150 /* NX_SECURE_TLS_AEAD_DECRYPT_FAIL */;
}

static void add_alert_check(tvbuff_t *tvb, packet_info *pinfo, proto_tree *lt, proto_item *lti,
                            const nxt_status_ref_t *ref, const nxt_dtls_session_t *s, int device_end,
                            wmem_strbuf_t *why)
{
    const struct nxt_status_entry *e = ref->entry;
    nxt_dtls_record_t *alert;
    proto_item *pi;
    int sender;
    guint expected_desc;
    const char *who;

    if (e == NULL || device_end < 0)
        return;
    if (e->received_alert != NXT_RX_ALERT_NONE) {
        sender = 1 - device_end; /* the peer sent it */
        expected_desc = e->received_alert == NXT_RX_ALERT_CLOSE_NOTIFY ? 0 : NXT_DTLS_NONE;
        who = "the peer";
    } else if (e->severity == NXT_SEV_ERROR && e->alert != NXT_ALERT_NONE && !dtls_discards_silently(e->value)) {
        /* Warnings (ignored records) make NetX drop the record, not send an alert. */
        sender = device_end;
        expected_desc = e->alert;
        who = "the device";
    } else {
        return;
    }

    /* The alert goes out before the status reaches the application; allow
     * a little capture reordering after it, not the session's later alerts. */
    alert = nxt_dtls_nearest_alert(s, sender, pinfo->num, expected_desc == 0,
                                   frame_ns(pinfo) + NXT_ALERT_AFTER_NS);
    if (alert == NULL) {
        if (expected_desc != NXT_DTLS_NONE)
            expert_add_info_format(pinfo, lti, &ei_alert_missing,
                                   "%s implies %s sent alert %s, but the capture has no alert from %s in this session",
                                   e->name, who, nxt_tls_alert_name(expected_desc) ? nxt_tls_alert_name(expected_desc) : "?", who);
        else
            expert_add_info_format(pinfo, lti, &ei_alert_missing,
                                   "%s implies %s sent an alert, but the capture has none from %s in this session",
                                   e->name, who, who);
        return;
    }
    pi = proto_tree_add_uint(lt, hf_link_alert_frame, tvb, 0, 0, alert->frame);
    proto_item_set_generated(pi);
    if (!PINFO_FD_VISITED(pinfo))
        nxt_dtls_add_reporter(alert->frame, pinfo->num, ref->status);
    wmem_strbuf_append_printf(why, " %s %s (frame %u).", sender == device_end ? "The device sent" : "The peer sent",
                              record_kind(pinfo->pool, alert), alert->frame);
    if ((alert->alert & 0xFF) == 0xFF) {
        proto_item_append_text(pi, " (encrypted: level and description not visible)");
        return;
    }
    pi = proto_tree_add_uint(lt, hf_link_alert_level, tvb, 0, 0, alert->alert >> 8);
    proto_item_set_generated(pi);
    pi = proto_tree_add_uint(lt, hf_link_alert_desc, tvb, 0, 0, alert->alert & 0xFF);
    proto_item_set_generated(pi);
    if (expected_desc != NXT_DTLS_NONE && (alert->alert & 0xFF) != expected_desc)
        expert_add_info_format(pinfo, pi, &ei_alert_mismatch,
                               "%s implies alert %s, but %s sent %s (frame %u)", e->name,
                               nxt_tls_alert_name(expected_desc) ? nxt_tls_alert_name(expected_desc) : "?", who,
                               nxt_tls_alert_name(alert->alert & 0xFF) ? nxt_tls_alert_name(alert->alert & 0xFF) : "unknown",
                               alert->frame);
}

void nxt_link_status(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const nxt_status_ref_t *ref)
{
    nxt_dtls_session_t *s = NULL;
    nxt_dtls_record_t *rec = NULL, *prev, *next;
    const char *method = NXT_METHOD_NONE;
    proto_item *lti, *pi;
    proto_tree *lt;
    int device_end = -1;
    gboolean first_pass = !PINFO_FD_VISITED(pinfo);
    guint32 hs;
    gint64 now = frame_ns(pinfo);
    wmem_strbuf_t *why;

    if (!pref_link)
        return;
    if (first_pass) {
        remember_device_address(ref->device_id, &pinfo->net_src);
        if (ref->has_session)
            remember_device_address(ref->device_id, &ref->local);
    }

    if (ref->has_session) {
        s = nxt_dtls_session_by_flow(pinfo->pool, &ref->local, ref->local_port, &ref->remote, ref->remote_port);
        if (s != NULL) {
            method = NXT_METHOD_SESSION;
            device_end = nxt_dtls_endpoint(s, &ref->local, ref->local_port);
        }
    }
    if (s == NULL) {
        s = session_by_device_time(pinfo, ref->device_id);
        if (s != NULL)
            method = NXT_METHOD_DEVICE_TIME;
    }
    if (s != NULL && device_end < 0) {
        /* Which end is the device: the one at an address it traced from. */
        wmem_list_t *addrs = (wmem_list_t *)wmem_map_lookup(device_addrs, GUINT_TO_POINTER(ref->device_id));
        for (wmem_list_frame_t *f = addrs ? wmem_list_head(addrs) : NULL; f && device_end < 0; f = wmem_list_frame_next(f))
            for (int i = 0; i < 2; i++)
                if (addresses_equal(&s->addr[i], (const address *)wmem_list_frame_data(f)))
                    device_end = i;
    }
    if (s != NULL && ref->has_record && device_end >= 0) {
        rec = nxt_dtls_find_record(s, ref->record_sent ? device_end : 1 - device_end, ref->epoch, ref->seq);
        if (rec != NULL)
            method = NXT_METHOD_RECORD;
    }

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
            expert_add_info_format(pinfo, lti, &ei_no_flow,
                                   "No DTLS flow %s:%u <-> %s:%u in the capture%s",
                                   address_to_str(pinfo->pool, &ref->local), ref->local_port,
                                   address_to_str(pinfo->pool, &ref->remote), ref->remote_port,
                                   first_pass ? " so far" : "");
        else
            expert_add_info_format(pinfo, lti, &ei_no_flow,
                                   "No DTLS flow of device 0x%08x within %u ms of this status%s",
                                   ref->device_id, pref_window_ms, first_pass ? " so far" : "");
        return;
    }

    why = wmem_strbuf_new(pinfo->pool, "");
    if (ref->entry != NULL)
        wmem_strbuf_append_printf(why, "%s: %s", ref->entry->name, ref->entry->description);
    else
        wmem_strbuf_append_printf(why, "Status 0x%x (not in the NetX table).", ref->status);
    /* The flow and the method have items of their own; this stays short
     * enough for the GUI's 240-character item labels. */
    pi = proto_tree_add_uint(lt, hf_link_stream, tvb, 0, 0, s->udp_stream);
    proto_item_set_generated(pi);
    pi = proto_tree_add_string(lt, hf_link_flow, tvb, 0, 0, flow_str(pinfo->pool, s));
    proto_item_set_generated(pi);

    if (rec != NULL) {
        guint count = 0;
        for (nxt_dtls_record_t *r = rec; r != NULL; r = r->next_same) {
            if (!first_pass || r->frame < pinfo->num) {
                pi = proto_tree_add_uint(lt, hf_link_record_frame, tvb, 0, 0, r->frame);
                proto_item_set_generated(pi);
                proto_item_append_text(pi, " (%s, record %u of the frame)", record_kind(pinfo->pool, r), r->in_frame);
                if (first_pass)
                    nxt_dtls_add_reporter(r->frame, pinfo->num, ref->status);
                count++;
            }
        }
        pi = proto_tree_add_uint(lt, hf_link_record_count, tvb, 0, 0, count);
        proto_item_set_generated(pi);
        add_delta(lt, hf_link_record_delta, tvb, now - rec->ts_ns);
        proto_item_append_text(lti, ": epoch %u seq %" G_GUINT64_FORMAT " %s in frame %u", ref->epoch, ref->seq,
                               ref->record_sent ? "sent" : "received", rec->frame);
    } else if (ref->has_record) {
        /* Named, but not there: capture loss, another capture point, or (single pass) later. */
        expert_add_info_format(pinfo, lti, &ei_record_missing,
                               "The DTLS record %s by the device (epoch %u, seq %" G_GUINT64_FORMAT ") is not in the capture%s",
                               ref->record_sent ? "sent" : "received", ref->epoch, ref->seq,
                               first_pass ? " before this frame" : ": lost before the capture point, or captured elsewhere");
    }
    if (first_pass && ref->has_record && device_end >= 0)
        nxt_dtls_note_named(s, rec, ref->record_sent ? device_end : 1 - device_end, ref->epoch, ref->seq,
                            pinfo->num, ref->status);

    nxt_dtls_neighbours(s, pinfo->num, &prev, &next);
    if (prev != NULL) {
        pi = proto_tree_add_uint(lt, hf_link_prev_frame, tvb, 0, 0, prev->frame);
        proto_item_set_generated(pi);
        proto_item_append_text(pi, " (%s)", record_kind(pinfo->pool, prev));
        add_delta(lt, hf_link_prev_delta, tvb, now - prev->ts_ns);
    }
    if (next != NULL) {
        pi = proto_tree_add_uint(lt, hf_link_next_frame, tvb, 0, 0, next->frame);
        proto_item_set_generated(pi);
        proto_item_append_text(pi, " (%s)", record_kind(pinfo->pool, next));
        add_delta(lt, hf_link_next_delta, tvb, next->ts_ns - now);
    }
    hs = nxt_dtls_handshake_start(s, pinfo->num);
    if (hs != 0) {
        pi = proto_tree_add_uint(lt, hf_link_handshake_frame, tvb, 0, 0, hs);
        proto_item_set_generated(pi);
    }
    if (rec != NULL)
        wmem_strbuf_append_printf(why, " It concerns the %s record (epoch %u, seq %" G_GUINT64_FORMAT
                                  ") the device %s in frame %u.", record_kind(pinfo->pool, rec), rec->epoch, rec->seq,
                                  ref->record_sent ? "sent" : "received", rec->frame);
    else if (prev != NULL)
        wmem_strbuf_append_printf(why, " The flow's last record before it: %s in frame %u.",
                                  record_kind(pinfo->pool, prev), prev->frame);
    add_alert_check(tvb, pinfo, lt, lti, ref, s, device_end, why);

    pi = proto_tree_add_string(lt, hf_link_summary, tvb, 0, 0, wmem_strbuf_get_str(why));
    proto_item_set_generated(pi);
}

/* ---- registration --------------------------------------------------------- */

void nxt_link_init(void)
{
    GArray *wanted;
    int ids[9];
    guint i;

    nxt_dtls_index_init();
    device_addrs = wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
    single_pass_noted = FALSE;
    /* Asking for fields makes Wireshark build a tree for every frame, even
     * when this protocol is disabled: ask only when the links are wanted. */
    if (!pref_link || !proto_is_protocol_enabled(find_protocol_by_id(proto_nxt)))
        return;

    /* Asking for these fields is what makes the invisible tree carry them. */
    ids[0] = hf_dtls_record;
    ids[1] = hf_dtls_content_type;
    ids[2] = hf_dtls_epoch;
    ids[3] = hf_dtls_seq;
    ids[4] = hf_dtls_alert_level;
    ids[5] = hf_dtls_alert_desc;
    ids[6] = hf_dtls_hs_type;
    ids[7] = hf_udp_stream;
    ids[8] = hf_dtls_proto;
    wanted = g_array_sized_new(FALSE, FALSE, (guint)sizeof(int), array_length(ids));
    for (i = 0; i < array_length(ids); i++)
        if (ids[i] > 0)
            g_array_append_val(wanted, ids[i]);
    set_postdissector_wanted_hfids(post_handle, wanted);
}

void nxt_link_cleanup(void)
{
    set_postdissector_wanted_hfids(post_handle, NULL);
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

    proto_nxt = proto;
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
    post_handle = create_dissector_handle(dissect_nxtrace_post, proto);
}

void nxt_link_handoff(void)
{
    hf_dtls_proto = proto_registrar_get_id_byname("dtls");
    hf_dtls_record = proto_registrar_get_id_byname("dtls.record");
    hf_dtls_content_type = proto_registrar_get_id_byname("dtls.record.content_type");
    hf_dtls_epoch = proto_registrar_get_id_byname("dtls.record.epoch");
    hf_dtls_seq = proto_registrar_get_id_byname("dtls.record.sequence_number");
    hf_dtls_alert_level = proto_registrar_get_id_byname("dtls.alert_message.level");
    hf_dtls_alert_desc = proto_registrar_get_id_byname("dtls.alert_message.desc");
    hf_dtls_hs_type = proto_registrar_get_id_byname("dtls.handshake.type");
    hf_udp_stream = proto_registrar_get_id_byname("udp.stream");
    register_postdissector(post_handle);
}
