/*
 * nxtrace_netx.c - NetX Duo trace hook for nxtrace (see nxtrace_netx.h).
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 The nxtrace authors
 * (licence text in nxtrace_netx.h)
 *
 * Where the SESSION and RECORD blocks come from (NetX Secure 6.4,
 * nx_secure_dtls.h / nx_secure_tls.h):
 *   peer          nx_secure_dtls_remote_ip_address / _remote_port
 *   local port    nx_secure_dtls_local_port on a server session, else the
 *                 port of the UDP socket the session runs on
 *   local address the interface (IPv4) or IPv6 address at
 *                 nx_secure_dtls_local_ip_address_index, else the first one
 *   sent          nx_secure_dtls_local_epoch and nx_secure_tls_local_sequence_number,
 *                 the NEXT number to use, host order, [0] low 32 bits, [1] high 16
 *   received      nx_secure_dtls_remote_epoch and nx_secure_tls_remote_sequence_number,
 *                 the highest number accepted, stored byte-swapped, [0] high, [1] low
 * nx_secure_dtls_session_end/_delete/_reset clear all of it, so their
 * wrappers read the session before the call.
 */
#define NXTRACE_NETX_SOURCE
#include "nxtrace_netx.h"

static struct
{
    UINT            initialized;
    TX_MUTEX        lock;
    NX_IP          *ip;
    NX_PACKET_POOL *pool;
    NX_UDP_SOCKET   socket;
    NXD_ADDRESS     collector;
    UINT            collector_port;
    UINT            attached;
    UINT            batch;
    ULONG           device_id;
    ULONG           seq;
    struct nxtrace_writer writer;
    NXTRACE_NETX_STATS stats;
    UCHAR           buf[NXTRACE_NETX_DATAGRAM_SIZE];
} nxt;

static ULONG64 nxt_now_us(VOID)
{
    return (ULONG64)tx_time_get() * (1000000u / TX_TIMER_TICKS_PER_SECOND);
}

/* Sends the open datagram, if any.  The seq is spent even when the packet
   cannot be had: the collector then sees the gap.  Lock held. */
static VOID nxt_send_open(VOID)
{
    NX_PACKET *packet;
    size_t len;

    if (nxt.writer.state != 1)
        return;
    len = nxtrace_finish(&nxt.writer);
    nxt.seq++;
    if (nx_packet_allocate(nxt.pool, &packet, NX_UDP_PACKET, NX_NO_WAIT) != NX_SUCCESS)
    {
        nxt.stats.nxtrace_netx_datagrams_dropped++;
        return;
    }
    if (nx_packet_data_append(packet, nxt.buf, (ULONG)len, nxt.pool, NX_NO_WAIT) != NX_SUCCESS ||
        nxd_udp_socket_send(&nxt.socket, packet, &nxt.collector, nxt.collector_port) != NX_SUCCESS)
    {
        nx_packet_release(packet);
        nxt.stats.nxtrace_netx_datagrams_dropped++;
        return;
    }
    nxt.stats.nxtrace_netx_datagrams_sent++;
}

static VOID nxt_begin(VOID)
{
    (void)nxtrace_begin(&nxt.writer, nxt.buf, sizeof(nxt.buf), 0, (uint32_t)nxt.device_id,
                        (uint32_t)nxt.seq, nxt_now_us());
}

/* Adds one event through add(); sends when the batch is full.  Lock held. */
typedef int (*nxt_add_fn)(const VOID *arg);

static VOID nxt_emit(nxt_add_fn add, const VOID *arg)
{
    int rc;

    if (nxt.writer.state != 1)
        nxt_begin();
    rc = add(arg);
    if (rc == NXTRACE_E_NOSPACE && nxt.attached && nxt.writer.event_count > 0)
    {
        /* does not fit behind the batch: send the batch, start a new one */
        nxt_send_open();
        nxt_begin();
        rc = add(arg);
    }
    if (rc != NXTRACE_OK)
    {
        nxt.stats.nxtrace_netx_events_dropped++;
        if (nxt.writer.event_count == 0)
            nxt.writer.state = 0; /* nothing in it: no datagram, no seq */
        return;
    }
    nxt.stats.nxtrace_netx_events++;
    if (nxt.attached && nxt.writer.event_count >= nxt.batch)
        nxt_send_open();
}

