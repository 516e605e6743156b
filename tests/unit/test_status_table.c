/* test_status_table.c - unit test for plugin/status_table.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Usage: test_status_table <tests/data directory>
 * Checks the table against the NetX name/value facts in netx_status_codes.csv
 * and seed_codes.csv, its own invariants, and the add-on range texts.
 * Prints "N passed, M failed" last; exits non-zero if anything failed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "status_table.h"

static unsigned n_pass, n_fail;

static void check_report(int ok, const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    if (ok) {
        n_pass++;
        return;
    }
    n_fail++;
    fprintf(stderr, "%s:%d: FAIL: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* CHECK(cond, "printf-style message", ...) - counts and reports. */
#define CHECK(cond, ...) check_report((cond) ? 1 : 0, __FILE__, __LINE__, __VA_ARGS__)

/* ---- a small CSV reader: quoted fields, "" escapes, LF or CRLF ---------- */

#define CSV_MAX_FIELDS 8
#define CSV_MAX_ROWS   512
#define CSV_FIELD_LEN  512

struct csv_row {
    int nfields;
    char field[CSV_MAX_FIELDS][CSV_FIELD_LEN];
};

struct csv {
    int nrows; /* data rows, header excluded */
    struct csv_row header;
    struct csv_row rows[CSV_MAX_ROWS];
};

/* Reads one record from f into row; returns 0 at end of file, -1 on error. */
static int csv_read_row(FILE *f, struct csv_row *row)
{
    int c, quoted = 0, any = 0;
    size_t len = 0;

    memset(row, 0, sizeof *row);
    row->nfields = 1;
    for (;;) {
        c = fgetc(f);
        if (c == EOF) {
            if (quoted)
                return -1;
            return any ? 1 : 0;
        }
        any = 1;
        if (quoted) {
            if (c == '"') {
                int d = fgetc(f);
                if (d == '"') {
                    /* escaped quote, falls through to append */
                } else {
                    quoted = 0;
                    if (d != EOF)
                        ungetc(d, f);
                    continue;
                }
            }
        } else if (c == '"' && len == 0) {
            quoted = 1;
            continue;
        } else if (c == ',') {
            if (row->nfields == CSV_MAX_FIELDS)
                return -1;
            row->nfields++;
            len = 0;
            continue;
        } else if (c == '\r') {
            continue;
        } else if (c == '\n') {
            return 1;
        }
        if (len + 1 >= CSV_FIELD_LEN)
            return -1;
        row->field[row->nfields - 1][len++] = (char)c;
    }
}

static int csv_load(const char *dir, const char *name, struct csv *out)
{
    char path[1024];
    FILE *f;
    int r;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        return -1;
    }
    out->nrows = 0;
    r = csv_read_row(f, &out->header);
    while (r > 0 && (r = csv_read_row(f, &out->rows[out->nrows])) > 0) {
        if (out->rows[out->nrows].nfields == 1 && out->rows[out->nrows].field[0][0] == '\0')
            continue; /* blank line */
        if (++out->nrows == CSV_MAX_ROWS) {
            r = -1;
            break;
        }
    }
    fclose(f);
    if (r < 0) {
        fprintf(stderr, "%s: malformed or too large\n", path);
        return -1;
    }
    return 0;
}

/* ---- helpers --------------------------------------------------------------- */

static int parse_hex(const char *s, unsigned long *v)
{
    char *end;

    if (strncmp(s, "0x", 2) != 0 && strncmp(s, "0X", 2) != 0)
        return -1;
    *v = strtoul(s + 2, &end, 16);
    return (end != s + 2 && *end == '\0') ? 0 : -1;
}

/* Does the space-separated list contain exactly this word? */
static int list_has_word(const char *list, const char *word)
{
    size_t wl = strlen(word);

    while (list && *list) {
        size_t l;

        while (*list == ' ')
            list++;
        l = strcspn(list, " ");
        if (l == wl && strncmp(list, word, wl) == 0)
            return 1;
        list += l;
    }
    return 0;
}

static int entry_has_name(const struct nxt_status_entry *e, const char *name)
{
    return strcmp(e->name, name) == 0 || list_has_word(e->aliases, name);
}

