/**
 * Which transport the control plane serves, and with which certificate (docs/security.md, "HTTPS"):
 * - `OPENKMS_TLS_CERT_FILE` + `OPENKMS_TLS_KEY_FILE`: HTTPS with the operator's certificate, re-read on SIGHUP;
 * - otherwise, on a loopback address: plain HTTP (what local tools and scripts expect), unless `OPENKMS_TLS=true`;
 * - otherwise: HTTPS with the server certificate the instance's private CA issued (the CA file clients of the
 *   instance API already trust), unless `OPENKMS_ALLOW_HTTP=true` asks for plain HTTP behind a TLS proxy.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import type { KmsConfig } from '../config.js'
import type { InstanceTls } from './instance-tls.js'
import type { ServerTls } from '../protocol/tls-options.js'

export type ControlPlaneTransport =
  | { scheme: 'http'; why: 'loopback' | 'allowed' }
  | { scheme: 'https'; source: 'files'; tls: ServerTls; certFile: string; keyFile: string }
  | { scheme: 'https'; source: 'private-ca'; tls: ServerTls }

/** 127.0.0.0/8, ::1 and `localhost`: only this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase()
  if (h === 'localhost' || h === '::1') return true
  return isIP(h) === 4 && h.startsWith('127.')
}

export function controlPlaneTransport(
  config: Pick<KmsConfig, 'host' | 'tls' | 'allowHttp' | 'tlsCertFile' | 'tlsKeyFile'>,
  instanceTls: Pick<InstanceTls, 'serverKeyPem' | 'serverCertChainPem'>,
): ControlPlaneTransport {
  const { tlsCertFile, tlsKeyFile } = config
  if ((tlsCertFile === undefined) !== (tlsKeyFile === undefined))
    throw new Error('OPENKMS_TLS_CERT_FILE and OPENKMS_TLS_KEY_FILE (--tls-cert-file, --tls-key-file) go together: set both or neither')
  if (tlsCertFile !== undefined && tlsKeyFile !== undefined)
    return { scheme: 'https', source: 'files', tls: readCertificateFiles(tlsCertFile, tlsKeyFile), certFile: tlsCertFile, keyFile: tlsKeyFile }
  if (!config.tls && isLoopbackHost(config.host)) return { scheme: 'http', why: 'loopback' }
  if (!config.tls && config.allowHttp) return { scheme: 'http', why: 'allowed' }
  return { scheme: 'https', source: 'private-ca', tls: { keyPem: instanceTls.serverKeyPem, certChainPem: instanceTls.serverCertChainPem } }
}

/**
 * Reads and checks a certificate chain and its key: both PEM, the first certificate currently valid and
 * matching the key. Errors name the file, so a reload that fails says what to fix while the old pair serves on.
 */
export function readCertificateFiles(certFile: string, keyFile: string, now = Date.now()): ServerTls {
  const certChainPem = readPem(certFile, 'certificate')
  const keyPem = readPem(keyFile, 'private key')
  let leaf: X509Certificate
  try {
    leaf = new X509Certificate(certChainPem)
  } catch (e) {
    throw new Error(`${certFile}: not a PEM certificate (${(e as Error).message})`)
  }
  let key: ReturnType<typeof createPrivateKey>
  try {
    key = createPrivateKey(keyPem)
  } catch (e) {
    throw new Error(`${keyFile}: not a PEM private key (${(e as Error).message})`)
  }
  if (!leaf.checkPrivateKey(key)) throw new Error(`${keyFile}: this key does not belong to the certificate in ${certFile}`)
  if (Date.parse(leaf.validTo) <= now) throw new Error(`${certFile}: the certificate expired on ${leaf.validTo}`)
  return { keyPem, certChainPem }
}

function readPem(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (e) {
    throw new Error(`${path}: cannot read the ${what} file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`)
  }
}
