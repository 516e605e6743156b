/* packet-nxtrace.c - dissector for the NetX Secure Trace protocol (NXTR v1).
 *
 * Devices running NetX Secure DTLS report the status their DTLS services
 * returned; this dissector decodes the datagrams (docs/PROTOCOL.md) and
 * resolves every status against the NetX table (status_table.c).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nxtrace_plugin.h"
#include "nxtrace_link.h"
#include "nxtrace_clock.h"
#include "nxt_store.h"
#include "nxtrace.h"

#include <epan/column-utils.h>
#include <epan/expert.h>
#include <epan/proto_data.h>
#include <wsutil/str_util.h>
#include <epan/tap.h>
#include <epan/to_str.h>
#include <epan/wmem_scopes.h>

int proto_nxtrace = -1;
static int nxtrace_tap = -1;
static int nxtrace_dgram_tap = -1;
static dissector_handle_t nxtrace_handle;

/* header */
static int hf_magic = -1;
static int hf_version = -1;
static int hf_flags = -1;
static int hf_flags_ts_utc = -1;
static int hf_flags_reserved = -1;
static int hf_event_count = -1;
static int hf_device_id = -1;
static int hf_seq = -1;
static int hf_timestamp = -1;
static int hf_timestamp_utc = -1;
static int hf_timestamp_uptime = -1;
static int hf_timestamp_skew = -1;
static int hf_device_name = -1;
/* seq analysis (generated) */
static int hf_seq_expected = -1;
static int hf_seq_lost = -1;
static int hf_seq_duplicate_of = -1;
static int hf_seq_out_of_order = -1;
static int hf_seq_restart = -1;
static int hf_seq_prev_frame = -1;
/* events */
static int hf_event = -1;
static int hf_event_type = -1;
static int hf_event_flags = -1;
static int hf_event_length = -1;
static int hf_event_data = -1;
static int hf_trailing = -1;
/* STATUS */
static int hf_status_flag_session = -1;
static int hf_status_flag_record = -1;
static int hf_status_flag_record_sent = -1;
static int hf_status_flag_role = -1;
static int hf_status_flag_reserved = -1;
static int hf_status = -1;
static int hf_status_name = -1;
static int hf_status_alias = -1;
static int hf_status_family = -1;
static int hf_status_severity = -1;
static int hf_status_description = -1;
static int hf_status_hint = -1;
static int hf_status_alert = -1;
static int hf_status_alert_level = -1;
static int hf_status_addon = -1;
static int hf_api = -1;
static int hf_status_reserved = -1;
static int hf_status_extension = -1;
static int hf_session = -1;
static int hf_session_ip_version = -1;
static int hf_session_reserved = -1;
static int hf_session_local_port = -1;
static int hf_session_remote_port = -1;
static int hf_session_local_addr = -1;
static int hf_session_remote_addr = -1;
static int hf_session_local_addr6 = -1;
static int hf_session_remote_addr6 = -1;
static int hf_record = -1;
static int hf_record_epoch = -1;
static int hf_record_seq = -1;
static int hf_record_direction = -1;
/* DEVICE_INFO */
static int hf_info_name_len = -1;
static int hf_info_name = -1;
static int hf_info_fw_len = -1;
static int hf_info_firmware = -1;
/* LOG */
static int hf_log_level = -1;
static int hf_log_text = -1;

static gint ett_nxtrace = -1;
static gint ett_flags = -1;
static gint ett_event = -1;
static gint ett_event_flags = -1;
static gint ett_status = -1;
static gint ett_session = -1;
static gint ett_record = -1;
static gint ett_seq = -1;

static expert_field ei_short_header = EI_INIT;
static expert_field ei_bad_magic = EI_INIT;
static expert_field ei_bad_version = EI_INIT;
static expert_field ei_reserved_bits = EI_INIT;
static expert_field ei_reserved_field = EI_INIT;
static expert_field ei_event_overrun = EI_INIT;
static expert_field ei_trailing = EI_INIT;
static expert_field ei_count_mismatch = EI_INIT;
static expert_field ei_event_unknown = EI_INIT;
static expert_field ei_body_short = EI_INIT;
static expert_field ei_bad_ip_version = EI_INIT;
static expert_field ei_bad_role = EI_INIT;
static expert_field ei_extension = EI_INIT;
static expert_field ei_status_error = EI_INIT;
static expert_field ei_status_warning = EI_INIT;
static expert_field ei_status_unknown = EI_INIT;
static expert_field ei_status_addon = EI_INIT;
static expert_field ei_api_unknown = EI_INIT;
static expert_field ei_keepalive = EI_INIT;
static expert_field ei_seq_gap = EI_INIT;
static expert_field ei_seq_duplicate = EI_INIT;
static expert_field ei_seq_late = EI_INIT;
static expert_field ei_seq_restart = EI_INIT;
static expert_field ei_log_level = EI_INIT;
static expert_field ei_bad_utf8 = EI_INIT;

/* preferences */
static nxt_pref_bool_t pref_track_seq = TRUE;
static nxt_pref_bool_t pref_hint_in_info = FALSE;

/* Built from status_table.c at registration: one source for the names. */
static value_string_ext status_vse;
/* Each entry's aliases, split once (NULL where it has none): value 0 is the
 * most frequent status, so this stays off the per-packet path. */
static gchar ***alias_lists;

#define NXT_API_VALS_ENTRY(id, sym, name) { id, name },
static const value_string api_vals[] = {
    { NXTRACE_API_UNKNOWN, "unknown" },
    NXTRACE_API_LIST(NXT_API_VALS_ENTRY)
    { NXTRACE_API_APPLICATION, "application-defined" },
    { 0, NULL }
};
#undef NXT_API_VALS_ENTRY

const char *nxt_api_name(guint32 api)
{
    return val_to_str_const(api, api_vals, "unknown");
}

static const value_string event_type_vals[] = {
    { NXTRACE_EVENT_STATUS,      "STATUS" },
    { NXTRACE_EVENT_DEVICE_INFO, "DEVICE_INFO" },
    { NXTRACE_EVENT_LOG,         "LOG" },
    { 0, NULL }
};

static const value_string role_vals[] = {
    { NXTRACE_ROLE_UNKNOWN,     "unknown" },
    { NXTRACE_ROLE_DTLS_CLIENT, "DTLS client" },
    { NXTRACE_ROLE_DTLS_SERVER, "DTLS server" },
    { 3,                        "reserved" },
    { 0, NULL }
};

static const value_string ip_version_vals[] = {
    { 4, "IPv4" },
    { 6, "IPv6" },
    { 0, NULL }
};

static const value_string log_level_vals[] = {
    { NXTRACE_LOG_EMERG,   "emerg" },
    { NXTRACE_LOG_ALERT,   "alert" },
    { NXTRACE_LOG_CRIT,    "crit" },
    { NXTRACE_LOG_ERR,     "err" },
    { NXTRACE_LOG_WARNING, "warning" },
    { NXTRACE_LOG_NOTICE,  "notice" },
    { NXTRACE_LOG_INFO,    "info" },
    { NXTRACE_LOG_DEBUG,   "debug" },
    { 0, NULL }
};

static const value_string alert_level_vals[] = {
    { NXT_ALERT_LEVEL_WARNING, "warning" },
    { NXT_ALERT_LEVEL_FATAL,   "fatal" },
    { 0, NULL }
};

static const true_false_string tfs_record_sent = { "sent by the device", "received by the device" };

/* Filled in at registration from nxt_tls_alert_name(): alerts 0-255. */
value_string nxt_alert_vals[64];

/* What the first pass learnt about a datagram, for the passes after it: 20
 * bytes in one array in frame order (the first pass visits frames in order),
 * found again by binary search; no allocation and no list node per frame.
 * A datagram in sequence, with a delay under 4.3 s, needs no more; the rest of
 * a seq verdict (gap, duplicate, late, restart) goes to seq_extra, a clock
 * restart or a longer delay to clock_extra. */
typedef struct {
    guint32 frame;
    guint32 first_link;    /* its STATUS events' links (nxt_link_status())    */
    guint32 seq_prev_frame;
    guint32 clock_delay;   /* ns; the offset is the datagram's own minus it    */
    guint16 nlinks;
    guint8 seq_kind;
    guint8 flags;          /* NXT_FD_*, and the clock's restart << 2          */
} nxt_frame_data_t;

/* frame -> guint32[2]: expected seq and lost/dup_of, for the kinds that are
 * not FIRST or IN_ORDER (there, expected is the datagram's own seq). */
static wmem_map_t *seq_extra;
/* frame -> guint64 nxt_clock_pack(), when clock_delay cannot tell. */
static wmem_map_t *clock_extra;

#define NXT_FD_SEQ_TRACKED 0x01   /* seq analysis was on during the first pass */
#define NXT_FD_CLOCK_TRACKED 0x02 /* the clock was tracked                      */
#define NXT_FD_CLOCK_EXTRA 0x10   /* its clock is in clock_extra               */

static nxt_store_t frame_datas;

/* The entry of this frame: on the first pass a new one (or this frame's, when
 * it carries a second trace datagram), later the stored one or NULL. */
