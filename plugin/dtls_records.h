/* dtls_records.h - the DTLS record headers of one frame, read without a
 * protocol tree.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * DTLS record headers (type, version, epoch, 48-bit sequence number, length)
 * are plaintext, and so are the first bytes of epoch-0 handshake and alert
 * records.  What epoch > 0 hides (an alert's description, a handshake
 * message's type) is taken from the "Decrypted DTLS" data sources that the
 * DTLS dissector adds when the capture carries keys.  Nothing here needs a
 * tree, a tap or a field, so it costs the same in every pass and mode.
 */
#ifndef NXT_DTLS_RECORDS_H
#define NXT_DTLS_RECORDS_H

#include "ws_compat.h"

#define NXT_DTLS_CT_CHANGE_CIPHER_SPEC 20
#define NXT_DTLS_CT_ALERT 21
#define NXT_DTLS_CT_HANDSHAKE 22
#define NXT_DTLS_CT_APPLICATION_DATA 23
#define NXT_DTLS_HS_HELLO_REQUEST 0
#define NXT_DTLS_HS_CLIENT_HELLO 1
#define NXT_DTLS_HS_SERVER_HELLO 2
#define NXT_DTLS_HS_HELLO_VERIFY_REQUEST 3
#define NXT_DTLS_HS_FINISHED 20
#define NXT_DTLS_ALERT_CLOSE_NOTIFY 0
#define NXT_DTLS_HIDDEN 0xFFu /* a byte DTLS encrypted and no key revealed */

/* At most this many records per frame are indexed; a datagram full of
 * empty records could hold 5000, real ones hold a handful. */
#define NXT_DTLS_MAX_RECORDS_PER_FRAME 64

typedef struct {
    guint64 seq;          /* 48 bits */
    guint16 epoch;
    guint8 content_type;
    guint8 hs_type;       /* first handshake message type, or NXT_DTLS_HIDDEN */
    guint8 alert_level;   /* or NXT_DTLS_HIDDEN */
    guint8 alert_desc;    /* or NXT_DTLS_HIDDEN */
    guint16 cipher;       /* ServerHello only: the chosen suite, 0 if not readable */
} nxt_dtls_record_info_t;

/* For a frame the DTLS dissector took over UDP: fills out[] with its records
 * in wire order and returns how many (0 if the UDP payload cannot be found
 * or is not a well-formed sequence of DTLS 1.0/1.2 records). */
guint nxt_dtls_read_records(tvbuff_t *frame_tvb, packet_info *pinfo, nxt_dtls_record_info_t *out, guint max);

#endif /* NXT_DTLS_RECORDS_H */