static int nxt_add_status(const VOID *arg)
{
    return nxtrace_add_status(&nxt.writer, (const struct nxtrace_status *)arg);
}

struct nxt_text
{
    UINT        level;
    const CHAR *text;
    size_t      len;
};

static int nxt_add_log(const VOID *arg)
{
    const struct nxt_text *t = (const struct nxt_text *)arg;
    return nxtrace_add_log(&nxt.writer, (uint8_t)t->level, t->text, t->len);
}

struct nxt_info
{
    const CHAR *name;
    const CHAR *firmware;
};

static size_t nxt_strlen(const CHAR *s, size_t max)
{
    size_t n = 0;
    while (s && n < max && s[n])
        n++;
    return n;
}

static int nxt_add_info(const VOID *arg)
{
    const struct nxt_info *i = (const struct nxt_info *)arg;
    return nxtrace_add_device_info(&nxt.writer, i->name, nxt_strlen(i->name, 255),
                                   i->firmware, nxt_strlen(i->firmware, 255));
}

UINT nxtrace_netx_init(ULONG device_id, const CHAR *name, const CHAR *firmware)
{
    struct nxt_info info;

    if (nxt.initialized)
        return NX_ALREADY_ENABLED;
    if (tx_mutex_create(&nxt.lock, "nxtrace", TX_INHERIT) != TX_SUCCESS)
        return NX_NOT_CREATED;
    nxt.device_id = device_id;
    nxt.batch = 1;
    nxt.initialized = 1;
    info.name = name;
    info.firmware = firmware;
    tx_mutex_get(&nxt.lock, TX_WAIT_FOREVER);
    nxt_emit(nxt_add_info, &info);
    tx_mutex_put(&nxt.lock);
    return NX_SUCCESS;
}

UINT nxtrace_netx_attach(NX_IP *ip_ptr, NX_PACKET_POOL *pool_ptr, const NXD_ADDRESS *collector,
                         UINT collector_port, UINT local_port)
{
    UINT status;

    if (!nxt.initialized)
        return NX_NOT_ENABLED;
    if (nxt.attached)
        return NX_ALREADY_ENABLED;
    status = nx_udp_socket_create(ip_ptr, &nxt.socket, "nxtrace", NX_IP_NORMAL, NX_FRAGMENT_OKAY,
                                  NX_IP_TIME_TO_LIVE, 4);
    if (status != NX_SUCCESS)
        return status;
    status = nx_udp_socket_bind(&nxt.socket, local_port ? local_port : NX_ANY_PORT, NX_NO_WAIT);
    if (status != NX_SUCCESS)
    {
        nx_udp_socket_delete(&nxt.socket);
        return status;
    }
    tx_mutex_get(&nxt.lock, TX_WAIT_FOREVER);
    nxt.ip = ip_ptr;
    nxt.pool = pool_ptr;
    nxt.collector = *collector;
    nxt.collector_port = collector_port;
    nxt.attached = 1;
    /* what was queued goes out now, as one datagram (or more if batching) */
    if (nxt.writer.state == 1 && nxt.writer.event_count >= nxt.batch)
        nxt_send_open();
    tx_mutex_put(&nxt.lock);
    return NX_SUCCESS;
}

UINT nxtrace_netx_batch_set(UINT max_events)
{
    if (max_events == 0 || max_events > 0xFFFFu)
        return NX_INVALID_PARAMETERS;
    tx_mutex_get(&nxt.lock, TX_WAIT_FOREVER);
    nxt.batch = max_events;
    if (nxt.attached && nxt.writer.state == 1 && nxt.writer.event_count >= nxt.batch)
        nxt_send_open();
    tx_mutex_put(&nxt.lock);
    return NX_SUCCESS;
}

UINT nxtrace_netx_flush(VOID)
{
    if (!nxt.initialized || !nxt.attached)
        return NX_NOT_ENABLED;
    tx_mutex_get(&nxt.lock, TX_WAIT_FOREVER);
    nxt_send_open();
    tx_mutex_put(&nxt.lock);
    return NX_SUCCESS;
}

VOID nxtrace_netx_log(UINT level, const CHAR *text)
{
    struct nxt_text t;

    if (!nxt.initialized)
        return;
    t.level = level;
    t.text = text;
    t.len = nxt_strlen(text, NXTRACE_NETX_DATAGRAM_SIZE);
    tx_mutex_get(&nxt.lock, TX_WAIT_FOREVER);
    nxt_emit(nxt_add_log, &t);
    tx_mutex_put(&nxt.lock);
}

