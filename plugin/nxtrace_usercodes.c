/* nxtrace_usercodes.c - the user's status table (a UAT): application codes
 * (service 0xFFFF) and the NetX add-on an ambiguous value belongs to, per
 * device or service.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Built-in codes stay in status_table.c, the one place NetX codes are
 * defined: an entry may name a value for service 0xFFFF (the application's
 * own codes, which may reuse any number), or a value NetX's table does not
 * have (an add-on's), never redefine a NetX code for a NetX service.  Each
 * record is checked when it is entered (GUI, file or `-o uat:...`) and turned
 * into a status entry once, so a lookup is a short scan of parsed records,
 * and only for values the built-in table does not resolve.
 */
#include "nxtrace_plugin.h"
#include "nxtrace.h"

#include <errno.h>
#include <stdlib.h>
#include <epan/uat.h>

typedef struct {
    char *status, *service, *device, *name, *severity, *meaning, *hint, *addon;
} user_code_rec_t;

typedef struct {
    guint32 lo, hi;
    gint32 service;          /* -1: any */
    gint64 device;           /* -1: any */
    char *addon;             /* NULL: none */
    struct nxt_status_entry entry;
} user_code_t;

static user_code_rec_t *recs;
static guint n_recs;
static user_code_t *codes;   /* parsed, in table order */
static guint n_codes;

UAT_CSTRING_CB_DEF(user_codes, status, user_code_rec_t)
UAT_CSTRING_CB_DEF(user_codes, service, user_code_rec_t)
UAT_CSTRING_CB_DEF(user_codes, device, user_code_rec_t)
UAT_CSTRING_CB_DEF(user_codes, name, user_code_rec_t)
UAT_CSTRING_CB_DEF(user_codes, severity, user_code_rec_t)
UAT_CSTRING_CB_DEF(user_codes, meaning, user_code_rec_t)
UAT_CSTRING_CB_DEF(user_codes, hint, user_code_rec_t)
UAT_CSTRING_CB_DEF(user_codes, addon, user_code_rec_t)

static void *rec_copy(void *dst, const void *src, size_t len _U_)
{
    const user_code_rec_t *s = (const user_code_rec_t *)src;
    user_code_rec_t *d = (user_code_rec_t *)dst;

    d->status = g_strdup(s->status);
    d->service = g_strdup(s->service);
    d->device = g_strdup(s->device);
    d->name = g_strdup(s->name);
    d->severity = g_strdup(s->severity);
    d->meaning = g_strdup(s->meaning);
    d->hint = g_strdup(s->hint);
    d->addon = g_strdup(s->addon);
    return d;
}

static void rec_free(void *r)
{
    user_code_rec_t *u = (user_code_rec_t *)r;

    g_free(u->status);
    g_free(u->service);
    g_free(u->device);
    g_free(u->name);
    g_free(u->severity);
    g_free(u->meaning);
    g_free(u->hint);
    g_free(u->addon);
}

/* Empty, spaces or "*": any. */
static gboolean is_blank(const char *s)
{
    if (s == NULL)
        return TRUE;
    while (*s == ' ')
        s++;
    return *s == '\0' || (s[0] == '*' && s[1] == '\0');
}

/* A number in decimal or 0x hex, within [0, max]. */
static gboolean parse_u64(const char *s, guint64 max, guint64 *out)
{
    char *end;

    while (*s == ' ')
        s++;
    if (!g_ascii_isdigit(*s))
        return FALSE;
    errno = 0;
    *out = g_ascii_strtoull(s, &end, 0);
    while (*end == ' ')
        end++;
    return errno == 0 && *end == '\0' && *out <= max;
}

static int severity_of(const char *s)
{
    for (int i = 0; i < NXT_SEV_COUNT; i++)
        if (g_ascii_strcasecmp(s, nxt_severity_name((unsigned)i)) == 0)
            return i;
    return -1;
}

