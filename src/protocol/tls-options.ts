/**
 * TLS settings shared by the control plane and the instance API: TLS 1.2 and 1.3 only, and for TLS 1.2 only
 * ECDHE key exchange with AEAD ciphers (forward secrecy, no CBC, no RSA key transport), in the server's order.
 * Every client the SDKs run on (Go crypto/tls, Java 8u261+, OpenSSL 1.1+, Node) supports these suites.
 */
import type { SecureContextOptions, TlsOptions } from 'node:tls'

export const TLS_CIPHERS = [
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_AES_128_GCM_SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
].join(':')

/** A server's key and certificate chain (leaf first, then intermediates), PEM. */
export interface ServerTls {
  keyPem: string
  certChainPem: string
}

export function secureContextOptions(tls: ServerTls): SecureContextOptions {
  return { key: tls.keyPem, cert: tls.certChainPem, minVersion: 'TLSv1.2', ciphers: TLS_CIPHERS, honorCipherOrder: true }
}

/** Server options for node:https: the context plus a handshake deadline (an unfinished handshake holds a socket). */
export function tlsServerOptions(tls: ServerTls, handshakeSeconds: number): TlsOptions {
  return { ...secureContextOptions(tls), handshakeTimeout: handshakeSeconds * 1000 }
}
