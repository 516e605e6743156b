/* nxtrace_review.h - the field review: per-device and per-DTLS-session
 * verdicts gathered by a tap, for `-z nxtrace,review[,json]` and the
 * Statistics tables.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A review collects what the "nxtrace.datagram" tap and the "frame" tap
 * hand it while packets are tapped, and judges the sessions when asked,
 * after the pass: by then every link and every DTLS record is known, in a
 * single pass as with -2.  docs/REVIEW.md describes the verdicts.
 */
#ifndef NXT_REVIEW_H
#define NXT_REVIEW_H

#include "nxtrace_plugin.h"
#include "dtls_index.h"

#include <epan/tap.h>

typedef enum {
    NXT_OUTCOME_ESTABLISHED = 0,
    NXT_OUTCOME_FAILED,
    NXT_OUTCOME_CLOSED,
    NXT_OUTCOME_TIMED_OUT,
    NXT_OUTCOME_UNKNOWN
} nxt_outcome_t;

/* One STATUS as the review keeps it. */
typedef struct {
    guint32 frame;
    guint32 device_id;
    guint32 status;
    guint16 api;
    guint8 role;
    const struct nxt_status_entry *entry;
    struct nxt_link *link;
} nxt_rv_status_t;

/* A device's clock against capture time (docs/REVIEW.md, "Clocks"). */
typedef struct {
    guint samples;
    gboolean utc;
    double offset_s;      /* capture time minus device time at its first datagram */
    gboolean has_drift;
    double drift_ppm;     /* how fast the device clock runs (ppm; < 0: slow) */
    double max_delay_s;   /* the most a datagram lay above the fitted line */
} nxt_rv_clock_t;

typedef struct {
    guint32 id;
    char *name, *firmware;
    GPtrArray *addrs;     /* address *, in order of first use */
    guint32 received, gaps, duplicated, late, restarts;
    guint32 first_frame, last_frame;
    GArray *samples;      /* nxt_rv_sample_t, since the last restart */
    nxt_rv_clock_t clock;
} nxt_rv_device_t;

/* One DTLS session's verdict. */
typedef struct {
    nxt_dtls_session_t *s;
    guint index;                      /* 1-based, in order of first record */
    nxt_rv_device_t *device;          /* NULL: no device known             */
    int device_end;                   /* -1: unknown                       */
    int role;                         /* NXTRACE_ROLE_* of the device      */
    const char *role_from;            /* "status", "client_hello" or NULL  */
    guint nstatus;
    nxt_rv_device_t *status_device;   /* from the statuses linked to it    */
    int status_end, status_role;
    const nxt_rv_status_t *first_error;
    const nxt_rv_status_t *failure;   /* the status that failed it         */
    guint32 start_ok, end_ok, close_rx; /* frames proving them, 0: none    */
    guint32 start_timeout;
    nxt_outcome_t outcome;
    guint32 outcome_frame;
    guint32 established_frame;
    guint32 judged_frame;             /* s->last_frame when last judged    */
} nxt_rv_session_t;

typedef struct nxt_review nxt_review_t;

nxt_review_t *nxt_review_new(void);
void nxt_review_free(nxt_review_t *rv);
void nxt_review_reset(nxt_review_t *rv);
/* Tap callbacks: the "nxtrace.datagram" tap and the "frame" tap. */
tap_packet_status nxt_review_datagram(void *rv, packet_info *pinfo, epan_dissect_t *edt, const void *data,
                                      tap_flags_t flags);
tap_packet_status nxt_review_frame(void *rv, packet_info *pinfo, epan_dissect_t *edt, const void *data,
                                   tap_flags_t flags);

/* Judges every session of the file (again), fits the clocks; valid until
 * the next call. */
void nxt_review_judge(nxt_review_t *rv);
/* Takes in what was tapped since the last call (new sessions, statuses) and
 * judges the sessions it touched; returns the number of sessions and, in
 * *first_touched, the index of the first one that changed (G_MAXUINT: none).
 * Clocks are not fitted (the GUI tables call this per packet). */
guint nxt_review_update(nxt_review_t *rv, guint *first_touched);
/* Fits one device's clock (nxt_review_device(rv, i)->clock). */
void nxt_review_fit_clock(nxt_review_t *rv, guint i);
guint nxt_review_session_count(const nxt_review_t *rv);
const nxt_rv_session_t *nxt_review_session(const nxt_review_t *rv, guint i);
guint nxt_review_device_count(const nxt_review_t *rv);
const nxt_rv_device_t *nxt_review_device(const nxt_review_t *rv, guint i); /* by id */

const char *nxt_outcome_name(nxt_outcome_t o);
const char *nxt_role_name(int role);
/* "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", from Wireshark's own table. */
const char *nxt_cipher_name(guint16 suite);

/* g_malloc'ed texts for the GUI tables: the peer endpoint, the last alert
 * (NULL: none), the history. */
char *nxt_review_peer_str(const nxt_rv_session_t *v);
char *nxt_review_last_alert_str(const nxt_rv_session_t *v);
char *nxt_review_history_str(const nxt_rv_session_t *v);
char *nxt_review_clock_str(const nxt_rv_clock_t *c);

/* Registers -z nxtrace,review[,json] (called from nxtrace_register_stats). */
void nxt_review_register(void);

#endif /* NXT_REVIEW_H */