VOID nxtrace_netx_stats_get(NXTRACE_NETX_STATS *stats)
{
    if (!nxt.initialized)
        return;
    tx_mutex_get(&nxt.lock, TX_WAIT_FOREVER);
    *stats = nxt.stats;
    tx_mutex_put(&nxt.lock);
}

/* ---- reading the session control block ---------------------------------- */

static VOID nxt_put_ulong(UCHAR *p, ULONG v)
{
    p[0] = (UCHAR)(v >> 24);
    p[1] = (UCHAR)(v >> 16);
    p[2] = (UCHAR)(v >> 8);
    p[3] = (UCHAR)v;
}

static UINT nxt_role(NX_SECURE_DTLS_SESSION *session)
{
    switch (session->nx_secure_dtls_tls_session.nx_secure_tls_socket_type)
    {
    case NX_SECURE_TLS_SESSION_TYPE_CLIENT:
        return NXTRACE_ROLE_DTLS_CLIENT;
    case NX_SECURE_TLS_SESSION_TYPE_SERVER:
        return NXTRACE_ROLE_DTLS_SERVER;
    default:
        return session->nx_secure_dtls_server_parent ? NXTRACE_ROLE_DTLS_SERVER : NXTRACE_ROLE_UNKNOWN;
    }
}

/* The SESSION block, once the session has a peer. */
static VOID nxt_fill_session(struct nxtrace_status *st, NX_SECURE_DTLS_SESSION *session)
{
    NXD_ADDRESS *remote = &session->nx_secure_dtls_remote_ip_address;
    NX_UDP_SOCKET *udp = session->nx_secure_dtls_udp_socket;
    NX_IP *ip = udp ? udp->nx_udp_socket_ip_ptr : nxt.ip;
    UINT index = session->nx_secure_dtls_local_ip_address_index;
    UINT i;

    st->role = (uint8_t)nxt_role(session);
    if (ip == NX_NULL || session->nx_secure_dtls_remote_port == 0)
        return;
    if (session->nx_secure_dtls_local_port)
        st->session.local_port = (uint16_t)session->nx_secure_dtls_local_port;
    else if (udp)
        st->session.local_port = (uint16_t)udp->nx_udp_socket_port;
    else
        return;
    st->session.remote_port = (uint16_t)session->nx_secure_dtls_remote_port;
#ifndef NX_DISABLE_IPV4
    if (remote->nxd_ip_version == NX_IP_VERSION_V4)
    {
        if (index >= NX_MAX_IP_INTERFACES)
            index = 0;
        st->session.ip_version = 4;
        nxt_put_ulong(st->session.local_addr, ip->nx_ip_interface[index].nx_interface_ip_address);
        nxt_put_ulong(st->session.remote_addr, remote->nxd_ip_address.v4);
        st->has_session = 1;
        return;
    }
#endif
#ifdef FEATURE_NX_IPV6
    if (remote->nxd_ip_version == NX_IP_VERSION_V6)
    {
        if (index >= NX_MAX_IPV6_ADDRESSES)
        {
            /* no address recorded yet (a client): the first valid global one */
            for (index = 0; index < NX_MAX_IPV6_ADDRESSES; index++)
                if (ip->nx_ipv6_address[index].nxd_ipv6_address_state == NX_IPV6_ADDR_STATE_VALID &&
                    (ip->nx_ipv6_address[index].nxd_ipv6_address[0] & 0xFFC00000u) != 0xFE800000u)
                    break;
            if (index == NX_MAX_IPV6_ADDRESSES)
                return;
        }
        st->session.ip_version = 6;
        for (i = 0; i < 4; i++)
        {
            nxt_put_ulong(st->session.local_addr + 4 * i, ip->nx_ipv6_address[index].nxd_ipv6_address[i]);
            nxt_put_ulong(st->session.remote_addr + 4 * i, remote->nxd_ip_address.v6[i]);
        }
        st->has_session = 1;
    }
#endif
    (void)i;
}

