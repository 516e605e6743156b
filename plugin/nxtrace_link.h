/* nxtrace_link.h - links between trace statuses and the DTLS records they
 * concern: the postdissector that indexes DTLS records, the links computed
 * once per status on the first pass, and the "DTLS link" subtree drawn from
 * them on every pass.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NXT_LINK_H
#define NXT_LINK_H

#include "nxtrace_plugin.h"
#include <epan/address.h>

/* What a STATUS event says about where it happened (read from the packet
 * on every pass). */
typedef struct {
    guint32 status;
    const struct nxt_status_entry *entry;
    guint32 device_id;
    gboolean has_session;
    address local, remote;     /* the device's and the peer's address */
    guint16 local_port, remote_port;
    gboolean has_record;
    gboolean record_sent;      /* the device sent the record          */
    guint16 epoch;
    guint64 seq;
} nxt_status_ref_t;

/* One STATUS event's link, computed on the first pass (file scope, 8 bytes
 * in one array per file: the pointer stays valid until the file closes). */
typedef struct nxt_link nxt_link_t;

void nxt_link_register(int proto, module_t *module);
void nxt_link_handoff(void);
void nxt_link_init(void);

/* Adds the "DTLS link" subtree for the nth STATUS event (0-based) of a
 * datagram.  A datagram's links are consecutive: *first is the index of its
 * first and *count how many it has (both kept in its per-frame data, 0 at
 * first).  On the first pass the nth link is computed and counted; later
 * passes draw it. */
nxt_link_t *nxt_link_status(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const nxt_status_ref_t *ref,
                            guint32 *first, guint16 *count, guint nth);

/* What the review reads from a link once the pass is over (link may be NULL). */
struct nxt_dtls_session;
struct nxt_dtls_session *nxt_link_session(const nxt_link_t *link);
guint32 nxt_link_record(const nxt_link_t *link);   /* index + 1 in the session, 0: none */
guint32 nxt_link_alert(const nxt_link_t *link);    /* index + 1 in the session, 0: none */
int nxt_link_device_end(const nxt_link_t *link);   /* -1: unknown                        */
const char *nxt_link_method(const nxt_link_t *link);
/* The alert a status implies: who sends it (0 device, 1 peer, -1 none) and
 * its description (0xFF: any fatal one). */
int nxt_link_implied_alert(const struct nxt_status_entry *e, guint *desc);

#endif /* NXT_LINK_H */
