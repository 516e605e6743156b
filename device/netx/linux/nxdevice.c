/*
 * nxdevice.c - a real NetX Duo / NetX Secure DTLS 1.2 device on ThreadX's
 * Linux port, traced with the nxtrace hook (../nxtrace_netx.c).
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) 2026 The nxtrace authors
 *
 * NetX owns its own MAC and IP address on a Linux interface through NetX
 * Duo's libpcap link driver (nx_pcap_network_driver.c); the interface itself
 * has no address.  tools/make_netx_captures.sh runs it in a network namespace
 * joined to the peer (openssl s_server / s_client) by a veth pair.
 *
 *   nxdevice --if IF --ip A.B.C.D --collector ADDR:PORT --device-id N --name S
 *            client --peer ADDR:PORT --ca ca.der [--sessions N] ...
 *   nxdevice ... server --port P --cert dev.der --key dev.key.der ...
 *
 * The dialog with the peer is line-based: as client the device sends
 * "reading N" and waits for the answer; as server it answers each line it
 * receives with "ack <line>".  Every step prints one line on stdout
 * ("step <service> status=0x..."), which the capture script logs.
 *
 * NetX hands object pointers to its threads and timers in 32-bit ULONGs:
 * this program is linked without PIE and keeps every NetX object in static
 * storage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>

#include "tx_api.h"
#include "nx_api.h"
#include "nx_secure_dtls_api.h"
#include "nxtrace_netx.h"

extern const NX_SECURE_TLS_CRYPTO nx_crypto_tls_ciphers_ecc;
extern const USHORT nx_crypto_ecc_supported_groups[];
extern const NX_CRYPTO_METHOD *nx_crypto_ecc_curves[];
extern const UINT nx_crypto_ecc_supported_groups_size;

/* from NetX Duo's libpcap driver */
extern ULONG nx_pcap_address_msw, nx_pcap_address_lsw;
VOID nx_pcap_set_source_name(const CHAR *source_name);
VOID _nx_pcap_network_driver(NX_IP_DRIVER *driver_req_ptr);

#define POOL_PACKETS    64
#define PACKET_SIZE     1568
#define APP_STACK       (64 * 1024)
#define IP_STACK        (16 * 1024)
#define METADATA_SIZE   (32 * 1024)
#define REASSEMBLY_SIZE 8192
#define CERT_MAX        4096
#define SERVER_SESSIONS 1
#define TRACE_POOL_MAX  16
#define TRACE_PACKET    256

/* ---- options --------------------------------------------------------------- */
static struct
{
    const char *ifname, *name, *firmware, *ca, *cert, *key;
    NXD_ADDRESS ip, collector, peer;
    ULONG mask, device_id;
    UINT collector_port, trace_port, peer_port, local_port, server_port;
    UINT server, sessions, exchanges, batch, until_peer_close, trace_pool, starve_at;
    ULONG start_timeout_ms, recv_timeout_ms, extra_receive_ms, mac_lsw, x509_delay_ms;
} opt = {
    .name = "netx-device", .firmware = "NetX Duo 6.4.2", .mask = 0xFFFFFF00u,
    .collector_port = NXTRACE_DEFAULT_UDP_PORT, .sessions = 1, .exchanges = 3, .batch = 1,
    .start_timeout_ms = 5000, .recv_timeout_ms = 3000, .mac_lsw = 0x22334455u,
};

