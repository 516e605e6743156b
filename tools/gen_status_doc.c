/* gen_status_doc.c - prints docs/STATUS_CODES.md from the status table.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Usage: gen_status_doc > docs/STATUS_CODES.md
 * Uses only the public interface of plugin/status_table.h, so the document
 * shows exactly what the dissector shows.
 */
#include <stdio.h>
#include <string.h>

#include "status_table.h"

/* Highest value scanned for add-on range texts (the API has no enumerator);
 * well above the last NetX add-on range (Web HTTP, 0x30040). */
#define ADDON_SCAN_LIMIT 0xFFFFFu

static const char *const family_title[NXT_FAMILY_COUNT] = {
    [NXT_FAMILY_NETX] = "NetX Duo core (nx_api.h), below 0x100",
    [NXT_FAMILY_TLS] = "NetX Secure TLS/DTLS (nx_secure_tls.h), 0x101-0x154",
    [NXT_FAMILY_X509] = "NetX Secure X.509 (nx_secure_x509.h), 0x181-0x1AA",
    [NXT_FAMILY_CRYPTO] = "NetX crypto library (nx_crypto_const.h), 0x20001-0x20010",
};

/* Table cells: '|' would end the cell, so escape it. */
static void put_cell(const char *s)
{
    for (; s && *s; s++) {
        if (*s == '|')
            fputs("\\|", stdout);
        else
            putchar(*s);
    }
}

static void put_value(uint32_t v)
{
    printf("0x%02X", (unsigned)v);
}

static void put_range(uint32_t lo, uint32_t hi)
{
    put_value(lo);
    if (hi != lo) {
        fputs("-", stdout);
        put_value(hi);
    }
}

static void put_aliases(const char *aliases)
{
    const char *p = aliases;
    int first = 1;

    if (!p || !*p) {
        fputs("-", stdout);
        return;
    }
    while (*p) {
        size_t l;

        while (*p == ' ')
            p++;
        l = strcspn(p, " ");
        if (l) {
            printf("%s`%.*s`", first ? "" : "<br>", (int)l, p);
            first = 0;
        }
        p += l;
    }
}

static void put_alert(const struct nxt_status_entry *e)
{
    const char *name = nxt_tls_alert_name(e->alert);

    if (e->alert == NXT_ALERT_NONE || !name) {
        fputs("-", stdout);
        return;
    }
    printf("%s (%u, %s)", name, e->alert,
           e->alert_level == NXT_ALERT_LEVEL_WARNING ? "warning" : "fatal");
}

static void family_table(unsigned fam)
{
    unsigned n = 0;

    printf("## %s\n\n", family_title[fam]);
    printf("| Value | Name | Aliases | Severity | Alert NetX sends | Description | Hint |\n");
    printf("|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < nxt_status_table_len; i++) {
        const struct nxt_status_entry *e = &nxt_status_table[i];

        if (e->family != fam)
            continue;
        fputs("| ", stdout);
        put_value(e->value);
        printf(" | `%s` | ", e->name);
        put_aliases(e->aliases);
        printf(" | %s | ", nxt_severity_name(e->severity));
        put_alert(e);
        fputs(" | ", stdout);
        put_cell(e->description);
        fputs(" | ", stdout);
        put_cell(e->hint);
        fputs(" |\n", stdout);
        n++;
    }
    printf("\n%u entries.\n\n", n);
}

