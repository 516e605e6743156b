/* nxtrace_stats.c - Statistics > NetX Secure Trace (GUI) and
 * `tshark -q -z nxtrace,tree`: statuses counted by severity, family, name,
 * service and device; the DTLS session and device tables of the review.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nxtrace_plugin.h"
#include "nxtrace_review.h"

#include <epan/stats_tree.h>
#include <epan/stat_tap_ui.h>

static int st_node_severity = -1;
static int st_node_family = -1;
static int st_node_device = -1;
static int st_node_service = -1;

static const char st_str_severity[] = "By severity";
static const char st_str_family[] = "By family";
static const char st_str_device[] = "By device";
static const char st_str_service[] = "By service";

static void nxtrace_stats_init(stats_tree *st)
{
    st_node_severity = stats_tree_create_node(st, st_str_severity, 0, STAT_DT_INT, TRUE);
    st_node_family = stats_tree_create_node(st, st_str_family, 0, STAT_DT_INT, TRUE);
    st_node_service = stats_tree_create_node(st, st_str_service, 0, STAT_DT_INT, TRUE);
    st_node_device = stats_tree_create_node(st, st_str_device, 0, STAT_DT_INT, TRUE);
}

static tap_packet_status nxtrace_stats_packet(stats_tree *st, packet_info *pinfo, epan_dissect_t *edt _U_,
                                              const void *data, tap_flags_t flags _U_)
{
    const nxt_tap_status_t *s = (const nxt_tap_status_t *)data;
    const char *severity = s->entry ? nxt_severity_name(s->entry->severity) : "unknown";
    const char *family = s->entry ? nxt_entry_family(s->entry, s->api) : "unknown";
    const char *name = s->entry ? s->entry->name : wmem_strdup_printf(pinfo->pool, "0x%x (unknown)", s->status);
    const char *dev_name;
    int node;

    /* Severity > name: "which errors did we get" is the first question. */
    tick_stat_node(st, st_str_severity, 0, TRUE);
    node = tick_stat_node(st, severity, st_node_severity, TRUE);
    tick_stat_node(st, name, node, FALSE);

    tick_stat_node(st, st_str_family, 0, TRUE);
    node = tick_stat_node(st, family, st_node_family, TRUE);
    tick_stat_node(st, name, node, FALSE);

    tick_stat_node(st, st_str_service, 0, TRUE);
    node = tick_stat_node(st, nxt_api_name(s->api), st_node_service, TRUE);
    tick_stat_node(st, name, node, FALSE);

    tick_stat_node(st, st_str_device, 0, TRUE);
    dev_name = nxt_device_name(nxt_device_lookup(s->device_id, FALSE), pinfo->num);
    node = tick_stat_node(st, dev_name ? wmem_strdup_printf(pinfo->pool, "0x%08x %s", s->device_id, dev_name)
                                       : wmem_strdup_printf(pinfo->pool, "0x%08x", s->device_id),
                          st_node_device, TRUE);
    tick_stat_node(st, severity, node, FALSE);

    return TAP_PACKET_REDRAW;
}

/* ---- Statistics > NetX Secure Trace > DTLS Sessions / Devices ---------------
 * stat_tap_table UIs (the GUI draws them without Qt code; tshark prints them
 * with -z nxtrace,sessions and -z nxtrace,devices).  A table has no "pass
 * over" hook, so each datagram updates the review and rewrites only the rows
 * it changed. */

enum {
    SC_INDEX, SC_STREAM, SC_DEVICE, SC_ROLE, SC_PEER, SC_OUTCOME, SC_OUTCOME_FRAME, SC_ERROR, SC_ERROR_FRAME,
    SC_ALERT, SC_CIPHER, SC_HISTORY, SC_COUNT
};
static stat_tap_table_item session_fields[SC_COUNT] = {
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Session", "%u" },
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "UDP stream", "%u" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Device", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Role", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Peer", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Outcome", "%s" },
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Outcome frame", "%u" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "First error", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Error frame", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Last alert", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Cipher suite", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "History", "%s" },
};

enum {
    DC_ID, DC_NAME, DC_FIRMWARE, DC_RECEIVED, DC_LOST, DC_DUPLICATED, DC_LATE, DC_RESTARTS, DC_CLOCK, DC_DRIFT,
    DC_COUNT
};
static stat_tap_table_item device_fields[DC_COUNT] = {
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Device", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Name", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Firmware", "%s" },
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Datagrams", "%u" },
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Lost", "%u" },
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Duplicated", "%u" },
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Late", "%u" },
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Restarts", "%u" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Clock", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Drift (ppm)", "%s" },
};