static int family_from_text(const char *s)
{
    for (unsigned f = 0; f < NXT_FAMILY_COUNT; f++)
        if (nxt_family_name(f) && strcmp(nxt_family_name(f), s) == 0)
            return (int)f;
    return -1;
}

/* Family a name belongs to: the entry's, except value-0 aliases, which are
 * the success names of the other families (told apart by prefix). */
static int family_of_name(const struct nxt_status_entry *e, const char *name)
{
    if (e->value != 0 || strcmp(e->name, name) == 0)
        return e->family;
    if (strncmp(name, "NX_SECURE_TLS_", 14) == 0)
        return NXT_FAMILY_TLS;
    if (strncmp(name, "NX_SECURE_X509_", 15) == 0)
        return NXT_FAMILY_X509;
    if (strncmp(name, "NX_CRYPTO_", 10) == 0)
        return NXT_FAMILY_CRYPTO;
    return -1;
}

/* Calls fn(entry, name) for every primary name and alias in the table. */
static void for_each_name(void (*fn)(const struct nxt_status_entry *, const char *, void *), void *ctx)
{
    char buf[256];

    for (size_t i = 0; i < nxt_status_table_len; i++) {
        const struct nxt_status_entry *e = &nxt_status_table[i];
        const char *p = e->aliases;

        fn(e, e->name, ctx);
        while (p && *p) {
            size_t l;

            while (*p == ' ')
                p++;
            l = strcspn(p, " ");
            if (l > 0 && l < sizeof buf) {
                memcpy(buf, p, l);
                buf[l] = '\0';
                fn(e, buf, ctx);
            }
            p += l;
        }
    }
}

/* ---- the reference rows ---------------------------------------------------- */

static void test_rows(const struct csv *c, int seed)
{
    /* seed: table,name,value,seed_description ; reference: family,name,value_hex,header_file */
    for (int i = 0; i < c->nrows; i++) {
        const struct csv_row *r = &c->rows[i];
        const char *fam = r->field[0], *name = r->field[1];
        const struct nxt_status_entry *e;
        unsigned long v;
        int f;

        CHECK(r->nfields == 4, "%s row %d: %d fields", seed ? "seed" : "reference", i + 2, r->nfields);
        if (parse_hex(r->field[2], &v) != 0) {
            CHECK(0, "%s row %d: bad value '%s'", seed ? "seed" : "reference", i + 2, r->field[2]);
            continue;
        }
        e = nxt_status_lookup((uint32_t)v);
        CHECK(e != NULL, "%s 0x%lX not found", name, v);
        if (!e)
            continue;
        CHECK(e->value == v, "%s: lookup(0x%lX) returned value 0x%X", name, v, (unsigned)e->value);
        CHECK(entry_has_name(e, name), "0x%lX: expected name %s, table has %s (aliases %s)", v, name,
              e->name, e->aliases ? e->aliases : "-");
        f = family_from_text(fam);
        CHECK(f >= 0, "%s: unknown family '%s' in csv", name, fam);
        CHECK(family_of_name(e, name) == f, "%s: family %s expected, table gives %s", name, fam,
              nxt_family_name((unsigned)family_of_name(e, name)) ? nxt_family_name((unsigned)family_of_name(e, name)) : "?");
    }
}

/* Every table name must be a reference name (no invented or misspelt ones). */
struct ref_ctx {
    const struct csv *ref;
    unsigned per_family[NXT_FAMILY_COUNT];
    unsigned total;
};

static void name_in_reference(const struct nxt_status_entry *e, const char *name, void *vctx)
{
    struct ref_ctx *ctx = vctx;
    int found = 0, f;

    for (int i = 0; i < ctx->ref->nrows && !found; i++) {
        unsigned long v;

        if (strcmp(ctx->ref->rows[i].field[1], name) == 0 &&
            parse_hex(ctx->ref->rows[i].field[2], &v) == 0 && v == e->value)
            found = 1;
    }
    CHECK(found, "table name %s (0x%X) is not in the reference csv with that value", name, (unsigned)e->value);
    f = family_of_name(e, name);
    CHECK(f >= 0, "%s: cannot tell its family", name);
    if (f >= 0)
        ctx->per_family[f]++;
    ctx->total++;
}

