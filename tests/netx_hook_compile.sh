#!/bin/sh
# The hook compiles against the real NetX Duo / ThreadX headers with -Wall
# -Wextra (errors), C99 and C11, and its NXTRACE_NETX_REPLACE mode turns an
# application's nx_secure_dtls_* calls into the wrappers.  No root needed.
# Skips (77), saying why, without NetX sources ($NXT_NETX_DIR, else ../shared/netx).
# SPDX-License-Identifier: GPL-2.0-or-later
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
netx=${NXT_NETX_DIR:-}
if [ -z "$netx" ] && [ -d "$top/../shared/netx" ]; then
    netx=$top/../shared/netx
fi
[ -n "$netx" ] && [ -f "$netx/netxduo/common/inc/nx_api.h" ] ||
    { echo "SKIP unit.netx_hook: no NetX Duo / ThreadX sources (set NXT_NETX_DIR, or put them in ../shared/netx)"; exit 77; }
inc="-I$netx/threadx/common/inc -I$netx/threadx/ports/linux/gnu/inc -I$netx/netxduo/common/inc
     -I$netx/netxduo/ports/linux/gnu/inc -I$netx/netxduo/nx_secure/inc -I$netx/netxduo/nx_secure/ports
     -I$netx/netxduo/crypto_libraries/inc -I$netx/netxduo/crypto_libraries/ports/linux/gnu/inc
     -I$top/device/netx -I$top/include"
for std in gnu99 gnu11; do
    for f in "$top/device/netx/nxtrace_netx.c" "$top/tests/unit/netx_hook_replace.c"; do
        # shellcheck disable=SC2086
        ${CC:-cc} -std=$std -Wall -Wextra -Werror -fsyntax-only -D_GNU_SOURCE -DNX_SECURE_ENABLE_DTLS $inc "$f"
    done
done
echo "nxtrace_netx.c and the REPLACE mode compile against $netx with -Wall -Wextra -Werror"