static nxt_frame_data_t *frame_data_get(packet_info *pinfo)
{
    guint32 lo = 0, hi = frame_datas.count;
    nxt_frame_data_t *fd;

    if (!PINFO_FD_VISITED(pinfo)) {
        if (hi > 0) {
            fd = (nxt_frame_data_t *)nxt_store_at(&frame_datas, hi - 1);
            if (fd->frame == pinfo->num)
                return fd;
            if (fd->frame > pinfo->num)
                return NULL; /* not in frame order: nothing is stored */
        }
        fd = (nxt_frame_data_t *)nxt_store_append(&frame_datas, NULL);
        fd->frame = pinfo->num;
        return fd;
    }
    while (lo < hi) {
        guint32 mid = lo + (hi - lo) / 2;
        fd = (nxt_frame_data_t *)nxt_store_at(&frame_datas, mid);
        if (fd->frame < pinfo->num)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < frame_datas.count && (fd = (nxt_frame_data_t *)nxt_store_at(&frame_datas, lo))->frame == pinfo->num)
        return fd;
    return NULL;
}

static void seq_unpack(const nxt_frame_data_t *fd, guint32 seq_no, nxt_seq_info_t *seq)
{
    const guint32 *extra;

    memset(seq, 0, sizeof *seq);
    seq->kind = (nxt_seq_kind_t)fd->seq_kind;
    seq->prev_frame = fd->seq_prev_frame;
    if (seq->kind == NXT_SEQ_IN_ORDER) {
        seq->expected = seq_no;
    } else if (seq->kind != NXT_SEQ_FIRST &&
               (extra = (const guint32 *)wmem_map_lookup(seq_extra, GUINT_TO_POINTER(fd->frame))) != NULL) {
        seq->expected = extra[0];
        seq->lost = extra[1]; /* dup_of shares it */
    }
}

static void seq_pack(nxt_frame_data_t *fd, const nxt_seq_info_t *seq)
{
    fd->seq_kind = (guint8)seq->kind;
    fd->seq_prev_frame = seq->prev_frame;
    fd->flags |= NXT_FD_SEQ_TRACKED;
    if (seq->kind != NXT_SEQ_FIRST && seq->kind != NXT_SEQ_IN_ORDER) {
        guint32 *extra = wmem_alloc_array(wmem_file_scope(), guint32, 2);
        extra[0] = seq->expected;
        extra[1] = seq->lost;
        wmem_map_insert(seq_extra, GUINT_TO_POINTER(fd->frame), extra);
    }
}

/* Per-datagram context handed to the event dissectors. */
typedef struct {
    packet_info *pinfo;
    nxt_frame_data_t *fd; /* NULL: first seen on a later pass (nothing stored) */
    const nxt_seq_info_t *seq; /* the seq verdict, once add_seq_analysis() ran */
    guint nstatus;        /* STATUS events linked so far                       */
    guint32 device_id;
    wmem_strbuf_t *info; /* the Info column, built as events are read */
    nxt_tap_dgram_t *tap; /* NULL: nobody listens to the datagram tap */
} nxt_dgram_t;

static void info_append(nxt_dgram_t *dg, const char *text)
{
    if (wmem_strbuf_get_len(dg->info) > 0)
        wmem_strbuf_append(dg->info, "; ");
    wmem_strbuf_append(dg->info, text);
}

/* Device text in labels and the Info column: at most max_bytes, cut at a
 * character boundary with "..." (U+2026) marking the cut.  Wireshark cuts
 * proto_item_append_text() and columns at a byte count, which can split a
 * multi-byte character and leave invalid UTF-8 in `tshark -V` output.
 * text is valid UTF-8 (tvb_get_string_enc() replaced what was not). */
static const char *utf8_cut(wmem_allocator_t *pool, const char *text, size_t max_bytes)
{
    const char *end;

    if (strlen(text) <= max_bytes)
        return text;
    end = text + max_bytes - 3; /* room for the ellipsis */
    while (end > text && ((guchar)*end & 0xC0) == 0x80)
        end--; /* back to the first byte of the character that did not fit */
    return wmem_strdup_printf(pool, "%.*s\xe2\x80\xa6", (int)(end - text), text);
}

/* Room for a device string in an event label: both DEVICE_INFO strings, or
 * the LOG text, stay well inside ITEM_LABEL_LENGTH with the event's name. */
#define NXT_LABEL_TEXT_MAX 96

/* ---- STATUS --------------------------------------------------------------- */

static void add_status_resolution(proto_tree *tree, proto_item *status_item, tvbuff_t *tvb,
                                  int offset, nxt_dgram_t *dg, guint32 status, guint32 api,
                                  const struct nxt_status_entry **entry_out)
{
    const struct nxt_status_entry *e = nxt_status_lookup(status), *user = NULL;
    const char *addon = nxt_status_addon_range(status), *user_addon = NULL;
    proto_item *pi;

    /* The user's table names what NetX's does not, and the application's own codes. */
    if (e == NULL || api == NXTRACE_API_APPLICATION)
        user = nxt_user_code_lookup(status, (guint16)api, dg->device_id, &user_addon);
    if (user != NULL) {
        e = user;
        if (user_addon != NULL)
            addon = wmem_strdup_printf(dg->pinfo->pool, "%s (user table)", user_addon);
    }
    *entry_out = e;
    if (e != NULL) {
        pi = proto_tree_add_string(tree, hf_status_name, tvb, offset, 4, e->name);
        proto_item_set_generated(pi);
        /* One item per alias, so `nxtrace.status.alias == "X"` finds it. */
        for (gchar **n = user ? NULL : alias_lists[e - nxt_status_table]; n != NULL && *n != NULL; n++) {
            pi = proto_tree_add_string(tree, hf_status_alias, tvb, offset, 4, *n);
            proto_item_set_generated(pi);
        }
        pi = proto_tree_add_string(tree, hf_status_family, tvb, offset, 4, nxt_entry_family(e, (guint16)api));
        proto_item_set_generated(pi);
        pi = proto_tree_add_string(tree, hf_status_severity, tvb, offset, 4, nxt_severity_name(e->severity));
        proto_item_set_generated(pi);
        pi = proto_tree_add_string(tree, hf_status_description, tvb, offset, 4, e->description);
        proto_item_set_generated(pi);
        pi = proto_tree_add_string(tree, hf_status_hint, tvb, offset, 4, e->hint);
        proto_item_set_generated(pi);
        if (e->alert != NXT_ALERT_NONE) {
            pi = proto_tree_add_uint(tree, hf_status_alert, tvb, offset, 4, e->alert);
            proto_item_set_generated(pi);
            pi = proto_tree_add_uint(tree, hf_status_alert_level, tvb, offset, 4, e->alert_level);
            proto_item_set_generated(pi);
        }
        if (e->severity == NXT_SEV_ERROR)
            expert_add_info_format(dg->pinfo, status_item, &ei_status_error, "%s (0x%x) from %s: %s",
                                   e->name, status, val_to_str_const(api, api_vals, "unknown api"),
                                   e->description);
        else if (e->severity == NXT_SEV_WARNING)
            expert_add_info_format(dg->pinfo, status_item, &ei_status_warning, "%s (0x%x) from %s: %s",
                                   e->name, status, val_to_str_const(api, api_vals, "unknown api"),
                                   e->description);
    } else if (addon == NULL) {
        expert_add_info_format(dg->pinfo, status_item, &ei_status_unknown,
                               "Unknown NetX status 0x%x: not in the NetX Duo v6.4.2 status table", status);
    }
    if (addon != NULL) {
        pi = proto_tree_add_string(tree, hf_status_addon, tvb, offset, 4, addon);
        proto_item_set_generated(pi);
        if (e == NULL)
            expert_add_info_format(dg->pinfo, status_item, &ei_status_addon, "Status 0x%x: %s", status, addon);
    }
}

static void status_info_line(nxt_dgram_t *dg, guint32 status, guint32 api, const struct nxt_status_entry *e)
{
    /* Service 0 means the device did not say which: no "unknown:" prefix. */
    const char *service = api == NXTRACE_API_UNKNOWN ? "" : val_to_str_const(api, api_vals, "api?");
    const char *sep = api == NXTRACE_API_UNKNOWN ? "" : ": ";
    char *line;

    if (e != NULL)
        line = wmem_strdup_printf(dg->pinfo->pool, "%s%s%s (0x%x)%s%s%s", service, sep, e->name, status,
                                  e->severity >= NXT_SEV_WARNING ? " [" : "",
                                  e->severity >= NXT_SEV_WARNING ? nxt_severity_name(e->severity) : "",
                                  e->severity >= NXT_SEV_WARNING ? "]" : "");
    else
        line = wmem_strdup_printf(dg->pinfo->pool, "%s%sstatus 0x%x (%s)", service, sep, status,
                                  nxt_status_addon_range(status) ? "NetX add-on range" : "unknown");
    if (pref_hint_in_info && e != NULL && e->severity >= NXT_SEV_WARNING)
        line = wmem_strdup_printf(dg->pinfo->pool, "%s - %s", line, e->hint);
    info_append(dg, line);
}

