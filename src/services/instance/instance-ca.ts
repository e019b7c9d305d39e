/**
 * How the instance API's TLS identity is kept in the store's meta table (created by runtime/instance-tls.ts at
 * start-up): the private CA with its keys wrapped by the root key, and the current server certificate. Reading the
 * CA certificates needs no key, so GetKmsInstance reads them here without reaching into start-up code.
 */
import { X509Certificate } from 'node:crypto'
import type { Store } from '../../store/store.js'
import { caChainFileContents } from '../../crypto/x509/private-ca.js'

export const CA_META = 'instanceTls.ca'
export const SERVER_META = 'instanceTls.server'

export interface StoredCa {
  rootCertPem: string
  subCaCertPem: string
  wrappedRootKey: string
  wrappedSubCaKey: string
  createdAt: number
}

export interface StoredServerCert {
  certPem: string
  wrappedKey: string
  hostNames: string[]
}

/** The stored CA certificates and creation time (no keys), or undefined before the first init. */
export async function readInstanceCa(store: Pick<Store, 'meta'>): Promise<{ caChainPem: string; createdAt: number; notAfter: number } | undefined> {
  const text = await store.meta.get(CA_META)
  if (!text) return undefined
  const ca = JSON.parse(text) as StoredCa
  return {
    caChainPem: caChainFileContents({ rootCertPem: ca.rootCertPem, subCaCertPem: ca.subCaCertPem, rootKeyPem: '', subCaKeyPem: '' }),
    createdAt: ca.createdAt,
    notAfter: Date.parse(new X509Certificate(ca.rootCertPem).validTo),
  }
}
