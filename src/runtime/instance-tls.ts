/**
 * The instance API's TLS identity (docs/tls.md): one private CA per installation, created once and kept in the
 * store's meta table with its private keys wrapped by the root key, and a server certificate for the host names
 * clients use, reissued when it nears expiry or the names change. The CA file clients trust is written to
 * `<dataDir>/PrivateKmsCA_<instanceId>.pem` (root then second CA), Alibaba's name and order.
 */
import { X509Certificate } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Runtime } from '../services/context.js'
import { wrapContext } from '../services/keyring.js'
import { CA_META, SERVER_META, type StoredCa, type StoredServerCert } from '../services/instance/instance-ca.js'
import { DAY } from '../domain/time.js'
import { caChainFileContents, createPrivateCa, issueServerCertificate, type CaBundle } from '../crypto/x509/private-ca.js'

/** A server certificate is reissued when less than this remains (it is issued for 365 days). */
export const SERVER_CERT_RENEW_BEFORE_MS = 30 * DAY

export type TlsRuntime = Pick<Runtime, 'store' | 'keyring' | 'clock' | 'config' | 'instanceId' | 'log'>

/** What the HTTPS server and clients need. */
export interface InstanceTls {
  /** Root then second CA: the CA file's contents and GetKmsInstance's CaCertificateChainPem. */
  caChainPem: string
  caFilePath: string
  serverKeyPem: string
  /** Server certificate followed by the second CA, as the server sends it. */
  serverCertChainPem: string
  serverNotAfter: number
  hostNames: string[]
}

/**
 * The names the server certificate covers: the configured ones (OPENKMS_INSTANCE_HOSTNAMES) first, so the first
 * DNS name becomes the subject CN, then Alibaba's endpoint name for this instance and the loopback names.
 */
export function instanceHostNames(config: { instanceHostNames: readonly string[]; host?: string }, instanceId: string): string[] {
  // The listen address too, when it is one address (not 0.0.0.0 / ::): clients that connect by it then verify.
  const bound = config.host && config.host !== '0.0.0.0' && config.host !== '::' ? [config.host] : []
  const all = [...config.instanceHostNames, `${instanceId}.cryptoservice.kms.aliyuncs.com`, ...bound, 'localhost', '127.0.0.1', '::1']
  return [...new Set(all.map((h) => h.trim().toLowerCase()).filter(Boolean))]
}

/**
 * Makes sure the CA and a current server certificate exist, creating or reissuing what is missing or stale, and
 * writes the CA file. Key generation runs outside the store transaction; when two processes start together the
 * first stored CA wins and the other process adopts it.
 */
export async function ensureInstanceTls(rt: TlsRuntime): Promise<InstanceTls> {
  const ca = await loadOrCreateCa(rt)
  const hostNames = instanceHostNames(rt.config, rt.instanceId)
  const server = await loadOrIssueServerCert(rt, ca, hostNames)
  const caChainPem = caChainFileContents(ca)
  const caFilePath = writeCaFile(rt.config.dataDir, rt.instanceId, caChainPem)
  return {
    caChainPem,
    caFilePath,
    serverKeyPem: server.keyPem,
    serverCertChainPem: `${server.certPem.trim()}\n${ca.subCaCertPem.trim()}\n`,
    serverNotAfter: Date.parse(new X509Certificate(server.certPem).validTo),
    hostNames,
  }
}

async function loadOrCreateCa(rt: TlsRuntime): Promise<CaBundle> {
  const existing = await rt.store.meta.get(CA_META)
  if (existing) return unwrapCa(rt, JSON.parse(existing) as StoredCa)
  const created = await createPrivateCa({ instanceId: rt.instanceId, region: rt.config.region, now: new Date(rt.clock.now()) })
  const record: StoredCa = {
    rootCertPem: created.rootCertPem,
    subCaCertPem: created.subCaCertPem,
    wrappedRootKey: wrap(rt, created.rootKeyPem, 'root-ca'),
    wrappedSubCaKey: wrap(rt, created.subCaKeyPem, 'sub-ca'),
    createdAt: rt.clock.now(),
  }
  const winner = await rt.store.tx(async (tx) => {
    const raced = await tx.meta.get(CA_META)
    if (raced) return JSON.parse(raced) as StoredCa
    await tx.meta.put(CA_META, JSON.stringify(record))
    return record
  })
  if (winner === record) rt.log.info({ instanceId: rt.instanceId }, 'created the instance API private CA')
  return unwrapCa(rt, winner)
}