struct dup_ctx {
    const char *names[512];
    unsigned n;
};

static void name_unique(const struct nxt_status_entry *e, const char *name, void *vctx)
{
    struct dup_ctx *ctx = vctx;

    int dup = 0;

    for (unsigned i = 0; i < ctx->n; i++)
        dup |= strcmp(ctx->names[i], name) == 0;
    CHECK(!dup, "name %s appears twice (again at 0x%X)", name, (unsigned)e->value);
    if (ctx->n < sizeof ctx->names / sizeof ctx->names[0])
        ctx->names[ctx->n++] = strdup(name);
}

static void test_against_reference(const struct csv *ref, const struct csv *seed)
{
    struct ref_ctx rc;
    struct dup_ctx dc;
    unsigned expect[NXT_FAMILY_COUNT] = {0};
    unsigned long distinct = 0, prev = 0;

    CHECK(seed->nrows == 93, "seed csv: %d rows, expected 93", seed->nrows);
    CHECK(ref->nrows == 211, "reference csv: %d rows, expected 211", ref->nrows);
    CHECK(strcmp(seed->header.field[1], "name") == 0 && strcmp(seed->header.field[2], "value") == 0,
          "seed csv header unexpected");
    CHECK(strcmp(ref->header.field[1], "name") == 0 && strcmp(ref->header.field[2], "value_hex") == 0,
          "reference csv header unexpected");

    test_rows(seed, 1);
    test_rows(ref, 0);

    memset(&rc, 0, sizeof rc);
    rc.ref = ref;
    for_each_name(name_in_reference, &rc);
    CHECK(rc.total == (unsigned)ref->nrows, "table holds %u names, reference %d", rc.total, ref->nrows);

    for (int i = 0; i < ref->nrows; i++) {
        int f = family_from_text(ref->rows[i].field[0]);
        if (f >= 0)
            expect[f]++;
    }
    for (unsigned f = 0; f < NXT_FAMILY_COUNT; f++)
        CHECK(rc.per_family[f] == expect[f], "family %s: table has %u names, reference %u",
              nxt_family_name(f), rc.per_family[f], expect[f]);

    /* One entry per distinct reference value. */
    {
        unsigned long vals[CSV_MAX_ROWS];
        int n = 0;

        for (int i = 0; i < ref->nrows; i++) {
            unsigned long v;
            int seen = 0;

            if (parse_hex(ref->rows[i].field[2], &v) != 0)
                continue;
            for (int j = 0; j < n; j++)
                seen |= vals[j] == v;
            if (!seen)
                vals[n++] = v;
        }
        distinct = (unsigned long)n;
    }
    CHECK(nxt_status_table_len == distinct, "table has %zu entries, reference %lu distinct values",
          nxt_status_table_len, distinct);

    for (size_t i = 0; i < nxt_status_table_len; i++) {
        if (i > 0)
            CHECK(nxt_status_table[i].value > prev, "table not strictly sorted at index %zu (0x%lX after 0x%lX)",
                  i, (unsigned long)nxt_status_table[i].value, prev);
        prev = nxt_status_table[i].value;
        /* binary search must find every entry at its own slot */
        CHECK(nxt_status_lookup(nxt_status_table[i].value) == &nxt_status_table[i],
              "lookup(0x%X) does not return entry %zu", (unsigned)nxt_status_table[i].value, i);
    }

    memset(&dc, 0, sizeof dc);
    for_each_name(name_unique, &dc);
    for (unsigned i = 0; i < dc.n; i++)
        free((void *)dc.names[i]);
}

/* ---- per-entry invariants -------------------------------------------------- */

static int one_line(const char *s)
{
    return s && *s && !strchr(s, '\n') && !strchr(s, '\t');
}

