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

#if NXT_WS_AT_LEAST(4, 4)
#include <wsutil/plugins.h>
#endif

#ifndef NXT_VERSION
#define NXT_VERSION "0.0.0"
#endif

WS_DLL_PUBLIC_DEF const char plugin_version[] = NXT_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);
#if NXT_WS_AT_LEAST(4, 4)
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

#if NXT_WS_AT_LEAST(4, 4)
uint32_t plugin_describe(void)
{
    return WS_PLUGIN_DESC_DISSECTOR | WS_PLUGIN_DESC_TAP_LISTENER;
}
#endif