/* Returns the bytes consumed, or -1 when the block is unusable. */
static int dissect_session_block(tvbuff_t *tvb, proto_tree *tree, nxt_dgram_t *dg, int offset, int left,
                                 nxt_status_ref_t *ref)
{
    proto_item *ti, *pi;
    proto_tree *st;
    guint32 ipv, reserved;
    int alen;

    ti = proto_tree_add_item(tree, hf_session, tvb, offset, MIN(left, (int)NXTRACE_SESSION_V6_LEN), ENC_NA);
    st = proto_item_add_subtree(ti, ett_session);
    if (left < (int)NXTRACE_SESSION_FIXED_LEN) {
        expert_add_info_format(dg->pinfo, ti, &ei_body_short,
                               "SESSION block needs at least %u bytes, %d left in the event",
                               NXTRACE_SESSION_FIXED_LEN, left);
        return -1;
    }
    pi = proto_tree_add_item_ret_uint(st, hf_session_ip_version, tvb, offset, 1, ENC_BIG_ENDIAN, &ipv);
    if (ipv != 4 && ipv != 6) {
        expert_add_info_format(dg->pinfo, pi, &ei_bad_ip_version,
                               "SESSION ip_version %u is neither 4 nor 6: addresses cannot be read", ipv);
        proto_item_set_len(ti, 1);
        return -1;
    }
    alen = ipv == 4 ? 4 : 16;
    pi = proto_tree_add_item_ret_uint(st, hf_session_reserved, tvb, offset + 1, 1, ENC_BIG_ENDIAN, &reserved);
    if (reserved != 0)
        expert_add_info(dg->pinfo, pi, &ei_reserved_field);
    proto_tree_add_item(st, hf_session_local_port, tvb, offset + 2, 2, ENC_BIG_ENDIAN);
    proto_tree_add_item(st, hf_session_remote_port, tvb, offset + 4, 2, ENC_BIG_ENDIAN);
    if (left < (int)NXTRACE_SESSION_FIXED_LEN + 2 * alen) {
        expert_add_info_format(dg->pinfo, ti, &ei_body_short,
                               "SESSION block (IPv%u) needs %u bytes, %d left in the event", ipv,
                               (unsigned)NXTRACE_SESSION_FIXED_LEN + 2 * alen, left);
        proto_item_set_len(ti, left);
        return -1;
    }
    proto_item_set_len(ti, (int)NXTRACE_SESSION_FIXED_LEN + 2 * alen);
    proto_tree_add_item(st, ipv == 4 ? hf_session_local_addr : hf_session_local_addr6, tvb,
                        offset + 6, alen, ipv == 4 ? ENC_BIG_ENDIAN : ENC_NA);
    proto_tree_add_item(st, ipv == 4 ? hf_session_remote_addr : hf_session_remote_addr6, tvb,
                        offset + 6 + alen, alen, ipv == 4 ? ENC_BIG_ENDIAN : ENC_NA);
    ref->has_session = TRUE;
    ref->local_port = tvb_get_ntohs(tvb, offset + 2);
    ref->remote_port = tvb_get_ntohs(tvb, offset + 4);
    set_address_tvb(&ref->local, ipv == 4 ? AT_IPv4 : AT_IPv6, alen, tvb, offset + 6);
    set_address_tvb(&ref->remote, ipv == 4 ? AT_IPv4 : AT_IPv6, alen, tvb, offset + 6 + alen);
    proto_item_append_text(ti, ": %s:%u -> %s:%u", address_to_str(dg->pinfo->pool, &ref->local), ref->local_port,
                           address_to_str(dg->pinfo->pool, &ref->remote), ref->remote_port);
    return (int)NXTRACE_SESSION_FIXED_LEN + 2 * alen;
}

static int dissect_record_block(tvbuff_t *tvb, proto_tree *tree, nxt_dgram_t *dg, int offset, int left,
                                gboolean sent, nxt_status_ref_t *ref)
{
    proto_item *ti, *pi;
    proto_tree *rt;
    guint32 epoch;
    guint64 seq;

    ti = proto_tree_add_item(tree, hf_record, tvb, offset, MIN(left, (int)NXTRACE_RECORD_LEN), ENC_NA);
    if (left < (int)NXTRACE_RECORD_LEN) {
        expert_add_info_format(dg->pinfo, ti, &ei_body_short,
                               "RECORD block needs %u bytes, %d left in the event", NXTRACE_RECORD_LEN, left);
        return -1;
    }
    rt = proto_item_add_subtree(ti, ett_record);
    proto_tree_add_item_ret_uint(rt, hf_record_epoch, tvb, offset, 2, ENC_BIG_ENDIAN, &epoch);
    proto_tree_add_item_ret_uint64(rt, hf_record_seq, tvb, offset + 2, 6, ENC_BIG_ENDIAN, &seq);
    pi = proto_tree_add_boolean(rt, hf_record_direction, tvb, offset, 0, sent);
    proto_item_set_generated(pi);
    proto_item_append_text(ti, ": epoch %u, sequence %" G_GUINT64_FORMAT " (%s)", epoch, seq,
                           sent ? "sent" : "received");
    ref->has_record = TRUE;
    ref->record_sent = sent;
    ref->epoch = (guint16)epoch;
    ref->seq = seq;
    return (int)NXTRACE_RECORD_LEN;
}

/* Bytes left in an event after what this version knows: a newer encoder's. */
static void add_extension(tvbuff_t *tvb, proto_tree *tree, nxt_dgram_t *dg, int offset, int end)
{
    proto_item *pi;

    if (offset >= end)
        return;
    pi = proto_tree_add_item(tree, hf_status_extension, tvb, offset, end - offset, ENC_NA);
    expert_add_info_format(dg->pinfo, pi, &ei_extension,
                           "%d bytes of extension data (written by a newer encoder)", end - offset);
}

static int * const status_flag_fields[] = {
    &hf_status_flag_session,
    &hf_status_flag_record,
    &hf_status_flag_record_sent,
    &hf_status_flag_role,
    &hf_status_flag_reserved,
    NULL
};

static void dissect_status(tvbuff_t *tvb, proto_tree *tree, proto_item *event_item, nxt_dgram_t *dg,
                           int offset, int body_len, guint8 flags)
{
    proto_item *status_item, *pi;
    proto_tree *st;
    guint32 status, api, reserved;
    const struct nxt_status_entry *entry = NULL;
    nxt_status_ref_t ref;
    int used, end = offset + body_len;
    guint role = (flags & NXTRACE_STATUS_ROLE_MASK) >> NXTRACE_STATUS_ROLE_SHIFT;
    nxt_tap_status_t *tap;
    nxt_link_t *link = NULL;

    if (role == 3)
        expert_add_info(dg->pinfo, event_item, &ei_bad_role);
    if (body_len < (int)NXTRACE_STATUS_FIXED_LEN) {
        expert_add_info_format(dg->pinfo, event_item, &ei_body_short,
                               "STATUS body is %d bytes; at least %u are needed", body_len,
                               NXTRACE_STATUS_FIXED_LEN);
        info_append(dg, "STATUS (truncated)");
        return;
    }

    status_item = proto_tree_add_item_ret_uint(tree, hf_status, tvb, offset, 4, ENC_BIG_ENDIAN, &status);
    st = proto_item_add_subtree(status_item, ett_status);
    api = tvb_get_ntohs(tvb, offset + 4);
    add_status_resolution(st, status_item, tvb, offset, dg, status, api, &entry);

    pi = proto_tree_add_item(tree, hf_api, tvb, offset + 4, 2, ENC_BIG_ENDIAN);
    if (api > NXTRACE_API_LAST_KNOWN && api != NXTRACE_API_APPLICATION)
        expert_add_info_format(dg->pinfo, pi, &ei_api_unknown,
                               "Unknown api id %u (a service newer than this dissector?)", api);
    pi = proto_tree_add_item_ret_uint(tree, hf_status_reserved, tvb, offset + 6, 2, ENC_BIG_ENDIAN, &reserved);
    if (reserved != 0)
        expert_add_info(dg->pinfo, pi, &ei_reserved_field);
    offset += NXTRACE_STATUS_FIXED_LEN;

    proto_item_append_text(event_item, ": %s from %s",
                           entry ? entry->name : wmem_strdup_printf(dg->pinfo->pool, "0x%x", status),
                           val_to_str_const(api, api_vals, "unknown api"));
    status_info_line(dg, status, api, entry);

    memset(&ref, 0, sizeof ref);
    ref.status = status;
    ref.entry = entry;
    ref.device_id = dg->device_id;
    if (flags & NXTRACE_STATUS_FLAG_SESSION) {
        used = dissect_session_block(tvb, tree, dg, offset, end - offset, &ref);
        if (used < 0)
            goto queue_tap; /* block length unknown: the rest cannot be placed */
        offset += used;
    }
    if (flags & NXTRACE_STATUS_FLAG_RECORD) {
        used = dissect_record_block(tvb, tree, dg, offset, end - offset,
                                    (flags & NXTRACE_STATUS_FLAG_RECORD_SENT) != 0, &ref);
        if (used < 0)
            goto queue_tap;
        offset += used;
    }
    add_extension(tvb, tree, dg, offset, end);
    link = nxt_link_status(tvb, dg->pinfo, tree, &ref, dg->fd ? &dg->fd->first_link : NULL,
                           dg->fd ? &dg->fd->nlinks : NULL, dg->nstatus++);

queue_tap:
    if (dg->tap != NULL) {
        nxt_tap_dgram_status_t ds;
        memset(&ds, 0, sizeof ds);
        ds.status = status;
        ds.api = (guint16)api;
        ds.role = (guint8)role;
        ds.entry = entry;
        ds.link = link;
        ds.has_session = ref.has_session;
        if (ref.has_session)
            copy_address_wmem(dg->pinfo->pool, &ds.local, &ref.local);
        wmem_array_append_one(dg->tap->statuses, ds);
    }
    tap = wmem_new0(dg->pinfo->pool, nxt_tap_status_t);
    tap->device_id = dg->device_id;
    tap->status = status;
    tap->api = (guint16)api;
    tap->entry = entry;
    tap_queue_packet(nxtrace_tap, dg->pinfo, tap);
}