static void test_entries(void)
{
    for (size_t i = 0; i < nxt_status_table_len; i++) {
        const struct nxt_status_entry *e = &nxt_status_table[i];
        unsigned v = (unsigned)e->value;

        CHECK(e->name && strncmp(e->name, "NX_", 3) == 0, "0x%X: bad name", v);
        CHECK(e->family < NXT_FAMILY_COUNT && nxt_family_name(e->family), "0x%X: bad family %u", v, e->family);
        CHECK(e->severity < NXT_SEV_COUNT && nxt_severity_name(e->severity), "0x%X: bad severity %u", v, e->severity);
        CHECK((e->severity == NXT_SEV_SUCCESS) == (e->value == 0), "0x%X: only value 0 is success", v);
        CHECK(one_line(e->description), "0x%X: description empty or multi-line", v);
        CHECK(one_line(e->hint), "0x%X: hint empty or multi-line", v);
        if (e->description)
            CHECK(strlen(e->description) <= 110, "0x%X: description is %zu chars (max 110)", v, strlen(e->description));
        if (e->hint)
            CHECK(strlen(e->hint) <= 140, "0x%X: hint is %zu chars (max 140)", v, strlen(e->hint));
        CHECK(e->aliases == NULL || *e->aliases != '\0', "0x%X: empty alias string (use NULL)", v);
        if (e->alert == NXT_ALERT_NONE) {
            CHECK(e->alert_level == 0, "0x%X: alert level without alert", v);
        } else {
            CHECK(nxt_tls_alert_name(e->alert) != NULL, "0x%X: alert %u has no name", v, e->alert);
            CHECK(e->alert_level == NXT_ALERT_LEVEL_WARNING || e->alert_level == NXT_ALERT_LEVEL_FATAL,
                  "0x%X: alert level %u", v, e->alert_level);
            CHECK(e->family == NXT_FAMILY_TLS || e->family == NXT_FAMILY_X509,
                  "0x%X: only TLS/X.509 statuses map to alerts", v);
        }
        CHECK(e->received_alert <= NXT_RX_ALERT_CLOSE_NOTIFY, "0x%X: bad received_alert", v);
        CHECK((e->received_alert != NXT_RX_ALERT_NONE) == (e->value == 0x114 || e->value == 0x127),
              "0x%X: received_alert only for 0x114/0x127", v);

        /* Each entry says something of its own. */
        {
            size_t same_hint = i, same_desc = i;

            for (size_t j = 0; j < i; j++) {
                if (e->hint && nxt_status_table[j].hint && strcmp(nxt_status_table[j].hint, e->hint) == 0)
                    same_hint = j;
                if (e->description && nxt_status_table[j].description &&
                    strcmp(nxt_status_table[j].description, e->description) == 0)
                    same_desc = j;
            }
            CHECK(same_hint == i, "0x%X and 0x%X share a hint", (unsigned)nxt_status_table[same_hint].value, v);
            CHECK(same_desc == i, "0x%X and 0x%X share a description", (unsigned)nxt_status_table[same_desc].value, v);
        }
    }
}

/* ---- spot checks ----------------------------------------------------------- */

static void expect_alert(uint32_t value, const char *alert, unsigned level)
{
    const struct nxt_status_entry *e = nxt_status_lookup(value);

    CHECK(e != NULL, "0x%X missing", (unsigned)value);
    if (!e)
        return;
    if (!alert) {
        CHECK(e->alert == NXT_ALERT_NONE && e->alert_level == 0, "0x%X: expected no alert, has %u", (unsigned)value, e->alert);
        return;
    }
    CHECK(nxt_tls_alert_name(e->alert) && strcmp(nxt_tls_alert_name(e->alert), alert) == 0,
          "0x%X: alert %s expected, got %s", (unsigned)value, alert,
          nxt_tls_alert_name(e->alert) ? nxt_tls_alert_name(e->alert) : "none");
    CHECK(e->alert_level == level, "0x%X: alert level %u expected, got %u", (unsigned)value, level, e->alert_level);
}

static void expect_severity(uint32_t value, unsigned sev)
{
    const struct nxt_status_entry *e = nxt_status_lookup(value);

    CHECK(e && e->severity == sev, "0x%X: severity %s expected, got %s", (unsigned)value, nxt_severity_name(sev),
          e ? nxt_severity_name(e->severity) : "(no entry)");
}

