/*
 * nxtrace_netx.h - the NetX Duo side of nxtrace: report what every
 * nx_secure_dtls_* service returned, with the DTLS session and record it
 * concerns, as NXTR datagrams (docs/PROTOCOL.md) to a collector.
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 The nxtrace authors
 *
 * Permission is hereby granted, free of charge, to any person obtaining a copy
 * of this software and associated documentation files (the "Software"), to deal
 * in the Software without restriction, including without limitation the rights
 * to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
 * copies of the Software, and to permit persons to whom the Software is
 * furnished to do so, subject to the following conditions:
 *
 * The above copyright notice and this permission notice shall be included in
 * all copies or substantial portions of the Software.
 *
 * THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
 * IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
 * FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
 * AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
 * LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
 * OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
 * SOFTWARE.
 *
 * Usage (docs/FIRMWARE.md):
 *
 *   nxtrace_netx_init(0x0A1B2C3D, "sensor-07", "1.2.0");       // any time, once
 *   nxtrace_netx_attach(&ip, &pool, &collector, 47474, 0);      // once the IP is up
 *   status = nxtrace_dtls_client_session_start(&s, &udp, &server, 4433, wait);
 *
 * Each nxtrace_dtls_<service>() takes the arguments of nx_secure_dtls_<service>(),
 * calls it, reports its status and returns it.  Define NXTRACE_NETX_REPLACE
 * before including this header to make the nx_secure_dtls_* names themselves
 * report (no call site changes).
 *
 * Nothing here waits for the network: packets are allocated with NX_NO_WAIT,
 * and a datagram that cannot be allocated or sent is counted and skipped; its
 * sequence number is used all the same, so the gap shows on the wire.
 */
#ifndef NXTRACE_NETX_H
#define NXTRACE_NETX_H

#include "nx_api.h"
#include "nx_secure_dtls_api.h"
#include "nxtrace.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bytes of one trace datagram (and of the queue kept before attach). */
#ifndef NXTRACE_NETX_DATAGRAM_SIZE
#define NXTRACE_NETX_DATAGRAM_SIZE 512
#endif

/* Which DTLS record a status concerns, for nxtrace_netx_status(). */
#define NXTRACE_NETX_RECORD_NONE      0 /* no record (or none NetX can name)  */
#define NXTRACE_NETX_RECORD_SENT      1 /* the last record the device sent    */
#define NXTRACE_NETX_RECORD_RECEIVED  2 /* the last record NetX accepted      */
#define NXTRACE_NETX_RECORD_NEXT_SENT 3 /* the next record the device sends   */

typedef struct NXTRACE_NETX_STATS_STRUCT
{
    ULONG nxtrace_netx_events;             /* events accepted                      */
    ULONG nxtrace_netx_datagrams_sent;     /* datagrams handed to NetX             */
    ULONG nxtrace_netx_datagrams_dropped;  /* no packet / send failed: seq gap     */
    ULONG nxtrace_netx_events_dropped;     /* did not fit before attach, or bad    */
} NXTRACE_NETX_STATS;

/* Starts tracing: DEVICE_INFO is the first event.  Events are queued until
   nxtrace_netx_attach().  Call once, from tx_application_define or a thread. */
UINT nxtrace_netx_init(ULONG device_id, const CHAR *name, const CHAR *firmware);

/* Creates the trace UDP socket (local_port 0: any free port) and sends what
   was queued.  collector may be IPv4 or IPv6. */
UINT nxtrace_netx_attach(NX_IP *ip_ptr, NX_PACKET_POOL *pool_ptr, const NXD_ADDRESS *collector,
                         UINT collector_port, UINT local_port);

/* Up to max_events events per datagram (1, the default: every event at once).
   A batch is sent when full or on nxtrace_netx_flush(). */
UINT nxtrace_netx_batch_set(UINT max_events);
UINT nxtrace_netx_flush(VOID);

/* A LOG event (level: enum nxtrace_log_level, 0..7). */
VOID nxtrace_netx_log(UINT level, const CHAR *text);

/* The raw report: status of service api (enum nxtrace_api_id) about session
   (NX_NULL: no SESSION block), naming the record chosen by record
   (NXTRACE_NETX_RECORD_*).  The wrappers below call it. */
VOID nxtrace_netx_status(UINT api, UINT status, NX_SECURE_DTLS_SESSION *session, UINT record);

VOID nxtrace_netx_stats_get(NXTRACE_NETX_STATS *stats);