/* The first NetX code in [lo, hi], or NULL. */
static const struct nxt_status_entry *builtin_in(guint32 lo, guint32 hi)
{
    for (size_t i = 0; i < nxt_status_table_len; i++)
        if (nxt_status_table[i].value >= lo && nxt_status_table[i].value <= hi)
            return &nxt_status_table[i];
    return NULL;
}

/* Parses and checks a record; on success fills *out (if not NULL). */
static gboolean rec_parse(const user_code_rec_t *r, user_code_t *out, char **err)
{
    guint64 lo, hi, v;
    const char *dash;
    gint32 service = -1;
    gint64 device = -1;
    int sev;
    const struct nxt_status_entry *b;

    if (r->status == NULL || (dash = strchr(r->status, '-')) == NULL) {
        if (r->status == NULL || !parse_u64(r->status, G_MAXUINT32, &lo)) {
            *err = g_strdup_printf("Status \"%s\": give a value (0x8001 or 32769) or a range (0xD01-0xD45)",
                                   r->status ? r->status : "");
            return FALSE;
        }
        hi = lo;
    } else {
        char *first = g_strndup(r->status, (gsize)(dash - r->status));
        gboolean ok = parse_u64(first, G_MAXUINT32, &lo) && parse_u64(dash + 1, G_MAXUINT32, &hi);
        g_free(first);
        if (!ok || lo > hi) {
            *err = g_strdup_printf("Status range \"%s\": give two values, the lower first (0xD01-0xD45)", r->status);
            return FALSE;
        }
    }
    if (!is_blank(r->service)) {
        if (!parse_u64(r->service, 0xFFFF, &v)) {
            *err = g_strdup_printf("Service \"%s\": give an api id from 1 to 35, 65535 (0xFFFF, application-"
                                   "defined), or leave it empty for any", r->service);
            return FALSE;
        }
        service = (gint32)v;
    }
    if (!is_blank(r->device)) {
        if (!parse_u64(r->device, G_MAXUINT32, &v)) {
            *err = g_strdup_printf("Device \"%s\": give a device id (0x00000016 or 22), or leave it empty for any",
                                   r->device);
            return FALSE;
        }
        device = (gint64)v;
    }
    if (r->name == NULL || !g_ascii_isalpha(r->name[0]) ||
        strspn(r->name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") != strlen(r->name)) {
        *err = g_strdup_printf("Name \"%s\": give an identifier, letters, digits and _ (APP_SENSOR_TIMEOUT)",
                               r->name ? r->name : "");
        return FALSE;
    }
    sev = r->severity ? severity_of(r->severity) : -1;
    if (sev < 0) {
        *err = g_strdup_printf("Severity \"%s\" of %s: give success, info, warning or error",
                               r->severity ? r->severity : "", r->name);
        return FALSE;
    }
    if (service != NXTRACE_API_APPLICATION) {
        /* NetX's own codes are defined once, in the built-in table. */
        if ((b = builtin_in((guint32)lo, (guint32)hi)) != NULL) {
            *err = g_strdup_printf("%s: 0x%x is NetX's %s; only application-defined statuses (service 65535) "
                                   "may reuse a NetX value", r->name, b->value, b->name);
            return FALSE;
        }
        if (is_blank(r->addon)) {
            *err = g_strdup_printf("%s: a status of a NetX service that NetX's table lacks belongs to an add-on: "
                                   "name it (MQTT client, SNTP client, ...), or give service 65535 for an "
                                   "application code", r->name);
            return FALSE;
        }
    }
    if (out != NULL) {
        memset(out, 0, sizeof *out);
        out->lo = (guint32)lo;
        out->hi = (guint32)hi;
        out->service = service;
        out->device = device;
        out->addon = is_blank(r->addon) ? NULL : g_strdup(r->addon);
        out->entry.value = (guint32)lo;
        out->entry.family = NXT_FAMILY_COUNT; /* not NetX's */
        out->entry.severity = (uint8_t)sev;
        out->entry.alert = NXT_ALERT_NONE;
        out->entry.received_alert = NXT_RX_ALERT_NONE;
        out->entry.name = g_strdup(r->name);
        out->entry.description = g_strdup(r->meaning ? r->meaning : "");
        out->entry.hint = g_strdup(r->hint ? r->hint : "");
    }
    return TRUE;
}

static nxt_uat_ret_t rec_update(void *r, char **err)
{
    return rec_parse((const user_code_rec_t *)r, NULL, err);
}

static void codes_free(void)
{
    for (guint i = 0; i < n_codes; i++) {
        g_free(codes[i].addon);
        g_free((char *)codes[i].entry.name);
        g_free((char *)codes[i].entry.description);
        g_free((char *)codes[i].entry.hint);
    }
    g_free(codes);
    codes = NULL;
    n_codes = 0;
}

static void codes_rebuild(void)
{
    char *err = NULL;

    codes_free();
    codes = g_new0(user_code_t, n_recs ? n_recs : 1);
    for (guint i = 0; i < n_recs; i++) {
        if (rec_parse(&recs[i], &codes[n_codes], &err))
            n_codes++;
        g_free(err);
        err = NULL;
    }
}

const struct nxt_status_entry *nxt_user_code_lookup(guint32 status, guint16 api, guint32 device_id,
                                                    const char **addon)
{
    const user_code_t *best = NULL;
    int best_rank = -1;

    for (guint i = 0; i < n_codes; i++) {
        const user_code_t *c = &codes[i];
        int rank;

        if (status < c->lo || status > c->hi || (c->service >= 0 && c->service != api) ||
            (c->device >= 0 && (guint32)c->device != device_id))
            continue;
        /* An application code is only for service 0xFFFF; the most specific entry wins. */
        if ((c->service == NXTRACE_API_APPLICATION) != (api == NXTRACE_API_APPLICATION))
            continue;
        rank = (c->device >= 0) * 2 + (c->service >= 0);
        if (rank > best_rank) {
            best = c;
            best_rank = rank;
        }
    }
    if (best == NULL)
        return NULL;
    *addon = best->addon;
    return &best->entry;
}

const char *nxt_entry_family(const struct nxt_status_entry *e, guint16 api)
{
    if (!nxt_user_code_is(e))
        return nxt_family_name(e->family);
    return api == NXTRACE_API_APPLICATION ? "application" : "add-on";
}

gboolean nxt_user_code_is(const struct nxt_status_entry *e)
{
    return e != NULL && e->family == NXT_FAMILY_COUNT;
}

void nxt_user_codes_register(module_t *module)
{
    static uat_field_t fields[] = {
        UAT_FLD_CSTRING(user_codes, status, "Status",
                        "A value (0x8001) or a range (0xD01-0xD45)"),
        UAT_FLD_CSTRING(user_codes, service, "Service",
                        "65535 (0xFFFF) for the application's own codes; a NetX api id, or empty for any"),
        UAT_FLD_CSTRING(user_codes, device, "Device", "A device id, or empty for any"),
        UAT_FLD_CSTRING(user_codes, name, "Name", "The status's name (an identifier)"),
        UAT_FLD_CSTRING(user_codes, severity, "Severity", "success, info, warning or error"),
        UAT_FLD_CSTRING(user_codes, meaning, "Meaning", "What happened"),
        UAT_FLD_CSTRING(user_codes, hint, "Hint", "What a field engineer should check"),
        UAT_FLD_CSTRING(user_codes, addon, "Add-on",
                        "The NetX add-on the value belongs to (needed unless the service is 65535)"),
        UAT_END_FIELDS
    };
    uat_t *uat = uat_new("NetX Secure Trace status codes", sizeof(user_code_rec_t), "nxtrace_status_codes", TRUE,
                         &recs, &n_recs, UAT_AFFECTS_DISSECTION, NULL, rec_copy, rec_update, rec_free,
                         codes_rebuild, NULL, fields);

    prefs_register_uat_preference(module, "status_codes", "Application and add-on status codes",
                                  "Names, severity, meaning and hint for application-defined statuses "
                                  "(service 0xFFFF), and the NetX add-on a value NetX's table lacks belongs "
                                  "to, per device or service", uat);
}
