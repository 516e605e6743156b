/* ws_compat.h - everything that differs between the Wireshark releases we
 * build against (4.0, 4.2, 4.4, 4.6).  No other file tests version numbers.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef NXT_WS_COMPAT_H
#define NXT_WS_COMPAT_H

#include <wireshark.h>
#include <ws_version.h>
#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/prefs.h>
#include <epan/tfs.h>       /* true_false_string: no longer via packet.h in 4.6 */
#include <epan/wmem_scopes.h>

#define NXT_WS_AT_LEAST(maj, min) \
    (WIRESHARK_VERSION_MAJOR > (maj) || \
     (WIRESHARK_VERSION_MAJOR == (maj) && WIRESHARK_VERSION_MINOR >= (min)))

/* 4.4 made the C99 accessor names canonical; the ntoh* names never changed. */
#if NXT_WS_AT_LEAST(4, 4)
#define nxt_tvb_get_u8 tvb_get_uint8
#else
#define nxt_tvb_get_u8 tvb_get_guint8
#endif

/* Heuristic dissectors return gboolean up to 4.2 and bool later; the build
 * probes which one this SDK wants (NXT_HEUR_RETURNS_BOOL). */
#ifdef NXT_HEUR_RETURNS_BOOL
typedef bool nxt_heur_ret_t;
#else
typedef gboolean nxt_heur_ret_t;
#endif

/* Boolean preferences take a gboolean* in 4.0 and a bool* later: the size
 * differs, so the variable's type must follow the SDK (probed by the build). */
#ifdef NXT_PREF_BOOL_IS_BOOL
typedef bool nxt_pref_bool_t;
#else
typedef gboolean nxt_pref_bool_t;
#endif

/* A UAT's update callback returns gboolean in 4.0 and bool later (probed). */
#ifdef NXT_UAT_CB_RETURNS_BOOL
typedef bool nxt_uat_ret_t;
#else
typedef gboolean nxt_uat_ret_t;
#endif

/* field_info.value became a pointer in 4.2. */
#if NXT_WS_AT_LEAST(4, 2)
#define NXT_FI_VALUE(fi) ((fi)->value)
#else
#define NXT_FI_VALUE(fi) (&(fi)->value)
#endif
#define nxt_fi_get_uint(fi)   fvalue_get_uinteger(NXT_FI_VALUE(fi))
#define nxt_fi_get_uint64(fi) fvalue_get_uinteger64(NXT_FI_VALUE(fi))

/* 4.6 gave value_string_ext_new() a wmem scope (the tables live for the
 * program, like Wireshark's epan scope). */
#if NXT_WS_AT_LEAST(4, 6)
#define nxt_value_string_ext_new(vs, n, name) value_string_ext_new(wmem_epan_scope(), (vs), (n), (name))
#else
#define nxt_value_string_ext_new(vs, n, name) value_string_ext_new((vs), (n), (name))
#endif

/* A data source's label ("Decrypted DTLS (37 bytes)"), g_malloc'ed: 4.6
 * renamed get_data_source_name() to get_data_source_description(). */
#if NXT_WS_AT_LEAST(4, 6)
#define nxt_data_source_label(src) get_data_source_description(src)
#else
#define nxt_data_source_label(src) get_data_source_name(src)
#endif

/* 4.6 renamed the unaligned big-endian readers of wsutil/pint.h
 * (pntoh16 -> pntohu16). */
#if NXT_WS_AT_LEAST(4, 6)
#define nxt_pntoh16(p) pntohu16(p)
#else
#define nxt_pntoh16(p) pntoh16(p)
#endif

/* A -z statistic's init callback returns bool from 4.6 on (false refuses
 * the option); void before. */
#if NXT_WS_AT_LEAST(4, 6)
typedef bool nxt_stat_tap_init_ret_t;
#define NXT_STAT_TAP_INIT_DONE() return true
#else
typedef void nxt_stat_tap_init_ret_t;
#define NXT_STAT_TAP_INIT_DONE() return
#endif

#ifndef array_length
#define array_length(x) (sizeof(x) / sizeof((x)[0]))
#endif

#endif /* NXT_WS_COMPAT_H */