static void summary(void)
{
    unsigned count[NXT_FAMILY_COUNT][NXT_SEV_COUNT] = {{0}};

    printf("## Summary\n\nEntries per family and severity. Value 0 is shared by all four families and counted\n"
           "under netx; its other names are aliases.\n\n");
    for (size_t i = 0; i < nxt_status_table_len; i++) {
        const struct nxt_status_entry *e = &nxt_status_table[i];

        if (e->family < NXT_FAMILY_COUNT && e->severity < NXT_SEV_COUNT)
            count[e->family][e->severity]++;
    }
    printf("| Family |");
    for (unsigned s = 0; s < NXT_SEV_COUNT; s++)
        printf(" %s |", nxt_severity_name(s));
    printf(" total |\n|---|");
    for (unsigned s = 0; s <= NXT_SEV_COUNT; s++)
        printf("---|");
    putchar('\n');
    for (unsigned f = 0; f < NXT_FAMILY_COUNT; f++) {
        unsigned total = 0;

        printf("| %s |", nxt_family_name(f));
        for (unsigned s = 0; s < NXT_SEV_COUNT; s++) {
            printf(" %u |", count[f][s]);
            total += count[f][s];
        }
        printf(" %u |\n", total);
    }
    printf("\n%zu values in all, one entry per value.\n\n",
           nxt_status_table_len);
}

static void received_alerts(void)
{
    printf("## Statuses that report an alert received from the peer\n\n");
    for (size_t i = 0; i < nxt_status_table_len; i++) {
        const struct nxt_status_entry *e = &nxt_status_table[i];

        if (e->received_alert == NXT_RX_ALERT_NONE)
            continue;
        fputs("- ", stdout);
        put_value(e->value);
        printf(" `%s`: %s\n", e->name,
               e->received_alert == NXT_RX_ALERT_CLOSE_NOTIFY
                   ? "the peer sent close_notify"
                   : "the peer sent an alert (its description is in the DTLS record, or via "
                     "nx_secure_tls_session_alert_value_get on the device)");
    }
    putchar('\n');
}

static void addon_section(void)
{
    const char *cur = NULL;
    uint32_t start = 0;

    printf("## NetX add-on status ranges\n\n");
    printf("NetX add-on modules (DHCP, DNS, MQTT, Azure IoT, ...) return their own status values, and their\n"
           "ranges overlap each other; two of them also overlap TLS (SNMP) and crypto (Azure IoT) codes.\n"
           "A bare value in such a range cannot be tied to one add-on, so the dissector names every add-on\n"
           "whose range holds it. Values with a table entry keep their entry and get the overlap as a note.\n\n");
    printf("| Values | Text shown |\n|---|---|\n");
    for (uint32_t v = 0;; v++) {
        const char *t = v <= ADDON_SCAN_LIMIT ? nxt_status_addon_range(v) : NULL;

        if (t != cur) {
            if (cur) {
                fputs("| ", stdout);
                put_range(start, v - 1);
                fputs(" | ", stdout);
                put_cell(cur);
                fputs(" |\n", stdout);
            }
            cur = t;
            start = v;
        }
        if (v > ADDON_SCAN_LIMIT)
            break;
    }
    printf("\nAny other value without an entry is in no known add-on range (no text).\n");
}

int main(void)
{
    printf("Generated by tools/gen_status_doc from plugin/status_table.c — do not edit\n\n");
    printf("# NetX status codes\n\n");
    printf("Every status value the nxtrace dissector resolves: NetX Duo core, NetX Secure TLS/DTLS and\n"
           "X.509, and the NetX crypto library. Names and values are those of the NetX Duo v6.4.2 headers\n"
           "(spelling kept, including `NX_CRYTPO_MISSING_ECC_CURVE`). Descriptions and hints are nxtrace's.\n\n");
    printf("- **Severity**: `success`; `info` for normal flow (e.g. the peer closed cleanly); `warning` for\n"
           "  conditions NetX recovers from or ignores (e.g. duplicate or stale DTLS records); `error` when\n"
           "  the operation failed.\n"
           "- **Alert NetX sends**: the alert NetX Secure's status-to-alert mapping gives this status, i.e. the\n"
           "  alert the device sends if it aborts the session with it (number and level in brackets).\n"
           "  `-`: the mapping does not list the status.\n\n");
    summary();
    for (unsigned f = 0; f < NXT_FAMILY_COUNT; f++)
        family_table(f);
    received_alerts();
    addon_section();
    return 0;
}