/* The wrappers: NetX's arguments, NetX's return value, plus one STATUS event. */
UINT nxtrace_dtls_client_session_start(NX_SECURE_DTLS_SESSION *dtls_session, NX_UDP_SOCKET *udp_socket,
                                       NXD_ADDRESS *ip_address, UINT port, UINT wait_option);
UINT nxtrace_dtls_server_session_start(NX_SECURE_DTLS_SESSION *dtls_session, UINT wait_option);
UINT nxtrace_dtls_session_start(NX_SECURE_DTLS_SESSION *dtls_session, NX_UDP_SOCKET *udp_socket,
                                UINT is_client, UINT wait_option);
UINT nxtrace_dtls_session_send(NX_SECURE_DTLS_SESSION *dtls_session, NX_PACKET *packet_ptr,
                               NXD_ADDRESS *ip_address, UINT port);
UINT nxtrace_dtls_client_session_send(NX_SECURE_DTLS_SESSION *dtls_session, NX_PACKET *packet_ptr);
UINT nxtrace_dtls_server_session_send(NX_SECURE_DTLS_SESSION *dtls_session, NX_PACKET *packet_ptr);
UINT nxtrace_dtls_session_receive(NX_SECURE_DTLS_SESSION *dtls_session, NX_PACKET **packet_ptr_ptr,
                                  ULONG wait_option);
UINT nxtrace_dtls_session_end(NX_SECURE_DTLS_SESSION *dtls_session, UINT wait_option);
UINT nxtrace_dtls_session_delete(NX_SECURE_DTLS_SESSION *dtls_session);
UINT nxtrace_dtls_session_reset(NX_SECURE_DTLS_SESSION *dtls_session);
UINT nxtrace_dtls_session_create(NX_SECURE_DTLS_SESSION *session_ptr, const NX_SECURE_TLS_CRYPTO *crypto_table,
                                 VOID *metadata_buffer, ULONG metadata_size, UCHAR *packet_reassembly_buffer,
                                 UINT packet_reassembly_buffer_size, UINT certs_number,
                                 UCHAR *remote_certificate_buffer, ULONG remote_certificate_buffer_size);
UINT nxtrace_dtls_packet_allocate(NX_SECURE_DTLS_SESSION *dtls_session, NX_PACKET_POOL *pool_ptr,
                                  NX_PACKET **packet_ptr, ULONG wait_option);
UINT nxtrace_dtls_session_trusted_certificate_add(NX_SECURE_DTLS_SESSION *dtls_session,
                                                  NX_SECURE_X509_CERT *certificate, UINT cert_id);
UINT nxtrace_dtls_session_local_certificate_add(NX_SECURE_DTLS_SESSION *dtls_session,
                                                NX_SECURE_X509_CERT *certificate, UINT cert_id);
UINT nxtrace_dtls_ecc_initialize(NX_SECURE_DTLS_SESSION *dtls_session, const USHORT *supported_groups,
                                 USHORT supported_group_count, const NX_CRYPTO_METHOD **curves);
UINT nxtrace_dtls_session_client_info_get(NX_SECURE_DTLS_SESSION *dtls_session, NXD_ADDRESS *client_ip_address,
                                          UINT *client_port, UINT *local_port);
UINT nxtrace_dtls_server_create(NX_SECURE_DTLS_SERVER *server_ptr, NX_IP *ip_ptr, UINT port, ULONG timeout,
                                VOID *session_buffer, UINT session_buffer_size,
                                const NX_SECURE_TLS_CRYPTO *crypto_table, VOID *crypto_metadata_buffer,
                                ULONG crypto_metadata_size, UCHAR *packet_reassembly_buffer,
                                UINT packet_reassembly_buffer_size,
                                UINT (*connect_notify)(NX_SECURE_DTLS_SESSION *, NXD_ADDRESS *, UINT),
                                UINT (*receive_notify)(NX_SECURE_DTLS_SESSION *));
UINT nxtrace_dtls_server_delete(NX_SECURE_DTLS_SERVER *server_ptr);
UINT nxtrace_dtls_server_start(NX_SECURE_DTLS_SERVER *server_ptr);
UINT nxtrace_dtls_server_stop(NX_SECURE_DTLS_SERVER *server_ptr);
UINT nxtrace_dtls_server_notify_set(NX_SECURE_DTLS_SERVER *server_ptr,
                                    UINT (*disconnect_notify)(NX_SECURE_DTLS_SESSION *),
                                    UINT (*error_notify)(NX_SECURE_DTLS_SESSION *, UINT));
