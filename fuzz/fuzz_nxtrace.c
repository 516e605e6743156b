/* fuzz_nxtrace.c - libFuzzer harness: the nxtrace plugin inside the real
 * libwireshark, in the manner of Wireshark's fuzz/fuzzshark.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * epan is initialised once; the plugin is registered with
 * proto_register_plugin() before epan_init(), as the plugin loader would do,
 * and is otherwise a black box.  The frames of every input are dissected in
 * two passes like `tshark -2 -V`, with a visible tree and the columns filled
 * in, so the per-device, per-session and DTLS-index state is exercised.
 * Inputs follow each other in one capture until the next reset (see
 * new_capture()); NXT_FUZZ_RESET_EVERY=1 gives every input a capture of its
 * own, which is how a finding is reproduced and kept as a regression.
 *
 * Two targets are built from this file:
 *
 *   fuzz_nxtrace_datagram  the input is one UDP payload.  It is sent twice:
 *                          to the trace port (47474) and to a port nobody
 *                          claims, where only the heuristic can take it.
 *   fuzz_nxtrace_frames    the input is a sequence of frames (see
 *                          split_frames() and fuzz/README.md), so statuses
 *                          can name records that come later, sessions can
 *                          span frames and many devices can appear.
 *
 * Besides what ASan/UBSan find, a frame fails when the plugin
 *   - raised an exception (a "[Malformed Packet: NXTRACE]" item: it read
 *     past the datagram instead of flagging it with expert info; or a
 *     "[Dissector bug, protocol NXTRACE...]" item: it hit a DISSECTOR_ASSERT);
 *   - produced a tree label or an Info column that is not valid UTF-8.
 */
#include "ws_compat.h" /* the plugin's: NXT_WS_AT_LEAST() */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <epan/addr_resolv.h>
#include <epan/column.h>
#include <epan/column-info.h>
#include <epan/column-utils.h>
#include <epan/epan.h>
#include <epan/epan_dissect.h>
#include <epan/frame_data.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/proto.h>
#include <epan/timestamp.h>
#include <epan/tvbuff.h>
#include <wiretap/wtap.h>
#include <wsutil/filesystem.h>
#include <wsutil/privileges.h>
#include <wsutil/wslog.h>
#if NXT_WS_AT_LEAST(4, 6)
#include <wsutil/buffer.h>
#endif

/* The plugin's entry point (plugin/plugin.c). */
void plugin_register(void);

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const guint8 *data, size_t size);

#define TRACE_PORT      47474
#define UNCLAIMED_PORT  20210  /* no dissector registers it: heuristics only */
#define MAX_FRAMES      256    /* per input */
#define MAX_FRAME_LEN   0xFFFF
#define IP_UDP_HDR_LEN  28
#ifdef NXT_FUZZ_FRAMES
#define PASSES 2
#else
#define PASSES 1
#endif

/* One capture file: the frames of one input. */
typedef struct {
    guint8 *data[MAX_FRAMES];
    guint32 len[MAX_FRAMES];
    int encap[MAX_FRAMES];
    nstime_t ts[MAX_FRAMES];
    frame_data fd[MAX_FRAMES];
    guint count;
    guint32 first; /* number of the first frame */
} fuzz_file_t;

struct packet_provider_data {
    fuzz_file_t *file;
};

static struct packet_provider_data provider;
static column_info cinfo;
static int proto_nxtrace = -1;
static int proto_malformed = -1;

static const nstime_t *get_frame_ts(struct packet_provider_data *prov, guint32 num)
{
    fuzz_file_t *f = prov->file;

    if (f == NULL || num < f->first || num - f->first >= f->count)
        return NULL; /* an earlier input's frame: gone */
    return &f->ts[num - f->first];
}

static void fail(const char *what, guint32 frame, const char *detail)
{
    fprintf(stderr, "\nfuzz_nxtrace: frame %u: %s\n  %s\n", frame, what, detail ? detail : "");
    abort(); /* libFuzzer keeps the input that got here */
}

/* ---- building frames ------------------------------------------------------- */

static guint16 ip_checksum(const guint8 *p, size_t n)
{
    guint32 sum = 0;

    for (size_t i = 0; i + 1 < n; i += 2)
        sum += (guint32)(p[i] << 8 | p[i + 1]);
    while (sum >> 16)
        sum = (sum & 0xFFFF) + (sum >> 16);
    return (guint16)~sum;
}