/* The RECORD block for the record chosen by which. */
static VOID nxt_fill_record(struct nxtrace_status *st, NX_SECURE_DTLS_SESSION *session, UINT which)
{
    NX_SECURE_TLS_SESSION *tls = &session->nx_secure_dtls_tls_session;
    ULONG64 seq;
    ULONG hi, lo;

    switch (which)
    {
    case NXTRACE_NETX_RECORD_SENT:
    case NXTRACE_NETX_RECORD_NEXT_SENT:
        seq = ((ULONG64)(tls->nx_secure_tls_local_sequence_number[1] & 0xFFFFu) << 32) |
              tls->nx_secure_tls_local_sequence_number[0];
        if (which == NXTRACE_NETX_RECORD_SENT)
        {
            if (seq == 0)
                return; /* nothing sent in this epoch */
            seq--;
        }
        st->record.epoch = session->nx_secure_dtls_local_epoch;
        st->record_sent = 1;
        break;
    case NXTRACE_NETX_RECORD_RECEIVED:
        hi = tls->nx_secure_tls_remote_sequence_number[0];
        lo = tls->nx_secure_tls_remote_sequence_number[1];
        NX_CHANGE_ULONG_ENDIAN(hi);
        NX_CHANGE_ULONG_ENDIAN(lo);
        seq = ((ULONG64)(hi & 0xFFFFu) << 32) | lo;
        st->record.epoch = session->nx_secure_dtls_remote_epoch;
        st->record_sent = 0;
        break;
    default:
        return;
    }
    st->record.sequence_number = seq;
    st->has_record = 1;
}

static VOID nxt_snapshot(struct nxtrace_status *st, UINT api, NX_SECURE_DTLS_SESSION *session, UINT record)
{
    UINT i;
    UCHAR *p = (UCHAR *)st;

    for (i = 0; i < sizeof(*st); i++)
        p[i] = 0;
    st->api = (uint16_t)api;
    if (session == NX_NULL)
        return;
    nxt_fill_session(st, session);
    if (st->has_session)
        nxt_fill_record(st, session, record);
}

static VOID nxt_report(struct nxtrace_status *st, UINT status)
{
    if (!nxt.initialized)
        return;
    st->status = (uint32_t)status;
    tx_mutex_get(&nxt.lock, TX_WAIT_FOREVER);
    nxt_emit(nxt_add_status, st);
    tx_mutex_put(&nxt.lock);
}

VOID nxtrace_netx_status(UINT api, UINT status, NX_SECURE_DTLS_SESSION *session, UINT record)
{
    struct nxtrace_status st;

    nxt_snapshot(&st, api, session, record);
    nxt_report(&st, status);
}

static VOID nxt_server_status(UINT api, UINT status)
{
    struct nxtrace_status st;

    nxt_snapshot(&st, api, NX_NULL, NXTRACE_NETX_RECORD_NONE);
    st.role = NXTRACE_ROLE_DTLS_SERVER;
    nxt_report(&st, status);
}

/* ---- which record a status concerns ------------------------------------- */

/* A handshake that ended: done, the client received the server's Finished and
   the server sent its own.  Failed: the record NetX accepted last caused it
   (a certificate, an alert), unless the peer never answered in time; then it
   is the last flight the device sent (e.g. the retransmitted ClientHello). */
static UINT nxt_start_record(NX_SECURE_DTLS_SESSION *session, UINT status)
{
    UINT server = session->nx_secure_dtls_tls_session.nx_secure_tls_socket_type ==
                  NX_SECURE_TLS_SESSION_TYPE_SERVER;

    if (status == NX_SUCCESS)
        return server ? NXTRACE_NETX_RECORD_SENT : NXTRACE_NETX_RECORD_RECEIVED;
    if (status == NX_NO_PACKET || status == NX_WAIT_ABORTED)
        return NXTRACE_NETX_RECORD_SENT;
    return NXTRACE_NETX_RECORD_RECEIVED;
}

/* A receive names the record it returned or the alert that ended it; other
   failures concern a record NetX dropped (bad MAC, replay, wrong epoch) and
   did not keep, or none at all (a timeout). */
static UINT nxt_receive_record(UINT status)
{
    switch (status)
    {
    case NX_SUCCESS:
    case NX_SECURE_TLS_ALERT_RECEIVED:
    case NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED:
        return NXTRACE_NETX_RECORD_RECEIVED;
    default:
        return NXTRACE_NETX_RECORD_NONE;
    }
}

