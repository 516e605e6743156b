/*
 * Compile check of the hook's header in NXTRACE_NETX_REPLACE mode: an
 * application's unchanged nx_secure_dtls_* calls must turn into the
 * reporting wrappers, with NetX's own argument and return types.
 * SPDX-License-Identifier: MIT
 */
#include "nx_api.h"
#include "nx_secure_dtls_api.h"
#define NXTRACE_NETX_REPLACE
#include "nxtrace_netx.h"

UINT app_round_trip(NX_SECURE_DTLS_SESSION *session, NX_UDP_SOCKET *udp, NXD_ADDRESS *server,
                    NX_PACKET_POOL *pool);

UINT app_round_trip(NX_SECURE_DTLS_SESSION *session, NX_UDP_SOCKET *udp, NXD_ADDRESS *server,
                    NX_PACKET_POOL *pool)
{
    NX_PACKET *packet;
    UINT status;
    UINT (*check)(NX_SECURE_DTLS_SESSION *, UINT) = nxtrace_dtls_session_end;

    status = nx_secure_dtls_client_session_start(session, udp, server, 4433, NX_WAIT_FOREVER);
    if (status == NX_SUCCESS)
        status = nx_secure_dtls_packet_allocate(session, pool, &packet, NX_WAIT_FOREVER);
    if (status == NX_SUCCESS)
        status = nx_secure_dtls_client_session_send(session, packet);
    if (status == NX_SUCCESS)
        status = nx_secure_dtls_session_receive(session, &packet, NX_WAIT_FOREVER);
    (void)nx_secure_dtls_session_end(session, NX_NO_WAIT);
    (void)nx_secure_dtls_session_delete(session);
    return check == nx_secure_dtls_session_end ? status : NX_NOT_SUCCESSFUL;
}