/* ---- DEVICE_INFO and LOG -------------------------------------------------- */

/* Flags device text that is not UTF-8 (Wireshark shows U+FFFD for the bad
 * bytes, which alone would hide that the firmware sent them).  Text ends at
 * a NUL, as Wireshark shows it, so a C string's terminator is no error. */
static void check_utf8(tvbuff_t *tvb, proto_item *item, nxt_dgram_t *dg, int offset, int len, const char *what)
{
    const char *raw, *nul, *bad;

    if (len <= 0)
        return;
    raw = (const char *)tvb_get_ptr(tvb, offset, len);
    nul = (const char *)memchr(raw, 0, (size_t)len);
    if (nul != NULL)
        len = (int)(nul - raw);
    if (!g_utf8_validate(raw, len, &bad))
        expert_add_info_format(dg->pinfo, item, &ei_bad_utf8,
                               "The %s is not valid UTF-8 (byte %d of %d): shown with replacement characters",
                               what, (int)(bad - raw) + 1, len);
}

/* A length byte and that many bytes of UTF-8; returns the offset after them,
 * or -1 when they overrun the event (expert info added). */
static int dissect_counted_string(tvbuff_t *tvb, proto_tree *tree, proto_item *event_item, nxt_dgram_t *dg,
                                  int offset, int end, int hf_len, int hf_str, const char *what,
                                  const guint8 **str)
{
    guint32 len;
    proto_item *pi;

    if (offset >= end) {
        expert_add_info_format(dg->pinfo, event_item, &ei_body_short, "DEVICE_INFO ends before the %s length", what);
        return -1;
    }
    proto_tree_add_item_ret_uint(tree, hf_len, tvb, offset, 1, ENC_BIG_ENDIAN, &len);
    offset += 1;
    if ((int)len > end - offset) {
        expert_add_info_format(dg->pinfo, event_item, &ei_body_short,
                               "The %s of %u bytes overruns the event (%d left)", what, len, end - offset);
        return -1;
    }
    pi = proto_tree_add_item_ret_string(tree, hf_str, tvb, offset, len, ENC_UTF_8, dg->pinfo->pool, str);
    check_utf8(tvb, pi, dg, offset, (int)len, what);
    return offset + (int)len;
}

static void dissect_device_info(tvbuff_t *tvb, proto_tree *tree, proto_item *event_item, nxt_dgram_t *dg,
                                nxt_device_t *dev, int offset, int body_len)
{
    const guint8 *name, *fw;
    const char *name_label, *fw_label;
    int end = offset + body_len;

    offset = dissect_counted_string(tvb, tree, event_item, dg, offset, end, hf_info_name_len, hf_info_name,
                                    "device name", &name);
    if (offset < 0)
        return;
    offset = dissect_counted_string(tvb, tree, event_item, dg, offset, end, hf_info_fw_len, hf_info_firmware,
                                    "firmware version", &fw);
    if (offset < 0)
        return;
    add_extension(tvb, tree, dg, offset, end);
    if (!PINFO_FD_VISITED(dg->pinfo))
        nxt_device_set_name(dev, (const char *)name, dg->pinfo->num);
    if (dg->tap != NULL && dg->tap->name == NULL) {
        dg->tap->name = (const char *)name;
        dg->tap->firmware = (const char *)fw;
    }
    name_label = utf8_cut(dg->pinfo->pool, (const char *)name, NXT_LABEL_TEXT_MAX);
    fw_label = utf8_cut(dg->pinfo->pool, (const char *)fw, NXT_LABEL_TEXT_MAX);
    proto_item_append_text(event_item, ": %s, firmware %s", name_label, fw_label);
    info_append(dg, wmem_strdup_printf(dg->pinfo->pool, "DEVICE_INFO %s fw %s", name_label, fw_label));
}

static void dissect_log(tvbuff_t *tvb, proto_tree *tree, proto_item *event_item, nxt_dgram_t *dg,
                        int offset, int body_len)
{
    guint32 level;
    const guint8 *text;
    const char *label;
    proto_item *pi;

    if (body_len < 1) {
        expert_add_info_format(dg->pinfo, event_item, &ei_body_short, "LOG body is empty");
        return;
    }
    pi = proto_tree_add_item_ret_uint(tree, hf_log_level, tvb, offset, 1, ENC_BIG_ENDIAN, &level);
    if (level > NXTRACE_LOG_DEBUG)
        expert_add_info(dg->pinfo, pi, &ei_log_level);
    pi = proto_tree_add_item_ret_string(tree, hf_log_text, tvb, offset + 1, body_len - 1, ENC_UTF_8,
                                        dg->pinfo->pool, &text);
    check_utf8(tvb, pi, dg, offset + 1, body_len - 1, "LOG text");
    /* The whole text is in the Text item; the labels get its start. */
    label = utf8_cut(dg->pinfo->pool, (const char *)text, 2 * NXT_LABEL_TEXT_MAX);
    proto_item_append_text(event_item, " [%s]: %s", val_to_str_const(level, log_level_vals, "?"), label);
    info_append(dg, wmem_strdup_printf(dg->pinfo->pool, "LOG %s: %s",
                                       val_to_str_const(level, log_level_vals, "?"), label));
}

/* ---- events --------------------------------------------------------------- */

/* Dissects the event at offset; returns the offset after it. */
static int dissect_event(tvbuff_t *tvb, proto_tree *tree, nxt_dgram_t *dg, nxt_device_t *dev,
                         int offset, gboolean *stop)
{
    proto_item *ti, *len_item;
    proto_tree *et;
    guint32 type, flags, length;
    int left = tvb_reported_length_remaining(tvb, offset);
    int body_len;

    ti = proto_tree_add_item(tree, hf_event, tvb, offset, MIN(left, 4), ENC_NA);
    et = proto_item_add_subtree(ti, ett_event);
    proto_tree_add_item_ret_uint(et, hf_event_type, tvb, offset, 1, ENC_BIG_ENDIAN, &type);
    flags = nxt_tvb_get_u8(tvb, offset + 1);
    len_item = proto_tree_add_item_ret_uint(et, hf_event_length, tvb, offset + 2, 2, ENC_BIG_ENDIAN, &length);
    proto_item_set_text(ti, "%s event", val_to_str_const(type, event_type_vals, "Unknown"));

    body_len = (int)length;
    if (body_len > left - 4) {
        expert_add_info_format(dg->pinfo, len_item, &ei_event_overrun,
                               "Event length %u exceeds the %d bytes left in the datagram", length, left - 4);
        body_len = left - 4;
        *stop = TRUE; /* nothing after it can be framed */
    }
    proto_item_set_len(ti, 4 + body_len);

    if (type == NXTRACE_EVENT_STATUS) {
        proto_tree_add_bitmask_with_flags(et, tvb, offset + 1, hf_event_flags, ett_event_flags,
                                          status_flag_fields, ENC_BIG_ENDIAN, BMT_NO_APPEND);
        if (flags & NXTRACE_STATUS_FLAGS_RESERVED)
            expert_add_info_format(dg->pinfo, ti, &ei_reserved_bits,
                                   "STATUS flags have reserved bits set: 0x%02x", flags & NXTRACE_STATUS_FLAGS_RESERVED);
    } else {
        proto_item *fi = proto_tree_add_item(et, hf_event_flags, tvb, offset + 1, 1, ENC_BIG_ENDIAN);
        if (flags != 0 && type <= NXTRACE_EVENT_LOG)
            expert_add_info_format(dg->pinfo, fi, &ei_reserved_bits,
                                   "Event flags are reserved for this type and should be 0: 0x%02x", flags);
    }

    offset += 4;
    switch (type) {
    case NXTRACE_EVENT_STATUS:
        dissect_status(tvb, et, ti, dg, offset, body_len, (guint8)flags);
        break;
    case NXTRACE_EVENT_DEVICE_INFO:
        dissect_device_info(tvb, et, ti, dg, dev, offset, body_len);
        break;
    case NXTRACE_EVENT_LOG:
        dissect_log(tvb, et, ti, dg, offset, body_len);
        break;
    default:
        if (body_len > 0)
            proto_tree_add_item(et, hf_event_data, tvb, offset, body_len, ENC_NA);
        expert_add_info_format(dg->pinfo, ti, &ei_event_unknown,
                               "Unknown event type %u (%d bytes), skipped by its length", type, body_len);
        info_append(dg, wmem_strdup_printf(dg->pinfo->pool, "event type %u", type));
        break;
    }
    return offset + body_len;
}

/* ---- the datagram --------------------------------------------------------- */