/* ---- the wrappers ------------------------------------------------------- */

UINT nxtrace_dtls_client_session_start(NX_SECURE_DTLS_SESSION *dtls_session, NX_UDP_SOCKET *udp_socket,
                                       NXD_ADDRESS *ip_address, UINT port, UINT wait_option)
{
    UINT status = nx_secure_dtls_client_session_start(dtls_session, udp_socket, ip_address, port, wait_option);
    nxtrace_netx_status(NXTRACE_API_DTLS_CLIENT_SESSION_START, status, dtls_session,
                        nxt_start_record(dtls_session, status));
    return status;
}

UINT nxtrace_dtls_server_session_start(NX_SECURE_DTLS_SESSION *dtls_session, UINT wait_option)
{
    UINT status = nx_secure_dtls_server_session_start(dtls_session, wait_option);
    nxtrace_netx_status(NXTRACE_API_DTLS_SERVER_SESSION_START, status, dtls_session,
                        nxt_start_record(dtls_session, status));
    return status;
}

UINT nxtrace_dtls_session_start(NX_SECURE_DTLS_SESSION *dtls_session, NX_UDP_SOCKET *udp_socket,
                                UINT is_client, UINT wait_option)
{
    UINT status = nx_secure_dtls_session_start(dtls_session, udp_socket, is_client, wait_option);
    nxtrace_netx_status(NXTRACE_API_DTLS_SESSION_START, status, dtls_session,
                        nxt_start_record(dtls_session, status));
    return status;
}

static UINT nxt_sent_record(UINT status)
{
    return status == NX_SUCCESS ? NXTRACE_NETX_RECORD_SENT : NXTRACE_NETX_RECORD_NONE;
}

UINT nxtrace_dtls_session_send(NX_SECURE_DTLS_SESSION *dtls_session, NX_PACKET *packet_ptr,
                               NXD_ADDRESS *ip_address, UINT port)
{
    UINT status = nx_secure_dtls_session_send(dtls_session, packet_ptr, ip_address, port);
    nxtrace_netx_status(NXTRACE_API_DTLS_SESSION_SEND, status, dtls_session, nxt_sent_record(status));
    return status;
}

UINT nxtrace_dtls_client_session_send(NX_SECURE_DTLS_SESSION *dtls_session, NX_PACKET *packet_ptr)
{
    UINT status = nx_secure_dtls_client_session_send(dtls_session, packet_ptr);
    nxtrace_netx_status(NXTRACE_API_DTLS_CLIENT_SESSION_SEND, status, dtls_session, nxt_sent_record(status));
    return status;
}

UINT nxtrace_dtls_server_session_send(NX_SECURE_DTLS_SESSION *dtls_session, NX_PACKET *packet_ptr)
{
    UINT status = nx_secure_dtls_server_session_send(dtls_session, packet_ptr);
    nxtrace_netx_status(NXTRACE_API_DTLS_SERVER_SESSION_SEND, status, dtls_session, nxt_sent_record(status));
    return status;
}

UINT nxtrace_dtls_session_receive(NX_SECURE_DTLS_SESSION *dtls_session, NX_PACKET **packet_ptr_ptr,
                                  ULONG wait_option)
{
    UINT status = nx_secure_dtls_session_receive(dtls_session, packet_ptr_ptr, wait_option);
    nxtrace_netx_status(NXTRACE_API_DTLS_SESSION_RECEIVE, status, dtls_session, nxt_receive_record(status));
    return status;
}

/* session_end sends close_notify (the next record) only while the peer's
   session is active, then resets the session: read everything before. */
UINT nxtrace_dtls_session_end(NX_SECURE_DTLS_SESSION *dtls_session, UINT wait_option)
{
    struct nxtrace_status st;
    UINT active = dtls_session->nx_secure_dtls_tls_session.nx_secure_tls_remote_session_active;
    UINT status;

    nxt_snapshot(&st, NXTRACE_API_DTLS_SESSION_END, dtls_session,
                 active ? NXTRACE_NETX_RECORD_NEXT_SENT : NXTRACE_NETX_RECORD_NONE);
    status = nx_secure_dtls_session_end(dtls_session, wait_option);
    if (status != NX_SUCCESS)
        st.has_record = st.record_sent = 0; /* may have failed before sending */
    nxt_report(&st, status);
    return status;
}

