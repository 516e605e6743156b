/* test_device.c - per-device seq tracking (plugin/nxtrace_device.c) against a
 * plain model of the rules: random streams with gaps, duplicates, late and
 * restarted seqs, across the 2^32 wrap, on many devices at once.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The model keeps the frame of every seq in a 64-slot table per device (what
 * the plugin did before it became lazy); the plugin must give the same
 * verdict, including the frame a duplicate repeats, for every datagram.
 */
#include "nxtrace_plugin.h"

#include <stdio.h>
#include <stdlib.h>

/* The plugin file links against these two scopes of libwireshark; here they
 * are plain allocators, the file scope emptied between rounds as epan does. */
static wmem_allocator_t *epan_scope, *file_scope;
wmem_allocator_t *wmem_epan_scope(void) { return epan_scope; }
wmem_allocator_t *wmem_file_scope(void) { return file_scope; }

#define W 64u

typedef struct {
    gboolean seen_any;
    guint32 highest, last_frame;
    guint64 window;
    guint32 frames[W];
} model_t;

static void model_accept(model_t *m, guint32 seq, guint32 advance, guint32 frame)
{
    m->window = advance >= 64 ? 1 : (m->window << advance) | 1;
    m->highest = seq;
    m->frames[seq % W] = frame;
}

static nxt_seq_info_t model_track(model_t *m, guint32 seq, guint32 frame)
{
    nxt_seq_info_t r;
    gint32 delta;
    guint32 behind;

    memset(&r, 0, sizeof r);
    r.prev_frame = m->last_frame;
    m->last_frame = frame;
    if (!m->seen_any) {
        m->seen_any = TRUE;
        r.kind = NXT_SEQ_FIRST;
        model_accept(m, seq, 64, frame);
        return r;
    }
    r.expected = m->highest + 1;
    delta = (gint32)(seq - m->highest);
    if (delta > 0) {
        r.kind = delta == 1 ? NXT_SEQ_IN_ORDER : NXT_SEQ_GAP;
        r.lost = (guint32)delta - 1;
        model_accept(m, seq, (guint32)delta, frame);
        return r;
    }
    behind = (guint32)(-(gint64)delta);
    if (behind >= W) {
        r.kind = NXT_SEQ_RESTART;
        model_accept(m, seq, 64, frame);
    } else if (m->window & (G_GUINT64_CONSTANT(1) << behind)) {
        r.kind = NXT_SEQ_DUPLICATE;
        r.dup_of = m->frames[seq % W];
    } else {
        r.kind = NXT_SEQ_LATE;
        m->window |= G_GUINT64_CONSTANT(1) << behind;
        m->frames[seq % W] = frame;
    }
    return r;
}

/* The next seq a device sends: mostly in order, sometimes not at all. */
static guint32 next_seq(guint32 highest, GRand *rnd)
{
    gint32 r = g_rand_int_range(rnd, 0, 1000);

    if (r < 600) return highest + 1;
    if (r < 700) return highest + (guint32)g_rand_int_range(rnd, 2, 80);           /* gap           */
    if (r < 850) return highest - (guint32)g_rand_int_range(rnd, 0, 64);           /* dup or late   */
    if (r < 950) return highest - (guint32)g_rand_int_range(rnd, 0, 8);            /* close behind  */
    if (r < 980) return highest - (guint32)g_rand_int_range(rnd, 64, 200000);      /* restart       */
    return g_rand_int(rnd);                                                        /* anything      */
}

static int failures;

static void check(guint32 dev_id, guint32 step, const nxt_seq_info_t *got, const nxt_seq_info_t *want)
{
    if (got->kind == want->kind && got->expected == want->expected && got->prev_frame == want->prev_frame &&
        (want->kind == NXT_SEQ_DUPLICATE ? got->dup_of == want->dup_of
                                          : want->kind != NXT_SEQ_GAP || got->lost == want->lost))
        return;
    if (failures++ < 10)
        fprintf(stderr, "device %u step %u: kind %d/%d expected %u/%u lost-or-dup %u/%u prev %u/%u\n",
                dev_id, step, got->kind, want->kind, got->expected, want->expected, got->lost, want->lost,
                got->prev_frame, want->prev_frame);
}

static void round_of(guint32 devices, guint32 datagrams, guint32 seed)
{
    GRand *rnd = g_rand_new_with_seed(seed);
    model_t *models = g_new0(model_t, devices);
    guint32 *highest = g_new0(guint32, devices);

    file_scope = wmem_allocator_new(WMEM_ALLOCATOR_STRICT);
    nxt_devices_register();
    for (guint32 d = 0; d < devices; d++)
        highest[d] = d % 7 == 0 ? 0xFFFFFFF0u : g_rand_int(rnd); /* some cross the wrap */
    for (guint32 frame = 1; frame <= datagrams; frame++) {
        guint32 d = (guint32)g_rand_int_range(rnd, 0, (gint32)devices);
        guint32 seq = models[d].seen_any ? next_seq(models[d].highest, rnd) : highest[d];
        nxt_seq_info_t got, want;

        want = model_track(&models[d], seq, frame);
        nxt_device_track_seq(nxt_device_lookup(d * 2654435761u, TRUE), seq, frame, &got);
        check(d, frame, &got, &want);
    }
    wmem_destroy_allocator(file_scope); /* what leaving the file scope does */
    g_free(highest);
    g_free(models);
    g_rand_free(rnd);
}

static void test_names(void)
{
    nxt_device_t *dev;

    file_scope = wmem_allocator_new(WMEM_ALLOCATOR_STRICT);
    nxt_devices_register();
    dev = nxt_device_lookup(7, TRUE);
    if (nxt_device_lookup(8, FALSE) != NULL || nxt_device_lookup(7, FALSE) != dev)
        failures++, fprintf(stderr, "lookup without create\n");
    nxt_device_set_name(dev, "sensor-07", 5);
    nxt_device_set_name(dev, "renamed", 9); /* the first DEVICE_INFO names it */
    if (nxt_device_name(dev, 4) != NULL || g_strcmp0(nxt_device_name(dev, 5), "sensor-07") != 0 ||
        g_strcmp0(nxt_device_name(dev, 100), "sensor-07") != 0)
        failures++, fprintf(stderr, "device name by frame\n");
    wmem_destroy_allocator(file_scope);
}

int main(void)
{
    epan_scope = wmem_allocator_new(WMEM_ALLOCATOR_STRICT);
    test_names();
    round_of(1, 50000, 1);       /* one device, every case many times over */
    round_of(50, 50000, 2);      /* interleaved devices                     */
    round_of(20000, 40000, 3);   /* mostly one or two datagrams per device  */
    wmem_destroy_allocator(epan_scope);
    if (failures) {
        fprintf(stderr, "%d mismatches\n", failures);
        return 1;
    }
    printf("device seq tracking matches the model\n");
    return 0;
}