static void die(const char *fmt, const char *arg)
{
    fprintf(stderr, "nxdevice: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    exit(2);
}

static void usage(void)
{
    fputs("usage: nxdevice --if IF --ip ADDR [--mask M] [--mac-lsw HEX] --collector ADDR:PORT\n"
          "         [--trace-port P] --device-id N [--name S] [--firmware S] [--batch N]\n"
          "         [--trace-pool N [--starve-trace-at K]]\n"
          "         client --peer ADDR:PORT --ca CA.der [--local-port P] [--sessions N]\n"
          "                [--exchanges N] [--start-timeout-ms MS] [--recv-timeout-ms MS]\n"
          "                [--extra-receive-ms MS] [--x509-delay-ms MS]\n"
          "       | server --port P --cert CERT.der --key KEY.der [--exchanges N] [--until-peer-close]\n"
          "ADDR is IPv4 or IPv6 ([v6]:port for ADDR:PORT); the peer, collector and --ip share a version.\n",
          stderr);
    exit(2);
}

static void parse_addr(const char *s, NXD_ADDRESS *a)
{
    unsigned char b[16];
    UINT i;

    memset(a, 0, sizeof(*a));
    if (inet_pton(AF_INET, s, b) == 1)
    {
        a->nxd_ip_version = NX_IP_VERSION_V4;
        a->nxd_ip_address.v4 = ((ULONG)b[0] << 24) | ((ULONG)b[1] << 16) | ((ULONG)b[2] << 8) | b[3];
        return;
    }
    if (inet_pton(AF_INET6, s, b) != 1)
        die("not an IP address: %s", s);
    a->nxd_ip_version = NX_IP_VERSION_V6;
    for (i = 0; i < 4; i++)
        a->nxd_ip_address.v6[i] = ((ULONG)b[4 * i] << 24) | ((ULONG)b[4 * i + 1] << 16) |
                                  ((ULONG)b[4 * i + 2] << 8) | b[4 * i + 3];
}

static UINT parse_uint(const char *s, unsigned long max)
{
    char *end;
    unsigned long v;

    errno = 0;
    v = strtoul(s, &end, 0);
    if (errno || *s == '\0' || *end != '\0' || v > max)
        die("bad number: %s", s);
    return (UINT)v;
}

/* "a.b.c.d:port" or "[v6]:port" */
static void parse_addr_port(const char *s, NXD_ADDRESS *a, UINT *port)
{
    char buf[64];
    char *colon;

    if (strlen(s) >= sizeof(buf))
        die("address too long: %s", s);
    strcpy(buf, s);
    colon = strrchr(buf, ':');
    if (colon == NULL)
        die("ADDR:PORT expected: %s", s);
    *colon = '\0';
    *port = parse_uint(colon + 1, 65535);
    if (buf[0] == '[')
    {
        size_t n = strlen(buf);
        if (buf[n - 1] != ']')
            die("[v6]:port expected: %s", s);
        buf[n - 1] = '\0';
        parse_addr(buf + 1, a);
    }
    else
        parse_addr(buf, a);
}

static void parse_args(int argc, char **argv)
{
    int i;

    for (i = 1; i < argc; i++)
    {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = 1;

        if (!strcmp(a, "client")) { opt.server = 0; takes = 0; }
        else if (!strcmp(a, "server")) { opt.server = 1; takes = 0; }
        else if (!strcmp(a, "--until-peer-close")) { opt.until_peer_close = 1; takes = 0; }
        else if (!strcmp(a, "-h") || !strcmp(a, "--help")) usage();
        else if (v == NULL) die("%s needs a value", a);
        else if (!strcmp(a, "--if")) opt.ifname = v;
        else if (!strcmp(a, "--ip")) parse_addr(v, &opt.ip);
        else if (!strcmp(a, "--mask")) { NXD_ADDRESS m; parse_addr(v, &m); opt.mask = m.nxd_ip_address.v4; }
        else if (!strcmp(a, "--mac-lsw")) opt.mac_lsw = strtoul(v, NULL, 16);
        else if (!strcmp(a, "--collector")) parse_addr_port(v, &opt.collector, &opt.collector_port);
        else if (!strcmp(a, "--trace-port")) opt.trace_port = parse_uint(v, 65535);
        else if (!strcmp(a, "--device-id")) opt.device_id = parse_uint(v, 0xFFFFFFFFul);
        else if (!strcmp(a, "--name")) opt.name = v;
        else if (!strcmp(a, "--firmware")) opt.firmware = v;
        else if (!strcmp(a, "--batch")) opt.batch = parse_uint(v, 64);
        else if (!strcmp(a, "--trace-pool")) opt.trace_pool = parse_uint(v, TRACE_POOL_MAX);
        else if (!strcmp(a, "--starve-trace-at")) opt.starve_at = parse_uint(v, 1000);
        else if (!strcmp(a, "--peer")) parse_addr_port(v, &opt.peer, &opt.peer_port);
        else if (!strcmp(a, "--ca")) opt.ca = v;
        else if (!strcmp(a, "--cert")) opt.cert = v;
        else if (!strcmp(a, "--key")) opt.key = v;
        else if (!strcmp(a, "--port")) opt.server_port = parse_uint(v, 65535);
        else if (!strcmp(a, "--local-port")) opt.local_port = parse_uint(v, 65535);
        else if (!strcmp(a, "--sessions")) opt.sessions = parse_uint(v, 100);
        else if (!strcmp(a, "--exchanges")) opt.exchanges = parse_uint(v, 1000);
        else if (!strcmp(a, "--start-timeout-ms")) opt.start_timeout_ms = parse_uint(v, 600000);
        else if (!strcmp(a, "--recv-timeout-ms")) opt.recv_timeout_ms = parse_uint(v, 600000);
        else if (!strcmp(a, "--extra-receive-ms")) opt.extra_receive_ms = parse_uint(v, 600000);
        else if (!strcmp(a, "--x509-delay-ms")) opt.x509_delay_ms = parse_uint(v, 10000);
        else die("unknown option %s (--help)", a);
        i += takes;
    }
    if (!opt.ifname || !opt.ip.nxd_ip_version || !opt.collector.nxd_ip_version)
        die("%s", "--if, --ip and --collector are required");
    if (opt.server ? (!opt.server_port || !opt.cert || !opt.key) : (!opt.peer.nxd_ip_version || !opt.ca))
        die("%s", opt.server ? "server needs --port, --cert and --key" : "client needs --peer and --ca");
    if (opt.batch == 0)
        die("%s", "--batch must be at least 1");
    if (opt.starve_at && !opt.trace_pool)
        die("%s", "--starve-trace-at needs --trace-pool");
}

/* ---- static storage for everything NetX touches ----------------------------- */
static TX_THREAD app_thread;
static UCHAR app_stack[APP_STACK];
static NX_PACKET_POOL pool;
static UCHAR pool_area[POOL_PACKETS * (PACKET_SIZE + sizeof(NX_PACKET))];
static NX_PACKET_POOL trace_pool;
static UCHAR trace_pool_area[TRACE_POOL_MAX * (TRACE_PACKET + sizeof(NX_PACKET))];
static NX_PACKET *starved[TRACE_POOL_MAX];
static NX_IP ip;
static UCHAR ip_stack[IP_STACK];
static UCHAR arp_area[1024];
static NX_UDP_SOCKET udp;
static NX_SECURE_DTLS_SESSION session;
static NX_SECURE_DTLS_SERVER server;
static NX_SECURE_DTLS_SESSION server_sessions[SERVER_SESSIONS];
static UCHAR metadata[METADATA_SIZE * (SERVER_SESSIONS + 1)];
static UCHAR reassembly[REASSEMBLY_SIZE * (SERVER_SESSIONS + 1)];
static UCHAR remote_certs[2 * (sizeof(NX_SECURE_X509_CERT) + CERT_MAX)];
static NX_SECURE_X509_CERT trusted_cert, local_cert;
static UCHAR ca_der[CERT_MAX], cert_der[CERT_MAX], key_der[CERT_MAX];
static USHORT ca_len, cert_len, key_len;
static TX_EVENT_FLAGS_GROUP server_events;
static NX_SECURE_DTLS_SESSION *volatile connected;

#define EV_CONNECT 1u

static ULONG ms_ticks(ULONG ms)
{
    return (ms * TX_TIMER_TICKS_PER_SECOND + 999) / 1000;
}

static void load(const char *path, UCHAR *buf, USHORT *len)
{
    FILE *f;
    size_t n;

    if (path == NULL)
        return;
    f = fopen(path, "rb");
    if (f == NULL)
        die("cannot open %s", path);
    n = fread(buf, 1, CERT_MAX, f);
    if (n == 0 || n == CERT_MAX || ferror(f))
        die("cannot read %s (empty or larger than 4 KiB)", path);
    fclose(f);
    *len = (USHORT)n;
}

static void step(const char *what, UINT status)
{
    printf("step %s status=0x%X\n", what, status);
    fflush(stdout);
}

static void finish(int rc)
{
    NXTRACE_NETX_STATS s;

    nxtrace_netx_flush();
    nxtrace_netx_stats_get(&s);
    printf("trace events=%lu sent=%lu dropped=%lu events_dropped=%lu\n",
           (unsigned long)s.nxtrace_netx_events, (unsigned long)s.nxtrace_netx_datagrams_sent,
           (unsigned long)s.nxtrace_netx_datagrams_dropped, (unsigned long)s.nxtrace_netx_events_dropped);
    fflush(stdout);
    /* let the IP thread hand the last frames to the driver */
    tx_thread_sleep(ms_ticks(100));
    exit(rc);
}

/* NetX asks for the time right before it verifies the peer's certificate
   chain (and then checks validity dates against it).  --x509-delay-ms makes
   that step slow, like a small MCU: the rest of the server's flight then
   arrives before the device's alert, the same way on every run. */
static ULONG unix_time(VOID)
{
    if (opt.x509_delay_ms)
        tx_thread_sleep(ms_ticks(opt.x509_delay_ms));
    return (ULONG)time(NULL);
}

/* The trace socket comes after the set-up calls, as on a device whose
   network comes up late: their statuses wait in the hook's queue behind
   DEVICE_INFO and leave together in the first datagram. */
static void attach_trace(void)
{
    UINT status = nxtrace_netx_attach(&ip, opt.trace_pool ? &trace_pool : &pool, &opt.collector,
                                      opt.collector_port, opt.trace_port);

    step("trace_attach", status);
    if (status != NX_SUCCESS)
        finish(1);
}

/* ---- the dialog ------------------------------------------------------------ */
/* --starve-trace-at K: the trace pool has no free packet while the K-th
   send reports, as when the application holds them all: that datagram is
   dropped, and the next one shows the gap in its seq. */
static UINT starve_trace(void)
{
    UINT n = 0;

    while (n < TRACE_POOL_MAX && nx_packet_allocate(&trace_pool, &starved[n], NX_UDP_PACKET, NX_NO_WAIT) == NX_SUCCESS)
        n++;
    return n;
}

static void feed_trace(UINT n)
{
    while (n > 0)
        nx_packet_release(starved[--n]);
}

static UINT send_line(const char *text, UINT api_client)
{
    static UINT sends;
    NX_PACKET *packet;
    UINT status, held = 0;

    status = nxtrace_dtls_packet_allocate(&session, &pool, &packet, NX_WAIT_FOREVER);
    if (status != NX_SUCCESS)
        return status;
    status = nx_packet_data_append(packet, (VOID *)text, (ULONG)strlen(text), &pool, NX_WAIT_FOREVER);
    if (++sends == opt.starve_at)
        held = starve_trace();
    if (status == NX_SUCCESS)
        status = api_client ? nxtrace_dtls_client_session_send(&session, packet)
                            : nxtrace_dtls_server_session_send(&session, packet);
    feed_trace(held);
    if (status != NX_SUCCESS)
        nx_packet_release(packet);
    return status;
}

static UINT receive_line(NX_SECURE_DTLS_SESSION *s, char *line, size_t cap, ULONG timeout_ms)
{
    NX_PACKET *packet;
    ULONG n = 0;
    UINT status;

    status = nxtrace_dtls_session_receive(s, &packet, ms_ticks(timeout_ms));
    step("session_receive", status);
    if (status != NX_SUCCESS)
        return status;
    nx_packet_data_retrieve(packet, line, &n);
    nx_packet_release(packet);
    if (n >= cap)
        n = cap - 1;
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        n--;
    line[n] = '\0';
    return NX_SUCCESS;
}

static void run_client(void)
{
    char line[PACKET_SIZE], text[64];
    UINT status, n, k;
    int rc = 0;

    status = nxtrace_dtls_session_create(&session, &nx_crypto_tls_ciphers_ecc, metadata, METADATA_SIZE,
                                         reassembly, REASSEMBLY_SIZE, 2, remote_certs, sizeof(remote_certs));
    step("session_create", status);
    if (status == NX_SUCCESS)
        status = nxtrace_dtls_ecc_initialize(&session, nx_crypto_ecc_supported_groups,
                                             (USHORT)nx_crypto_ecc_supported_groups_size, nx_crypto_ecc_curves);
    if (status == NX_SUCCESS)
        status = nx_secure_x509_certificate_initialize(&trusted_cert, ca_der, ca_len, NX_NULL, 0, NX_NULL, 0,
                                                       NX_SECURE_X509_KEY_TYPE_NONE);
    if (status == NX_SUCCESS)
        status = nxtrace_dtls_session_trusted_certificate_add(&session, &trusted_cert, 1);
    if (status == NX_SUCCESS)
        status = nx_secure_tls_session_time_function_set(&session.nx_secure_dtls_tls_session, unix_time);
    attach_trace();
    step("setup", status);
    if (status != NX_SUCCESS)
        finish(1);

    for (k = 0; k < opt.sessions; k++)
    {
        /* a new socket per session: each session is its own UDP flow */
        status = nx_udp_socket_create(&ip, &udp, "dtls", NX_IP_NORMAL, NX_FRAGMENT_OKAY, NX_IP_TIME_TO_LIVE, 8);
        if (status == NX_SUCCESS)
            status = nx_udp_socket_bind(&udp, opt.local_port ? opt.local_port + k : NX_ANY_PORT, NX_NO_WAIT);
        if (status != NX_SUCCESS)
        {
            step("udp_socket", status);
            finish(1);
        }
        status = nxtrace_dtls_client_session_start(&session, &udp, &opt.peer, opt.peer_port,
                                                   ms_ticks(opt.start_timeout_ms));
        step("client_session_start", status);
        if (status != NX_SUCCESS)
            rc = 1;
        for (n = 1; status == NX_SUCCESS && n <= opt.exchanges; n++)
        {
            snprintf(text, sizeof(text), "reading %u\n", n + 100 * k);
            status = send_line(text, 1);
            step("client_session_send", status);
            if (status == NX_SUCCESS)
                status = receive_line(&session, line, sizeof(line), opt.recv_timeout_ms);
            if (status != NX_SUCCESS)
                rc = 1;
        }
        if (status == NX_SUCCESS && opt.extra_receive_ms)
        {
            /* the peer has nothing more to say: this receive times out */
            status = receive_line(&session, line, sizeof(line), opt.extra_receive_ms);
            if (status != NX_NO_PACKET)
                rc = 1;
        }
        status = nxtrace_dtls_session_end(&session, ms_ticks(1000));
        step("session_end", status);
        nx_udp_socket_unbind(&udp);
        nx_udp_socket_delete(&udp);
    }
    status = nxtrace_dtls_session_delete(&session);
    step("session_delete", status);
    finish(rc);
}

/* DTLS server callbacks run in the IP thread: hand the session to the app thread. */
static UINT on_connect(NX_SECURE_DTLS_SESSION *s, NXD_ADDRESS *addr, UINT port)
{
    (void)addr;
    (void)port;
    connected = s;
    tx_event_flags_set(&server_events, EV_CONNECT, TX_OR);
    return NX_SUCCESS;
}

static UINT on_receive(NX_SECURE_DTLS_SESSION *s)
{
    (void)s; /* the app thread is already waiting in session_receive */
    return NX_SUCCESS;
}

static void run_server(void)
{
    char line[PACKET_SIZE], text[PACKET_SIZE + 8];
    ULONG got;
    UINT status, n;
    int rc = 0;
    NX_SECURE_DTLS_SESSION *s;

    status = nxtrace_dtls_server_create(&server, &ip, opt.server_port, ms_ticks(opt.recv_timeout_ms),
                                        server_sessions, sizeof(server_sessions), &nx_crypto_tls_ciphers_ecc,
                                        metadata, sizeof(metadata), reassembly, sizeof(reassembly),
                                        on_connect, on_receive);
    if (status == NX_SUCCESS)
        status = nxtrace_dtls_server_ecc_initialize(&server, nx_crypto_ecc_supported_groups,
                                                    (USHORT)nx_crypto_ecc_supported_groups_size,
                                                    nx_crypto_ecc_curves);
    if (status == NX_SUCCESS)
        status = nx_secure_x509_certificate_initialize(&local_cert, cert_der, cert_len, NX_NULL, 0, key_der,
                                                       key_len, NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER);
    if (status == NX_SUCCESS)
        status = nxtrace_dtls_server_local_certificate_add(&server, &local_cert, 1);
    if (status == NX_SUCCESS)
        status = tx_event_flags_create(&server_events, "dtls server");
    attach_trace();
    if (status == NX_SUCCESS)
        status = nxtrace_dtls_server_start(&server);
    step("server_start", status);
    if (status != NX_SUCCESS)
        finish(1);

    status = tx_event_flags_get(&server_events, EV_CONNECT, TX_OR_CLEAR, &got, ms_ticks(opt.start_timeout_ms));
    if (status != TX_SUCCESS)
    {
        step("wait_for_client", status);
        finish(1);
    }
    s = connected;
    status = nxtrace_dtls_server_session_start(s, ms_ticks(opt.start_timeout_ms));
    step("server_session_start", status);
    if (status != NX_SUCCESS)
        rc = 1;
    for (n = 0; status == NX_SUCCESS && (opt.until_peer_close || n < opt.exchanges); n++)
    {
        NX_PACKET *packet;

        status = receive_line(s, line, sizeof(line), opt.recv_timeout_ms);
        if (status != NX_SUCCESS)
        {
            if (!(opt.until_peer_close && status == NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED))
                rc = 1;
            break;
        }
        snprintf(text, sizeof(text), "ack %s\n", line);
        status = nxtrace_dtls_packet_allocate(s, &pool, &packet, NX_WAIT_FOREVER);
        if (status == NX_SUCCESS)
        {
            status = nx_packet_data_append(packet, text, (ULONG)strlen(text), &pool, NX_WAIT_FOREVER);
            if (status == NX_SUCCESS)
                status = nxtrace_dtls_server_session_send(s, packet);
            if (status != NX_SUCCESS)
                nx_packet_release(packet);
        }
        step("server_session_send", status);
        if (status != NX_SUCCESS)
            rc = 1;
    }
    status = nxtrace_dtls_session_end(s, ms_ticks(1000));
    step("session_end", status);
    status = nxtrace_dtls_server_stop(&server);
    step("server_stop", status);
    finish(rc);
}

static VOID app_entry(ULONG arg)
{
    ULONG link;
    UINT i;

    (void)arg;
    /* wait for the link, and for IPv6 duplicate address detection to end */
    nx_ip_interface_status_check(&ip, 0, NX_IP_LINK_ENABLED, &link, NX_WAIT_FOREVER);
    for (i = 0; opt.ip.nxd_ip_version == NX_IP_VERSION_V6 && i < 100; i++)
    {
        if (ip.nx_ipv6_address[0].nxd_ipv6_address_state == NX_IPV6_ADDR_STATE_VALID)
            break;
        tx_thread_sleep(ms_ticks(100));
    }
    if (opt.server)
        run_server();
    else
        run_client();
}

VOID tx_application_define(VOID *first_unused_memory)
{
    UINT status;

    (void)first_unused_memory;
    nx_system_initialize();
    nx_secure_tls_initialize();
    /* DEVICE_INFO is queued now and goes out with the first trace datagram */
    nxtrace_netx_init(opt.device_id, opt.name, opt.firmware);
    nxtrace_netx_batch_set(opt.batch);

    nx_pcap_set_source_name(opt.ifname);
    nx_pcap_address_msw = 0x0200u; /* locally administered: 02:00:xx:xx:xx:xx */
    nx_pcap_address_lsw = opt.mac_lsw;
    status = nx_packet_pool_create(&pool, "pool", PACKET_SIZE, pool_area, sizeof(pool_area));
    if (status == NX_SUCCESS && opt.trace_pool)
        status = nx_packet_pool_create(&trace_pool, "trace", TRACE_PACKET, trace_pool_area,
                                       opt.trace_pool * (TRACE_PACKET + sizeof(NX_PACKET)));
    if (status == NX_SUCCESS)
        status = nx_ip_create(&ip, "ip", opt.ip.nxd_ip_version == NX_IP_VERSION_V4 ? opt.ip.nxd_ip_address.v4 : 0,
                              opt.mask, &pool, _nx_pcap_network_driver, ip_stack, sizeof(ip_stack), 1);
    if (status == NX_SUCCESS)
        status = nx_arp_enable(&ip, arp_area, sizeof(arp_area));
    if (status == NX_SUCCESS)
        status = nx_icmp_enable(&ip);
    if (status == NX_SUCCESS)
        status = nx_udp_enable(&ip);
    if (status == NX_SUCCESS && opt.ip.nxd_ip_version == NX_IP_VERSION_V6)
    {
        status = nxd_ipv6_enable(&ip);
        if (status == NX_SUCCESS)
            status = nxd_icmp_enable(&ip);
        if (status == NX_SUCCESS)
            status = nxd_ipv6_address_set(&ip, 0, &opt.ip, 64, NX_NULL);
    }
    if (status == NX_SUCCESS)
        status = tx_thread_create(&app_thread, "app", app_entry, 0, app_stack, sizeof(app_stack), 4, 4,
                                  TX_NO_TIME_SLICE, TX_AUTO_START);
    if (status != NX_SUCCESS)
    {
        fprintf(stderr, "nxdevice: NetX set-up failed: 0x%X\n", status);
        exit(1);
    }
}

int main(int argc, char **argv)
{
    parse_args(argc, argv);
    load(opt.ca, ca_der, &ca_len);
    load(opt.cert, cert_der, &cert_len);
    load(opt.key, key_der, &key_len);
    setvbuf(stdout, NULL, _IOLBF, 0);
    tx_kernel_enter();
    return 0;
}