UINT nxtrace_dtls_session_delete(NX_SECURE_DTLS_SESSION *dtls_session)
{
    struct nxtrace_status st;
    UINT status;

    nxt_snapshot(&st, NXTRACE_API_DTLS_SESSION_DELETE, dtls_session, NXTRACE_NETX_RECORD_NONE);
    status = nx_secure_dtls_session_delete(dtls_session);
    nxt_report(&st, status);
    return status;
}

UINT nxtrace_dtls_session_reset(NX_SECURE_DTLS_SESSION *dtls_session)
{
    struct nxtrace_status st;
    UINT status;

    nxt_snapshot(&st, NXTRACE_API_DTLS_SESSION_RESET, dtls_session, NXTRACE_NETX_RECORD_NONE);
    status = nx_secure_dtls_session_reset(dtls_session);
    nxt_report(&st, status);
    return status;
}

/* Set-up services: a status, no record; a SESSION block once there is a peer. */
UINT nxtrace_dtls_session_create(NX_SECURE_DTLS_SESSION *session_ptr, const NX_SECURE_TLS_CRYPTO *crypto_table,
                                 VOID *metadata_buffer, ULONG metadata_size, UCHAR *packet_reassembly_buffer,
                                 UINT packet_reassembly_buffer_size, UINT certs_number,
                                 UCHAR *remote_certificate_buffer, ULONG remote_certificate_buffer_size)
{
    UINT status = nx_secure_dtls_session_create(session_ptr, crypto_table, metadata_buffer, metadata_size,
                                                packet_reassembly_buffer, packet_reassembly_buffer_size,
                                                certs_number, remote_certificate_buffer,
                                                remote_certificate_buffer_size);
    nxtrace_netx_status(NXTRACE_API_DTLS_SESSION_CREATE, status, NX_NULL, NXTRACE_NETX_RECORD_NONE);
    return status;
}

UINT nxtrace_dtls_packet_allocate(NX_SECURE_DTLS_SESSION *dtls_session, NX_PACKET_POOL *pool_ptr,
                                  NX_PACKET **packet_ptr, ULONG wait_option)
{
    UINT status = nx_secure_dtls_packet_allocate(dtls_session, pool_ptr, packet_ptr, wait_option);
    nxtrace_netx_status(NXTRACE_API_DTLS_PACKET_ALLOCATE, status, dtls_session, NXTRACE_NETX_RECORD_NONE);
    return status;
}

UINT nxtrace_dtls_session_trusted_certificate_add(NX_SECURE_DTLS_SESSION *dtls_session,
                                                  NX_SECURE_X509_CERT *certificate, UINT cert_id)
{
    UINT status = nx_secure_dtls_session_trusted_certificate_add(dtls_session, certificate, cert_id);
    nxtrace_netx_status(NXTRACE_API_DTLS_SESSION_TRUSTED_CERTIFICATE_ADD, status, dtls_session,
                        NXTRACE_NETX_RECORD_NONE);
    return status;
}

UINT nxtrace_dtls_session_local_certificate_add(NX_SECURE_DTLS_SESSION *dtls_session,
                                                NX_SECURE_X509_CERT *certificate, UINT cert_id)
{
    UINT status = nx_secure_dtls_session_local_certificate_add(dtls_session, certificate, cert_id);
    nxtrace_netx_status(NXTRACE_API_DTLS_SESSION_LOCAL_CERTIFICATE_ADD, status, dtls_session,
                        NXTRACE_NETX_RECORD_NONE);
    return status;
}

UINT nxtrace_dtls_ecc_initialize(NX_SECURE_DTLS_SESSION *dtls_session, const USHORT *supported_groups,
                                 USHORT supported_group_count, const NX_CRYPTO_METHOD **curves)
{
    UINT status = nx_secure_dtls_ecc_initialize(dtls_session, supported_groups, supported_group_count, curves);
    nxtrace_netx_status(NXTRACE_API_DTLS_ECC_INITIALIZE, status, dtls_session, NXTRACE_NETX_RECORD_NONE);
    return status;
}

