/* nxtrace_link.h - links between trace statuses and the DTLS records they
 * concern: the postdissector that indexes DTLS records, and the generated
 * "DTLS link" subtree of every STATUS.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NXT_LINK_H
#define NXT_LINK_H

#include "nxtrace_plugin.h"
#include <epan/address.h>

/* What a STATUS event says about where it happened. */
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

void nxt_link_register(int proto, module_t *module);
void nxt_link_handoff(void);
void nxt_link_init(void);
void nxt_link_cleanup(void);

/* Adds the "DTLS link" subtree for one STATUS event. */
void nxt_link_status(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const nxt_status_ref_t *ref);

#endif /* NXT_LINK_H */