/* Returns a short tag for the Info column ("[2 lost] "), or "". */
static const char *add_seq_analysis(tvbuff_t *tvb, proto_item *seq_item, nxt_dgram_t *dg,
                                    nxt_device_t *dev, guint32 seq)
{
    nxt_frame_data_t *fd = dg->fd;
    nxt_seq_info_t *info;
    proto_tree *st;
    proto_item *pi;

    if (fd == NULL)
        return "";
    info = wmem_new(dg->pinfo->pool, nxt_seq_info_t);
    if (!(fd->flags & NXT_FD_SEQ_TRACKED)) {
        if (PINFO_FD_VISITED(dg->pinfo))
            return ""; /* tracking was off during the first pass */
        nxt_device_track_seq(dev, seq, dg->pinfo->num, info);
        seq_pack(fd, info);
    }
    seq_unpack(fd, seq, info);
    dg->seq = info;

    st = proto_item_add_subtree(seq_item, ett_seq);
    if (info->prev_frame) {
        pi = proto_tree_add_uint(st, hf_seq_prev_frame, tvb, 0, 0, info->prev_frame);
        proto_item_set_generated(pi);
    }
    if (info->kind == NXT_SEQ_FIRST)
        return "";
    pi = proto_tree_add_uint(st, hf_seq_expected, tvb, 0, 0, info->expected);
    proto_item_set_generated(pi);

    switch (info->kind) {
    case NXT_SEQ_GAP:
        pi = proto_tree_add_uint(st, hf_seq_lost, tvb, 0, 0, info->lost);
        proto_item_set_generated(pi);
        expert_add_info_format(dg->pinfo, seq_item, &ei_seq_gap,
                               "%u trace datagram%s from device 0x%08x lost before this one (expected seq %u, got %u)",
                               info->lost, plurality(info->lost, "", "s"), dg->device_id,
                               info->expected, seq);
        return wmem_strdup_printf(dg->pinfo->pool, "[%u lost] ", info->lost);
    case NXT_SEQ_DUPLICATE:
        pi = proto_tree_add_uint(st, hf_seq_duplicate_of, tvb, 0, 0, info->dup_of);
        proto_item_set_generated(pi);
        expert_add_info_format(dg->pinfo, seq_item, &ei_seq_duplicate,
                               "Duplicate trace datagram: seq %u was already in frame %u", seq, info->dup_of);
        return "[duplicate] ";
    case NXT_SEQ_LATE:
        pi = proto_tree_add_boolean(st, hf_seq_out_of_order, tvb, 0, 0, TRUE);
        proto_item_set_generated(pi);
        expert_add_info_format(dg->pinfo, seq_item, &ei_seq_late,
                               "Out of order: seq %u arrived after a higher one (expected %u)", seq,
                               info->expected);
        return "[out of order] ";
    case NXT_SEQ_RESTART:
        pi = proto_tree_add_boolean(st, hf_seq_restart, tvb, 0, 0, TRUE);
        proto_item_set_generated(pi);
        expert_add_info_format(dg->pinfo, seq_item, &ei_seq_restart,
                               "Seq %u is far behind the expected %u: the device restarted its counter (reboot?)",
                               seq, info->expected);
        return "[restart] ";
    default:
        return "";
    }
}

static void add_timestamps(tvbuff_t *tvb, proto_tree *tree, packet_info *pinfo, guint64 ts_us, gboolean utc)
{
    nstime_t t, skew;
    proto_item *pi;

    t.secs = (time_t)(ts_us / 1000000u);
    t.nsecs = (int)(ts_us % 1000000u) * 1000;
    if (utc) {
        pi = proto_tree_add_time(tree, hf_timestamp_utc, tvb, 16, 8, &t);
        proto_item_set_generated(pi);
        /* How far the capture clock is ahead of the device's clock. */
        nstime_delta(&skew, &pinfo->abs_ts, &t);
        pi = proto_tree_add_time(tree, hf_timestamp_skew, tvb, 16, 8, &skew);
        proto_item_set_generated(pi);
    } else {
        pi = proto_tree_add_time(tree, hf_timestamp_uptime, tvb, 16, 8, &t);
        proto_item_set_generated(pi);
    }
}

static int * const header_flag_fields[] = {
    &hf_flags_ts_utc,
    &hf_flags_reserved,
    NULL
};

/* The header up to the version, and every datagram that ends there: shorter
 * than the header (flagged for every length from 0, with the fields that are
 * there), not NXTR, or a version this dissector does not read.  Returns TRUE
 * when a whole version-1 header follows. */
static gboolean dissect_header_start(tvbuff_t *tvb, packet_info *pinfo, proto_item *ti, proto_tree *nt, int len)
{
    gboolean magic_ok = len >= 4 && tvb_get_ntohl(tvb, 0) == NXTRACE_MAGIC;
    guint32 version = NXTRACE_VERSION;
    proto_item *pi;
    int shown = 0;
    wmem_strbuf_t *info;

    if (len >= 4) {
        pi = proto_tree_add_item(nt, hf_magic, tvb, 0, 4, ENC_BIG_ENDIAN);
        if (!magic_ok)
            expert_add_info(pinfo, pi, &ei_bad_magic);
        shown = 4;
    }
    if (magic_ok && len >= 5) {
        pi = proto_tree_add_item_ret_uint(nt, hf_version, tvb, 4, 1, ENC_BIG_ENDIAN, &version);
        if (version != NXTRACE_VERSION)
            expert_add_info_format(pinfo, pi, &ei_bad_version, "Unsupported version %u: this dissector reads version %u",
                                   version, NXTRACE_VERSION);
        shown = 5;
    }
    if (magic_ok && version == NXTRACE_VERSION) {
        if (len >= (int)NXTRACE_HEADER_LEN)
            return TRUE;
        /* What a broken encoder did get out: the fields that fit. */
        if (len >= 6) {
            proto_tree_add_bitmask_with_flags(nt, tvb, 5, hf_flags, ett_flags, header_flag_fields,
                                              ENC_BIG_ENDIAN, BMT_NO_APPEND);
            shown = 6;
        }
        if (len >= 8) {
            proto_tree_add_item(nt, hf_event_count, tvb, 6, 2, ENC_BIG_ENDIAN);
            shown = 8;
        }
        if (len >= 12) {
            proto_tree_add_item(nt, hf_device_id, tvb, 8, 4, ENC_BIG_ENDIAN);
            shown = 12;
        }
        if (len >= 16) {
            proto_tree_add_item(nt, hf_seq, tvb, 12, 4, ENC_BIG_ENDIAN);
            shown = 16;
        }
    }

    info = wmem_strbuf_new(pinfo->pool, "");
    if (len < (int)NXTRACE_HEADER_LEN) {
        expert_add_info_format(pinfo, ti, &ei_short_header, "Datagram of %d byte%s is too short for the %u-byte header",
                               len, plurality(len, "", "s"), NXTRACE_HEADER_LEN);
        wmem_strbuf_append_printf(info, "Truncated header (%d of %u bytes)", len, NXTRACE_HEADER_LEN);
    }
    if (len >= 4 && !magic_ok)
        wmem_strbuf_append_printf(info, "%sNot an NXTR datagram (bad magic)", wmem_strbuf_get_len(info) ? "; " : "");
    else if (version != NXTRACE_VERSION)
        wmem_strbuf_append_printf(info, "%sNXTR version %u (unsupported)", wmem_strbuf_get_len(info) ? "; " : "",
                                  version);
    col_add_str(pinfo->cinfo, COL_INFO, wmem_strbuf_get_str(info));
    if (len > shown)
        proto_tree_add_item(nt, hf_trailing, tvb, shown, len - shown, ENC_NA);
    return FALSE;
}

