/* test_reload.c - per-file state does not outlive its file.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A small libwireshark program with the plugin linked in: it opens the same
 * capture many times in one process, as the GUI's File > Reload does (a new
 * epan session per load: cleanup and init routines run, file scope is
 * freed), and checks that
 *   - every load links the same records and nothing from a previous load is
 *     still indexed (the sum of all nxtrace.link.record_frame and
 *     nxtrace.reported_in values is the same every time);
 *   - the heap does not grow per load because of the plugin: the growth with
 *     nxtrace enabled, minus the growth with it disabled, stays below 1 KiB
 *     per load.  (libwireshark itself keeps megabytes per epan session in
 *     this loop, so a few bytes cannot be told from noise; an index, a
 *     session or the records of this capture kept past their file can.)
 *
 *   test_reload CAPTURE [LOADS]
 */
#include "nxtrace_plugin.h"

#include <malloc.h>
#include <stdio.h>

#include <epan/epan.h>
#include <epan/epan_dissect.h>
#include <epan/frame_data.h>
#include <wiretap/wtap.h>
#include <wsutil/filesystem.h>
#include <wsutil/privileges.h>
#include <wsutil/wslog.h>

void plugin_register(void);

static const nstime_t *no_frame_ts(struct packet_provider_data *prov _U_, guint32 frame_num _U_)
{
    return NULL;
}

/* One load of the capture: every frame dissected once (a first pass), with
 * the links' record frames and the reverse links asked for.  Returns the
 * sum of their values, or -1. */
static gint64 load(const char *path, const int hfs[2])
{
    static const struct packet_provider_funcs funcs = { .get_frame_ts = no_frame_ts };
    epan_t *epan = epan_new(NULL, &funcs);
    epan_dissect_t *edt = epan_dissect_new(epan, TRUE, FALSE);
    wtap_rec rec;
#if !NXT_WS_AT_LEAST(4, 6)
    Buffer buf; /* 4.6 keeps the record's bytes in rec.data */
#endif
    int err;
    gchar *err_info = NULL;
    gint64 offset, sum = 0;
    guint32 num = 0, cum_bytes = 0;
    nstime_t elapsed = NSTIME_INIT_ZERO;
    const frame_data *ref = NULL;
    frame_data prev;
    gboolean have_prev = FALSE;
    wtap *wth = wtap_open_offline(path, WTAP_TYPE_AUTO, &err, &err_info, FALSE);

    if (wth == NULL) {
        fprintf(stderr, "cannot open %s: %s\n", path, err_info ? err_info : g_strerror(err));
        return -1;
    }
#if NXT_WS_AT_LEAST(4, 6)
    wtap_rec_init(&rec, 1514);
    while (wtap_read(wth, &rec, &err, &err_info, &offset)) {
#else
    wtap_rec_init(&rec);
    ws_buffer_init(&buf, 1514);
    while (wtap_read(wth, &rec, &buf, &err, &err_info, &offset)) {
#endif
        frame_data fd;
        GPtrArray *found;

        frame_data_init(&fd, ++num, &rec, offset, cum_bytes);
        frame_data_set_before_dissect(&fd, &elapsed, &ref, have_prev ? &prev : NULL);
        epan_dissect_prime_with_hfid(edt, hfs[0]);
        epan_dissect_prime_with_hfid(edt, hfs[1]);
#if NXT_WS_AT_LEAST(4, 6)
        epan_dissect_run(edt, wtap_file_type_subtype(wth), &rec, &fd, NULL);
#else
        epan_dissect_run(edt, wtap_file_type_subtype(wth), &rec,
                         tvb_new_real_data(ws_buffer_start_ptr(&buf), fd.cap_len, fd.pkt_len), &fd, NULL);
#endif
        for (int h = 0; h < 2; h++) {
            found = proto_get_finfo_ptr_array(edt->tree, hfs[h]);
            for (guint i = 0; found != NULL && i < found->len; i++)
                sum += nxt_fi_get_uint((field_info *)g_ptr_array_index(found, i));
        }
        frame_data_set_after_dissect(&fd, &cum_bytes);
        prev = fd;
        have_prev = TRUE;
        epan_dissect_reset(edt);
        frame_data_destroy(&fd);
    }
    wtap_close(wth);
    wtap_rec_cleanup(&rec);
#if !NXT_WS_AT_LEAST(4, 6)
    ws_buffer_free(&buf);
#endif
    epan_dissect_free(edt);
    epan_free(epan);
    return sum;
}

static size_t heap_in_use(void)
{
    return mallinfo2().uordblks;
}

/* Heap growth per load after a warm-up, and the record-frame sums (all equal). */
static gboolean measure(const char *path, int loads, const int hf[2], gint64 *sum, double *growth)
{
    size_t before;
    gint64 first = load(path, hf);

    if (first < 0)
        return FALSE;
    load(path, hf);
    before = heap_in_use();
    for (int i = 0; i < loads; i++) {
        gint64 s = load(path, hf);
        if (s != first) {
            fprintf(stderr, "load %d linked other records (sum %" G_GINT64_FORMAT ", first load %" G_GINT64_FORMAT ")\n",
                    i + 3, s, first);
            return FALSE;
        }
    }
    *sum = first;
    *growth = ((double)heap_in_use() - (double)before) / loads;
    return TRUE;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : NULL;
    int loads = argc > 2 ? atoi(argv[2]) : 40;
    gint64 sum_on = 0, sum_off = 0;
    double grow_on = 0, grow_off = 0;
    int hf[2], proto;
    char *err;

    if (path == NULL || loads < 1) {
        fprintf(stderr, "usage: test_reload CAPTURE [LOADS]\n");
        return 2;
    }
#if NXT_WS_AT_LEAST(4, 6)
    ws_log_init(NULL);
    init_process_policies();
    if ((err = configuration_init(argv[0])) != NULL) {
#else
    ws_log_init("test_reload", NULL);
    init_process_policies();
    if ((err = configuration_init(argv[0], NULL)) != NULL) {
#endif
        fprintf(stderr, "configuration_init: %s\n", err);
        return 2;
    }
    plugin_register(); /* before epan_init, which registers plugins' protocols */
    wtap_init(FALSE);
    if (!epan_init(NULL, NULL, FALSE)) {
        fprintf(stderr, "epan_init failed\n");
        return 2;
    }
    epan_load_settings();
    hf[0] = proto_registrar_get_id_byname("nxtrace.link.record_frame");
    hf[1] = proto_registrar_get_id_byname("nxtrace.reported_in");
    proto = proto_get_id_by_filter_name("nxtrace");
    if (hf[0] < 0 || hf[1] < 0 || proto < 0) {
        fprintf(stderr, "nxtrace is not registered\n");
        return 1;
    }

    if (!measure(path, loads, hf, &sum_on, &grow_on))
        return 1;
    proto_set_decoding(proto, FALSE);
    if (!measure(path, loads, hf, &sum_off, &grow_off))
        return 1;
    printf("%d loads of %s: link frame sum %" G_GINT64_FORMAT " every time; heap growth per load %.1f bytes "
           "with nxtrace, %.1f without\n", loads, path, sum_on, grow_on, grow_off);
    if (sum_on <= 0 || sum_off != 0) {
        fprintf(stderr, "FAIL: expected linked records with nxtrace and none without\n");
        return 1;
    }
    if (grow_on - grow_off > 1024.0) {
        fprintf(stderr, "FAIL: the plugin keeps %.1f bytes per file load\n", grow_on - grow_off);
        return 1;
    }
    epan_cleanup();
    wtap_cleanup();
    return 0;
}
