/* dtls_records.c - DTLS record headers of one frame, without a tree
 * (see dtls_records.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The postdissector gets the frame's tvb, not the UDP payload's, so the
 * payload is found again: the innermost UDP header is the first place in the
 * frame (or a reassembled data source) holding this packet's UDP ports,
 * followed by a length whose payload is exactly a chain of DTLS records --
 * the same test the DTLS heuristic applies.  Lower-layer headers are short:
 * only the first NXT_UDP_SCAN_LIMIT bytes are searched.
 */
#include "dtls_records.h"

#include <wsutil/pint.h>

#define NXT_UDP_SCAN_LIMIT 256
#define NXT_DTLS_HEADER_LEN 13
#define NXT_DTLS_MAX_RECORD_LEN (16384 + 2048)
#define NXT_DTLS_CT_CID 25

/* The cipher suite a ServerHello fragment starting at off chose: after the
 * 12-byte DTLS handshake header, version (2), random (32), session id.  Only
 * a first fragment holds it; 0 when it is not in the bytes. */
static guint16 server_hello_cipher(tvbuff_t *tvb, int off, int len)
{
    int sid, end = off + len;

    if (len < 12 + 35 || tvb_get_ntoh24(tvb, off + 6) != 0 /* fragment offset */)
        return 0;
    sid = nxt_tvb_get_u8(tvb, off + 12 + 34);
    if (off + 12 + 35 + sid + 2 > end || !tvb_bytes_exist(tvb, off + 12 + 35 + sid, 2))
        return 0;
    return tvb_get_ntohs(tvb, off + 12 + 35 + sid);
}

static gboolean dtls_version_known(guint16 v)
{
    return v == 0xFEFF /* 1.0 */ || v == 0xFEFD /* 1.2 */ || v == 0x0100 /* OpenSSL pre-0.9.8f */;
}

/* Reads the records of [off, end) of tvb.  Returns their number if they tile
 * the range exactly, or run into the end of what was captured, or stop at a
 * connection-ID record (its header length is not on the wire); 0 otherwise. */
static guint walk_records(tvbuff_t *tvb, int off, int end, nxt_dtls_record_info_t *out, guint max)
{
    int captured = (int)tvb_captured_length(tvb);
    guint n = 0;

    while (off < end && n < max) {
        nxt_dtls_record_info_t *r = &out[n];
        guint8 ct;
        int len;

        if (off + NXT_DTLS_HEADER_LEN > captured)
            return n; /* snapshot length cut the datagram */
        ct = nxt_tvb_get_u8(tvb, off);
        if (ct == NXT_DTLS_CT_CID)
            return n;
        if (ct < NXT_DTLS_CT_CHANGE_CIPHER_SPEC || ct > 24 || !dtls_version_known(tvb_get_ntohs(tvb, off + 1)))
            return 0;
        len = tvb_get_ntohs(tvb, off + 11);
        if (len > NXT_DTLS_MAX_RECORD_LEN)
            return 0;
        r->content_type = ct;
        r->epoch = tvb_get_ntohs(tvb, off + 3);
        r->seq = tvb_get_ntoh48(tvb, off + 5);
        r->hs_type = r->alert_level = r->alert_desc = NXT_DTLS_HIDDEN;
        off += NXT_DTLS_HEADER_LEN;
        if (r->epoch == 0) {
            if (ct == NXT_DTLS_CT_HANDSHAKE && len >= 1 && off < captured) {
                r->hs_type = nxt_tvb_get_u8(tvb, off);
                if (r->hs_type == NXT_DTLS_HS_SERVER_HELLO)
                    r->cipher = server_hello_cipher(tvb, off, MIN(len, captured - off));
            } else if (ct == NXT_DTLS_CT_ALERT && len >= 2 && off + 2 <= captured) {
                r->alert_level = nxt_tvb_get_u8(tvb, off);
                r->alert_desc = nxt_tvb_get_u8(tvb, off + 1);
            }
        }
        off += len;
        n++;
    }
    return off == end || n == max ? n : 0;
}