static const char sessions_title[] = "NetX Secure Trace DTLS sessions";
static const char devices_title[] = "NetX Secure Trace devices";
static nxt_review_t *sessions_rv, *devices_rv;

static void table_set_uint(stat_tap_table *t, guint row, guint col, guint v)
{
    stat_tap_table_item_type *f = stat_tap_get_field_data(t, row, col);
    f->type = TABLE_ITEM_UINT;
    f->value.uint_value = v;
    stat_tap_set_field_data(t, row, col, f);
}

/* Takes ownership of v (g_malloc'ed, or NULL for an empty cell). */
static void table_set_str(stat_tap_table *t, guint row, guint col, char *v)
{
    stat_tap_table_item_type *f = stat_tap_get_field_data(t, row, col);
    g_free((char *)f->value.string_value);
    f->type = TABLE_ITEM_STRING;
    f->value.string_value = v ? v : g_strdup("");
    stat_tap_set_field_data(t, row, col, f);
}

static void table_ensure_rows(stat_tap_table *t, guint rows, guint ncols, const stat_tap_table_item *fields)
{
    stat_tap_table_item_type blank[16]; /* more than either table's columns */

    for (guint r = t->num_elements; r < rows; r++) {
        memset(blank, 0, sizeof blank);
        for (guint c = 0; c < ncols; c++) {
            blank[c].type = fields[c].type;
            if (fields[c].type == TABLE_ITEM_STRING)
                blank[c].value.string_value = g_strdup("");
        }
        stat_tap_init_table_row(t, r, ncols, blank);
    }
}

static char *device_label(const nxt_rv_device_t *d)
{
    if (d == NULL)
        return g_strdup("unknown");
    return d->name ? g_strdup_printf("0x%08x %s", d->id, d->name) : g_strdup_printf("0x%08x", d->id);
}

static void session_row(stat_tap_table *t, guint row, const nxt_rv_session_t *v)
{
    const char *role = nxt_role_name(v->role);

    table_set_uint(t, row, SC_INDEX, v->index);
    table_set_uint(t, row, SC_STREAM, v->s->udp_stream);
    table_set_str(t, row, SC_DEVICE, device_label(v->device));
    table_set_str(t, row, SC_ROLE, role ? g_strdup(role) : NULL);
    table_set_str(t, row, SC_PEER, nxt_review_peer_str(v));
    table_set_str(t, row, SC_OUTCOME, g_strdup(nxt_outcome_name(v->outcome)));
    table_set_uint(t, row, SC_OUTCOME_FRAME, v->outcome_frame);
    table_set_str(t, row, SC_ERROR, v->first_error && v->first_error->entry ? g_strdup(v->first_error->entry->name)
                                    : v->first_error ? g_strdup_printf("0x%x", v->first_error->status) : NULL);
    table_set_str(t, row, SC_ERROR_FRAME, v->first_error ? g_strdup_printf("%u", v->first_error->frame) : NULL);
    table_set_str(t, row, SC_ALERT, nxt_review_last_alert_str(v));
    table_set_str(t, row, SC_CIPHER, v->s->cipher ? g_strdup(nxt_cipher_name(v->s->cipher)) : NULL);
    table_set_str(t, row, SC_HISTORY, nxt_review_history_str(v));
}

static void device_row(stat_tap_table *t, guint row, const nxt_rv_device_t *d)
{
    const nxt_rv_clock_t *c = &d->clock;

    table_set_str(t, row, DC_ID, g_strdup_printf("0x%08x", d->id));
    table_set_str(t, row, DC_NAME, g_strdup(d->name));
    table_set_str(t, row, DC_FIRMWARE, g_strdup(d->firmware));
    table_set_uint(t, row, DC_RECEIVED, d->received);
    table_set_uint(t, row, DC_LOST, d->gaps > d->late ? d->gaps - d->late : 0);
    table_set_uint(t, row, DC_DUPLICATED, d->duplicated);
    table_set_uint(t, row, DC_LATE, d->late);
    table_set_uint(t, row, DC_RESTARTS, d->restarts);
    table_set_str(t, row, DC_CLOCK, nxt_review_clock_str(c));
    table_set_str(t, row, DC_DRIFT, c->has_drift ? g_strdup_printf("%+.1f", c->drift_ppm) : NULL);
}

static stat_tap_table *first_table(void *tapdata)
{
    stat_data_t *sd = (stat_data_t *)tapdata;
    return g_array_index(sd->stat_tap_data->tables, stat_tap_table *, 0);
}

