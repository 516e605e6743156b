/* nxtrace_clock.c - each device's clock against capture time, and its
 * restarts (see nxtrace_clock.h, docs/REVIEW.md "Clocks").
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A trace datagram leaves after its timestamp, never before, so capture
 * time minus device time is the clock offset plus a delay >= 0: the least
 * value seen so far in the device's current boot is the best offset known
 * at that frame, and the excess is the datagram's delay.  The per-frame
 * result is computed on the first pass and kept, so one pass and two agree;
 * the review fits offset and drift over the whole capture.
 *
 * Restarts: a sequence counter that starts again reads as a duplicate or a
 * late datagram when it restarts soon after boot; the clock tells them apart.
 * An uptime clock that goes back by more than NXT_CLOCK_BACK_US restarted
 * (unless the datagram is merely late: its seq behind and its offset in
 * line); a seq behind the highest one whose UTC timestamp is newer than that
 * datagram's cannot be a late or repeated datagram: the device restarted.
 */
#include "nxtrace_clock.h"

#include <epan/expert.h>

#define NXT_CLOCK_BACK_US G_GUINT64_CONSTANT(1000000)
/* Beyond these (146 years of device time, capture time past 2106) the
 * nanosecond arithmetic could overflow: such a datagram gets no clock items. */
#define NXT_CLOCK_MAX_US G_GUINT64_CONSTANT(4600000000000000)
#define NXT_CLOCK_MAX_SECS G_GINT64_CONSTANT(4294967295)
#define NXT_CLOCK_JUMP_NS (G_GINT64_CONSTANT(1000) * 1000000)

typedef nxt_clock_state_t clock_state_t;

static int hf_clock_event_time = -1;
static int hf_clock_offset = -1;
static int hf_clock_delay = -1;
static int hf_clock_restart = -1;
static expert_field ei_clock_restart = EI_INIT;

static const value_string restart_vals[] = {
    { NXT_RESTART_UPTIME, "its uptime clock went back" },
    { NXT_RESTART_SEQ_UTC, "its sequence number went back while its UTC clock went forward" },
    { 0, NULL }
};

static void state_reset(clock_state_t *c, guint32 seq, guint64 ts_us, gboolean utc, gint64 offset_ns)
{
    c->active = TRUE;
    c->utc = (guint8)utc;
    c->highest_seq = seq;
    c->highest_seq_ts_us = c->newest_ts_us = ts_us;
    c->offset_ns = offset_ns;
}

/* Capture minus device time of one datagram. */
static gint64 datagram_offset(guint64 ts_us, const nstime_t *capture)
{
    return (gint64)capture->secs * 1000000000 + capture->nsecs - (gint64)(ts_us * 1000);
}

gboolean nxt_clock_track(nxt_device_t *dev, guint32 seq, guint64 ts_us, gboolean utc, const nstime_t *capture,
                         nxt_clock_info_t *out)
{
    clock_state_t *c;
    gint64 offset_ns;
    gboolean behind;

    memset(out, 0, sizeof *out);
    if (ts_us > NXT_CLOCK_MAX_US || capture->secs < 0 || (gint64)capture->secs > NXT_CLOCK_MAX_SECS)
        return FALSE;
    c = nxt_device_clock(dev);
    offset_ns = datagram_offset(ts_us, capture);
    out->tracked = TRUE;
    if (!c->active || c->utc != (guint8)utc) {
        /* First datagram, or the device switched clocks: a new fit. */
        state_reset(c, seq, ts_us, utc, offset_ns);
        out->offset_ns = offset_ns;
        return FALSE;
    }

    behind = (gint32)(seq - c->highest_seq) < 0; /* serial number arithmetic */
    if (!utc && ts_us + NXT_CLOCK_BACK_US < c->newest_ts_us &&
        (!behind || offset_ns - c->offset_ns > NXT_CLOCK_JUMP_NS))
        out->restart = NXT_RESTART_UPTIME;
    else if (utc && behind && ts_us > c->highest_seq_ts_us)
        out->restart = NXT_RESTART_SEQ_UTC;
    if (out->restart != NXT_RESTART_NONE) {
        out->prev_ts_us = c->newest_ts_us;
        state_reset(c, seq, ts_us, utc, offset_ns);
        out->offset_ns = offset_ns;
        return TRUE;
    }

    if (!behind) {
        c->highest_seq = seq;
        c->highest_seq_ts_us = ts_us;
    }
    if (ts_us > c->newest_ts_us)
        c->newest_ts_us = ts_us;
    if (offset_ns < c->offset_ns)
        c->offset_ns = offset_ns;
    out->offset_ns = c->offset_ns;
    out->delay_ns = offset_ns - c->offset_ns;
    return FALSE;
}

