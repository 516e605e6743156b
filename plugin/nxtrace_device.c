/* nxtrace_device.c - per-device state of one capture: datagram seq tracking
 * and the name a device announced.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Only the first pass calls the mutating functions; the dissector stores the
 * per-frame result (nxt_seq_info_t) so later passes show the same verdicts.
 *
 * A capture may hold a million device ids that each send one datagram, so a
 * device costs what it has used: 88 bytes (with its clock), and once it
 * has sent a second datagram 8 bytes for each seq of its window (bench/README.md, "Hostile
 * captures").
 */
#include "nxtrace_plugin.h"

#include <epan/wmem_scopes.h>

/* Seqs remembered behind the highest one, to tell a duplicate from a late
 * arrival.  Anything older is a counter restart, not a reorder. */
#define NXT_SEQ_WINDOW 64u

/* A seq of the window and the frame that carried it first. */
typedef struct {
    guint32 seq;
    guint32 frame;
} nxt_seen_t;

struct nxt_device {
    guint64 window;     /* bit i: seq highest - i was seen                 */
    guint32 highest;    /* highest seq seen (mod 2^32)                     */
    guint32 last_frame; /* 0 until the device's first datagram            */
    const char *name;   /* from the first DEVICE_INFO                     */
    guint32 info_frame;
    /* The seqs of the window in arrival order, a ring of `cap` entries (a
     * power of two up to 64, grown as needed) that starts at `head`. */
    guint8 head, count, cap;
    nxt_seen_t *seen;
    void *link_slots[2]; /* owned by nxtrace_link.c                       */
    nxt_clock_state_t clock; /* nxtrace_clock.c's                         */
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
        wmem_map_insert(devices, GUINT_TO_POINTER(device_id), dev);
    }
    return dev;
}

static gboolean in_window(const nxt_device_t *dev, guint32 seq)
{
    return dev->highest - seq < NXT_SEQ_WINDOW; /* wraps: later seqs are never stored */
}

#define SEEN_AT(dev, i) ((dev)->seen[((dev)->head + (i)) & ((dev)->cap - 1)])

/* Remembers that frame carried seq, which is in the window and new to it.
 * At most 64 seqs are in the window, so after dropping the ones that left
 * it a ring of 64 always has room; in-order traffic only ever drops the
 * oldest entry, from the head. */
static void seen_add(nxt_device_t *dev, guint32 seq, guint32 frame)
{
    while (dev->count > 0 && !in_window(dev, dev->seen[dev->head].seq)) {
        dev->head = (dev->head + 1) & (dev->cap - 1);
        dev->count--;
    }
    if (dev->count == dev->cap) {
        /* Full: keep what is still in the window (a late seq may have left
         * it behind the head), in order, at the start of a ring big enough. */
        guint8 cap = dev->cap;
        guint8 kept = 0;
        nxt_seen_t *ring;

        for (guint8 i = 0; i < dev->count; i++)
            if (in_window(dev, SEEN_AT(dev, i).seq))
                kept++;
        if (kept == cap)
            cap = cap == 0 ? 2 : (guint8)(cap * 2);
        ring = wmem_alloc_array(wmem_file_scope(), nxt_seen_t, cap);
        kept = 0;
        for (guint8 i = 0; i < dev->count; i++)
            if (in_window(dev, SEEN_AT(dev, i).seq))
                ring[kept++] = SEEN_AT(dev, i);
        if (dev->seen != NULL)
            wmem_free(wmem_file_scope(), dev->seen);
        dev->seen = ring;
        dev->cap = cap;
        dev->head = 0;
        dev->count = kept;
    }
    SEEN_AT(dev, dev->count).seq = seq;
    SEEN_AT(dev, dev->count).frame = frame;
    dev->count++;
}

static guint32 seen_frame(const nxt_device_t *dev, guint32 seq)
{
    for (guint8 i = 0; i < dev->count; i++)
        if (SEEN_AT(dev, i).seq == seq)
            return SEEN_AT(dev, i).frame;
    return 0; /* not reached: every seq with its window bit set is here */
}

static void seq_accept_new_highest(nxt_device_t *dev, guint32 seq, guint32 advance, guint32 frame)
{
    dev->window = advance >= NXT_SEQ_WINDOW ? 0 : dev->window << advance;
    dev->window |= 1;
    dev->highest = seq;
    if (advance >= NXT_SEQ_WINDOW)
        dev->count = 0; /* nothing before is in the window */
    seen_add(dev, seq, frame);
}

void nxt_device_track_seq(nxt_device_t *dev, guint32 seq, guint32 frame, nxt_seq_info_t *out)
{
    gint32 delta;
    guint32 behind;

    memset(out, 0, sizeof *out);
    out->prev_frame = dev->last_frame;
    if (dev->last_frame == 0) {
        /* The first datagram is (highest, last_frame) until a second one
         * comes: a device seen once has no ring. */
        dev->last_frame = frame;
        dev->highest = seq;
        dev->window = 1;
        out->kind = NXT_SEQ_FIRST;
        return;
    }
    if (dev->seen == NULL)
        seen_add(dev, dev->highest, dev->last_frame);
    dev->last_frame = frame;

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
        seq_accept_new_highest(dev, seq, NXT_SEQ_WINDOW, frame);
        return;
    }
    if (dev->window & (G_GUINT64_CONSTANT(1) << behind)) {
        out->kind = NXT_SEQ_DUPLICATE;
        out->dup_of = seen_frame(dev, seq);
    } else {
        out->kind = NXT_SEQ_LATE;
        dev->window |= G_GUINT64_CONSTANT(1) << behind;
        seen_add(dev, seq, frame);
    }
}

void nxt_device_set_name(nxt_device_t *dev, const char *name, guint32 frame)
{
    if (dev->name != NULL)
        return;
    dev->name = wmem_strdup(wmem_file_scope(), name);
    dev->info_frame = frame;
}

const char *nxt_device_name(const nxt_device_t *dev, guint32 frame)
{
    /* Only what was announced up to this frame, so one pass and two agree. */
    if (dev == NULL || dev->name == NULL || dev->info_frame > frame)
        return NULL;
    return dev->name;
}

void nxt_device_seq_restart(nxt_device_t *dev, guint32 seq)
{
    /* Nothing before the restart counts: seq is the next one due. */
    dev->highest = seq - 1;
    dev->window = 0;
    dev->count = 0;
}

void **nxt_device_link_slots(nxt_device_t *dev)
{
    return dev->link_slots;
}

nxt_clock_state_t *nxt_device_clock(nxt_device_t *dev)
{
    return &dev->clock;
}
