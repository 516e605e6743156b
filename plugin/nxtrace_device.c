/* nxtrace_device.c - per-device state of one capture: datagram seq tracking
 * and the name/firmware a device announced.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Only the first pass calls the mutating functions; the dissector stores the
 * per-frame result (nxt_seq_info_t) so later passes show the same verdicts.
 */
#include "nxtrace_plugin.h"

#include <epan/wmem_scopes.h>

/* Seqs remembered behind the highest one, to tell a duplicate from a late
 * arrival.  Anything older is a counter restart, not a reorder. */
#define NXT_SEQ_WINDOW 64u

struct nxt_device {
    guint32 id;
    gboolean have_seq;
    guint32 highest;                      /* highest seq seen (mod 2^32)         */
    guint64 window;                       /* bit i: highest - i was seen          */
    guint32 frames[NXT_SEQ_WINDOW];       /* frame that carried seq (by seq % W)  */
    guint32 last_frame;
    const char *name;                     /* from the first DEVICE_INFO           */
    const char *firmware;
    guint32 info_frame;
};

static wmem_map_t *devices;

void nxt_devices_register(void)
{
    /* Created once; emptied by wmem whenever a file is closed or reloaded. */
    devices = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(), g_direct_hash, g_direct_equal);
}

nxt_device_t *nxt_device_lookup(guint32 device_id, gboolean create)
{
    nxt_device_t *dev = (nxt_device_t *)wmem_map_lookup(devices, GUINT_TO_POINTER(device_id));

    if (dev == NULL && create) {
        dev = wmem_new0(wmem_file_scope(), nxt_device_t);
        dev->id = device_id;
        wmem_map_insert(devices, GUINT_TO_POINTER(device_id), dev);
    }
    return dev;
}

static void seq_accept_new_highest(nxt_device_t *dev, guint32 seq, guint32 advance, guint32 frame)
{
    dev->window = advance >= 64 ? 0 : dev->window << advance;
    dev->window |= 1;
    dev->highest = seq;
    dev->frames[seq % NXT_SEQ_WINDOW] = frame;
}

void nxt_device_track_seq(nxt_device_t *dev, guint32 seq, guint32 frame, nxt_seq_info_t *out)
{
    gint32 delta;
    guint32 behind;

    memset(out, 0, sizeof *out);
    out->prev_frame = dev->last_frame;
    dev->last_frame = frame;

    if (!dev->have_seq) {
        dev->have_seq = TRUE;
        out->kind = NXT_SEQ_FIRST;
        seq_accept_new_highest(dev, seq, 64, frame);
        return;
    }

    out->expected = dev->highest + 1;
    delta = (gint32)(seq - dev->highest); /* wrap-safe: serial number arithmetic */
    if (delta > 0) {
        out->kind = delta == 1 ? NXT_SEQ_IN_ORDER : NXT_SEQ_GAP;
        out->lost = (guint32)delta - 1;
        seq_accept_new_highest(dev, seq, (guint32)delta, frame);
        return;
    }

    behind = (guint32)(-(gint64)delta);
    if (behind >= NXT_SEQ_WINDOW) {
        out->kind = NXT_SEQ_RESTART;
        seq_accept_new_highest(dev, seq, 64, frame);
        return;
    }
    if (dev->window & (G_GUINT64_CONSTANT(1) << behind)) {
        out->kind = NXT_SEQ_DUPLICATE;
        out->dup_of = dev->frames[seq % NXT_SEQ_WINDOW];
    } else {
        out->kind = NXT_SEQ_LATE;
        dev->window |= G_GUINT64_CONSTANT(1) << behind;
        dev->frames[seq % NXT_SEQ_WINDOW] = frame;
    }
}

void nxt_device_set_info(nxt_device_t *dev, const char *name, const char *firmware, guint32 frame)
{
    if (dev->name != NULL)
        return;
    dev->name = wmem_strdup(wmem_file_scope(), name);
    dev->firmware = wmem_strdup(wmem_file_scope(), firmware);
    dev->info_frame = frame;
}

const char *nxt_device_name(const nxt_device_t *dev, guint32 frame)
{
    /* Only what was announced up to this frame, so one pass and two agree. */
    if (dev == NULL || dev->name == NULL || dev->info_frame > frame)
        return NULL;
    return dev->name;
}