gint64 nxt_clock_offset(guint64 ts_us, const nstime_t *capture)
{
    return datagram_offset(ts_us, capture);
}

guint64 nxt_clock_pack(const nxt_clock_info_t *info)
{
    return info->restart != NXT_RESTART_NONE ? info->prev_ts_us : (guint64)info->offset_ns;
}

void nxt_clock_unpack(guint64 packed, guint8 restart, guint64 ts_us, const nstime_t *capture, nxt_clock_info_t *out)
{
    gint64 own = datagram_offset(ts_us, capture);

    memset(out, 0, sizeof *out);
    out->tracked = TRUE;
    out->restart = restart;
    if (restart != NXT_RESTART_NONE) {
        /* A restart starts a new fit at its own offset. */
        out->offset_ns = own;
        out->prev_ts_us = packed;
    } else {
        out->offset_ns = (gint64)packed;
        out->delay_ns = own - out->offset_ns;
    }
}

static void ns_to_nstime(nstime_t *t, gint64 ns)
{
    t->secs = (time_t)(ns / 1000000000);
    t->nsecs = (int)(ns % 1000000000);
}

void nxt_clock_draw(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const nxt_clock_info_t *info,
                    guint64 ts_us)
{
    nstime_t t;
    proto_item *pi;

    if (!info->tracked)
        return;
    ns_to_nstime(&t, (gint64)(ts_us * 1000) + info->offset_ns);
    pi = proto_tree_add_time(tree, hf_clock_event_time, tvb, 16, 8, &t);
    proto_item_set_generated(pi);
    ns_to_nstime(&t, info->offset_ns);
    pi = proto_tree_add_time(tree, hf_clock_offset, tvb, 16, 8, &t);
    proto_item_set_generated(pi);
    ns_to_nstime(&t, info->delay_ns);
    pi = proto_tree_add_time(tree, hf_clock_delay, tvb, 16, 8, &t);
    proto_item_set_generated(pi);
    if (info->restart != NXT_RESTART_NONE) {
        pi = proto_tree_add_uint(tree, hf_clock_restart, tvb, 16, 8, info->restart);
        proto_item_set_generated(pi);
        expert_add_info_format(pinfo, pi, &ei_clock_restart, "The device restarted: %s (device time %.6f s, "
                               "%.6f s before)", val_to_str_const(info->restart, restart_vals, "?"),
                               (double)ts_us / 1e6, (double)info->prev_ts_us / 1e6);
    }
}

void nxt_clock_register(int proto)
{
    static hf_register_info hf[] = {
        { &hf_clock_event_time, { "Event time (capture clock)", "nxtrace.clock.event_time", FT_ABSOLUTE_TIME,
            ABSOLUTE_TIME_UTC, NULL, 0x0,
            "The datagram's timestamp on the capture clock: device time plus the least offset so far", HFILL } },
        { &hf_clock_offset, { "Clock offset", "nxtrace.clock.offset", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "Capture time minus device time, least so far in this boot", HFILL } },
        { &hf_clock_delay, { "Datagram delay", "nxtrace.clock.delay", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "How much later than the least-delayed datagram so far it arrived (queued, batched, slow path)",
            HFILL } },
        { &hf_clock_restart, { "Device restarted", "nxtrace.clock.restart", FT_UINT8, BASE_DEC,
            VALS(restart_vals), 0x0, "This datagram is the first of a new boot", HFILL } },
    };
    static ei_register_info ei[] = {
        { &ei_clock_restart, { "nxtrace.clock.restarted", PI_SEQUENCE, PI_NOTE,
            "The device restarted", EXPFILL } },
    };

    proto_register_field_array(proto, hf, array_length(hf));
    expert_register_field_array(expert_register_protocol(proto), ei, array_length(ei));
}