/* The explicit status -> alert list of NetX's _nx_secure_tls_map_error_to_alert
 * (netx_dtls_api_and_alerts.txt); no other status may carry an alert. */
static const struct {
    const char *alert;
    unsigned level;
    uint32_t values[26];
} alert_map[] = {
    {"unexpected_message", 2, {0x102, 0x114, 0x146, 0x10B, 0x14F}},
    {"bad_record_mac", 2, {0x108, 0x150, 0x12A}},
    {"handshake_failure", 2, {0x105, 0x106, 0x107, 0x10E, 0x130, 0x14B, 0x14C, 0x136, 0x137, 0x13C, 0x13D, 0x14D,
                              0x134, 0x133}},
    {"bad_certificate", 2, {0x10C, 0x112, 0x117, 0x119, 0x131, 0x132, 0x19A, 0x196, 0x182, 0x18E, 0x18D}},
    {"unsupported_certificate", 2, {0x10D, 0x12B, 0x12C}},
    {"certificate_revoked", 2, {0x199}},
    {"certificate_expired", 2, {0x193, 0x194}},
    {"certificate_unknown", 2, {0x11A, 0x116}},
    {"illegal_parameter", 2, {0x118, 0x142, 0x13E, 0x154}},
    {"unknown_ca", 2, {0x11B, 0x18C}},
    {"decode_error", 2, {0x10A}},
    {"decrypt_error", 2, {0x115, 0x14E}},
    {"protocol_version", 2, {0x12E, 0x10F, 0x110}},
    {"no_renegotiation", 1, {0x12F, 0x13A}},
    {"unknown_psk_identity", 2, {0x126}},
    {"inappropriate_fallback", 2, {0x147}},
    {"missing_extension", 2, {0x144}},
    {"certificate_required", 2, {0x145}},
    {"record_overflow", 2, {0x151}},
    {"internal_error", 2, {0x111, 0x101, 0x103, 0x104, 0x120, 0x121, 0x12D, 0x109, 0x113, 0x125, 0x129, 0x127, 0x135,
                           0x138, 0x14A, 0x139, 0x11C, 0x11D, 0x11E, 0x11F, 0x122, 0x123, 0x124, 0x128}},
};

static void test_alert_map(void)
{
    unsigned mapped = 0, with_alert = 0;

    for (size_t i = 0; i < sizeof alert_map / sizeof alert_map[0]; i++)
        for (size_t j = 0; j < sizeof alert_map[i].values / sizeof alert_map[i].values[0] && alert_map[i].values[j]; j++) {
            expect_alert(alert_map[i].values[j], alert_map[i].alert, alert_map[i].level);
            mapped++;
        }
    for (size_t i = 0; i < nxt_status_table_len; i++)
        with_alert += nxt_status_table[i].alert != NXT_ALERT_NONE;
    CHECK(mapped == 84, "alert list has %u statuses, expected 84", mapped);
    CHECK(with_alert == mapped, "%u table entries carry an alert, NetX maps %u", with_alert, mapped);
}

