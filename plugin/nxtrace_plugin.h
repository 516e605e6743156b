/* nxtrace_plugin.h - what the plugin's files share with each other.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NXT_PLUGIN_H
#define NXT_PLUGIN_H

#include "ws_compat.h"
#include "status_table.h"

/* packet-nxtrace.c */
void proto_register_nxtrace(void);
void proto_reg_handoff_nxtrace(void);
extern int proto_nxtrace;
/* TLS alert descriptions by number (from status_table.c), for VALS(). */
extern value_string nxt_alert_vals[];

/* "nx_secure_dtls_session_start", ... for an api id; "unknown" for others. */
const char *nxt_api_name(guint32 api);

/* nxtrace_usercodes.c: the user's table of application and add-on codes. */
void nxt_user_codes_register(module_t *module);
/* The user's entry for a status the built-in table does not resolve (or any
 * status of service 0xFFFF), and the add-on it names (or NULL); NULL if none. */
const struct nxt_status_entry *nxt_user_code_lookup(guint32 status, guint16 api, guint32 device_id,
                                                    const char **addon);
gboolean nxt_user_code_is(const struct nxt_status_entry *e);
/* "netx", "tls", ..., "application" or "add-on" for a user entry. */
const char *nxt_entry_family(const struct nxt_status_entry *e, guint16 api);

/* nxtrace_stats.c: Statistics > NetX Secure Trace, and tshark -z nxtrace,tree */
void nxtrace_register_stats(void);

/* What the "nxtrace" tap carries: one item per STATUS event. */
typedef struct {
    guint32 device_id;
    guint32 status;
    guint16 api;
    const struct nxt_status_entry *entry; /* NULL: not in the table */
} nxt_tap_status_t;

#define NXT_TAP_NAME "nxtrace"

/* The "nxtrace.datagram" tap (the review): one item per datagram, queued
 * only while a listener exists. */
#define NXT_TAP_DGRAM_NAME "nxtrace.datagram"

struct nxt_link;
struct nxt_seq_info;

typedef struct {
    guint32 status;
    guint16 api;
    guint8 role;                          /* NXTRACE_ROLE_*                     */
    gboolean has_session;
    address local;                        /* the SESSION block's device address */
    const struct nxt_status_entry *entry; /* NULL: not in the table             */
    struct nxt_link *link;                /* NULL: not linked                   */
} nxt_tap_dgram_status_t;

typedef struct {
    guint32 device_id;
    guint32 seq;
    guint64 ts_us;                        /* the device's timestamp             */
    gboolean ts_utc;
    const struct nxt_seq_info *seq_info;  /* NULL: sequence not tracked         */
    const char *name, *firmware;          /* from a DEVICE_INFO in it, or NULL  */
    gboolean restarted;                   /* the clock says: first of a new boot */
    wmem_array_t *statuses;               /* nxt_tap_dgram_status_t             */
} nxt_tap_dgram_t;

/* nxtrace_device.c: per-device state of one capture file (file scope). */

/* How a datagram's seq relates to what came before from the same device. */
typedef enum {
    NXT_SEQ_FIRST = 0,  /* first datagram of this device in the capture */
    NXT_SEQ_IN_ORDER,   /* exactly the expected seq                      */
    NXT_SEQ_GAP,        /* ahead of the expected one: datagrams lost     */
    NXT_SEQ_DUPLICATE,  /* a seq already seen                            */
    NXT_SEQ_LATE,       /* older than the highest seen, not seen before  */
    NXT_SEQ_RESTART     /* far behind: the device restarted its counter  */
} nxt_seq_kind_t;

typedef struct nxt_seq_info {
    nxt_seq_kind_t kind;
    guint32 expected;     /* seq that was due (not FIRST)                  */
    union {
        guint32 lost;     /* GAP: datagrams missing before this one        */
        guint32 dup_of;   /* DUPLICATE: frame that carried the seq first   */
    };
    guint32 prev_frame;   /* previous datagram of this device, 0 if none   */
} nxt_seq_info_t;

typedef struct nxt_device nxt_device_t;

/* nxtrace_clock.c's state of a device's clock, kept in the device. */
typedef struct {
    guint8 active;             /* a datagram's clock was read              */
    guint8 utc;
    guint32 highest_seq;
    guint64 highest_seq_ts_us; /* timestamp of the datagram with highest_seq */
    guint64 newest_ts_us;      /* highest timestamp this boot                */
    gint64 offset_ns;          /* least capture minus device time this boot   */
} nxt_clock_state_t;

/* Once, at registration: the per-file map empties itself with file scope. */
void nxt_devices_register(void);
nxt_device_t *nxt_device_lookup(guint32 device_id, gboolean create);
void nxt_device_track_seq(nxt_device_t *dev, guint32 seq, guint32 frame, nxt_seq_info_t *out);
void nxt_device_set_name(nxt_device_t *dev, const char *name, guint32 frame);
/* The device restarted (nxtrace_clock.c) with seq: a new count starts there. */
void nxt_device_seq_restart(nxt_device_t *dev, guint32 seq);
/* Name from the first DEVICE_INFO of the device, if it came at or before frame. */
const char *nxt_device_name(const nxt_device_t *dev, guint32 frame);
nxt_clock_state_t *nxt_device_clock(nxt_device_t *dev);
/* Two pointers nxtrace_link.c keeps per device (its addresses), NULL at first. */
void **nxt_device_link_slots(nxt_device_t *dev);

#endif /* NXT_PLUGIN_H */
