/**
 * Import tokens (GetParametersForImport, spec/kms-openapi.md §4.11): each call makes a fresh RSA-2048 wrapping pair
 * for one EXTERNAL key and one wrapping algorithm, valid 24 hours. The token is 256 random bits handed to the client
 * once; the store keeps only its SHA-256 and the private key wrapped by the root key under a context naming the
 * token, the key and the algorithm, so a row edited to point at another key or algorithm no longer opens.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { KeyRecord } from '../../store/store.js'
import type { Runtime } from '../context.js'
import type { ImportWrappingAlgorithm } from '../../crypto/import-unwrap.js'
import { KmsErrors } from '../../domain/errors.js'
import { IMPORT_TOKEN_LIFETIME_MS } from '../../domain/byok.js'
import { formatUtc } from '../../domain/time.js'
import { wrapContext } from '../keyring.js'
import { findKey } from './keys.js'

/** base64url of 32 random bytes. */
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/

export interface IssuedImportToken {
  keyId: string
  /** SubjectPublicKeyInfo DER of the wrapping key. */
  publicKey: Buffer
  importToken: string
  expiresAt: number
}

export interface OpenedImportToken {
  algorithm: ImportWrappingAlgorithm
  /** PKCS#8 DER of the wrapping private key; lives only for the request. */
  privateKey: Buffer
}

function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'ascii').digest('hex')
}

/** Import actions work on EXTERNAL keys only (`Unsupported.Origin`, spec §3.3). */
export function requireExternalKey(key: KeyRecord, action: string): void {
  if (key.origin !== 'EXTERNAL')
    throw KmsErrors.unsupportedOrigin(`${action} works on keys created with Origin EXTERNAL; ${key.keyId} has Origin ${key.origin}.`)
}

/** Creates a token and wrapping pair for the EXTERNAL key `ref`; every call gives a new, independent pair. */
export async function issueImportToken(rt: Runtime, ref: string, algorithm: ImportWrappingAlgorithm): Promise<IssuedImportToken> {
  const key = await findKey(rt.store, rt, ref)
  requireExternalKey(key, 'GetParametersForImport')
  const pair = await rt.keyPool.take('RSA_2048')
  if (!pair.publicKey) throw new Error('the key pool returned an RSA pair without a public key')
  const importToken = randomBytes(32).toString('base64url')
  const hash = tokenHash(importToken)
  const now = rt.clock.now()
  const expiresAt = now + IMPORT_TOKEN_LIFETIME_MS
  await rt.store.keyImports.insertToken({
    tokenHash: hash,
    keyId: key.keyId,
    wrappingAlgorithm: algorithm,
    wrappingKeySpec: 'RSA_2048',
    wrappedPrivateKey: rt.keyring.wrap(pair.material, wrapContext.importToken(hash, key.keyId, algorithm)),
    createdAt: now,
    expiresAt,
  })
  return { keyId: key.keyId, publicKey: pair.publicKey, importToken, expiresAt }
}

/**
 * The wrapping key behind `token`, provided the token was issued for `key`: unknown, malformed or another key's
 * tokens are `InvalidImportToken`; a token past its 24 hours is `ExpiredImportToken`.
 */
export async function openImportToken(rt: Runtime, key: KeyRecord, token: string): Promise<OpenedImportToken> {
  const row = TOKEN_FORMAT.test(token) ? await rt.store.keyImports.getToken(tokenHash(token)) : undefined
  if (!row || row.keyId !== key.keyId)
    throw KmsErrors.invalidImportToken(`It was not issued by GetParametersForImport for key ${key.keyId}.`)
  if (row.expiresAt <= rt.clock.now()) throw KmsErrors.expiredImportToken(formatUtc(row.expiresAt))
  let privateKey: Buffer
  try {
    privateKey = rt.keyring.unwrap(row.wrappedPrivateKey, wrapContext.importToken(row.tokenHash, row.keyId, row.wrappingAlgorithm))
  } catch {
    throw KmsErrors.invalidImportToken('Its stored wrapping key does not belong to this token, key and algorithm.')
  }
  return { algorithm: row.wrappingAlgorithm, privateKey }
}