UINT nxtrace_dtls_session_client_info_get(NX_SECURE_DTLS_SESSION *dtls_session, NXD_ADDRESS *client_ip_address,
                                          UINT *client_port, UINT *local_port)
{
    UINT status = nx_secure_dtls_session_client_info_get(dtls_session, client_ip_address, client_port, local_port);
    nxtrace_netx_status(NXTRACE_API_DTLS_SESSION_CLIENT_INFO_GET, status, dtls_session,
                        NXTRACE_NETX_RECORD_NONE);
    return status;
}

UINT nxtrace_dtls_server_create(NX_SECURE_DTLS_SERVER *server_ptr, NX_IP *ip_ptr, UINT port, ULONG timeout,
                                VOID *session_buffer, UINT session_buffer_size,
                                const NX_SECURE_TLS_CRYPTO *crypto_table, VOID *crypto_metadata_buffer,
                                ULONG crypto_metadata_size, UCHAR *packet_reassembly_buffer,
                                UINT packet_reassembly_buffer_size,
                                UINT (*connect_notify)(NX_SECURE_DTLS_SESSION *, NXD_ADDRESS *, UINT),
                                UINT (*receive_notify)(NX_SECURE_DTLS_SESSION *))
{
    UINT status = nx_secure_dtls_server_create(server_ptr, ip_ptr, port, timeout, session_buffer,
                                               session_buffer_size, crypto_table, crypto_metadata_buffer,
                                               crypto_metadata_size, packet_reassembly_buffer,
                                               packet_reassembly_buffer_size, connect_notify, receive_notify);
    nxt_server_status(NXTRACE_API_DTLS_SERVER_CREATE, status);
    return status;
}

UINT nxtrace_dtls_server_delete(NX_SECURE_DTLS_SERVER *server_ptr)
{
    UINT status = nx_secure_dtls_server_delete(server_ptr);
    nxt_server_status(NXTRACE_API_DTLS_SERVER_DELETE, status);
    return status;
}

UINT nxtrace_dtls_server_start(NX_SECURE_DTLS_SERVER *server_ptr)
{
    UINT status = nx_secure_dtls_server_start(server_ptr);
    nxt_server_status(NXTRACE_API_DTLS_SERVER_START, status);
    return status;
}

UINT nxtrace_dtls_server_stop(NX_SECURE_DTLS_SERVER *server_ptr)
{
    UINT status = nx_secure_dtls_server_stop(server_ptr);
    nxt_server_status(NXTRACE_API_DTLS_SERVER_STOP, status);
    return status;
}

UINT nxtrace_dtls_server_notify_set(NX_SECURE_DTLS_SERVER *server_ptr,
                                    UINT (*disconnect_notify)(NX_SECURE_DTLS_SESSION *),
                                    UINT (*error_notify)(NX_SECURE_DTLS_SESSION *, UINT))
{
    UINT status = nx_secure_dtls_server_notify_set(server_ptr, disconnect_notify, error_notify);
    nxt_server_status(NXTRACE_API_DTLS_SERVER_NOTIFY_SET, status);
    return status;
}

UINT nxtrace_dtls_server_local_certificate_add(NX_SECURE_DTLS_SERVER *server_ptr,
                                               NX_SECURE_X509_CERT *certificate, UINT cert_id)
{
    UINT status = nx_secure_dtls_server_local_certificate_add(server_ptr, certificate, cert_id);
    nxt_server_status(NXTRACE_API_DTLS_SERVER_LOCAL_CERTIFICATE_ADD, status);
    return status;
}

UINT nxtrace_dtls_server_trusted_certificate_add(NX_SECURE_DTLS_SERVER *server_ptr,
                                                 NX_SECURE_X509_CERT *certificate, UINT cert_id)
{
    UINT status = nx_secure_dtls_server_trusted_certificate_add(server_ptr, certificate, cert_id);
    nxt_server_status(NXTRACE_API_DTLS_SERVER_TRUSTED_CERTIFICATE_ADD, status);
    return status;
}

UINT nxtrace_dtls_server_ecc_initialize(NX_SECURE_DTLS_SERVER *server_ptr, const USHORT *supported_groups,
                                        USHORT supported_group_count, const NX_CRYPTO_METHOD **curves)
{
    UINT status = nx_secure_dtls_server_ecc_initialize(server_ptr, supported_groups, supported_group_count, curves);
    nxt_server_status(NXTRACE_API_DTLS_SERVER_ECC_INITIALIZE, status);
    return status;
}
