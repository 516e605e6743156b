/* status_table.c - the NetX status code table and its lookups.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Names and values come from the NetX Duo v6.4.2 headers (nx_api.h,
 * nx_secure_tls.h, nx_secure_x509.h, nx_crypto_const.h).  The "alert" column
 * mirrors the status -> alert mapping NetX Secure applies when it sends an
 * alert; only statuses listed explicitly there get one.  Descriptions and
 * hints are this project's own words.
 */
#include "status_table.h"

/* TLS alert description numbers (RFC 5246 / 8446 registry, as in nx_secure_tls.h). */
enum {
    AL_CLOSE_NOTIFY = 0,
    AL_UNEXPECTED_MESSAGE = 10,
    AL_BAD_RECORD_MAC = 20,
    AL_DECRYPTION_FAILED = 21,
    AL_RECORD_OVERFLOW = 22,
    AL_DECOMPRESSION_FAILURE = 30,
    AL_HANDSHAKE_FAILURE = 40,
    AL_NO_CERTIFICATE = 41,
    AL_BAD_CERTIFICATE = 42,
    AL_UNSUPPORTED_CERTIFICATE = 43,
    AL_CERTIFICATE_REVOKED = 44,
    AL_CERTIFICATE_EXPIRED = 45,
    AL_CERTIFICATE_UNKNOWN = 46,
    AL_ILLEGAL_PARAMETER = 47,
    AL_UNKNOWN_CA = 48,
    AL_ACCESS_DENIED = 49,
    AL_DECODE_ERROR = 50,
    AL_DECRYPT_ERROR = 51,
    AL_EXPORT_RESTRICTION = 60,
    AL_PROTOCOL_VERSION = 70,
    AL_INSUFFICIENT_SECURITY = 71,
    AL_INTERNAL_ERROR = 80,
    AL_INAPPROPRIATE_FALLBACK = 86,
    AL_USER_CANCELED = 90,
    AL_NO_RENEGOTIATION = 100,
    AL_MISSING_EXTENSION = 109,
    AL_UNSUPPORTED_EXTENSION = 110,
    AL_UNKNOWN_PSK_IDENTITY = 115,
    AL_CERTIFICATE_REQUIRED = 116,
    AL_COUNT
};

/* Table-building shorthands; #undef'd after the table. */
#define NO_ALERT    .alert = NXT_ALERT_NONE, .alert_level = 0
#define FATAL(a)    .alert = AL_##a, .alert_level = NXT_ALERT_LEVEL_FATAL
#define WARNING(a)  .alert = AL_##a, .alert_level = NXT_ALERT_LEVEL_WARNING
#define ENTRY(v, fam, sev, alert_init, rx, nm, al, desc, hnt)           \
    { .value = (v), .family = NXT_FAMILY_##fam, .severity = NXT_SEV_##sev, \
      alert_init, .received_alert = NXT_RX_ALERT_##rx,                  \
      .name = (nm), .aliases = (al), .description = (desc), .hint = (hnt) }