/* A raw IPv4 packet 127.0.0.10:50000 -> 127.0.0.1:dport carrying payload. */
static guint8 *wrap_udp(const guint8 *payload, guint32 len, guint16 dport, guint32 *out_len)
{
    guint32 total = IP_UDP_HDR_LEN + len;
    guint8 *p = (guint8 *)g_malloc(total);
    guint16 sum;

    memset(p, 0, IP_UDP_HDR_LEN);
    p[0] = 0x45;
    p[2] = (guint8)(total >> 8);
    p[3] = (guint8)total;
    p[8] = 64;
    p[9] = 17;
    p[12] = 127; p[15] = 10;
    p[16] = 127; p[19] = 1;
    sum = ip_checksum(p, 20);
    p[10] = (guint8)(sum >> 8);
    p[11] = (guint8)sum;
    p[20] = 50000 >> 8; p[21] = 50000 & 0xFF;
    p[22] = (guint8)(dport >> 8); p[23] = (guint8)dport;
    p[24] = (guint8)((8 + len) >> 8); p[25] = (guint8)(8 + len);
    /* UDP checksum 0: not computed, as many stacks send it. */
    if (len > 0)
        memcpy(p + IP_UDP_HDR_LEN, payload, len);
    *out_len = total;
    return p;
}

static void add_frame(fuzz_file_t *f, guint8 *data, guint32 len, int encap, guint32 step_us)
{
    nstime_t *ts = &f->ts[f->count];

    if (f->count == 0) {
        ts->secs = 1764547200; /* 2025-12-01, a fixed start */
        ts->nsecs = 0;
    } else {
        *ts = f->ts[f->count - 1];
        ts->secs += step_us / 1000000;
        ts->nsecs += (int)(step_us % 1000000) * 1000;
        if (ts->nsecs >= 1000000000) {
            ts->secs++;
            ts->nsecs -= 1000000000;
        }
    }
    f->data[f->count] = data;
    f->len[f->count] = len;
    f->encap[f->count] = encap;
    f->count++;
}

#ifdef NXT_FUZZ_FRAMES
/*
 * The input is a sequence of frames, each
 *     kind:u8  length:u16 (big-endian)  bytes[length]
 * kind & 3:  0 an Ethernet frame, 1 a raw IP packet, 2 a UDP payload sent to
 *            the trace port, 3 a UDP payload sent to an unclaimed port (the
 *            heuristics: nxtrace's, DTLS's, ...).
 * kind >> 2: k, the time since the previous frame: 0, or 2^(k/2) us
 *            (1 us .. about 36 minutes), so the link window is crossed too.
 * A length running past the input takes what is left.
 */
static void split_frames(fuzz_file_t *f, const guint8 *in, size_t size)
{
    size_t off = 0;

    while (off + 3 <= size && f->count < MAX_FRAMES) {
        guint kind = in[off];
        guint32 len = (guint32)(in[off + 1] << 8 | in[off + 2]);
        guint k = kind >> 2;
        guint32 step = k == 0 ? 0 : (guint32)1 << (k / 2);
        guint8 *data;
        guint32 dlen;

        off += 3;
        if (len > size - off)
            len = (guint32)(size - off);
        switch (kind & 3) {
        case 0:
        case 1:
            data = (guint8 *)g_malloc0(len ? len : 1);
            memcpy(data, in + off, len);
            add_frame(f, data, len, (kind & 3) == 0 ? WTAP_ENCAP_ETHERNET : WTAP_ENCAP_RAW_IP, step);
            break;
        default:
            data = wrap_udp(in + off, len, (kind & 3) == 2 ? TRACE_PORT : UNCLAIMED_PORT, &dlen);
            add_frame(f, data, dlen, WTAP_ENCAP_RAW_IP, step);
            break;
        }
        off += len;
    }
}
#else
static void split_frames(fuzz_file_t *f, const guint8 *in, size_t size)
{
    guint32 dlen, len = size > MAX_FRAME_LEN - IP_UDP_HDR_LEN ? MAX_FRAME_LEN - IP_UDP_HDR_LEN : (guint32)size;
    guint8 *data;

    data = wrap_udp(in, len, TRACE_PORT, &dlen);
    add_frame(f, data, dlen, WTAP_ENCAP_RAW_IP, 0);
    data = wrap_udp(in, len, UNCLAIMED_PORT, &dlen);
    add_frame(f, data, dlen, WTAP_ENCAP_RAW_IP, 1000);
}
#endif

/* ---- what must hold for every frame ------------------------------------------ */

