/* nxtrace_stats.c - Statistics > NetX Secure Trace (GUI) and
 * `tshark -q -z nxtrace,tree`: statuses counted by severity, family, name,
 * service and device.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "nxtrace_plugin.h"
#include "nxtrace_review.h"

#include <epan/stats_tree.h>

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
    node = tick_stat_node(st, wmem_strdup_printf(pinfo->pool, "0x%08x", s->device_id), st_node_device, TRUE);
    tick_stat_node(st, severity, node, FALSE);

    return TAP_PACKET_REDRAW;
}

void nxtrace_register_stats(void)
{
    stats_tree_register_plugin(NXT_TAP_NAME, "nxtrace", "NetX Secure Trace/Status codes", 0,
                               nxtrace_stats_packet, nxtrace_stats_init, NULL);
    nxt_review_register();
}