static void test_spot(void)
{
    const struct nxt_status_entry *e;
    const char *t;

    e = nxt_status_lookup(0);
    CHECK(e && strcmp(e->name, "NX_SUCCESS") == 0 && e->family == NXT_FAMILY_NETX, "0: NX_SUCCESS/netx");
    CHECK(e && e->aliases && strcmp(e->aliases, "NX_SECURE_TLS_SUCCESS NX_SECURE_X509_SUCCESS NX_CRYPTO_SUCCESS") == 0,
          "0: aliases");
    e = nxt_status_lookup(0x20002);
    CHECK(e && strcmp(e->name, "NX_CRYPTO_UNSUPPORTED_KEY_SIZE") == 0 && e->aliases &&
          strcmp(e->aliases, "NX_CRYPTO_AES_UNSUPPORTED_KEY_SIZE") == 0, "0x20002: name/alias");
    e = nxt_status_lookup(0x2000F);
    CHECK(e && strcmp(e->name, "NX_CRYTPO_MISSING_ECC_CURVE") == 0, "0x2000F keeps the header's spelling");

    expect_severity(0x00, NXT_SEV_SUCCESS);
    expect_severity(0x127, NXT_SEV_INFO);
    expect_severity(0x11F, NXT_SEV_WARNING);
    expect_severity(0x11E, NXT_SEV_WARNING);
    expect_severity(0x11C, NXT_SEV_WARNING);
    expect_severity(0x37, NXT_SEV_INFO);
    expect_severity(0x55, NXT_SEV_INFO);
    expect_severity(0x11B, NXT_SEV_ERROR);

    expect_alert(0x11B, "unknown_ca", NXT_ALERT_LEVEL_FATAL);
    e = nxt_status_lookup(0x11B);
    CHECK(e && e->alert == 48, "0x11B: alert number 48");
    expect_alert(0x12F, "no_renegotiation", NXT_ALERT_LEVEL_WARNING);
    expect_alert(0x13A, "no_renegotiation", NXT_ALERT_LEVEL_WARNING);
    expect_alert(0x108, "bad_record_mac", NXT_ALERT_LEVEL_FATAL);
    expect_alert(0x114, "unexpected_message", NXT_ALERT_LEVEL_FATAL);
    expect_alert(0x126, "unknown_psk_identity", NXT_ALERT_LEVEL_FATAL);
    expect_alert(0x193, "certificate_expired", NXT_ALERT_LEVEL_FATAL);
    expect_alert(0x194, "certificate_expired", NXT_ALERT_LEVEL_FATAL);
    expect_alert(0x199, "certificate_revoked", NXT_ALERT_LEVEL_FATAL);
    expect_alert(0x18C, "unknown_ca", NXT_ALERT_LEVEL_FATAL);
    expect_alert(0x145, "certificate_required", NXT_ALERT_LEVEL_FATAL);
    expect_alert(0x00, NULL, 0);        /* success never maps to an alert */
    expect_alert(0x13B, NULL, 0);       /* not in NetX's explicit list */
    expect_alert(0x195, NULL, 0);
    expect_alert(0x20003, NULL, 0);

    e = nxt_status_lookup(0x114);
    CHECK(e && e->received_alert == NXT_RX_ALERT_ANY, "0x114: received_alert ANY");
    e = nxt_status_lookup(0x127);
    CHECK(e && e->received_alert == NXT_RX_ALERT_CLOSE_NOTIFY, "0x127: received_alert CLOSE_NOTIFY");

    CHECK(nxt_status_lookup(0x155) == NULL, "0x155 must have no entry");
    CHECK(nxt_status_lookup(0x100) == NULL, "0x100 must have no entry");
    CHECK(nxt_status_lookup(0x57) == NULL, "0x57 must have no entry");
    CHECK(nxt_status_lookup(0x20011) == NULL, "0x20011 must have no entry");
    CHECK(nxt_status_lookup(0xFFFFFFFFu) == NULL, "0xFFFFFFFF must have no entry");
    t = nxt_status_addon_range(0x100);
    CHECK(t && strstr(t, "SNMP"), "addon(0x100) must mention SNMP: %s", t ? t : "NULL");
    t = nxt_status_addon_range(0x95);
    CHECK(t != NULL, "addon(0x95) must not be NULL");
    CHECK(t && strstr(t, "DHCP client") && strstr(t, "DHCP server") && !strstr(t, "DNS"),
          "addon(0x95) must name DHCP client+server only: %s", t ? t : "NULL");
    t = nxt_status_addon_range(0x20001);
    CHECK(t && strstr(t, "Azure"), "addon(0x20001) must mention Azure: %s", t ? t : "NULL");
    t = nxt_status_addon_range(0x102);
    CHECK(t && strstr(t, "SNMP"), "addon(0x102) must mention SNMP: %s", t ? t : "NULL");
    CHECK(nxt_status_lookup(0xDEAD) == NULL, "0xDEAD must have no entry");
    CHECK(nxt_status_addon_range(0xDEAD) == NULL, "0xDEAD is in no add-on range");
    CHECK(nxt_status_addon_range(0x11B) == NULL, "0x11B is in no add-on range");
    CHECK(nxt_status_addon_range(0) == NULL, "0 gets no add-on text");

    CHECK(nxt_tls_alert_name(0) && strcmp(nxt_tls_alert_name(0), "close_notify") == 0, "alert 0");
    CHECK(nxt_tls_alert_name(21) && strcmp(nxt_tls_alert_name(21), "decryption_failed") == 0, "alert 21");
    CHECK(nxt_tls_alert_name(86) && strcmp(nxt_tls_alert_name(86), "inappropriate_fallback") == 0, "alert 86");
    CHECK(nxt_tls_alert_name(116) && strcmp(nxt_tls_alert_name(116), "certificate_required") == 0, "alert 116");
    CHECK(nxt_tls_alert_name(1) == NULL && nxt_tls_alert_name(117) == NULL && nxt_tls_alert_name(NXT_ALERT_NONE) == NULL,
          "unassigned alert numbers give NULL");
    {
        static const unsigned nums[] = {0, 10, 20, 21, 22, 30, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51,
                                        60, 70, 71, 80, 86, 90, 100, 109, 110, 115, 116};
        unsigned named = 0;

        for (unsigned a = 0; a < 256; a++)
            named += nxt_tls_alert_name(a) != NULL;
        CHECK(named == sizeof nums / sizeof nums[0], "%u alert names, expected %zu", named, sizeof nums / sizeof nums[0]);
        for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
            CHECK(nxt_tls_alert_name(nums[i]) != NULL, "alert %u has no name", nums[i]);
    }

    CHECK(strcmp(nxt_family_name(NXT_FAMILY_NETX), "netx") == 0 && strcmp(nxt_family_name(NXT_FAMILY_TLS), "tls") == 0 &&
          strcmp(nxt_family_name(NXT_FAMILY_X509), "x509") == 0 && strcmp(nxt_family_name(NXT_FAMILY_CRYPTO), "crypto") == 0,
          "family names");
    CHECK(nxt_family_name(NXT_FAMILY_COUNT) == NULL, "family name out of range");
    CHECK(strcmp(nxt_severity_name(NXT_SEV_SUCCESS), "success") == 0 && strcmp(nxt_severity_name(NXT_SEV_INFO), "info") == 0 &&
          strcmp(nxt_severity_name(NXT_SEV_WARNING), "warning") == 0 && strcmp(nxt_severity_name(NXT_SEV_ERROR), "error") == 0,
          "severity names");
    CHECK(nxt_severity_name(NXT_SEV_COUNT) == NULL, "severity name out of range");
}