async function loadOrIssueServerCert(rt: TlsRuntime, ca: CaBundle, hostNames: string[]): Promise<{ certPem: string; keyPem: string }> {
  const current = (text: string | undefined) => {
    if (!text) return undefined
    const stored = JSON.parse(text) as StoredServerCert
    return isCurrent(stored, ca, hostNames, rt.clock.now()) ? stored : undefined
  }
  const existing = current(await rt.store.meta.get(SERVER_META))
  if (existing) return { certPem: existing.certPem, keyPem: unwrap(rt, existing.wrappedKey, 'server') }
  const issued = await issueServerCertificate(ca, { hostNames, now: new Date(rt.clock.now()) })
  const record: StoredServerCert = { certPem: issued.certPem, wrappedKey: wrap(rt, issued.keyPem, 'server'), hostNames }
  const winner = await rt.store.tx(async (tx) => {
    const raced = current(await tx.meta.get(SERVER_META))
    if (raced) return raced
    await tx.meta.put(SERVER_META, JSON.stringify(record))
    return record
  })
  if (winner === record) rt.log.info({ hostNames }, 'issued the instance API server certificate')
  return { certPem: winner.certPem, keyPem: unwrap(rt, winner.wrappedKey, 'server') }
}

/** Same names (in any order), issued by this CA's second CA, and more than the renewal margin left. */
function isCurrent(stored: StoredServerCert, ca: CaBundle, hostNames: string[], now: number): boolean {
  const sameNames = stored.hostNames.length === hostNames.length && [...stored.hostNames].sort().join() === [...hostNames].sort().join()
  if (!sameNames) return false
  try {
    const cert = new X509Certificate(stored.certPem)
    const subCa = new X509Certificate(ca.subCaCertPem)
    return cert.verify(subCa.publicKey) && Date.parse(cert.validTo) - now > SERVER_CERT_RENEW_BEFORE_MS
  } catch {
    return false
  }
}

/** Rewrites the CA file only when its contents differ, so a restart leaves an unchanged file untouched. */
function writeCaFile(dataDir: string, instanceId: string, caChainPem: string): string {
  const path = join(dataDir, `PrivateKmsCA_${instanceId}.pem`)
  let previous: string | undefined
  try {
    previous = readFileSync(path, 'utf8')
  } catch {
    previous = undefined
  }
  if (previous !== caChainPem) {
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(path, caChainPem, { mode: 0o644 })
  }
  return path
}

function unwrapCa(rt: TlsRuntime, ca: StoredCa): CaBundle {
  return {
    rootCertPem: ca.rootCertPem,
    rootKeyPem: unwrap(rt, ca.wrappedRootKey, 'root-ca'),
    subCaCertPem: ca.subCaCertPem,
    subCaKeyPem: unwrap(rt, ca.wrappedSubCaKey, 'sub-ca'),
  }
}

function wrap(rt: TlsRuntime, pem: string, part: 'root-ca' | 'sub-ca' | 'server'): string {
  return rt.keyring.wrap(Buffer.from(pem, 'utf8'), wrapContext.instanceTls(part)).toString('base64')
}

function unwrap(rt: TlsRuntime, wrapped: string, part: 'root-ca' | 'sub-ca' | 'server'): string {
  return rt.keyring.unwrap(Buffer.from(wrapped, 'base64'), wrapContext.instanceTls(part)).toString('utf8')
}