static int dissect_nxtrace(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    proto_item *ti, *pi, *seq_item, *count_item;
    proto_tree *nt;
    guint32 flags, event_count, device_id, seq, events = 0;
    guint64 ts_us;
    int offset, len = tvb_reported_length(tvb);
    gboolean stop = FALSE;
    nxt_device_t *dev;
    nxt_dgram_t dg;
    nxt_clock_info_t clock;
    const char *name, *seq_tag = "";

    col_set_str(pinfo->cinfo, COL_PROTOCOL, "NXTRACE");
    col_clear(pinfo->cinfo, COL_INFO);

    ti = proto_tree_add_item(tree, proto_nxtrace, tvb, 0, -1, ENC_NA);
    nt = proto_item_add_subtree(ti, ett_nxtrace);

    if (!dissect_header_start(tvb, pinfo, ti, nt, len))
        return len;

    flags = nxt_tvb_get_u8(tvb, 5);
    pi = proto_tree_add_bitmask_with_flags(nt, tvb, 5, hf_flags, ett_flags, header_flag_fields,
                                           ENC_BIG_ENDIAN, BMT_NO_APPEND);
    if (flags & NXTRACE_HDR_FLAGS_RESERVED)
        expert_add_info_format(pinfo, pi, &ei_reserved_bits, "Header flags have reserved bits set: 0x%02x",
                               flags & NXTRACE_HDR_FLAGS_RESERVED);
    count_item = proto_tree_add_item_ret_uint(nt, hf_event_count, tvb, 6, 2, ENC_BIG_ENDIAN, &event_count);
    if (event_count == 0)
        expert_add_info(pinfo, count_item, &ei_keepalive);
    proto_tree_add_item_ret_uint(nt, hf_device_id, tvb, 8, 4, ENC_BIG_ENDIAN, &device_id);
    dev = nxt_device_lookup(device_id, TRUE);
    name = nxt_device_name(dev, pinfo->num - 1);
    if (name != NULL) {
        pi = proto_tree_add_string(nt, hf_device_name, tvb, 8, 4, name);
        proto_item_set_generated(pi);
    }
    seq_item = proto_tree_add_item_ret_uint(nt, hf_seq, tvb, 12, 4, ENC_BIG_ENDIAN, &seq);
    proto_tree_add_item_ret_uint64(nt, hf_timestamp, tvb, 16, 8, ENC_BIG_ENDIAN, &ts_us);
    add_timestamps(tvb, nt, pinfo, ts_us, (flags & NXTRACE_HDR_FLAG_TS_UTC) != 0);

    dg.pinfo = pinfo;
    dg.fd = frame_data_get(pinfo);
    dg.seq = NULL;
    memset(&clock, 0, sizeof clock);
    if (dg.fd != NULL) {
        /* A restart found by the clock is a new sequence, not a duplicate. */
        if (!PINFO_FD_VISITED(pinfo) && !(dg.fd->flags & NXT_FD_CLOCK_TRACKED)) {
            gboolean restarted = nxt_clock_track(dev, seq, ts_us, (flags & NXTRACE_HDR_FLAG_TS_UTC) != 0,
                                                 &pinfo->abs_ts, &clock);

            if (restarted)
                nxt_device_seq_restart(dev, seq);
            if (clock.tracked) {
                dg.fd->flags |= NXT_FD_CLOCK_TRACKED | (guint8)(clock.restart << 2);
                if (clock.restart == NXT_RESTART_NONE && clock.delay_ns >= 0 && clock.delay_ns < G_MAXUINT32) {
                    dg.fd->clock_delay = (guint32)clock.delay_ns;
                } else {
                    guint64 *packed = wmem_new(wmem_file_scope(), guint64);
                    *packed = nxt_clock_pack(&clock);
                    wmem_map_insert(clock_extra, GUINT_TO_POINTER(pinfo->num), packed);
                    dg.fd->flags |= NXT_FD_CLOCK_EXTRA;
                }
            }
        }
        if (dg.fd->flags & NXT_FD_CLOCK_EXTRA) {
            const guint64 *packed = (const guint64 *)wmem_map_lookup(clock_extra, GUINT_TO_POINTER(pinfo->num));
            if (packed != NULL)
                nxt_clock_unpack(*packed, (dg.fd->flags >> 2) & 3, ts_us, &pinfo->abs_ts, &clock);
        } else if (dg.fd->flags & NXT_FD_CLOCK_TRACKED) {
            nxt_clock_unpack((guint64)(nxt_clock_offset(ts_us, &pinfo->abs_ts) - dg.fd->clock_delay), 0, ts_us,
                             &pinfo->abs_ts, &clock);
        }
        nxt_clock_draw(tvb, pinfo, nt, &clock, ts_us);
    }
    dg.nstatus = 0;
    dg.device_id = device_id;
    dg.info = wmem_strbuf_new(pinfo->pool, "");
    dg.tap = NULL;
    if (have_tap_listener(nxtrace_dgram_tap)) {
        dg.tap = wmem_new0(pinfo->pool, nxt_tap_dgram_t);
        dg.tap->device_id = device_id;
        dg.tap->seq = seq;
        dg.tap->ts_us = ts_us;
        dg.tap->ts_utc = (flags & NXTRACE_HDR_FLAG_TS_UTC) != 0;
        dg.tap->statuses = wmem_array_new(pinfo->pool, sizeof(nxt_tap_dgram_status_t));
        dg.tap->restarted = clock.restart != NXT_RESTART_NONE;
    }

    /* Each event consumes at least its 4-byte header, so this ends. */
    offset = NXTRACE_HEADER_LEN;
    while (!stop && offset < len) {
        if (len - offset < (int)NXTRACE_EVENT_HEADER_LEN) {
            pi = proto_tree_add_item(nt, hf_trailing, tvb, offset, len - offset, ENC_NA);
            expert_add_info_format(pinfo, pi, &ei_trailing,
                                   "%d trailing bytes: too few for an event header", len - offset);
            break;
        }
        offset = dissect_event(tvb, nt, &dg, dev, offset, &stop);
        events++;
    }
    if (events != event_count)
        expert_add_info_format(pinfo, count_item, &ei_count_mismatch,
                               "Header announces %u event%s, the datagram holds %u", event_count,
                               plurality(event_count, "", "s"), events);

    /* A DEVICE_INFO in this very datagram names the device too. */
    if (name == NULL && (name = nxt_device_name(dev, pinfo->num)) != NULL) {
        pi = proto_tree_add_string(nt, hf_device_name, tvb, 8, 4, name);
        proto_item_set_generated(pi);
    }
    if (pref_track_seq)
        seq_tag = add_seq_analysis(tvb, seq_item, &dg, dev, seq);
    if (dg.tap != NULL) {
        if (pref_track_seq)
            dg.tap->seq_info = dg.seq;
        tap_queue_packet(nxtrace_dgram_tap, pinfo, dg.tap);
    }

    if (name != NULL)
        name = utf8_cut(pinfo->pool, name, NXT_LABEL_TEXT_MAX);
    proto_item_append_text(ti, ", Device 0x%08x%s%s%s, Seq %u, Events %u", device_id,
                           name ? " (" : "", name ? name : "", name ? ")" : "", seq, events);
    /* Many LOG events can fill the column: cut where a character starts. */
    col_add_str(pinfo->cinfo, COL_INFO,
                utf8_cut(pinfo->pool,
                         wmem_strdup_printf(pinfo->pool, "%sdev 0x%08x%s%s seq %u %s", seq_tag, device_id,
                                            name ? " " : "", name ? name : "", seq,
                                            event_count == 0 && events == 0 ? "keep-alive"
                                                                           : wmem_strbuf_get_str(dg.info)),
                         COL_MAX_INFO_LEN - 1));
    return len;
}

static nxt_heur_ret_t dissect_nxtrace_heur(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    /* Magic plus the version we know; a future version is left to the port. */
    if (tvb_captured_length(tvb) < 5 || tvb_get_ntohl(tvb, 0) != NXTRACE_MAGIC ||
        nxt_tvb_get_u8(tvb, 4) != NXTRACE_VERSION)
        return FALSE;
    dissect_nxtrace(tvb, pinfo, tree, data);
    return TRUE;
}

/* UDP hands an empty payload to no one (packet-udp.c stops at a UDP length
 * of 8), yet on the trace port it is a trace datagram of 0 bytes: a broken
 * encoder in the firmware.  This postdissector takes the frames whose last
 * layer is UDP on a port that leads to nxtrace and dissects that empty
 * datagram, so it is flagged like every other short header.  The heuristic
 * never sees such a datagram, and stays strict. */
static dissector_table_t udp_port_table;
static int proto_udp_id = -1, proto_icmp_id = -1, proto_icmpv6_id = -1;

/* The dissector UDP would pick for these ports (decode_udp_ports(): a port
 * changed by Decode As first, then the lower port, then the higher). */
static dissector_handle_t udp_port_owner(guint32 a, guint32 b)
{
    guint32 ports[2] = { MIN(a, b), MAX(a, b) };
    dissector_handle_t h;

    for (int changed = 1; changed >= 0; changed--)
        for (int i = 0; i < 2; i++)
            if (ports[i] != 0 && (!changed || dissector_is_uint_changed(udp_port_table, ports[i])) &&
                (h = dissector_get_uint_handle(udp_port_table, ports[i])) != NULL)
                return h;
    return NULL;
}

static int dissect_nxtrace_empty_udp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    wmem_list_frame_t *layer;

    if (pinfo->ptype != PT_UDP || udp_port_table == NULL)
        return 0;
    /* The last layer is this postdissector's own; the one before must be UDP.
     * Checked before the port table: it turns away almost every frame (this
     * runs on all of them) without a hash lookup. */
    layer = wmem_list_tail(pinfo->layers);
    if (layer == NULL || (layer = wmem_list_frame_prev(layer)) == NULL ||
        GPOINTER_TO_INT(wmem_list_frame_data(layer)) != proto_udp_id)
        return 0;
    if (udp_port_owner(pinfo->srcport, pinfo->destport) != nxtrace_handle)
        return 0;
    /* Not the UDP header quoted in an ICMP error. */
    for (layer = wmem_list_head(pinfo->layers); layer != NULL; layer = wmem_list_frame_next(layer)) {
        int id = GPOINTER_TO_INT(wmem_list_frame_data(layer));
        if (id == proto_icmp_id || id == proto_icmpv6_id)
            return 0;
    }
    dissect_nxtrace(tvb_new_subset_length(tvb, tvb_captured_length(tvb), 0), pinfo, tree, NULL);
    return tvb_captured_length(tvb);
}

static void nxtrace_init(void)
{
    nxt_store_reset(&frame_datas, sizeof(nxt_frame_data_t), 12);
    nxt_link_init();
}


/* ---- registration --------------------------------------------------------- */

static void build_lookup_tables(void)
{
    value_string *vs = g_new0(value_string, nxt_status_table_len + 1);
    value_string_ext *vse;
    guint i, n = 0;

    alias_lists = g_new0(gchar **, nxt_status_table_len);
    for (i = 0; i < nxt_status_table_len; i++) {
        vs[i].value = nxt_status_table[i].value;
        vs[i].strptr = nxt_status_table[i].name;
        if (nxt_status_table[i].aliases != NULL)
            alias_lists[i] = g_strsplit(nxt_status_table[i].aliases, " ", -1);
    }
    vse = nxt_value_string_ext_new(vs, (guint)nxt_status_table_len + 1, "nxtrace_status_vals");
    status_vse = *vse; /* hf strings need a stable address before registration */

    for (i = 0; i < 256 && n < 63; i++) {
        const char *alert = nxt_tls_alert_name(i);
        if (alert != NULL) {
            nxt_alert_vals[n].value = i;
            nxt_alert_vals[n].strptr = alert;
            n++;
        }
    }
}