/* ---- add-on ranges: re-derived here from netx_addon_status_ranges.md -------- */

static const struct {
    const char *family;
    uint32_t lo, hi;
} addon_ranges[] = {
    {"DHCP client", 0x90, 0xA8},       {"DHCP server", 0x90, 0xA4},        {"DNS", 0xA0, 0xB7},
    {"mDNS", 0xA1, 0xC5},              {"SMTP client", 0xA0, 0xB2},        {"PPP", 0xB0, 0xB9},
    {"POP3 client", 0xB1, 0xB8},       {"TFTP", 0xC0, 0xC6},               {"PPPoE server", 0xC1, 0xCF},
    {"PPPoE client", 0xD1, 0xDF},      {"FTP", 0xD0, 0xDF},                {"FTP", 0x1D0, 0x1D5},
    {"legacy HTTP client", 0xE0, 0xF2}, {"legacy HTTP server", 0xE0, 0xF4}, {"Telnet client", 0xF0, 0xF5},
    {"Telnet server", 0xF0, 0xF6},     {"Cloud", 0xF0, 0xF3},              {"SNMP agent", 0x100, 0x104},
    {"Auto-IP", 0xA00, 0xA02},         {"SNTP client", 0xD01, 0xD45},      {"SNTP client KoD", 0xF01, 0xF0E},
    {"NAT", 0xD01, 0xD0D},             {"PTP client", 0xD01, 0xD05},       {"DHCPv6 client", 0xE90, 0xEC1},
    {"DHCPv6 server", 0xE91, 0xED5},   {"RTSP server", 0x7000, 0x7009},    {"MQTT client", 0x10001, 0x10012},
    {"MQTT client", 0x10080, 0x10085}, {"Azure IoT", 0x20000, 0x20018},    {"Web HTTP", 0x30000, 0x30040},
    {"WebSocket client", 0x30001, 0x30009},
};
#define N_ADDON (sizeof addon_ranges / sizeof addon_ranges[0])