static tap_packet_status sessions_packet(void *tapdata, packet_info *pinfo, epan_dissect_t *edt, const void *data,
                                         tap_flags_t flags)
{
    stat_tap_table *t = first_table(tapdata);
    guint first, n;

    nxt_review_datagram(sessions_rv, pinfo, edt, data, flags);
    nxt_review_frame(sessions_rv, pinfo, edt, NULL, flags);
    n = nxt_review_update(sessions_rv, &first);
    table_ensure_rows(t, n, SC_COUNT, session_fields);
    for (guint i = first; i < n; i++)
        session_row(t, i, nxt_review_session(sessions_rv, i));
    return first < n ? TAP_PACKET_REDRAW : TAP_PACKET_DONT_REDRAW;
}

static tap_packet_status devices_packet(void *tapdata, packet_info *pinfo, epan_dissect_t *edt, const void *data,
                                        tap_flags_t flags)
{
    stat_tap_table *t = first_table(tapdata);
    const nxt_tap_dgram_t *dg = (const nxt_tap_dgram_t *)data;
    guint n;

    nxt_review_datagram(devices_rv, pinfo, edt, data, flags);
    nxt_review_update(devices_rv, NULL);
    n = nxt_review_device_count(devices_rv);
    table_ensure_rows(t, n, DC_COUNT, device_fields);
    /* Devices are sorted by id: a new one moves the rows after it. */
    for (guint i = 0; i < n; i++) {
        const nxt_rv_device_t *d = nxt_review_device(devices_rv, i);
        if (d->id == dg->device_id || t->num_elements != n || d->received == 1) {
            nxt_review_fit_clock(devices_rv, i);
            device_row(t, i, d);
        }
    }
    return TAP_PACKET_REDRAW;
}

static void table_clear(stat_tap_table *t)
{
    for (guint r = 0; r < t->num_elements; r++) {
        for (guint c = 0; c < t->num_fields; c++)
            if (t->elements[r][c].type == TABLE_ITEM_STRING)
                g_free((char *)t->elements[r][c].value.string_value);
        g_free(t->elements[r]);
    }
    g_free(t->elements);
    t->elements = NULL;
    t->num_elements = 0;
}

static void table_reset(stat_tap_table *t)
{
    table_clear(t);
    if (strcmp(t->title, sessions_title) == 0 && sessions_rv != NULL)
        nxt_review_reset(sessions_rv);
    else if (devices_rv != NULL)
        nxt_review_reset(devices_rv);
}

static void table_free_item(stat_tap_table *t _U_, guint row _U_, guint col _U_, stat_tap_table_item_type *f)
{
    if (f->type == TABLE_ITEM_STRING) {
        g_free((char *)f->value.string_value);
        f->value.string_value = NULL;
    }
}

static void table_init(stat_tap_table_ui *ui, const char *title, guint ncols, nxt_review_t **rv)
{
    stat_tap_table *t = stat_tap_find_table(ui, title);

    if (*rv == NULL)
        *rv = nxt_review_new();
    if (t != NULL) {
        table_reset(t);
        return;
    }
    stat_tap_add_table(ui, stat_tap_init_table(title, (int)ncols, 0, NULL));
    nxt_review_reset(*rv);
}

static void sessions_init(stat_tap_table_ui *ui)
{
    table_init(ui, sessions_title, SC_COUNT, &sessions_rv);
}

static void devices_init(stat_tap_table_ui *ui)
{
    table_init(ui, devices_title, DC_COUNT, &devices_rv);
}

static void register_tables(void)
{
    static stat_tap_table_ui sessions_ui = {
        REGISTER_STAT_GROUP_GENERIC, "NetX Secure Trace/DTLS Sessions", NXT_TAP_DGRAM_NAME, "nxtrace,sessions",
        sessions_init, sessions_packet, table_reset, table_free_item, NULL,
        SC_COUNT, session_fields, 0, NULL, NULL, 0
    };
    static stat_tap_table_ui devices_ui = {
        REGISTER_STAT_GROUP_GENERIC, "NetX Secure Trace/Devices", NXT_TAP_DGRAM_NAME, "nxtrace,devices",
        devices_init, devices_packet, table_reset, table_free_item, NULL,
        DC_COUNT, device_fields, 0, NULL, NULL, 0
    };

    register_stat_tap_table_ui(&sessions_ui);
    register_stat_tap_table_ui(&devices_ui);
}

void nxtrace_register_stats(void)
{
    stats_tree_register_plugin(NXT_TAP_NAME, "nxtrace", "NetX Secure Trace/Status codes", 0,
                               nxtrace_stats_packet, nxtrace_stats_init, NULL);
    nxt_review_register();
    register_tables();
}