static void check_label(field_info *fi, guint32 frame)
{
    char buf[ITEM_LABEL_LENGTH];
    const char *label;

    if (fi->rep != NULL) {
        label = fi->rep->representation;
    } else {
#if NXT_WS_AT_LEAST(4, 6)
        size_t value_offset;

        proto_item_fill_label(fi, buf, &value_offset);
#else
        proto_item_fill_label(fi, buf);
#endif
        label = buf;
    }
    if (!g_utf8_validate(label, -1, NULL))
        fail("tree label is not valid UTF-8", frame, label);
}

static void check_subtree(proto_node *node, guint32 frame)
{
    for (proto_node *c = node->first_child; c != NULL; c = c->next) {
        if (c->finfo != NULL)
            check_label(c->finfo, frame);
        check_subtree(c, frame);
    }
}

static void check_frame(epan_dissect_t *edt, guint32 frame)
{
    gboolean ours = FALSE;
    const char *info;

    for (proto_node *n = edt->tree ? edt->tree->first_child : NULL; n != NULL; n = n->next) {
        field_info *fi = n->finfo;

        if (fi == NULL)
            continue;
        if (fi->hfinfo->id == proto_nxtrace) {
            ours = TRUE;
            check_label(fi, frame);
            check_subtree(n, frame);
        } else if (fi->hfinfo->id == proto_malformed && fi->rep != NULL &&
                   strstr(fi->rep->representation, "NXTRACE") != NULL) {
            fail("exception in the nxtrace dissector", frame, fi->rep->representation);
        }
    }
    if (ours && (info = col_get_text(&cinfo, COL_INFO)) != NULL && !g_utf8_validate(info, -1, NULL))
        fail("Info column is not valid UTF-8", frame, info);
}

/* ---- the inputs: one long capture ------------------------------------------ */

/* A fresh epan (a new capture file: file scope left, init routines run) costs
 * about as much as a few hundred inputs, so it is taken every
 * NXT_FUZZ_RESET_EVERY inputs (environment; default 10000, 1 isolates every
 * input).  In between, inputs follow each other in one capture, as in
 * fuzzshark, with frame numbers counting on. */
static epan_t *epan;
static epan_dissect_t *edt; /* reused, as tshark does */
static guint64 inputs_since_reset;
static guint64 reset_every = 10000;
static guint32 frame_num;

static void new_capture(void)
{
    static const struct packet_provider_funcs funcs = { .get_frame_ts = get_frame_ts };

    if (epan != NULL) {
        epan_dissect_free(edt);
        epan_free(epan);
    }
    epan = epan_new(&provider, &funcs);
    edt = epan_dissect_new(epan, TRUE, TRUE);
    inputs_since_reset = 0;
    frame_num = 0;
}

static void run_file(fuzz_file_t *f)
{
    guint32 cum_bytes = 0, first = frame_num + 1;
    const frame_data *ref = NULL, *prev = NULL;
    nstime_t elapsed = NSTIME_INIT_ZERO;

    if (inputs_since_reset++ >= reset_every)
        new_capture();
    provider.file = f;
    f->first = first;

    /* The frames target reads like tshark -2 -V: a first pass, then the pass
     * that prints.  The datagram target, where the inputs come fastest,
     * reads like tshark -V: one pass that prints. */
    for (int pass = 0; pass < PASSES; pass++) {
        for (guint i = 0; i < f->count; i++) {
            wtap_rec rec;

#if NXT_WS_AT_LEAST(4, 6)
            /* 4.6 reads the frame from the record's own buffer. */
            wtap_rec_init(&rec, f->len[i]);
            ws_buffer_append(&rec.data, f->data[i], f->len[i]);
#else
            memset(&rec, 0, sizeof rec);
#endif
            rec.rec_type = REC_TYPE_PACKET;
            rec.presence_flags = WTAP_HAS_TS | WTAP_HAS_CAP_LEN;
            rec.ts = f->ts[i];
            rec.rec_header.packet_header.caplen = f->len[i];
            rec.rec_header.packet_header.len = f->len[i];
            rec.rec_header.packet_header.pkt_encap = f->encap[i];
            if (pass == 0) {
                frame_data_init(&f->fd[i], first + i, &rec, 0, cum_bytes);
                frame_data_set_before_dissect(&f->fd[i], &elapsed, &ref, prev);
                prev = &f->fd[i];
            }
#if NXT_WS_AT_LEAST(4, 6)
            epan_dissect_run(edt, WTAP_FILE_TYPE_SUBTYPE_UNKNOWN, &rec, &f->fd[i], &cinfo);
#else
            epan_dissect_run(edt, WTAP_FILE_TYPE_SUBTYPE_UNKNOWN, &rec,
                             tvb_new_real_data(f->data[i], f->len[i], f->len[i]), &f->fd[i], &cinfo);
#endif
            epan_dissect_fill_in_columns(edt, FALSE, TRUE);
            if (pass == 0)
                frame_data_set_after_dissect(&f->fd[i], &cum_bytes);
            if (pass == PASSES - 1)
                check_frame(edt, first + i);
            epan_dissect_reset(edt);
#if NXT_WS_AT_LEAST(4, 6)
            wtap_rec_cleanup(&rec);
#endif
        }
    }
    frame_num += f->count;

    for (guint i = 0; i < f->count; i++) {
        frame_data_destroy(&f->fd[i]);
        g_free(f->data[i]);
    }
    provider.file = NULL;
}