UINT nxtrace_dtls_server_local_certificate_add(NX_SECURE_DTLS_SERVER *server_ptr,
                                               NX_SECURE_X509_CERT *certificate, UINT cert_id);
UINT nxtrace_dtls_server_trusted_certificate_add(NX_SECURE_DTLS_SERVER *server_ptr,
                                                 NX_SECURE_X509_CERT *certificate, UINT cert_id);
UINT nxtrace_dtls_server_ecc_initialize(NX_SECURE_DTLS_SERVER *server_ptr, const USHORT *supported_groups,
                                        USHORT supported_group_count, const NX_CRYPTO_METHOD **curves);

#if defined(NXTRACE_NETX_REPLACE) && !defined(NXTRACE_NETX_SOURCE)
/* The application's nx_secure_dtls_* calls report by themselves. */
#undef nx_secure_dtls_client_session_start
#undef nx_secure_dtls_server_session_start
#undef nx_secure_dtls_session_start
#undef nx_secure_dtls_session_send
#undef nx_secure_dtls_client_session_send
#undef nx_secure_dtls_server_session_send
#undef nx_secure_dtls_session_receive
#undef nx_secure_dtls_session_end
#undef nx_secure_dtls_session_delete
#undef nx_secure_dtls_session_reset
#undef nx_secure_dtls_session_create
#undef nx_secure_dtls_packet_allocate
#undef nx_secure_dtls_session_trusted_certificate_add
#undef nx_secure_dtls_session_local_certificate_add
#undef nx_secure_dtls_ecc_initialize
#undef nx_secure_dtls_session_client_info_get
#undef nx_secure_dtls_server_create
#undef nx_secure_dtls_server_delete
#undef nx_secure_dtls_server_start
#undef nx_secure_dtls_server_stop
#undef nx_secure_dtls_server_notify_set
#undef nx_secure_dtls_server_local_certificate_add
#undef nx_secure_dtls_server_trusted_certificate_add
#undef nx_secure_dtls_server_ecc_initialize
#define nx_secure_dtls_client_session_start          nxtrace_dtls_client_session_start
#define nx_secure_dtls_server_session_start          nxtrace_dtls_server_session_start
#define nx_secure_dtls_session_start                 nxtrace_dtls_session_start
#define nx_secure_dtls_session_send                  nxtrace_dtls_session_send
#define nx_secure_dtls_client_session_send           nxtrace_dtls_client_session_send
#define nx_secure_dtls_server_session_send           nxtrace_dtls_server_session_send
#define nx_secure_dtls_session_receive               nxtrace_dtls_session_receive
#define nx_secure_dtls_session_end                   nxtrace_dtls_session_end
#define nx_secure_dtls_session_delete                nxtrace_dtls_session_delete
#define nx_secure_dtls_session_reset                 nxtrace_dtls_session_reset
#define nx_secure_dtls_session_create                nxtrace_dtls_session_create
#define nx_secure_dtls_packet_allocate               nxtrace_dtls_packet_allocate
#define nx_secure_dtls_session_trusted_certificate_add nxtrace_dtls_session_trusted_certificate_add
#define nx_secure_dtls_session_local_certificate_add nxtrace_dtls_session_local_certificate_add
#define nx_secure_dtls_ecc_initialize                nxtrace_dtls_ecc_initialize
#define nx_secure_dtls_session_client_info_get       nxtrace_dtls_session_client_info_get
#define nx_secure_dtls_server_create                 nxtrace_dtls_server_create
#define nx_secure_dtls_server_delete                 nxtrace_dtls_server_delete
#define nx_secure_dtls_server_start                  nxtrace_dtls_server_start
#define nx_secure_dtls_server_stop                   nxtrace_dtls_server_stop
#define nx_secure_dtls_server_notify_set             nxtrace_dtls_server_notify_set
#define nx_secure_dtls_server_local_certificate_add  nxtrace_dtls_server_local_certificate_add
#define nx_secure_dtls_server_trusted_certificate_add nxtrace_dtls_server_trusted_certificate_add
#define nx_secure_dtls_server_ecc_initialize         nxtrace_dtls_server_ecc_initialize
#endif

#ifdef __cplusplus
}
#endif

#endif /* NXTRACE_NETX_H */