void proto_register_nxtrace(void)
{
    module_t *module;
    expert_module_t *expert;

    static hf_register_info hf[] = {
        { &hf_magic, { "Magic", "nxtrace.magic", FT_UINT32, BASE_HEX, NULL, 0x0,
            "\"NXTR\" (0x4e585452)", HFILL } },
        { &hf_version, { "Version", "nxtrace.version", FT_UINT8, BASE_DEC, NULL, 0x0, NULL, HFILL } },
        { &hf_flags, { "Flags", "nxtrace.flags", FT_UINT8, BASE_HEX, NULL, 0x0, NULL, HFILL } },
        { &hf_flags_ts_utc, { "Timestamp is UTC", "nxtrace.flags.ts_utc", FT_BOOLEAN, 8,
            TFS(&tfs_yes_no), NXTRACE_HDR_FLAG_TS_UTC, "Set: microseconds since 1970 UTC; clear: since device boot", HFILL } },
        { &hf_flags_reserved, { "Reserved", "nxtrace.flags.reserved", FT_UINT8, BASE_HEX, NULL,
            NXTRACE_HDR_FLAGS_RESERVED, NULL, HFILL } },
        { &hf_event_count, { "Event count", "nxtrace.event_count", FT_UINT16, BASE_DEC, NULL, 0x0,
            "0 means keep-alive", HFILL } },
        { &hf_device_id, { "Device ID", "nxtrace.device_id", FT_UINT32, BASE_HEX, NULL, 0x0, NULL, HFILL } },
        { &hf_seq, { "Sequence number", "nxtrace.seq", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Per-device datagram counter", HFILL } },
        { &hf_timestamp, { "Timestamp (us)", "nxtrace.timestamp", FT_UINT64, BASE_DEC, NULL, 0x0,
            "Device clock in microseconds", HFILL } },
        { &hf_timestamp_utc, { "Device time", "nxtrace.timestamp.utc", FT_ABSOLUTE_TIME, ABSOLUTE_TIME_UTC,
            NULL, 0x0, NULL, HFILL } },
        { &hf_timestamp_uptime, { "Device uptime", "nxtrace.timestamp.uptime", FT_RELATIVE_TIME, BASE_NONE,
            NULL, 0x0, "Time since the device booted", HFILL } },
        { &hf_timestamp_skew, { "Capture clock minus device clock", "nxtrace.timestamp.skew", FT_RELATIVE_TIME,
            BASE_NONE, NULL, 0x0, NULL, HFILL } },
        { &hf_device_name, { "Device name", "nxtrace.device.name", FT_STRING, BASE_NONE, NULL, 0x0,
            "From the device's DEVICE_INFO event", HFILL } },

        { &hf_seq_expected, { "Expected sequence number", "nxtrace.seq.expected", FT_UINT32, BASE_DEC, NULL, 0x0,
            NULL, HFILL } },
        { &hf_seq_lost, { "Datagrams lost", "nxtrace.seq.lost", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Trace datagrams of this device missing before this one", HFILL } },
        { &hf_seq_duplicate_of, { "Duplicate of frame", "nxtrace.seq.duplicate_of", FT_FRAMENUM, BASE_NONE,
            FRAMENUM_TYPE(FT_FRAMENUM_DUP_ACK), 0x0, NULL, HFILL } },
        { &hf_seq_out_of_order, { "Out of order", "nxtrace.seq.out_of_order", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "Arrived after a datagram with a higher sequence number", HFILL } },
        { &hf_seq_restart, { "Sequence restarted", "nxtrace.seq.restart", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            NULL, HFILL } },
        { &hf_seq_prev_frame, { "Previous datagram of this device", "nxtrace.seq.prev_frame", FT_FRAMENUM,
            BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_NONE), 0x0, NULL, HFILL } },

        { &hf_event, { "Event", "nxtrace.event", FT_NONE, BASE_NONE, NULL, 0x0, NULL, HFILL } },
        { &hf_event_type, { "Type", "nxtrace.event.type", FT_UINT8, BASE_DEC, VALS(event_type_vals), 0x0,
            NULL, HFILL } },
        { &hf_event_flags, { "Flags", "nxtrace.event.flags", FT_UINT8, BASE_HEX, NULL, 0x0, NULL, HFILL } },
        { &hf_event_length, { "Length", "nxtrace.event.length", FT_UINT16, BASE_DEC, NULL, 0x0,
            "Body bytes after the 4-byte event header", HFILL } },
        { &hf_event_data, { "Body", "nxtrace.event.data", FT_BYTES, BASE_NONE, NULL, 0x0,
            "Body of an event type this dissector does not know", HFILL } },
        { &hf_trailing, { "Undecoded bytes", "nxtrace.undecoded", FT_BYTES, BASE_NONE, NULL, 0x0, NULL, HFILL } },

        { &hf_status_flag_session, { "SESSION block", "nxtrace.status.flags.session", FT_BOOLEAN, 8,
            TFS(&tfs_present_not_present), NXTRACE_STATUS_FLAG_SESSION, NULL, HFILL } },
        { &hf_status_flag_record, { "RECORD block", "nxtrace.status.flags.record", FT_BOOLEAN, 8,
            TFS(&tfs_present_not_present), NXTRACE_STATUS_FLAG_RECORD, NULL, HFILL } },
        { &hf_status_flag_record_sent, { "Record direction", "nxtrace.status.flags.record_sent", FT_BOOLEAN, 8,
            TFS(&tfs_record_sent), NXTRACE_STATUS_FLAG_RECORD_SENT, NULL, HFILL } },
        { &hf_status_flag_role, { "Role", "nxtrace.status.flags.role", FT_UINT8, BASE_DEC, VALS(role_vals),
            NXTRACE_STATUS_ROLE_MASK, "The device's DTLS role in this session", HFILL } },
        { &hf_status_flag_reserved, { "Reserved", "nxtrace.status.flags.reserved", FT_UINT8, BASE_HEX, NULL,
            NXTRACE_STATUS_FLAGS_RESERVED, NULL, HFILL } },
        { &hf_status, { "Status", "nxtrace.status", FT_UINT32, BASE_HEX | BASE_EXT_STRING,
            &status_vse, 0x0, "NetX return value", HFILL } },
        { &hf_status_name, { "Name", "nxtrace.status.name", FT_STRING, BASE_NONE, NULL, 0x0,
            "NetX name of the status", HFILL } },
        { &hf_status_alias, { "Also named", "nxtrace.status.alias", FT_STRING, BASE_NONE, NULL, 0x0,
            "Another NetX name with the same value", HFILL } },
        { &hf_status_family, { "Family", "nxtrace.status.family", FT_STRING, BASE_NONE, NULL, 0x0,
            "netx, tls, x509 or crypto", HFILL } },
        { &hf_status_severity, { "Severity", "nxtrace.status.severity", FT_STRING, BASE_NONE, NULL, 0x0,
            "success, info, warning or error", HFILL } },
        { &hf_status_description, { "Meaning", "nxtrace.status.description", FT_STRING, BASE_NONE, NULL, 0x0,
            NULL, HFILL } },
        { &hf_status_hint, { "What to check", "nxtrace.status.hint", FT_STRING, BASE_NONE, NULL, 0x0,
            NULL, HFILL } },
        { &hf_status_alert, { "Alert NetX sends", "nxtrace.status.alert", FT_UINT8, BASE_DEC,
            VALS(nxt_alert_vals), 0x0, "TLS alert NetX Secure sends to the peer for this status", HFILL } },
        { &hf_status_alert_level, { "Alert level", "nxtrace.status.alert_level", FT_UINT8, BASE_DEC,
            VALS(alert_level_vals), 0x0, NULL, HFILL } },
        { &hf_status_addon, { "Add-on range", "nxtrace.status.addon_range", FT_STRING, BASE_NONE, NULL, 0x0,
            "The value lies in the status range of NetX Duo add-ons", HFILL } },
        { &hf_api, { "Service", "nxtrace.api", FT_UINT16, BASE_DEC, VALS(api_vals), 0x0,
            "The NetX Secure DTLS service that returned the status", HFILL } },
        { &hf_status_reserved, { "Reserved", "nxtrace.status.reserved", FT_UINT16, BASE_HEX, NULL, 0x0,
            NULL, HFILL } },
        { &hf_status_extension, { "Extension data", "nxtrace.extension", FT_BYTES, BASE_NONE, NULL, 0x0,
            "Bytes a newer encoder appended to the event", HFILL } },
        { &hf_session, { "Session", "nxtrace.session", FT_NONE, BASE_NONE, NULL, 0x0, NULL, HFILL } },
        { &hf_session_ip_version, { "IP version", "nxtrace.session.ip_version", FT_UINT8, BASE_DEC,
            VALS(ip_version_vals), 0x0, NULL, HFILL } },
        { &hf_session_reserved, { "Reserved", "nxtrace.session.reserved", FT_UINT8, BASE_HEX, NULL, 0x0,
            NULL, HFILL } },
        { &hf_session_local_port, { "Local port", "nxtrace.session.local_port", FT_UINT16, BASE_PT_UDP, NULL,
            0x0, "The device's UDP port", HFILL } },
        { &hf_session_remote_port, { "Remote port", "nxtrace.session.remote_port", FT_UINT16, BASE_PT_UDP, NULL,
            0x0, "The DTLS peer's UDP port", HFILL } },
        { &hf_session_local_addr, { "Local address", "nxtrace.session.local_addr", FT_IPv4, BASE_NONE, NULL,
            0x0, "The device's address", HFILL } },
        { &hf_session_remote_addr, { "Remote address", "nxtrace.session.remote_addr", FT_IPv4, BASE_NONE, NULL,
            0x0, "The DTLS peer's address", HFILL } },
        { &hf_session_local_addr6, { "Local address", "nxtrace.session.local_addr6", FT_IPv6, BASE_NONE, NULL,
            0x0, "The device's address", HFILL } },
        { &hf_session_remote_addr6, { "Remote address", "nxtrace.session.remote_addr6", FT_IPv6, BASE_NONE,
            NULL, 0x0, "The DTLS peer's address", HFILL } },
        { &hf_record, { "Record", "nxtrace.record", FT_NONE, BASE_NONE, NULL, 0x0,
            "The DTLS record the status concerns", HFILL } },
        { &hf_record_epoch, { "Epoch", "nxtrace.record.epoch", FT_UINT16, BASE_DEC, NULL, 0x0, NULL, HFILL } },
        { &hf_record_seq, { "Sequence number", "nxtrace.record.seq", FT_UINT48, BASE_DEC, NULL, 0x0,
            "DTLS record sequence number (48 bits)", HFILL } },
        { &hf_record_direction, { "Direction", "nxtrace.record.sent", FT_BOOLEAN, BASE_NONE,
            TFS(&tfs_record_sent), 0x0, NULL, HFILL } },

        { &hf_info_name_len, { "Name length", "nxtrace.device_info.name_len", FT_UINT8, BASE_DEC, NULL, 0x0,
            NULL, HFILL } },
        { &hf_info_name, { "Name", "nxtrace.device_info.name", FT_STRING, BASE_NONE, NULL, 0x0, NULL, HFILL } },
        { &hf_info_fw_len, { "Firmware length", "nxtrace.device_info.firmware_len", FT_UINT8, BASE_DEC, NULL,
            0x0, NULL, HFILL } },
        { &hf_info_firmware, { "Firmware", "nxtrace.device_info.firmware", FT_STRING, BASE_NONE, NULL, 0x0,
            NULL, HFILL } },
        { &hf_log_level, { "Level", "nxtrace.log.level", FT_UINT8, BASE_DEC, VALS(log_level_vals), 0x0,
            "Syslog severity", HFILL } },
        { &hf_log_text, { "Text", "nxtrace.log.text", FT_STRING, BASE_NONE, NULL, 0x0, NULL, HFILL } },
    };

    static gint *ett[] = {
        &ett_nxtrace, &ett_flags, &ett_event, &ett_event_flags, &ett_status,
        &ett_session, &ett_record, &ett_seq,
    };

    static ei_register_info ei[] = {
        { &ei_short_header, { "nxtrace.malformed.short_header", PI_MALFORMED, PI_ERROR,
            "Datagram too short for the header", EXPFILL } },
        { &ei_bad_magic, { "nxtrace.malformed.magic", PI_MALFORMED, PI_ERROR,
            "Magic is not \"NXTR\": not a NetX Secure Trace datagram", EXPFILL } },
        { &ei_bad_version, { "nxtrace.unsupported_version", PI_PROTOCOL, PI_ERROR,
            "Unsupported protocol version", EXPFILL } },
        { &ei_reserved_bits, { "nxtrace.reserved_bits", PI_PROTOCOL, PI_WARN,
            "Reserved bits set", EXPFILL } },
        { &ei_reserved_field, { "nxtrace.reserved_nonzero", PI_PROTOCOL, PI_WARN,
            "Reserved field is not zero", EXPFILL } },
        { &ei_event_overrun, { "nxtrace.malformed.event_length", PI_MALFORMED, PI_ERROR,
            "Event is longer than the rest of the datagram", EXPFILL } },
        { &ei_trailing, { "nxtrace.malformed.trailing", PI_MALFORMED, PI_ERROR,
            "Trailing bytes too short for an event", EXPFILL } },
        { &ei_count_mismatch, { "nxtrace.malformed.event_count", PI_MALFORMED, PI_WARN,
            "Event count disagrees with the events in the datagram", EXPFILL } },
        { &ei_event_unknown, { "nxtrace.event.unknown_type", PI_UNDECODED, PI_NOTE,
            "Unknown event type, skipped", EXPFILL } },
        { &ei_body_short, { "nxtrace.malformed.body", PI_MALFORMED, PI_ERROR,
            "Event body too short", EXPFILL } },
        { &ei_bad_ip_version, { "nxtrace.malformed.ip_version", PI_MALFORMED, PI_ERROR,
            "SESSION ip_version is neither 4 nor 6", EXPFILL } },
        { &ei_bad_role, { "nxtrace.reserved_role", PI_PROTOCOL, PI_WARN,
            "Role 3 is reserved", EXPFILL } },
        { &ei_extension, { "nxtrace.extension.present", PI_PROTOCOL, PI_CHAT,
            "Extension data from a newer encoder", EXPFILL } },
        { &ei_status_error, { "nxtrace.status.error", PI_RESPONSE_CODE, PI_WARN,
            "The device reported an error status", EXPFILL } },
        { &ei_status_warning, { "nxtrace.status.warning", PI_RESPONSE_CODE, PI_NOTE,
            "The device reported a warning status", EXPFILL } },
        { &ei_status_unknown, { "nxtrace.status.unknown", PI_UNDECODED, PI_NOTE,
            "Status value not in the NetX status table", EXPFILL } },
        { &ei_status_addon, { "nxtrace.status.addon", PI_UNDECODED, PI_NOTE,
            "Status value in an ambiguous NetX add-on range", EXPFILL } },
        { &ei_api_unknown, { "nxtrace.api.unknown", PI_UNDECODED, PI_NOTE,
            "Unknown api id", EXPFILL } },
        { &ei_keepalive, { "nxtrace.keepalive", PI_SEQUENCE, PI_CHAT,
            "Keep-alive: no events", EXPFILL } },
        { &ei_seq_gap, { "nxtrace.seq.gap", PI_SEQUENCE, PI_WARN,
            "Trace datagrams lost", EXPFILL } },
        { &ei_seq_duplicate, { "nxtrace.seq.dup", PI_SEQUENCE, PI_NOTE,
            "Duplicate trace datagram", EXPFILL } },
        { &ei_seq_late, { "nxtrace.seq.late", PI_SEQUENCE, PI_NOTE,
            "Trace datagram out of order", EXPFILL } },
        { &ei_seq_restart, { "nxtrace.seq.restarted", PI_SEQUENCE, PI_NOTE,
            "Device restarted its sequence counter", EXPFILL } },
        { &ei_log_level, { "nxtrace.log.bad_level", PI_PROTOCOL, PI_WARN,
            "Log level is not a syslog severity (0-7)", EXPFILL } },
        { &ei_bad_utf8, { "nxtrace.bad_utf8", PI_PROTOCOL, PI_WARN,
            "Device text is not valid UTF-8", EXPFILL } },
    };

    build_lookup_tables();

    proto_nxtrace = proto_register_protocol("NetX Secure Trace", "NXTRACE", "nxtrace");
    proto_register_field_array(proto_nxtrace, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert = expert_register_protocol(proto_nxtrace);
    expert_register_field_array(expert, ei, array_length(ei));

    nxtrace_handle = register_dissector("nxtrace", dissect_nxtrace, proto_nxtrace);
    nxtrace_tap = register_tap(NXT_TAP_NAME);
    nxtrace_dgram_tap = register_tap(NXT_TAP_DGRAM_NAME);

    module = prefs_register_protocol(proto_nxtrace, NULL);
    prefs_register_bool_preference(module, "track_seq", "Track datagram sequence per device",
                                   "Flag lost, duplicate and out-of-order trace datagrams of each device",
                                   &pref_track_seq);
    prefs_register_bool_preference(module, "hint_in_info", "Show the hint in the Info column",
                                   "Append the 'what to check' hint of warning and error statuses to the Info column",
                                   &pref_hint_in_info);

    nxt_link_register(proto_nxtrace, module);
    nxt_devices_register();
    seq_extra = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_direct_hash, g_direct_equal);
    clock_extra = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_direct_hash, g_direct_equal);
    nxt_clock_register(proto_nxtrace);
    nxt_user_codes_register(module);

    register_init_routine(nxtrace_init);
}

void proto_reg_handoff_nxtrace(void)
{
    static char ports[8];

    /* A port range (nxtrace.udp.port: "47474,50000-50010"); Decode As too. */
    snprintf(ports, sizeof ports, "%u", NXTRACE_DEFAULT_UDP_PORT);
    dissector_add_uint_range_with_preference("udp.port", ports, nxtrace_handle);
    heur_dissector_add("udp", dissect_nxtrace_heur, "NetX Secure Trace over UDP", "nxtrace_udp",
                       proto_nxtrace, HEURISTIC_ENABLE);
    nxt_link_handoff();

    udp_port_table = find_dissector_table("udp.port");
    proto_udp_id = proto_get_id_by_filter_name("udp");
    proto_icmp_id = proto_get_id_by_filter_name("icmp");
    proto_icmpv6_id = proto_get_id_by_filter_name("icmpv6");
    register_postdissector(create_dissector_handle(dissect_nxtrace_empty_udp, proto_nxtrace));
}
