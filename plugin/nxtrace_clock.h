/* nxtrace_clock.h - device clocks against capture time, and device restarts.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NXT_CLOCK_H
#define NXT_CLOCK_H

#include "nxtrace_plugin.h"

typedef enum {
    NXT_RESTART_NONE = 0,
    NXT_RESTART_UPTIME,   /* the uptime clock went back                      */
    NXT_RESTART_SEQ_UTC   /* seq went back while the UTC clock went forward   */
} nxt_restart_t;

/* What the first pass learnt about one datagram's clock (kept per frame). */
typedef struct {
    gboolean tracked;
    guint8 restart;       /* nxt_restart_t: this datagram began a new boot */
    gint64 offset_ns;     /* capture minus device time, least so far this boot */
    gint64 delay_ns;      /* this datagram's capture minus device time above that */
    guint64 prev_ts_us;   /* RESTART: the device time before it              */
} nxt_clock_info_t;

/* Once, at registration. */
void nxt_clock_register(int proto);

/* First pass: the clock facts of a datagram of dev; returns whether
 * the device restarted with it (the caller then restarts the seq tracking). */
gboolean nxt_clock_track(nxt_device_t *dev, guint32 seq, guint64 ts_us, gboolean utc, const nstime_t *capture,
                         nxt_clock_info_t *out);

/* The per-frame facts in 64 bits (with `restart` kept beside them): the
 * offset, or for a restart the device time before it; the delay follows from
 * the datagram's own times (unpack). */
guint64 nxt_clock_pack(const nxt_clock_info_t *info);
/* Capture minus device time of one datagram (its own offset). */
gint64 nxt_clock_offset(guint64 ts_us, const nstime_t *capture);
void nxt_clock_unpack(guint64 packed, guint8 restart, guint64 ts_us, const nstime_t *capture, nxt_clock_info_t *out);

/* Every pass: the generated clock items under the datagram's tree. */
void nxt_clock_draw(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const nxt_clock_info_t *info,
                    guint64 ts_us);

#endif /* NXT_CLOCK_H */