int LLVMFuzzerTestOneInput(const guint8 *data, size_t size)
{
    static fuzz_file_t file;

    memset(&file, 0, sizeof file);
    split_frames(&file, data, size);
    if (file.count > 0)
        run_file(&file);
    return 0;
}

/* ---- once -------------------------------------------------------------------- */

static void set_pref(const char *name, const char *value)
{
    char *arg = g_strdup_printf("%s:%s", name, value), *err = NULL;

    if (prefs_set_pref(arg, &err) != PREFS_SET_OK) {
        fprintf(stderr, "fuzz_nxtrace: cannot set %s: %s\n", arg, err ? err : "unknown preference");
        exit(2);
    }
    g_free(err);
    g_free(arg);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    e_prefs *prefs_p;
    const char *keylog = getenv("NXT_FUZZ_KEYLOG");
    char *err;

    /* No profile, no personal plugins: the same run everywhere. */
    g_setenv("HOME", "/nonexistent", TRUE);
    g_setenv("XDG_CONFIG_HOME", "/nonexistent", TRUE);
    g_setenv("XDG_CACHE_HOME", "/nonexistent", TRUE);
    g_setenv("XDG_DATA_HOME", "/nonexistent", TRUE);
    /* Every wmem allocation a malloc of its own, so ASan sees each one. */
    g_setenv("WIRESHARK_DEBUG_WMEM_OVERRIDE", "simple", FALSE);
    g_setenv("G_SLICE", "always-malloc", FALSE);
    /* Not WIRESHARK_ABORT_ON_DISSECTOR_BUG: it would abort on every other
     * dissector's bug the heuristics run into (4.0.17's PEEKREMOTE has one).
     * A failed assertion becomes an exception item naming the protocol, and
     * check_frame() fails on NXTRACE's and NXTRACE-DTLS's only. */
    g_unsetenv("WIRESHARK_ABORT_ON_DISSECTOR_BUG");

#if NXT_WS_AT_LEAST(4, 6)
    ws_log_init(NULL);
#else
    ws_log_init("fuzz_nxtrace", NULL);
#endif
    ws_log_set_level(LOG_LEVEL_CRITICAL);
    init_process_policies();
#if NXT_WS_AT_LEAST(4, 6)
    err = configuration_init((*argv)[0]);
#else
    err = configuration_init((*argv)[0], NULL);
#endif
    g_free(err);

    timestamp_set_type(TS_RELATIVE);
    timestamp_set_precision(TS_PREC_AUTO);
    timestamp_set_seconds_type(TS_SECONDS_DEFAULT);
    wtap_init(FALSE);
    plugin_register(); /* what the plugin loader does with nxtrace.so */
    if (!epan_init(NULL, NULL, FALSE)) {
        fprintf(stderr, "fuzz_nxtrace: epan_init failed\n");
        exit(2);
    }
    prefs_p = epan_load_settings();
    disable_name_resolution();
    set_pref("ip.defragment", "FALSE");
    set_pref("ipv6.defragment", "FALSE");
    set_pref("ip.check_checksum", "FALSE");
    if (keylog != NULL && *keylog != '\0')
        set_pref("tls.keylog_file", keylog);
    prefs_apply_all();

    proto_nxtrace = proto_get_id_by_filter_name("nxtrace");
    proto_malformed = proto_get_id_by_filter_name("_ws.malformed");
    if (proto_nxtrace < 0 || proto_malformed < 0) {
        fprintf(stderr, "fuzz_nxtrace: the nxtrace protocol did not register\n");
        exit(2);
    }
    build_column_format_array(&cinfo, prefs_p->num_cols, TRUE);
    if (getenv("NXT_FUZZ_RESET_EVERY") != NULL)
        reset_every = MAX(1, g_ascii_strtoull(getenv("NXT_FUZZ_RESET_EVERY"), NULL, 10));
    new_capture();
    (void)argc;
    return 0;
}