const struct nxt_status_entry nxt_status_table[] = {

    /* ---- 0: one success value shared by all four families ------------- */

    ENTRY(0x00, NETX, SUCCESS, NO_ALERT, NONE,
          "NX_SUCCESS", "NX_SECURE_TLS_SUCCESS NX_SECURE_X509_SUCCESS NX_CRYPTO_SUCCESS",
          "The call completed successfully.",
          "Nothing to fix; successes are traced to give context to the failing calls around them."),

    /* ---- NetX Duo core (nx_api.h), 0x01-0x56 ---------------------------- */

    ENTRY(0x01, NETX, WARNING, NO_ALERT, NONE,
          "NX_NO_PACKET", NULL,
          "No packet: the pool is empty, or nothing was received before the wait option expired.",
          "On a receive call it is a plain timeout; on allocate, check pool size and leaks (release every received packet)."),

    ENTRY(0x02, NETX, ERROR, NO_ALERT, NONE,
          "NX_UNDERFLOW", NULL,
          "A prepend would move before the start of the packet buffer: no room left for headers.",
          "Allocate with enough header room (nx_secure_dtls_packet_allocate or NX_UDP_PACKET) before adding data."),

    ENTRY(0x03, NETX, ERROR, NO_ALERT, NONE,
          "NX_OVERFLOW", NULL,
          "Data does not fit: a packet or the caller's buffer is too small for the requested copy.",
          "Compare the buffer size given to the data retrieve/extract call with the record size; check pool payload size."),

    ENTRY(0x04, NETX, ERROR, NO_ALERT, NONE,
          "NX_NO_MAPPING", NULL,
          "No link-layer mapping (ARP/ND entry) could be made for the destination address.",
          "Check the peer or gateway answers ARP on the LAN, ARP is enabled (nx_arp_enable) and the gateway is set."),

    ENTRY(0x05, NETX, ERROR, NO_ALERT, NONE,
          "NX_DELETED", NULL,
          "The object this thread was waiting on was deleted during the wait.",
          "Find the task that deletes the socket, IP instance or pool while another thread still blocks on it."),

    ENTRY(0x06, NETX, ERROR, NO_ALERT, NONE,
          "NX_POOL_ERROR", NULL,
          "The packet pool pointer is invalid or the pool was never created.",
          "Check the pool handed to the call came from a successful nx_packet_pool_create and was not overwritten."),

    ENTRY(0x07, NETX, ERROR, NO_ALERT, NONE,
          "NX_PTR_ERROR", NULL,
          "A NULL or invalid pointer was passed to a NetX service.",
          "Check each pointer argument of the call named by the API id; an uninitialised control block is typical."),

    ENTRY(0x08, NETX, ERROR, NO_ALERT, NONE,
          "NX_WAIT_ERROR", NULL,
          "A blocking wait option was used from a context that cannot block (ISR, timer, initialisation).",
          "Use NX_NO_WAIT outside thread context, or move the call into a ThreadX thread."),

    ENTRY(0x09, NETX, ERROR, NO_ALERT, NONE,
          "NX_SIZE_ERROR", NULL,
          "A size argument is invalid: too small, too large or misaligned.",
          "Check sizes given to create calls (pool memory and payload, buffers) against NetX minimums and alignment."),

    ENTRY(0x0A, NETX, ERROR, NO_ALERT, NONE,
          "NX_OPTION_ERROR", NULL,
          "An option or flag argument has a value the service does not accept.",
          "Compare wait options, type codes and flags passed to the call with the values the API documents."),

    ENTRY(0x10, NETX, ERROR, NO_ALERT, NONE,
          "NX_DELETE_ERROR", NULL,
          "The object could not be deleted because it is still in use.",
          "Unbind and delete sockets and release all packets before deleting the IP instance or the pool."),

    ENTRY(0x11, NETX, ERROR, NO_ALERT, NONE,
          "NX_CALLER_ERROR", NULL,
          "The service was called from a context where it is not allowed (ISR, wrong thread).",
          "Move the call into a thread; make sure notify callbacks do not call blocking NetX services."),

    ENTRY(0x12, NETX, ERROR, NO_ALERT, NONE,
          "NX_INVALID_PACKET", NULL,
          "The packet is invalid: already released, corrupted, or not from a NetX pool.",
          "Look for use after release, e.g. touching a packet after a successful session send, which consumes it."),

    ENTRY(0x13, NETX, ERROR, NO_ALERT, NONE,
          "NX_INVALID_SOCKET", NULL,
          "The socket pointer is invalid or the socket was never created.",
          "Check nx_udp_socket_create succeeded and the socket under the DTLS session was not deleted meanwhile."),

    ENTRY(0x14, NETX, ERROR, NO_ALERT, NONE,
          "NX_NOT_ENABLED", NULL,
          "A NetX feature the call needs (UDP, TCP, ICMP, ARP...) is not enabled on the IP instance.",
          "Call nx_udp_enable (and nx_arp_enable, nx_icmp_enable as needed) after nx_ip_create, before using sockets."),

    ENTRY(0x15, NETX, WARNING, NO_ALERT, NONE,
          "NX_ALREADY_ENABLED", NULL,
          "The feature was already enabled; the call changed nothing.",
          "Harmless; look for a duplicated enable call in the init path (e.g. after a network restart)."),

    ENTRY(0x16, NETX, ERROR, NO_ALERT, NONE,
          "NX_ENTRY_NOT_FOUND", NULL,
          "The requested table entry (ARP, route, multicast group) does not exist.",
          "Check the address used for the lookup or delete; the entry may have aged out or never been added."),

    ENTRY(0x17, NETX, ERROR, NO_ALERT, NONE,
          "NX_NO_MORE_ENTRIES", NULL,
          "A NetX table (ARP cache, routes, multicast groups) is full; nothing more can be added.",
          "Give the ARP cache more memory or raise the matching table size in the NetX configuration."),

    ENTRY(0x18, NETX, ERROR, NO_ALERT, NONE,
          "NX_ARP_TIMER_ERROR", NULL,
          "The ARP periodic timer value or setup is invalid.",
          "Check the ARP configuration values and that nx_arp_enable succeeded on this IP instance."),

    ENTRY(0x19, NETX, ERROR, NO_ALERT, NONE,
          "NX_RESERVED_CODE0", NULL,
          "Reserved code NX_RESERVED_CODE0; current NetX Duo services do not return it.",
          "Unexpected value: confirm the firmware's NetX version and that the trace event was not corrupted."),

    ENTRY(0x1A, NETX, WARNING, NO_ALERT, NONE,
          "NX_WAIT_ABORTED", NULL,
          "A blocking NetX call was cut short by tx_thread_wait_abort before it completed.",
          "Find which task (watchdog, shutdown logic) aborted this thread's wait; retry if the abort was intended."),

    ENTRY(0x20, NETX, ERROR, NO_ALERT, NONE,
          "NX_IP_INTERNAL_ERROR", NULL,
          "NetX detected an internal inconsistency in the IP layer.",
          "Suspect memory corruption (stack overflow, buffer overrun) hitting the IP instance; check thread stacks."),

    ENTRY(0x21, NETX, ERROR, NO_ALERT, NONE,
          "NX_IP_ADDRESS_ERROR", NULL,
          "An IP address argument is invalid or unusable for this call.",
          "Check the peer address passed to the DTLS start/send call and the device's own address and mask."),

    ENTRY(0x22, NETX, ERROR, NO_ALERT, NONE,
          "NX_ALREADY_BOUND", NULL,
          "The socket is already bound to a port.",
          "Do not bind twice: unbind first, or keep using the existing binding for the DTLS session."),

    ENTRY(0x23, NETX, ERROR, NO_ALERT, NONE,
          "NX_PORT_UNAVAILABLE", NULL,
          "The requested port is already bound by another socket.",
          "Another socket owns the port (maybe an old DTLS server); unbind it or choose another local port."),

    ENTRY(0x24, NETX, ERROR, NO_ALERT, NONE,
          "NX_NOT_BOUND", NULL,
          "The socket is not bound to any port.",
          "Bind the UDP socket (nx_udp_socket_bind) before send/receive, and check nothing unbound it."),

    ENTRY(0x25, NETX, ERROR, NO_ALERT, NONE,
          "NX_RESERVED_CODE1", NULL,
          "Reserved code NX_RESERVED_CODE1; current NetX Duo services do not return it.",
          "Unexpected value: check whether a vendor patch or other library reuses it, or the trace data is damaged."),

    ENTRY(0x26, NETX, ERROR, NO_ALERT, NONE,
          "NX_SOCKET_UNBOUND", NULL,
          "The socket was unbound while this call was waiting on it.",
          "Look for another thread unbinding the socket or stopping the DTLS server while a receive is pending."),

    ENTRY(0x27, NETX, ERROR, NO_ALERT, NONE,
          "NX_NOT_CREATED", NULL,
          "The NetX object (IP instance, socket, pool) has not been created.",
          "Check the create call of that object ran first and returned NX_SUCCESS during initialisation."),

    ENTRY(0x28, NETX, ERROR, NO_ALERT, NONE,
          "NX_SOCKETS_BOUND", NULL,
          "Refused because sockets are still bound.",
          "Unbind and delete all sockets before disabling the protocol or deleting the IP instance."),

    ENTRY(0x29, NETX, WARNING, NO_ALERT, NONE,
          "NX_NO_RESPONSE", NULL,
          "An expected response (ARP, ping, driver request) did not arrive in time.",
          "Check the peer is powered and reachable and the link is up; repeated hits point to loss or congestion."),

    ENTRY(0x30, NETX, ERROR, NO_ALERT, NONE,
          "NX_POOL_DELETED", NULL,
          "The packet pool was deleted while a thread waited for a packet from it.",
          "Never delete a pool that is in use; review the order of the network shutdown sequence."),

    ENTRY(0x31, NETX, ERROR, NO_ALERT, NONE,
          "NX_ALREADY_RELEASED", NULL,
          "The packet had already been released to its pool.",
          "Double release: find code freeing a packet that a send or receive path already gave back."),

    ENTRY(0x32, NETX, ERROR, NO_ALERT, NONE,
          "NX_RESERVED_CODE2", NULL,
          "Reserved code NX_RESERVED_CODE2; current NetX Duo services do not return it.",
          "Unexpected value: verify the firmware build and the trace encoder; it may not come from NetX at all."),

    ENTRY(0x33, NETX, ERROR, NO_ALERT, NONE,
          "NX_MAX_LISTEN", NULL,
          "The maximum number of TCP listen requests is already in use.",
          "Raise NX_MAX_LISTEN_REQUESTS or stop listeners that are no longer needed."),

    ENTRY(0x34, NETX, ERROR, NO_ALERT, NONE,
          "NX_DUPLICATE_LISTEN", NULL,
          "A listen request already exists for this TCP port.",
          "Listen once per port; re-arm it with relisten for the next connection instead."),

    ENTRY(0x35, NETX, ERROR, NO_ALERT, NONE,
          "NX_NOT_CLOSED", NULL,
          "The TCP socket is not in the closed state the call requires.",
          "Disconnect and unaccept (or unbind) the socket before reusing it."),

    ENTRY(0x36, NETX, ERROR, NO_ALERT, NONE,
          "NX_NOT_LISTEN_STATE", NULL,
          "The TCP server socket is not in the listen state.",
          "Listen or relisten before accept; check the socket was not already accepted or closed."),

    ENTRY(0x37, NETX, INFO, NO_ALERT, NONE,
          "NX_IN_PROGRESS", NULL,
          "The operation has started and is still in progress (non-blocking call).",
          "Not a failure: poll again later, or call with a non-zero wait option to block until it completes."),

    ENTRY(0x38, NETX, ERROR, NO_ALERT, NONE,
          "NX_NOT_CONNECTED", NULL,
          "The socket is not connected.",
          "Check the connection state before sending; the peer may have reset or closed the connection."),

    ENTRY(0x39, NETX, WARNING, NO_ALERT, NONE,
          "NX_WINDOW_OVERFLOW", NULL,
          "The data exceeds the peer's advertised TCP receive window.",
          "Send smaller chunks or wait and retry; a window that stays closed means the peer reads too slowly."),

    ENTRY(0x40, NETX, ERROR, NO_ALERT, NONE,
          "NX_ALREADY_SUSPENDED", NULL,
          "Another thread is already blocked in the same operation on this socket.",
          "Only one thread at a time may block on a socket receive or connect; review multi-threaded socket use."),

    ENTRY(0x41, NETX, ERROR, NO_ALERT, NONE,
          "NX_DISCONNECT_FAILED", NULL,
          "The TCP disconnect did not complete.",
          "The peer did not acknowledge the close in time; check the link and the disconnect wait option."),

    ENTRY(0x42, NETX, ERROR, NO_ALERT, NONE,
          "NX_STILL_BOUND", NULL,
          "The socket is still bound and cannot be deleted.",
          "Unbind the socket (nx_udp_socket_unbind) before deleting it."),

    ENTRY(0x43, NETX, ERROR, NO_ALERT, NONE,
          "NX_NOT_SUCCESSFUL", NULL,
          "A NetX service failed without a more specific reason.",
          "Use the API id and the surrounding events; check driver/link status and that service's configuration."),

    ENTRY(0x44, NETX, ERROR, NO_ALERT, NONE,
          "NX_UNHANDLED_COMMAND", NULL,
          "The network driver did not handle a request NetX sent to it.",
          "The driver lacks that request (multicast join, capability query...); check the driver implementation."),

    ENTRY(0x45, NETX, ERROR, NO_ALERT, NONE,
          "NX_NO_FREE_PORTS", NULL,
          "No free local port was left when any free port was requested.",
          "Too many bound sockets: release unused ones, or bind the DTLS socket to a fixed port."),

    ENTRY(0x46, NETX, ERROR, NO_ALERT, NONE,
          "NX_INVALID_PORT", NULL,
          "The port number is invalid (zero or out of range).",
          "Check the local and remote port values given to bind and to the DTLS start/send calls."),

    ENTRY(0x47, NETX, ERROR, NO_ALERT, NONE,
          "NX_INVALID_RELISTEN", NULL,
          "The TCP relisten request is not valid for this socket or port.",
          "Relisten only on a port with an active listen, using a socket in the closed state."),

    ENTRY(0x48, NETX, INFO, NO_ALERT, NONE,
          "NX_CONNECTION_PENDING", NULL,
          "A connection request was already queued when the listen was re-armed.",
          "Not a failure: call accept right away to pick up the waiting connection."),

    ENTRY(0x49, NETX, WARNING, NO_ALERT, NONE,
          "NX_TX_QUEUE_DEPTH", NULL,
          "The socket's transmit queue is at its maximum depth.",
          "The peer acknowledges too slowly; wait and retry, or raise the socket's transmit queue depth."),

    ENTRY(0x4A, NETX, ERROR, NO_ALERT, NONE,
          "NX_NOT_IMPLEMENTED", NULL,
          "The requested service is not implemented in this NetX build.",
          "The feature is compiled out or stubbed; check the NetX configuration options that enable it."),

    ENTRY(0x4B, NETX, ERROR, NO_ALERT, NONE,
          "NX_NOT_SUPPORTED", NULL,
          "The requested operation or option is not supported.",
          "Check the option against this NetX version and the capabilities of the network driver."),

    ENTRY(0x4C, NETX, ERROR, NO_ALERT, NONE,
          "NX_INVALID_INTERFACE", NULL,
          "The network interface index or interface is invalid.",
          "Check the interface index is below NX_MAX_PHYSICAL_INTERFACES and that interface was attached."),

    ENTRY(0x4D, NETX, ERROR, NO_ALERT, NONE,
          "NX_INVALID_PARAMETERS", NULL,
          "One or more parameters are invalid for this call.",
          "Re-read the arguments of the call named by the API id; check lengths, addresses and flags agree."),

    ENTRY(0x4E, NETX, ERROR, NO_ALERT, NONE,
          "NX_NOT_FOUND", NULL,
          "The item searched for was not found.",
          "Check the key used for the search (address, name, index) matches an item that exists."),

    ENTRY(0x4F, NETX, ERROR, NO_ALERT, NONE,
          "NX_CANNOT_START", NULL,
          "The service could not be started.",
          "Check the service's prerequisites: interface up, address set, its resources created."),

    ENTRY(0x50, NETX, ERROR, NO_ALERT, NONE,
          "NX_NO_INTERFACE_ADDRESS", NULL,
          "The interface has no IP address configured.",
          "Start DTLS only after DHCP or static addressing is done; check nx_ip_address_set or the DHCP state."),

    ENTRY(0x51, NETX, ERROR, NO_ALERT, NONE,
          "NX_INVALID_MTU_DATA", NULL,
          "MTU information is invalid (unusable MTU or path MTU value).",
          "Check the interface MTU and path MTU settings; DTLS records must fit into the resulting payload."),

    ENTRY(0x52, NETX, ERROR, NO_ALERT, NONE,
          "NX_DUPLICATED_ENTRY", NULL,
          "The entry being added already exists.",
          "Look for repeated add calls for the same address or route during init or reconnection."),

    ENTRY(0x53, NETX, ERROR, NO_ALERT, NONE,
          "NX_PACKET_OFFSET_ERROR", NULL,
          "A packet offset argument lies outside the packet data.",
          "Check offsets used to read or copy packet data against the packet length."),

    ENTRY(0x54, NETX, ERROR, NO_ALERT, NONE,
          "NX_OPTION_HEADER_ERROR", NULL,
          "An IP option or IPv6 extension header is invalid.",
          "Inspect IP options and IPv6 extension headers in the capture; a peer or router may send malformed ones."),

    ENTRY(0x55, NETX, INFO, NO_ALERT, NONE,
          "NX_CONTINUE", NULL,
          "Processing continues: an internal step is not finished yet.",
          "Internal flow value, not a failure; only worth a look if an API returns it to the application."),

    ENTRY(0x56, NETX, ERROR, NO_ALERT, NONE,
          "NX_TCPIP_OFFLOAD_ERROR", NULL,
          "The TCP/IP offload engine (hardware or driver) reported an error.",
          "Check the offload driver and network module firmware; compare behaviour with offload disabled."),

    /* ---- NetX Secure TLS/DTLS (nx_secure_tls.h), 0x101-0x154 ------------ */

    ENTRY(0x101, TLS, ERROR, FATAL(INTERNAL_ERROR), NONE,
          "NX_SECURE_TLS_SESSION_UNINITIALIZED", NULL,
          "A TLS/DTLS service ran on a session that was never set up or has been deleted.",
          "Check nx_secure_dtls_session_create succeeded before start/send/receive and no thread deleted the session."),

    ENTRY(0x102, TLS, ERROR, FATAL(UNEXPECTED_MESSAGE), NONE,
          "NX_SECURE_TLS_UNRECOGNIZED_MESSAGE_TYPE", NULL,
          "A record or handshake message carried a type NetX does not know.",
          "Check the record content type in the capture; a non-DTLS sender on the port or a peer bug is likely."),

    ENTRY(0x103, TLS, ERROR, FATAL(INTERNAL_ERROR), NONE,
          "NX_SECURE_TLS_INVALID_STATE", NULL,
          "The TLS/DTLS state machine reached a state it does not recognise (internal error).",
          "Look for one session used from several threads at once, or memory corruption of the session structure."),

    ENTRY(0x104, TLS, ERROR, FATAL(INTERNAL_ERROR), NONE,
          "NX_SECURE_TLS_INVALID_PACKET", NULL,
          "A received packet held no usable TLS/DTLS data.",
          "Make sure only DTLS reaches this socket and datagrams are not cut by the driver or a small pool payload."),

    ENTRY(0x105, TLS, ERROR, FATAL(HANDSHAKE_FAILURE), NONE,
          "NX_SECURE_TLS_UNKNOWN_CIPHERSUITE", NULL,
          "The chosen cipher suite is not one the device has; as a client, the server picked one never offered.",
          "Compare the ServerHello suite with the crypto table given at session create; an unoffered pick is a peer fault."),

    ENTRY(0x106, TLS, ERROR, FATAL(HANDSHAKE_FAILURE), NONE,
          "NX_SECURE_TLS_UNSUPPORTED_CIPHER", NULL,
          "The cipher needed to protect records is disabled or missing from this build.",
          "Check the crypto table holds a working bulk cipher for every suite offered and none is compiled out."),

    ENTRY(0x107, TLS, ERROR, FATAL(HANDSHAKE_FAILURE), NONE,
          "NX_SECURE_TLS_HANDSHAKE_FAILURE", NULL,
          "Processing a handshake message failed for a reason without a more specific code.",
          "Decode the handshake in the capture and compare suites, curves and signature algorithms of both sides."),

    ENTRY(0x108, TLS, ERROR, FATAL(BAD_RECORD_MAC), NONE,
          "NX_SECURE_TLS_HASH_MAC_VERIFY_FAILURE", NULL,
          "An incoming record's MAC did not verify: the record was altered or the keys differ.",
          "Suspect mismatched keys after a bad handshake, corrupted datagrams or tampering; note the record's epoch."),

    ENTRY(0x109, TLS, ERROR, FATAL(INTERNAL_ERROR), NONE,
          "NX_SECURE_TLS_TCP_SEND_FAILED", NULL,
          "Passing a record to the transport failed (for DTLS: the UDP send).",
          "Look at the UDP send path: ARP/route to the peer, socket still bound, packet pool not empty."),

    ENTRY(0x10A, TLS, ERROR, FATAL(DECODE_ERROR), NONE,
          "NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH", NULL,
          "A handshake message length disagrees with its header or its contents (malformed).",
          "Check fragment reassembly in the capture; datagrams truncated by MTU or a small pool payload cause this."),

    ENTRY(0x10B, TLS, ERROR, FATAL(UNEXPECTED_MESSAGE), NONE,
          "NX_SECURE_TLS_BAD_CIPHERSPEC", NULL,
          "The ChangeCipherSpec message received was malformed.",
          "Inspect the peer's ChangeCipherSpec record: one byte of value 1, sent at the expected point in the flight."),

    ENTRY(0x10C, TLS, ERROR, FATAL(BAD_CERTIFICATE), NONE,
          "NX_SECURE_TLS_INVALID_SERVER_CERT", NULL,
          "The server's certificate could not be parsed.",
          "Extract the server certificate from the capture and check it is well-formed DER X.509 v3 with supported keys."),

    ENTRY(0x10D, TLS, ERROR, FATAL(UNSUPPORTED_CERTIFICATE), NONE,
          "NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER", NULL,
          "The peer's certificate needs a public-key operation the device does not support.",
          "Compare the certificate's key type (RSA, ECDSA, curve) with the public-key methods in the crypto table."),

    ENTRY(0x10E, TLS, ERROR, FATAL(HANDSHAKE_FAILURE), NONE,
          "NX_SECURE_TLS_NO_SUPPORTED_CIPHERS", NULL,
          "The ClientHello offered no cipher suite this device supports.",
          "Align the client's suite list with the server's crypto table; check PSK vs certificate suites and ECC support."),

    ENTRY(0x10F, TLS, ERROR, FATAL(PROTOCOL_VERSION), NONE,
          "NX_SECURE_TLS_UNKNOWN_TLS_VERSION", NULL,
          "A record carried a version number that is not any known TLS/DTLS version.",
          "Check the record version field (DTLS 1.2 is 0xFEFD); junk there means a non-DTLS sender or a damaged datagram."),

    ENTRY(0x110, TLS, ERROR, FATAL(PROTOCOL_VERSION), NONE,
          "NX_SECURE_TLS_UNSUPPORTED_TLS_VERSION", NULL,
          "The peer uses a valid protocol version that this device does not enable.",
          "Compare DTLS 1.0/1.2 support on both ends and any protocol_version_override call on the device."),

    ENTRY(0x111, TLS, ERROR, FATAL(INTERNAL_ERROR), NONE,
          "NX_SECURE_TLS_ALLOCATE_PACKET_FAILED", NULL,
          "NetX Secure could not get a packet from the pool to build a TLS/DTLS message.",
          "Enlarge the packet pool (count and payload) and look for packets the application never releases."),

    ENTRY(0x112, TLS, ERROR, FATAL(BAD_CERTIFICATE), NONE,
          "NX_SECURE_TLS_INVALID_CERTIFICATE", NULL,
          "An X.509 certificate, received or loaded locally, could not be parsed.",
          "Validate the certificate with openssl x509 -inform DER and check it fits the remote certificate buffer."),

    ENTRY(0x113, TLS, WARNING, FATAL(INTERNAL_ERROR), NONE,
          "NX_SECURE_TLS_NO_CLOSE_RESPONSE", NULL,
          "The session was ended but the peer never answered with its own close_notify.",
          "Usually harmless (peer gone or datagram lost); check the wait option passed to nx_secure_dtls_session_end."),

    ENTRY(0x114, TLS, ERROR, FATAL(UNEXPECTED_MESSAGE), ANY,
          "NX_SECURE_TLS_ALERT_RECEIVED", NULL,
          "The peer sent a TLS alert and the session stopped.",
          "Read the alert in the capture or via nx_secure_tls_session_alert_value_get: it says why the peer refused."),

    ENTRY(0x115, TLS, ERROR, FATAL(DECRYPT_ERROR), NONE,
          "NX_SECURE_TLS_FINISHED_HASH_FAILURE", NULL,
          "The peer's Finished message does not match the device's handshake transcript.",
          "Suspect a PSK or key mismatch, or handshake messages altered or mis-reassembled on the way."),

    ENTRY(0x116, TLS, ERROR, FATAL(CERTIFICATE_UNKNOWN), NONE,
          "NX_SECURE_TLS_UNKNOWN_CERT_SIG_ALGORITHM", NULL,
          "A certificate is signed with an algorithm the device does not support.",
          "Check the signature algorithm of every chain certificate (RSA-PSS, SHA-1...) against the built-in methods."),

    ENTRY(0x117, TLS, ERROR, FATAL(BAD_CERTIFICATE), NONE,
          "NX_SECURE_TLS_CERTIFICATE_SIG_CHECK_FAILED", NULL,
          "A certificate's signature did not verify with its issuer's public key.",
          "The chain may pair a certificate with the wrong issuer, or it was altered; re-export the chain from the CA."),

    ENTRY(0x118, TLS, ERROR, FATAL(ILLEGAL_PARAMETER), NONE,
          "NX_SECURE_TLS_BAD_COMPRESSION_METHOD", NULL,
          "A hello message offered or chose a compression method other than null.",
          "The peer must use null compression only; check the compression settings of the peer's TLS library."),

    ENTRY(0x119, TLS, ERROR, FATAL(BAD_CERTIFICATE), NONE,
          "NX_SECURE_TLS_CERTIFICATE_NOT_FOUND", NULL,
          "A lookup in a local certificate list found no matching certificate.",
          "Check the certificate was added to the local or trusted store before the handshake, with the right ID."),

    ENTRY(0x11A, TLS, ERROR, FATAL(CERTIFICATE_UNKNOWN), NONE,
          "NX_SECURE_TLS_INVALID_SELF_SIGNED_CERT", NULL,
          "The peer presented a self-signed certificate, which this build rejects.",
          "Use a CA-issued certificate; for lab setups only, build with NX_SECURE_ALLOW_SELF_SIGNED_CERTIFICATES."),

    ENTRY(0x11B, TLS, ERROR, FATAL(UNKNOWN_CA), NONE,
          "NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND", NULL,
          "The issuer of the peer's certificate is not in the device's trusted store.",
          "Add the server's issuing CA to the device trust store (nx_secure_dtls_session_trusted_certificate_add); check the chain the server sends."),

    ENTRY(0x11C, TLS, WARNING, FATAL(INTERNAL_ERROR), NONE,
          "NX_SECURE_TLS_OUT_OF_ORDER_MESSAGE", NULL,
          "A DTLS handshake message arrived out of sequence, most likely after a lost datagram; it is ignored.",
          "Expected on lossy links; if it persists, check packet loss, IP fragmentation and retransmission timing."),

    ENTRY(0x11D, TLS, WARNING, FATAL(INTERNAL_ERROR), NONE,
          "NX_SECURE_TLS_INVALID_REMOTE_HOST", NULL,
          "A datagram came from an address/port that belongs to no known DTLS session.",
          "Check whether the peer's source port changed (NAT rebinding) or stray traffic reaches the DTLS port."),

    ENTRY(0x11E, TLS, WARNING, FATAL(INTERNAL_ERROR), NONE,
          "NX_SECURE_TLS_INVALID_EPOCH", NULL,
          "A DTLS record carried an epoch other than the session's current one; it is ignored.",
          "Normal around ChangeCipherSpec and reordering; many in a row suggest the peer restarted without a new handshake."),

    ENTRY(0x11F, TLS, WARNING, FATAL(INTERNAL_ERROR), NONE,
          "NX_SECURE_TLS_REPEAT_MESSAGE_RECEIVED", NULL,
          "A DTLS record with an already-seen sequence number arrived (duplicate or replay); it is ignored.",
          "Normal for retransmitted flights and duplicated datagrams; long bursts may mean a replay or a looping path."),

    ENTRY(0x120, TLS, ERROR, FATAL(INTERNAL_ERROR), NONE,
          "NX_SECURE_TLS_NEED_DTLS_SESSION", NULL,
          "A DTLS service was given a session that was set up for TLS, not DTLS.",
          "Pass the NX_SECURE_DTLS_SESSION created by nx_secure_dtls_session_create, not a plain TLS session."),

    ENTRY(0x121, TLS, ERROR, FATAL(INTERNAL_ERROR), NONE,
          "NX_SECURE_TLS_NEED_TLS_SESSION", NULL,
          "A TLS-only service was called on a session initialised for DTLS.",
          "Use the nx_secure_dtls_* form of the call, or a separate TLS session for TCP traffic."),

    ENTRY(0x122, TLS, ERROR, FATAL(INTERNAL_ERROR), NONE,
          "NX_SECURE_TLS_SEND_ADDRESS_MISMATCH", NULL,
          "Data was sent on a DTLS session to an address or port other than the session's peer.",
          "Check the IP address and port given to nx_secure_dtls_session_send match the session's peer."),

    ENTRY(0x123, TLS, ERROR, FATAL(INTERNAL_ERROR), NONE,
          "NX_SECURE_TLS_NO_FREE_DTLS_SESSIONS", NULL,
          "A new client reached the DTLS server, but every session slot is taken.",
          "Give nx_secure_dtls_server_create room for more sessions, or end idle sessions sooner (disconnect notify)."),

    ENTRY(0x124, TLS, ERROR, FATAL(INTERNAL_ERROR), NONE,
          "NX_SECURE_DTLS_SESSION_NOT_FOUND", NULL,
          "The server's DTLS session cache has no entry for this peer address and port.",
          "The session may already be reset or deleted; check the peer address used and session lifetime handling."),

    ENTRY(0x125, TLS, ERROR, FATAL(INTERNAL_ERROR), NONE,
          "NX_SECURE_TLS_NO_MORE_PSK_SPACE", NULL,
          "A pre-shared key could not be added: the session's PSK table is full.",
          "Raise NX_SECURE_TLS_MAX_PSK_KEYS, or add fewer keys per session with nx_secure_dtls_psk_add."),

    ENTRY(0x126, TLS, ERROR, FATAL(UNKNOWN_PSK_IDENTITY), NONE,
          "NX_SECURE_TLS_NO_MATCHING_PSK", NULL,
          "The PSK identity (or hint) from the peer matches no key stored on the device.",
          "Compare the identity in the capture with those given to nx_secure_dtls_psk_add / server_psk_add."),

    ENTRY(0x127, TLS, INFO, FATAL(INTERNAL_ERROR), CLOSE_NOTIFY,
          "NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED", NULL,
          "The peer sent close_notify: it ended the session cleanly.",
          "No fault; if the close was unexpected, check the peer's idle timeout or its application logic."),

    ENTRY(0x128, TLS, ERROR, FATAL(INTERNAL_ERROR), NONE,
          "NX_SECURE_TLS_NO_AVAILABLE_SESSIONS", NULL,
          "No free session was available in the server object to take a new connection.",
          "Reset sessions after close (nx_secure_dtls_session_reset) so slots return; size the pool for peak peers."),

    ENTRY(0x129, TLS, ERROR, FATAL(INTERNAL_ERROR), NONE,
          "NX_SECURE_TLS_NO_CERT_SPACE_ALLOCATED", NULL,
          "A peer certificate arrived but no space was set aside to store remote certificates.",
          "Give nx_secure_dtls_session_create a non-zero certificate count and a remote certificate buffer."),

    ENTRY(0x12A, TLS, ERROR, FATAL(BAD_RECORD_MAC), NONE,
          "NX_SECURE_TLS_PADDING_CHECK_FAILED", NULL,
          "The CBC padding of a decrypted record was invalid.",
          "Treat like a MAC failure: keys out of step, corruption or tampering; check both ends use the same CBC suite."),

    ENTRY(0x12B, TLS, ERROR, FATAL(UNSUPPORTED_CERTIFICATE), NONE,
          "NX_SECURE_TLS_UNSUPPORTED_CERT_SIGN_TYPE", NULL,
          "The server's CertificateRequest lists no certificate type the device can supply.",
          "Compare the certificate types the server requests (RSA/ECDSA) with the key type of the device certificate."),

    ENTRY(0x12C, TLS, ERROR, FATAL(UNSUPPORTED_CERTIFICATE), NONE,
          "NX_SECURE_TLS_UNSUPPORTED_CERT_SIGN_ALG", NULL,
          "The server's CertificateRequest lists no signature algorithm the device supports.",
          "Check the signature algorithms in the CertificateRequest against the device's hash methods (e.g. SHA-256)."),

    ENTRY(0x12D, TLS, ERROR, FATAL(INTERNAL_ERROR), NONE,
          "NX_SECURE_TLS_INSUFFICIENT_CERT_SPACE", NULL,
          "A certificate is larger than the buffer set aside to hold it.",
          "Enlarge the remote certificate buffer given to nx_secure_dtls_session_create, or use smaller certificates."),

    ENTRY(0x12E, TLS, ERROR, FATAL(PROTOCOL_VERSION), NONE,
          "NX_SECURE_TLS_PROTOCOL_VERSION_CHANGED", NULL,
          "A record's version differs from the version negotiated for the session.",
          "The peer switched version mid-session: look for two peers sharing one address/port, or a peer bug."),

    ENTRY(0x12F, TLS, WARNING, WARNING(NO_RENEGOTIATION), NONE,
          "NX_SECURE_TLS_NO_RENEGOTIATION_ERROR", NULL,
          "The peer asked to renegotiate (HelloRequest); the device declines and the session goes on.",
          "Stop the peer from requesting renegotiation; the device answers with a no_renegotiation warning alert."),

    ENTRY(0x130, TLS, ERROR, FATAL(HANDSHAKE_FAILURE), NONE,
          "NX_SECURE_TLS_UNSUPPORTED_FEATURE", NULL,
          "The handshake needs a feature that is disabled in this NetX Secure build.",
          "Identify the feature from the handshake (extension, key exchange, version) and enable it in the build config."),

    ENTRY(0x131, TLS, ERROR, FATAL(BAD_CERTIFICATE), NONE,
          "NX_SECURE_TLS_CERTIFICATE_VERIFY_FAILURE", NULL,
          "The client's CertificateVerify did not prove it holds its certificate's private key.",
          "The client's private key probably does not belong to its certificate; re-pair key and certificate."),

    ENTRY(0x132, TLS, ERROR, FATAL(BAD_CERTIFICATE), NONE,
          "NX_SECURE_TLS_EMPTY_REMOTE_CERTIFICATE_RECEIVED", NULL,
          "The peer answered with an empty Certificate message.",
          "The client has no certificate but the server requires one (x509_client_verify_configure); provision it."),

    ENTRY(0x133, TLS, ERROR, FATAL(HANDSHAKE_FAILURE), NONE,
          "NX_SECURE_TLS_RENEGOTIATION_EXTENSION_ERROR", NULL,
          "Processing or building the secure renegotiation extension failed.",
          "Check renegotiation_info in both hellos; both ends must implement RFC 5746 consistently."),

    ENTRY(0x134, TLS, ERROR, FATAL(HANDSHAKE_FAILURE), NONE,
          "NX_SECURE_TLS_RENEGOTIATION_SESSION_INACTIVE", NULL,
          "A renegotiation was attempted on a session that is not established.",
          "Only renegotiate after the handshake has completed; check the session state in the application first."),

    ENTRY(0x135, TLS, ERROR, FATAL(INTERNAL_ERROR), NONE,
          "NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL", NULL,
          "A received record is too big for the buffer available to process it; it was dropped.",
          "Enlarge the packet reassembly buffer given at session create and the pool payload; check peer record sizes."),

    ENTRY(0x136, TLS, ERROR, FATAL(HANDSHAKE_FAILURE), NONE,
          "NX_SECURE_TLS_EXTENSION_NOT_FOUND", NULL,
          "An expected hello extension was not present in the peer's message.",
          "Find which extension the device wanted (supported groups, SNI...) and whether the peer sends it."),

    ENTRY(0x137, TLS, ERROR, FATAL(HANDSHAKE_FAILURE), NONE,
          "NX_SECURE_TLS_SNI_EXTENSION_INVALID", NULL,
          "The Server Name Indication extension received is malformed.",
          "Check server_name in the ClientHello: the peer may send an empty, oversized or badly encoded host name."),

    ENTRY(0x138, TLS, ERROR, FATAL(INTERNAL_ERROR), NONE,
          "NX_SECURE_TLS_CERT_ID_INVALID", NULL,
          "A server certificate was added under an unusable certificate ID (typically zero).",
          "Give each server certificate a unique non-zero ID in nx_secure_dtls_server_local_certificate_add."),

    ENTRY(0x139, TLS, ERROR, FATAL(INTERNAL_ERROR), NONE,
          "NX_SECURE_TLS_CERT_ID_DUPLICATE", NULL,
          "A server certificate was added under an ID that is already taken in the local store.",
          "Remove the old server certificate first, or add the new one under an unused ID."),

    ENTRY(0x13A, TLS, ERROR, WARNING(NO_RENEGOTIATION), NONE,
          "NX_SECURE_TLS_RENEGOTIATION_FAILURE", NULL,
          "Secure renegotiation is impossible: the peer did not signal support (extension or SCSV).",
          "Configure or update the peer to send renegotiation_info, or avoid renegotiating with that peer."),

    ENTRY(0x13B, TLS, ERROR, NO_ALERT, NONE,
          "NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE", NULL,
          "A cipher suite table entry lacks a crypto method or function needed for the operation.",
          "Check the crypto table passed at session create: every method a suite uses must be set and linked in."),

    ENTRY(0x13C, TLS, ERROR, FATAL(HANDSHAKE_FAILURE), NONE,
          "NX_SECURE_TLS_EMPTY_EC_GROUP", NULL,
          "ECC was needed but no supported group (curve) was available or offered.",
          "Call nx_secure_dtls_ecc_initialize with the curve list and check the peer offers a matching group."),

    ENTRY(0x13D, TLS, ERROR, FATAL(HANDSHAKE_FAILURE), NONE,
          "NX_SECURE_TLS_EMPTY_EC_POINT_FORMAT", NULL,
          "The ec_point_formats extension was present but empty.",
          "The peer must list at least the uncompressed point format; check its ECC settings."),

    ENTRY(0x13E, TLS, ERROR, FATAL(ILLEGAL_PARAMETER), NONE,
          "NX_SECURE_TLS_BAD_SERVERHELLO_KEYSHARE", NULL,
          "The TLS 1.3 ServerHello key share is invalid or for a group the client did not offer.",
          "Compare the server's key_share group with the groups the client offered (TLS 1.3 path, not DTLS 1.2)."),

    ENTRY(0x13F, TLS, ERROR, NO_ALERT, NONE,
          "NX_SECURE_TLS_INSUFFICIENT_METADATA_SPACE", NULL,
          "The crypto metadata buffer is too small for the ciphers in use.",
          "Size the metadata buffer with nx_secure_tls_metadata_size_calculate and pass that size at session create."),

    ENTRY(0x140, TLS, INFO, NO_ALERT, NONE,
          "NX_SECURE_TLS_POST_HANDSHAKE_RECEIVED", NULL,
          "A TLS 1.3 post-handshake message (such as NewSessionTicket) was received.",
          "Informational; only worth a look if it repeats in a loop or shows up on a DTLS 1.2 session."),

    ENTRY(0x141, TLS, WARNING, NO_ALERT, NONE,
          "NX_SECURE_TLS_BAD_CLIENTHELLO_KEYSHARE", NULL,
          "The TLS 1.3 ClientHello key share could not be used by the server.",
          "Compare the client's key_share groups with the server's curves; the server may ask again (HelloRetryRequest)."),

    ENTRY(0x142, TLS, ERROR, FATAL(ILLEGAL_PARAMETER), NONE,
          "NX_SECURE_TLS_1_3_UNKNOWN_CIPHERSUITE", NULL,
          "The TLS 1.3 ServerHello picked a cipher suite the client did not offer.",
          "Compare the client's TLS 1.3 suites with the server's choice; the server is misconfigured or faulty."),

    ENTRY(0x143, TLS, ERROR, NO_ALERT, NONE,
          "NX_SECURE_TLS_INVALID_SESSION_TICKET", NULL,
          "A TLS 1.3 session ticket was invalid.",
          "Check ticket lifetime and format from the server; drop cached tickets and do a full handshake."),

    ENTRY(0x144, TLS, ERROR, FATAL(MISSING_EXTENSION), NONE,
          "NX_SECURE_TLS_MISSING_EXTENSION", NULL,
          "The peer left out an extension that the negotiated protocol version requires.",
          "Decode the hello and look for mandatory extensions (supported_versions, key_share, signature_algorithms)."),

    ENTRY(0x145, TLS, ERROR, FATAL(CERTIFICATE_REQUIRED), NONE,
          "NX_SECURE_TLS_CERTIFICATE_REQUIRED", NULL,
          "The server requires a client certificate and the client sent none.",
          "Provision a client certificate and key on the client, or turn off client verification on the server."),

    ENTRY(0x146, TLS, ERROR, FATAL(UNEXPECTED_MESSAGE), NONE,
          "NX_SECURE_TLS_UNEXPECTED_CLIENTHELLO", NULL,
          "A ClientHello arrived when the server was not expecting one (e.g. mid-session).",
          "Usually a peer restarting the handshake on the same address/port; check its reconnect logic or reset the session."),

    ENTRY(0x147, TLS, ERROR, FATAL(INAPPROPRIATE_FALLBACK), NONE,
          "NX_SECURE_TLS_INAPPROPRIATE_FALLBACK", NULL,
          "The client signalled a version fallback (FALLBACK_SCSV) though a higher version is supported.",
          "Look for the client's earlier failed attempt at a higher version and fix what made it fail."),

    ENTRY(0x148, TLS, ERROR, NO_ALERT, NONE,
          "NX_SECURE_TLS_BAD_CLIENTHELLO_PSK_EXTENSION", NULL,
          "The TLS 1.3 ClientHello pre_shared_key extension is malformed or misplaced.",
          "pre_shared_key must be the last ClientHello extension and well-formed; check the client's TLS 1.3 stack."),

    ENTRY(0x149, TLS, ERROR, NO_ALERT, NONE,
          "NX_SECURE_TLS_PSK_BINDER_MISMATCH", NULL,
          "The TLS 1.3 PSK binder did not verify: the two sides do not hold the same PSK.",
          "Check PSK value, identity and hash on both ends; the binder depends on all three."),

    ENTRY(0x14A, TLS, ERROR, FATAL(INTERNAL_ERROR), NONE,
          "NX_SECURE_TLS_CRYPTO_KEYS_TOO_LARGE", NULL,
          "The negotiated key material does not fit the session's key buffers.",
          "Raise the key buffer sizes in the NetX Secure configuration, or restrict suites to smaller keys."),

    ENTRY(0x14B, TLS, ERROR, FATAL(HANDSHAKE_FAILURE), NONE,
          "NX_SECURE_TLS_UNSUPPORTED_ECC_CURVE", NULL,
          "The peer uses an elliptic curve the device does not support.",
          "Compare the curve in the peer's key exchange or certificate with the list given to nx_secure_dtls_ecc_initialize."),

    ENTRY(0x14C, TLS, ERROR, FATAL(HANDSHAKE_FAILURE), NONE,
          "NX_SECURE_TLS_UNSUPPORTED_ECC_FORMAT", NULL,
          "The peer requires an EC point format the device cannot handle.",
          "Make the peer accept the uncompressed point format."),

    ENTRY(0x14D, TLS, ERROR, FATAL(HANDSHAKE_FAILURE), NONE,
          "NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM", NULL,
          "No common signature algorithm, or the peer signed with one the device does not support.",
          "Check signature_algorithms in the hellos and the algorithm of the key exchange signature."),

    ENTRY(0x14E, TLS, ERROR, FATAL(DECRYPT_ERROR), NONE,
          "NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR", NULL,
          "A handshake signature (e.g. in ServerKeyExchange) failed to verify.",
          "The server's private key may not match its certificate, or messages were altered; check the server's key pair."),

    ENTRY(0x14F, TLS, ERROR, FATAL(UNEXPECTED_MESSAGE), NONE,
          "NX_SECURE_TLS_UNEXPECTED_MESSAGE", NULL,
          "A handshake message arrived that is not allowed in the current handshake state.",
          "Follow the handshake order in the capture; lost or reordered flights and peer state bugs are the usual causes."),

    ENTRY(0x150, TLS, ERROR, FATAL(BAD_RECORD_MAC), NONE,
          "NX_SECURE_TLS_AEAD_DECRYPT_FAIL", NULL,
          "An AEAD-protected record (AES-GCM/CCM...) failed authentication when decrypted.",
          "Keys out of step, corruption or tampering; check both ends derived keys from the same handshake and epoch."),

    ENTRY(0x151, TLS, ERROR, FATAL(RECORD_OVERFLOW), NONE,
          "NX_SECURE_TLS_RECORD_OVERFLOW", NULL,
          "A record exceeded the maximum allowed length.",
          "Check the peer's record sizes and any max_fragment_length agreement; the peer may ignore the limit."),

    ENTRY(0x152, TLS, INFO, NO_ALERT, NONE,
          "NX_SECURE_TLS_HANDSHAKE_FRAGMENT_RECEIVED", NULL,
          "A fragment of a larger handshake message arrived; NetX waits for the rest.",
          "Normal with small DTLS MTUs; fragments that never complete point to lost datagrams."),

    ENTRY(0x153, TLS, WARNING, NO_ALERT, NONE,
          "NX_SECURE_TLS_TRANSMIT_LOCKED", NULL,
          "Sending on this session is locked for the moment, so the send was refused.",
          "Serialise sends per session or retry later; check for several application threads sending at once."),

    ENTRY(0x154, TLS, ERROR, FATAL(ILLEGAL_PARAMETER), NONE,
          "NX_SECURE_TLS_DOWNGRADE_DETECTED", NULL,
          "The ServerHello random carries the downgrade marker: a forced version downgrade was detected.",
          "A middlebox or misconfigured server forced an older version; check the path and the server's versions."),

    /* ---- NetX Secure X.509 (nx_secure_x509.h), 0x181-0x1AA -------------- */

    ENTRY(0x181, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_MULTIBYTE_TAG_UNSUPPORTED", NULL,
          "The certificate contains an ASN.1 tag longer than one byte; the NetX parser cannot read it.",
          "Dump the certificate with openssl asn1parse; reissue it without high-number tags."),

    ENTRY(0x182, X509, ERROR, FATAL(BAD_CERTIFICATE), NONE,
          "NX_SECURE_X509_ASN1_LENGTH_TOO_LONG", NULL,
          "An ASN.1 length is larger than the parser can handle or than the data present.",
          "The certificate may be truncated or corrupted; compare its size in the capture with the buffer holding it."),

    ENTRY(0x183, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_FOUND_NON_ZERO_PADDING", NULL,
          "A BIT STRING has non-zero unused-bit padding where zero is required.",
          "The certificate or key is encoded non-canonically; re-encode it with a standard tool such as openssl."),

    ENTRY(0x184, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_MISSING_PUBLIC_KEY", NULL,
          "No public key was found where the certificate should carry one.",
          "Check the certificate's SubjectPublicKeyInfo; the data may be truncated or not a certificate at all."),

    ENTRY(0x185, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_INVALID_PUBLIC_KEY", NULL,
          "The certificate's public key is malformed or in an unexpected format.",
          "Verify the key encoding (RSA modulus/exponent, EC point) with openssl; reissue the certificate if broken."),

    ENTRY(0x186, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_INVALID_CERTIFICATE_SEQUENCE", NULL,
          "The data does not start with an ASN.1 SEQUENCE, so it is not a DER certificate.",
          "Load DER, not PEM text, and make sure pointer and length cover exactly one certificate."),

    ENTRY(0x187, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_MISSING_SIGNATURE_ALGORITHM", NULL,
          "The certificate lacks the expected signature algorithm identifier.",
          "The certificate structure is incomplete; export it again from the CA in DER form."),

    ENTRY(0x188, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_INVALID_CERTIFICATE_DATA", NULL,
          "The certificate's identity data (subject or issuer names) is badly formatted.",
          "Dump subject and issuer names; unusual string types or very long fields can trip the parser."),

    ENTRY(0x189, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_UNEXPECTED_ASN1_TAG", NULL,
          "An ASN.1 element has a different tag than the X.509 structure requires at that point.",
          "Run openssl asn1parse on the certificate to locate the element; the encoding is non-conformant."),

    ENTRY(0x18A, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_PKCS1_INVALID_PRIVATE_KEY", NULL,
          "The private key given is not a well-formed PKCS#1 key.",
          "Convert the key to PKCS#1 DER (openssl rsa -outform DER -traditional) and pass the matching key type."),

    ENTRY(0x18B, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_CHAIN_TOO_SHORT", NULL,
          "The space for building the certificate chain cannot hold the whole chain.",
          "Allow more certificates at session create, or have the peer send a shorter chain."),

    ENTRY(0x18C, X509, ERROR, FATAL(UNKNOWN_CA), NONE,
          "NX_SECURE_X509_CHAIN_VERIFY_FAILURE", NULL,
          "The certificate chain could not be verified up to a trusted root (general failure).",
          "Check each link: root in the trust store, intermediates sent by the peer, signatures and validity dates."),

    ENTRY(0x18D, X509, ERROR, FATAL(BAD_CERTIFICATE), NONE,
          "NX_SECURE_X509_PKCS7_PARSING_FAILED", NULL,
          "The PKCS#7-encoded signature of a certificate could not be parsed.",
          "Check the signature block of the certificate; reissue it if that block is malformed."),

    ENTRY(0x18E, X509, ERROR, FATAL(BAD_CERTIFICATE), NONE,
          "NX_SECURE_X509_CERTIFICATE_NOT_FOUND", NULL,
          "A certificate store lookup returned no matching entry.",
          "Check the name or ID being looked up and that the certificate was added to the right store."),

    ENTRY(0x18F, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_INVALID_VERSION", NULL,
          "A certificate field is not allowed for the certificate's declared X.509 version.",
          "Extensions require X.509 v3: check the version field and reissue the certificate as v3."),

    ENTRY(0x190, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_INVALID_TAG_CLASS", NULL,
          "An ASN.1 tag uses a class value that is invalid at that position.",
          "The DER encoding is corrupt or non-standard; compare with a fresh export of the certificate."),

    ENTRY(0x191, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_INVALID_EXTENSIONS", NULL,
          "The certificate's extensions field does not contain a SEQUENCE.",
          "The extensions block is malformed; regenerate the certificate."),

    ENTRY(0x192, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_INVALID_EXTENSION_SEQUENCE", NULL,
          "One extension inside the certificate is not valid X.509.",
          "List the extensions with openssl x509 -text to find the odd one, then reissue the certificate."),

    ENTRY(0x193, X509, ERROR, FATAL(CERTIFICATE_EXPIRED), NONE,
          "NX_SECURE_X509_CERTIFICATE_EXPIRED", NULL,
          "A certificate's notAfter date is earlier than the device's current time.",
          "Check the device clock (RTC, SNTP sync, time callback) first; renew the certificate if it really expired."),

    ENTRY(0x194, X509, ERROR, FATAL(CERTIFICATE_EXPIRED), NONE,
          "NX_SECURE_X509_CERTIFICATE_NOT_YET_VALID", NULL,
          "A certificate's notBefore date is later than the device's current time.",
          "The device clock is likely behind (no SNTP or RTC after boot); fix the time source before the certificate."),

    ENTRY(0x195, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_CERTIFICATE_DNS_MISMATCH", NULL,
          "The certificate's Common Name / subjectAltName does not match the expected DNS name.",
          "Compare the host name the device checks (nx_secure_x509_dns_name_initialize) with the certificate's names."),

    ENTRY(0x196, X509, ERROR, FATAL(BAD_CERTIFICATE), NONE,
          "NX_SECURE_X509_INVALID_DATE_FORMAT", NULL,
          "A certificate date is not in a recognised UTCTime/GeneralizedTime format.",
          "Check the validity dates with openssl x509 -dates; reissue with standard time encoding."),

    ENTRY(0x197, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_CRL_ISSUER_MISMATCH", NULL,
          "The CRL and the certificate were issued by different CAs.",
          "Supply the CRL published by the certificate's own issuing CA."),

    ENTRY(0x198, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_CRL_SIGNATURE_CHECK_FAILED", NULL,
          "The CRL's signature did not verify against its issuing CA.",
          "The CRL may be corrupted or signed by another key; fetch it again and check its issuer is trusted."),

    ENTRY(0x199, X509, ERROR, FATAL(CERTIFICATE_REVOKED), NONE,
          "NX_SECURE_X509_CRL_CERTIFICATE_REVOKED", NULL,
          "The certificate is listed in a valid CRL: it has been revoked.",
          "Replace the revoked certificate with a new one; confirm its serial number against the CA's CRL."),

    ENTRY(0x19A, X509, ERROR, FATAL(BAD_CERTIFICATE), NONE,
          "NX_SECURE_X509_WRONG_SIGNATURE_METHOD", NULL,
          "The signature's algorithm differs from the method the certificate declares.",
          "The certificate's inner and outer signature algorithm fields may disagree; have the CA reissue it."),

    ENTRY(0x19B, X509, WARNING, NO_ALERT, NONE,
          "NX_SECURE_X509_EXTENSION_NOT_FOUND", NULL,
          "The requested extension is not present in the certificate.",
          "Often fine for optional extensions; if policy needs it (key usage, SAN), reissue the certificate with it."),

    ENTRY(0x19C, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_ALT_NAME_NOT_FOUND", NULL,
          "The name searched for is not among the certificate's subjectAltName entries.",
          "Add the expected DNS name or IP to the certificate's SAN, or check the name the device matches against."),

    ENTRY(0x19D, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE", NULL,
          "The private key type given with a certificate is unknown or invalid.",
          "Check the key type argument of nx_secure_x509_certificate_initialize (RSA PKCS#1 DER, EC DER...)."),

    ENTRY(0x19E, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_NAME_STRING_TOO_LONG", NULL,
          "A name string (e.g. a DNS name) is too long for NetX's internal buffer.",
          "Shorten the DNS or common name used, or raise the name buffer size in the NetX Secure configuration."),

    ENTRY(0x19F, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_EXT_KEY_USAGE_NOT_FOUND", NULL,
          "The Extended Key Usage extension does not contain the requested purpose.",
          "The certificate is not issued for this role (serverAuth/clientAuth); reissue it with the right EKU."),

    ENTRY(0x1A0, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_KEY_USAGE_ERROR", NULL,
          "The application's certificate callback rejected the certificate's key usage.",
          "Review the key usage / EKU checks in the application's certificate callback against the certificate."),

    ENTRY(0x1A1, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_UNSUPPORTED_PUBLIC_CIPHER", NULL,
          "The certificate's public-key algorithm is not supported by the X.509 layer.",
          "Use an RSA or ECDSA certificate whose algorithm is present in the device's crypto table."),

    ENTRY(0x1A2, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_INVALID_CERTIFICATE", NULL,
          "The certificate failed X.509 parsing or validation.",
          "Parse the certificate with openssl to spot structural errors; check the whole DER blob was supplied."),

    ENTRY(0x1A3, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_UNKNOWN_CERT_SIG_ALGORITHM", NULL,
          "The certificate's signature algorithm is not known to the X.509 layer.",
          "Check the OID of the certificate's signature algorithm; ask the CA for RSA or ECDSA with SHA-256."),

    ENTRY(0x1A4, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_CERTIFICATE_SIG_CHECK_FAILED", NULL,
          "Verifying a certificate's signature with its issuer's key failed in the X.509 layer.",
          "Confirm the issuer in the store is the one that signed it (same key, not only the same name)."),

    ENTRY(0x1A5, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_INVALID_SELF_SIGNED_CERT", NULL,
          "A self-signed certificate was rejected by X.509 verification.",
          "Trust self-signed certificates only explicitly: install it as a trusted root, or allow it in test builds."),

    ENTRY(0x1A6, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_ISSUER_CERTIFICATE_NOT_FOUND", NULL,
          "The issuer of a chain certificate is missing from the certificate stores.",
          "Install the intermediate or root CA on the device, or make the peer send its full intermediate chain."),

    ENTRY(0x1A7, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_NO_CERT_SPACE_ALLOCATED", NULL,
          "The X.509 store has no space allocated for an incoming certificate.",
          "Provide remote certificate storage (count and buffer) before the handshake starts."),

    ENTRY(0x1A8, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_INSUFFICIENT_CERT_SPACE", NULL,
          "The X.509 certificate buffer is too small for the certificate.",
          "Raise the per-certificate buffer so it covers the largest certificate in the peer's chain."),

    ENTRY(0x1A9, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_CERT_ID_DUPLICATE", NULL,
          "A certificate with the same ID is already in the X.509 store.",
          "Use unique certificate IDs in the X.509 store, or remove the existing one before adding its replacement."),

    ENTRY(0x1AA, X509, ERROR, NO_ALERT, NONE,
          "NX_SECURE_X509_MISSING_CRYPTO_ROUTINE", NULL,
          "A crypto routine needed for X.509 processing is missing from the method table.",
          "Link in the hash and public-key methods the certificates use (e.g. SHA-384 for ECDSA P-384)."),

    /* ---- NetX crypto library (nx_crypto_const.h), 0x20001-0x20010 ------- */

    ENTRY(0x20001, CRYPTO, ERROR, NO_ALERT, NONE,
          "NX_CRYPTO_INVALID_LIBRARY", NULL,
          "The crypto library is not in a usable state (not initialised or failed its self-test).",
          "Check crypto initialisation (and self-tests, if enabled) succeeded at boot before DTLS starts."),

    ENTRY(0x20002, CRYPTO, ERROR, NO_ALERT, NONE,
          "NX_CRYPTO_UNSUPPORTED_KEY_SIZE", "NX_CRYPTO_AES_UNSUPPORTED_KEY_SIZE",
          "A key has a size the algorithm does not support (e.g. an AES key length).",
          "Check the key lengths set up for the cipher (AES 128/256, RSA modulus) against what the method accepts."),

    ENTRY(0x20003, CRYPTO, ERROR, NO_ALERT, NONE,
          "NX_CRYPTO_AUTHENTICATION_FAILED", NULL,
          "An authenticated decryption or integrity check failed.",
          "Check key, IV and nonce on both sides; in a DTLS session it usually means a corrupted or forged record."),

    ENTRY(0x20004, CRYPTO, ERROR, NO_ALERT, NONE,
          "NX_CRYPTO_INVALID_ALGORITHM", NULL,
          "The requested algorithm is not valid for the crypto method called.",
          "The crypto table maps a suite to a method with the wrong algorithm ID; review its entries."),

    ENTRY(0x20005, CRYPTO, ERROR, NO_ALERT, NONE,
          "NX_CRYPTO_INVALID_KEY", NULL,
          "The key given to a crypto operation is invalid.",
          "Verify key material and format, e.g. a private key loaded with the right type and length."),

    ENTRY(0x20006, CRYPTO, ERROR, NO_ALERT, NONE,
          "NX_CRYPTO_INVALID_BUFFER_SIZE", NULL,
          "An input or output buffer of a crypto operation has an invalid size.",
          "Check buffer lengths given to the crypto method (block multiples, room for the signature or output)."),

    ENTRY(0x20007, CRYPTO, ERROR, NO_ALERT, NONE,
          "NX_CRYPTO_PTR_ERROR", NULL,
          "A crypto operation received a NULL or invalid pointer argument.",
          "Check pointers passed into the crypto method, especially in custom or hardware-accelerated drivers."),

    ENTRY(0x20008, CRYPTO, ERROR, NO_ALERT, NONE,
          "NX_CRYPTO_SIZE_ERROR", NULL,
          "A size parameter of a crypto operation is out of range.",
          "Check size arguments of the crypto call; a metadata size that does not match the method is common."),

    ENTRY(0x20009, CRYPTO, ERROR, NO_ALERT, NONE,
          "NX_CRYPTO_NOT_SUCCESSFUL", NULL,
          "A crypto operation failed without a more specific code.",
          "Check the hardware crypto driver's own status and the entropy source; enable crypto-layer debug output."),

    ENTRY(0x2000A, CRYPTO, ERROR, NO_ALERT, NONE,
          "NX_CRYPTO_INVALID_PARAMETER", NULL,
          "A crypto operation received an invalid parameter.",
          "Check operation codes and options passed to the crypto method, particularly in ported methods."),

    ENTRY(0x2000B, CRYPTO, ERROR, NO_ALERT, NONE,
          "NX_CRYPTO_NO_INSTANCE", NULL,
          "No crypto instance (context) was available for the operation.",
          "The method was not initialised or its metadata was released; check init/cleanup order around the session."),

    ENTRY(0x2000C, CRYPTO, ERROR, NO_ALERT, NONE,
          "NX_CRYPTO_METHOD_INITIALIZATION_FAILURE", NULL,
          "Initialising a crypto method failed.",
          "Check the method's init arguments (key, metadata area) and the state of any hardware crypto engine."),

    ENTRY(0x2000D, CRYPTO, ERROR, NO_ALERT, NONE,
          "NX_CRYPTO_METADATA_UNALIGNED", NULL,
          "The crypto metadata buffer is not suitably aligned.",
          "Align the metadata buffer given at session create (declare it as a ULONG array or 8-byte aligned)."),

    ENTRY(0x2000E, CRYPTO, ERROR, NO_ALERT, NONE,
          "NX_CRYPTO_POINTER_ERROR", NULL,
          "A crypto routine found an invalid internal pointer.",
          "Look for uninitialised crypto method structures or custom crypto code passing stale pointers."),

    ENTRY(0x2000F, CRYPTO, ERROR, NO_ALERT, NONE,
          "NX_CRYTPO_MISSING_ECC_CURVE", NULL,
          "The elliptic curve needed for the operation is not available.",
          "Add the curve's method to the list given to nx_secure_dtls_ecc_initialize and link it into the build."),

    ENTRY(0x20010, CRYPTO, ERROR, NO_ALERT, NONE,
          "NX_CRYPTO_FORMAT_NOT_SUPPORTED", NULL,
          "The crypto layer does not support the requested data format.",
          "Check key and point encodings (compressed EC points, key file format) and convert to a supported one."),
};