/* The DTLS records following the innermost UDP header of this packet in tvb. */
static guint find_udp_records(tvbuff_t *tvb, packet_info *pinfo, nxt_dtls_record_info_t *out, guint max)
{
    int captured = (int)tvb_captured_length(tvb), reported = (int)tvb_reported_length(tvb);
    int limit = MIN(captured, NXT_UDP_SCAN_LIMIT + 8) - 8;
    const guint8 *p;
    int off;

    if (limit < 0)
        return 0;
    p = tvb_get_ptr(tvb, 0, limit + 8);
    for (off = 0; off <= limit; off++) {
        int ulen;
        guint n;

        if (nxt_pntoh16(p + off) != (guint16)pinfo->srcport || nxt_pntoh16(p + off + 2) != (guint16)pinfo->destport)
            continue;
        ulen = nxt_pntoh16(p + off + 4);
        if (ulen < 8 + NXT_DTLS_HEADER_LEN || off + ulen > reported)
            continue;
        n = walk_records(tvb, off + 8, off + ulen, out, max);
        if (n > 0)
            return n;
    }
    return 0;
}

/* Fills what encryption hid from the "Decrypted DTLS" data sources, which
 * the DTLS dissector adds in record order, one per record it decrypted.
 * Only when every encrypted record has one is the pairing certain. */
static void add_decrypted(packet_info *pinfo, nxt_dtls_record_info_t *recs, guint n)
{
    tvbuff_t *plain[NXT_DTLS_MAX_RECORDS_PER_FRAME];
    guint encrypted = 0, found = 0, i, j;

    for (i = 0; i < n; i++)
        if (recs[i].epoch > 0)
            encrypted++;
    if (encrypted == 0)
        return;
    /* The first source is the frame itself; only others need their label
     * (a printf): without keys there are none, or a reassembly's. */
    for (GSList *l = pinfo->data_src ? pinfo->data_src->next : NULL; l != NULL; l = l->next) {
        const struct data_source *src = (const struct data_source *)l->data;
        char *label = nxt_data_source_label(src);
        gboolean decrypted = g_str_has_prefix(label, "Decrypted DTLS");

        wmem_free(NULL, label);
        if (!decrypted)
            continue;
        if (found == encrypted)
            return; /* more than records: cannot pair them */
        plain[found++] = get_data_source_tvb(src);
    }
    if (found != encrypted)
        return;
    for (i = 0, j = 0; i < n; i++) {
        nxt_dtls_record_info_t *r = &recs[i];
        tvbuff_t *t;

        if (r->epoch == 0)
            continue;
        t = plain[j++];
        if (r->content_type == NXT_DTLS_CT_HANDSHAKE && tvb_captured_length(t) >= 1) {
            r->hs_type = nxt_tvb_get_u8(t, 0);
            if (r->hs_type == NXT_DTLS_HS_SERVER_HELLO)
                r->cipher = server_hello_cipher(t, 0, (int)tvb_captured_length(t));
        } else if (r->content_type == NXT_DTLS_CT_ALERT && tvb_captured_length(t) >= 2) {
            r->alert_level = nxt_tvb_get_u8(t, 0);
            r->alert_desc = nxt_tvb_get_u8(t, 1);
        }
    }
}

guint nxt_dtls_read_records(tvbuff_t *frame_tvb, packet_info *pinfo, nxt_dtls_record_info_t *out, guint max)
{
    guint n;

    if (pinfo->ptype != PT_UDP)
        return 0;
    max = MIN(max, NXT_DTLS_MAX_RECORDS_PER_FRAME);
    n = find_udp_records(frame_tvb, pinfo, out, max);
    /* A reassembled IP datagram is a data source of its own. */
    for (GSList *l = pinfo->data_src; n == 0 && l != NULL; l = l->next) {
        tvbuff_t *t = get_data_source_tvb((const struct data_source *)l->data);
        if (t != frame_tvb)
            n = find_udp_records(t, pinfo, out, max);
    }
    if (n > 0)
        add_decrypted(pinfo, out, n);
    return n;
}
