/* plugin.c - the entry points Wireshark's plugin loader looks for.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
/* Exports are declared for building a DLL, as Wireshark's own plugins do
 * (it matters on Windows; on ELF the symbols get default visibility). */
#define WS_BUILD_DLL
#include "ws_compat.h"
#include "nxtrace_plugin.h"

#include <epan/tap.h>
/* Not in Debian's 4.0 SDK; where it is, it may offer plugin_describe(). */
#if defined(__has_include)
#if __has_include(<wsutil/plugins.h>)
#include <wsutil/plugins.h>
#endif
#endif

#ifndef NXT_VERSION
#define NXT_VERSION "0.0.0"
#endif

WS_DLL_PUBLIC_DEF const char plugin_version[] = NXT_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);
/* 4.2 lets a plugin say what it provides (About > Plugins); the feature is
 * tested rather than the version. */
#ifdef WS_PLUGIN_DESC_DISSECTOR
WS_DLL_PUBLIC uint32_t plugin_describe(void);
#endif

void plugin_register(void)
{
    static proto_plugin nxtrace_proto = {
        .register_protoinfo = proto_register_nxtrace,
        .register_handoff = proto_reg_handoff_nxtrace,
    };
    static tap_plugin nxtrace_stats = {
        .register_tap_listener = nxtrace_register_stats,
    };

    proto_register_plugin(&nxtrace_proto);
    tap_register_plugin(&nxtrace_stats);
}

#ifdef WS_PLUGIN_DESC_DISSECTOR
uint32_t plugin_describe(void)
{
    uint32_t provides = WS_PLUGIN_DESC_DISSECTOR;
#ifdef WS_PLUGIN_DESC_TAP_LISTENER
    provides |= WS_PLUGIN_DESC_TAP_LISTENER;
#endif
    return provides;
}
#endif
