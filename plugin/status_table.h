/* status_table.h - the NetX status code table: the one place codes are defined.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Pure C (no epan): the dissector, the unit tests and the doc generator all
 * read the same table.  Names and values are NetX Duo facts (v6.4.2 headers);
 * descriptions and hints are this project's own words.
 */
#ifndef NXT_STATUS_TABLE_H
#define NXT_STATUS_TABLE_H

#include <stddef.h>
#include <stdint.h>

enum nxt_family {
    NXT_FAMILY_NETX = 0,   /* NetX Duo core, < 0x100          */
    NXT_FAMILY_TLS = 1,    /* NetX Secure TLS/DTLS, 0x101-0x154 */
    NXT_FAMILY_X509 = 2,   /* NetX Secure X.509, 0x181-0x1AA  */
    NXT_FAMILY_CRYPTO = 3, /* NetX crypto library, 0x20001-   */
    NXT_FAMILY_COUNT
};

enum nxt_severity {
    NXT_SEV_SUCCESS = 0,
    NXT_SEV_INFO = 1,
    NXT_SEV_WARNING = 2,
    NXT_SEV_ERROR = 3,
    NXT_SEV_COUNT
};

/* TLS alert levels / "no alert" marker */
#define NXT_ALERT_NONE          0xFFu
#define NXT_ALERT_LEVEL_WARNING 1u
#define NXT_ALERT_LEVEL_FATAL   2u

/* What the status says about an alert the device received (not sent). */
enum nxt_received_alert {
    NXT_RX_ALERT_NONE = 0,
    NXT_RX_ALERT_ANY = 1,          /* 0x114: some alert arrived from the peer */
    NXT_RX_ALERT_CLOSE_NOTIFY = 2  /* 0x127: the peer sent close_notify       */
};

struct nxt_status_entry {
    uint32_t value;
    uint8_t family;          /* enum nxt_family                                  */
    uint8_t severity;        /* enum nxt_severity                                */
    uint8_t alert;           /* TLS alert description NetX sends, NXT_ALERT_NONE */
    uint8_t alert_level;     /* NXT_ALERT_LEVEL_*, 0 when alert is NONE          */
    uint8_t received_alert;  /* enum nxt_received_alert                          */
    const char *name;        /* the primary NetX name                            */
    const char *aliases;     /* other names for the same value, space separated, or NULL */
    const char *description; /* one line: what happened                          */
    const char *hint;        /* one line: what a field engineer should check     */
};

/* The table, sorted by value, one entry per value (aliases folded in). */
extern const struct nxt_status_entry nxt_status_table[];
extern const size_t nxt_status_table_len;

/* Binary search; NULL when the value has no entry. */
const struct nxt_status_entry *nxt_status_lookup(uint32_t value);

/*
 * For a value with no entry: a short text naming the NetX add-on families whose
 * status ranges contain it (they overlap, so no single name is given), or NULL.
 * For a value with an entry that an add-on range also covers (TLS 0x101-0x104
 * vs SNMP, crypto vs Azure IoT), the text says so too.
 */
const char *nxt_status_addon_range(uint32_t value);

const char *nxt_family_name(unsigned family);     /* "netx", "tls", "x509", "crypto" */
const char *nxt_severity_name(unsigned severity); /* "success", "info", "warning", "error" */
const char *nxt_tls_alert_name(unsigned alert);   /* "bad_record_mac", ... or NULL */

#endif /* NXT_STATUS_TABLE_H */