#undef ENTRY
#undef WARNING
#undef FATAL
#undef NO_ALERT

const size_t nxt_status_table_len = sizeof nxt_status_table / sizeof nxt_status_table[0];

const struct nxt_status_entry *nxt_status_lookup(uint32_t value)
{
    size_t lo = 0, hi = nxt_status_table_len;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uint32_t v = nxt_status_table[mid].value;

        if (v == value)
            return &nxt_status_table[mid];
        if (v < value)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/*
 * NetX add-on status ranges overlap each other (and SNMP / Azure IoT overlap
 * TLS / crypto).  Rather than resolve overlaps at run time, the ranges are cut
 * into disjoint segments, each carrying the full list of add-ons using it.
 * Source ranges: DHCP client 0x90-0xA8, DHCP server 0x90-0xA4, DNS 0xA0-0xB7,
 * mDNS 0xA1-0xC5, SMTP client 0xA0-0xB2, PPP 0xB0-0xB9, POP3 client 0xB1-0xB8,
 * TFTP 0xC0-0xC6, PPPoE server 0xC1-0xCF, PPPoE client 0xD1-0xDF,
 * FTP 0xD0-0xDF and 0x1D0-0x1D5, legacy HTTP client 0xE0-0xF2 / server
 * 0xE0-0xF4, Telnet client 0xF0-0xF5 / server 0xF0-0xF6, Cloud 0xF0-0xF3,
 * SNMP agent 0x100-0x104, Auto-IP 0xA00-0xA02, SNTP client 0xD01-0xD45 and
 * KoD 0xF01-0xF0E, NAT 0xD01-0xD0D, PTP client 0xD01-0xD05, DHCPv6 client
 * 0xE90-0xEC1 / server 0xE91-0xED5, RTSP server 0x7000-0x7009, MQTT client
 * 0x10001-0x10012 and 0x10080-0x10085, Azure IoT 0x20000-0x20018,
 * Web HTTP 0x30000-0x30040, WebSocket client 0x30001-0x30009.
 * Segments are also cut where table entries start/stop, so one text fits the
 * whole segment.  tests/unit/test_status_table.c re-derives every value from
 * the source ranges above and checks these segments against them.
 */
struct addon_segment {
    uint32_t lo, hi;
    const char *text;
};

#define AMBIG  " (ambiguous without context)"
#define SINGLE " (only add-on with this value)"

static const struct addon_segment addon_segments[] = {
    {0x90,    0x9F,    "NetX add-on status 0x90-0x9F, used by: DHCP client, DHCP server" AMBIG},
    {0xA0,    0xA0,    "NetX add-on status 0xA0, used by: DHCP client, DHCP server, DNS, SMTP client" AMBIG},
    {0xA1,    0xA4,    "NetX add-on status 0xA1-0xA4, used by: DHCP client, DHCP server, DNS, mDNS, SMTP client" AMBIG},
    {0xA5,    0xA8,    "NetX add-on status 0xA5-0xA8, used by: DHCP client, DNS, mDNS, SMTP client" AMBIG},
    {0xA9,    0xAF,    "NetX add-on status 0xA9-0xAF, used by: DNS, mDNS, SMTP client" AMBIG},
    {0xB0,    0xB0,    "NetX add-on status 0xB0, used by: DNS, mDNS, SMTP client, PPP" AMBIG},
    {0xB1,    0xB2,    "NetX add-on status 0xB1-0xB2, used by: DNS, mDNS, SMTP client, PPP, POP3 client" AMBIG},
    {0xB3,    0xB7,    "NetX add-on status 0xB3-0xB7, used by: DNS, mDNS, PPP, POP3 client" AMBIG},
    {0xB8,    0xB8,    "NetX add-on status 0xB8, used by: mDNS, PPP, POP3 client" AMBIG},
    {0xB9,    0xB9,    "NetX add-on status 0xB9, used by: mDNS, PPP" AMBIG},
    {0xBA,    0xBF,    "NetX add-on status 0xBA-0xBF, used by: mDNS" SINGLE},
    {0xC0,    0xC0,    "NetX add-on status 0xC0, used by: mDNS, TFTP" AMBIG},
    {0xC1,    0xC5,    "NetX add-on status 0xC1-0xC5, used by: mDNS, TFTP, PPPoE server" AMBIG},
    {0xC6,    0xC6,    "NetX add-on status 0xC6, used by: TFTP, PPPoE server" AMBIG},
    {0xC7,    0xCF,    "NetX add-on status 0xC7-0xCF, used by: PPPoE server" SINGLE},
    {0xD0,    0xD0,    "NetX add-on status 0xD0, used by: FTP" SINGLE},
    {0xD1,    0xDF,    "NetX add-on status 0xD1-0xDF, used by: PPPoE client, FTP" AMBIG},
    {0xE0,    0xEF,    "NetX add-on status 0xE0-0xEF, used by: legacy HTTP client, legacy HTTP server" AMBIG},
    {0xF0,    0xF2,    "NetX add-on status 0xF0-0xF2, used by: legacy HTTP client, legacy HTTP server, Telnet client, Telnet server, Cloud" AMBIG},
    {0xF3,    0xF3,    "NetX add-on status 0xF3, used by: legacy HTTP server, Telnet client, Telnet server, Cloud" AMBIG},
    {0xF4,    0xF4,    "NetX add-on status 0xF4, used by: legacy HTTP server, Telnet client, Telnet server" AMBIG},
    {0xF5,    0xF5,    "NetX add-on status 0xF5, used by: Telnet client, Telnet server" AMBIG},
    {0xF6,    0xF6,    "NetX add-on status 0xF6, used by: Telnet server" SINGLE},
    {0x100,   0x100,   "NetX add-on status 0x100, used by: SNMP agent (not a TLS code: those start at 0x101)"},
    {0x101,   0x104,   "0x101-0x104 is also a NetX add-on status of: SNMP agent (decoded here as NetX Secure TLS/DTLS)"},
    {0x1D0,   0x1D5,   "NetX add-on status 0x1D0-0x1D5, used by: FTP" SINGLE},
    {0xA00,   0xA02,   "NetX add-on status 0xA00-0xA02, used by: Auto-IP" SINGLE},
    {0xD01,   0xD05,   "NetX add-on status 0xD01-0xD05, used by: SNTP client, NAT, PTP client" AMBIG},
    {0xD06,   0xD0D,   "NetX add-on status 0xD06-0xD0D, used by: SNTP client, NAT" AMBIG},
    {0xD0E,   0xD45,   "NetX add-on status 0xD0E-0xD45, used by: SNTP client" SINGLE},
    {0xE90,   0xE90,   "NetX add-on status 0xE90, used by: DHCPv6 client" SINGLE},
    {0xE91,   0xEC1,   "NetX add-on status 0xE91-0xEC1, used by: DHCPv6 client, DHCPv6 server" AMBIG},
    {0xEC2,   0xED5,   "NetX add-on status 0xEC2-0xED5, used by: DHCPv6 server" SINGLE},
    {0xF01,   0xF0E,   "NetX add-on status 0xF01-0xF0E, used by: SNTP client KoD" SINGLE},
    {0x7000,  0x7009,  "NetX add-on status 0x7000-0x7009, used by: RTSP server" SINGLE},
    {0x10001, 0x10012, "NetX add-on status 0x10001-0x10012, used by: MQTT client" SINGLE},
    {0x10080, 0x10085, "NetX add-on status 0x10080-0x10085, used by: MQTT client (CONNACK code + 0x10080)"},
    {0x20000, 0x20000, "NetX add-on status 0x20000, used by: Azure IoT" SINGLE},
    {0x20001, 0x20010, "0x20001-0x20010 is also a NetX add-on status of: Azure IoT (decoded here as NetX crypto)"},
    {0x20011, 0x20018, "NetX add-on status 0x20011-0x20018, used by: Azure IoT" SINGLE},
    {0x30000, 0x30000, "NetX add-on status 0x30000, used by: Web HTTP" SINGLE},
    {0x30001, 0x30009, "NetX add-on status 0x30001-0x30009, used by: Web HTTP, WebSocket client" AMBIG},
    {0x3000A, 0x30040, "NetX add-on status 0x3000A-0x30040, used by: Web HTTP" SINGLE},
};

#undef AMBIG
#undef SINGLE

const char *nxt_status_addon_range(uint32_t value)
{
    size_t lo = 0, hi = sizeof addon_segments / sizeof addon_segments[0];

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct addon_segment *s = &addon_segments[mid];

        if (value < s->lo)
            hi = mid;
        else if (value > s->hi)
            lo = mid + 1;
        else
            return s->text;
    }
    return NULL;
}