/* The text lists families as "...: A, B, C (...)"; is fam one of them? */
static int text_lists_family(const char *text, const char *fam)
{
    const char *p = strstr(text, ": "), *end;
    size_t fl = strlen(fam);

    if (!p)
        return 0;
    p += 2;
    end = strstr(p, " (");
    if (!end)
        end = p + strlen(p);
    while (p < end) {
        const char *comma = strstr(p, ", ");
        const char *item_end = (comma && comma < end) ? comma : end;

        if ((size_t)(item_end - p) == fl && strncmp(p, fam, fl) == 0)
            return 1;
        p = (comma && comma < end) ? comma + 2 : end;
    }
    return 0;
}

/* The segment the text names ("0xA1-0xA4" or "0xB0") must contain v. */
static int text_range_has(const char *text, uint32_t v)
{
    const char *p = strstr(text, "0x");
    unsigned long lo, hi;
    char *end;

    if (!p)
        return 0;
    lo = hi = strtoul(p + 2, &end, 16);
    if (strncmp(end, "-0x", 3) == 0)
        hi = strtoul(end + 3, &end, 16);
    return v >= lo && v <= hi;
}

static void test_addon_ranges(void)
{
    unsigned bad = 0;

    /* Every value up to past the last range (one check; failures listed, up to 20). */
    for (uint32_t v = 0; v <= 0x31000 && bad < 20; v++) {
        const char *t = nxt_status_addon_range(v);
        int covered = 0, ok = 1;

        for (size_t i = 0; i < N_ADDON; i++) {
            int in = v >= addon_ranges[i].lo && v <= addon_ranges[i].hi;

            covered |= in;
            /* the same family name may have two ranges: check via any range */
            if (in && !(t && text_lists_family(t, addon_ranges[i].family)))
                ok = 0;
        }
        if (t) {
            /* no family listed that does not cover v */
            for (size_t i = 0; i < N_ADDON; i++) {
                int fam_covers = 0;

                for (size_t j = 0; j < N_ADDON; j++)
                    if (strcmp(addon_ranges[j].family, addon_ranges[i].family) == 0)
                        fam_covers |= v >= addon_ranges[j].lo && v <= addon_ranges[j].hi;
                if (!fam_covers && text_lists_family(t, addon_ranges[i].family))
                    ok = 0;
            }
            if (!text_range_has(t, v))
                ok = 0;
            /* entry values get the "also used" wording, the others do not */
            if ((nxt_status_lookup(v) != NULL) != (strstr(t, "also") != NULL))
                ok = 0;
        }
        if (covered != (t != NULL))
            ok = 0;
        if (!ok) {
            bad++;
            CHECK(0, "add-on text for 0x%X wrong or incomplete: %s", (unsigned)v, t ? t : "NULL");
        }
    }
    if (bad == 0)
        CHECK(1, "add-on texts of 0..0x31000");
    CHECK(nxt_status_addon_range(0x7FFFFFFFu) == NULL, "addon(0x7FFFFFFF) NULL");
}

int main(int argc, char **argv)
{
    static struct csv ref, seed;

    if (argc != 2) {
        fprintf(stderr, "usage: %s <tests/data directory>\n", argv[0]);
        return 2;
    }
    if (csv_load(argv[1], "netx_status_codes.csv", &ref) != 0 || csv_load(argv[1], "seed_codes.csv", &seed) != 0) {
        CHECK(0, "cannot load the CSV files from %s", argv[1]);
    } else {
        test_against_reference(&ref, &seed);
    }
    test_entries();
    test_spot();
    test_alert_map();
    test_addon_ranges();

    printf("%u passed, %u failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}