const char *nxt_family_name(unsigned family)
{
    static const char *const names[NXT_FAMILY_COUNT] = {
        [NXT_FAMILY_NETX] = "netx",
        [NXT_FAMILY_TLS] = "tls",
        [NXT_FAMILY_X509] = "x509",
        [NXT_FAMILY_CRYPTO] = "crypto",
    };
    return family < NXT_FAMILY_COUNT ? names[family] : NULL;
}

const char *nxt_severity_name(unsigned severity)
{
    static const char *const names[NXT_SEV_COUNT] = {
        [NXT_SEV_SUCCESS] = "success",
        [NXT_SEV_INFO] = "info",
        [NXT_SEV_WARNING] = "warning",
        [NXT_SEV_ERROR] = "error",
    };
    return severity < NXT_SEV_COUNT ? names[severity] : NULL;
}

const char *nxt_tls_alert_name(unsigned alert)
{
    /* Sparse by design: unassigned numbers stay NULL. */
    static const char *const names[AL_COUNT] = {
        [AL_CLOSE_NOTIFY] = "close_notify",
        [AL_UNEXPECTED_MESSAGE] = "unexpected_message",
        [AL_BAD_RECORD_MAC] = "bad_record_mac",
        [AL_DECRYPTION_FAILED] = "decryption_failed",
        [AL_RECORD_OVERFLOW] = "record_overflow",
        [AL_DECOMPRESSION_FAILURE] = "decompression_failure",
        [AL_HANDSHAKE_FAILURE] = "handshake_failure",
        [AL_NO_CERTIFICATE] = "no_certificate",
        [AL_BAD_CERTIFICATE] = "bad_certificate",
        [AL_UNSUPPORTED_CERTIFICATE] = "unsupported_certificate",
        [AL_CERTIFICATE_REVOKED] = "certificate_revoked",
        [AL_CERTIFICATE_EXPIRED] = "certificate_expired",
        [AL_CERTIFICATE_UNKNOWN] = "certificate_unknown",
        [AL_ILLEGAL_PARAMETER] = "illegal_parameter",
        [AL_UNKNOWN_CA] = "unknown_ca",
        [AL_ACCESS_DENIED] = "access_denied",
        [AL_DECODE_ERROR] = "decode_error",
        [AL_DECRYPT_ERROR] = "decrypt_error",
        [AL_EXPORT_RESTRICTION] = "export_restriction",
        [AL_PROTOCOL_VERSION] = "protocol_version",
        [AL_INSUFFICIENT_SECURITY] = "insufficient_security",
        [AL_INTERNAL_ERROR] = "internal_error",
        [AL_INAPPROPRIATE_FALLBACK] = "inappropriate_fallback",
        [AL_USER_CANCELED] = "user_canceled",
        [AL_NO_RENEGOTIATION] = "no_renegotiation",
        [AL_MISSING_EXTENSION] = "missing_extension",
        [AL_UNSUPPORTED_EXTENSION] = "unsupported_extension",
        [AL_UNKNOWN_PSK_IDENTITY] = "unknown_psk_identity",
        [AL_CERTIFICATE_REQUIRED] = "certificate_required",
    };
    return alert < AL_COUNT ? names[alert] : NULL;
}
