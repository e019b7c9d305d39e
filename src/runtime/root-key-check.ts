/**
 * Every node of one installation must use the same root key: a node with another key could not unwrap what
 * the others wrote, and what it wrote nobody else could read. The database therefore keeps a check value
 * of the root key (an HMAC of a fixed label under the key, which reveals nothing about it), written by the
 * first start, and every start compares its own key against it before serving anything.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Repos, Store } from '../store/store.js'
import { rootKeyring, wrapContext } from '../services/keyring.js'

/** Meta entry holding the check value (base64 HMAC-SHA256). */
export const ROOT_KEY_CHECK_META = 'rootKeyCheck'

const CHECK_LABEL = 'openkms root key check v1'

/** HMAC-SHA256(rootKey, fixed label), base64: identifies the key without revealing it. */
export function rootKeyCheckValue(rootKey: Buffer): string {
  return createHmac('sha256', rootKey).update(CHECK_LABEL, 'utf8').digest('base64')
}

export class RootKeyMismatch extends Error {
  constructor() {
    super(
      'openkms: this root key does not match the database (its check value differs). Every node of an installation ' +
        'must use the root key the database was initialised with: set OPENKMS_ROOT_KEY or OPENKMS_ROOT_KEY_FILE to it ' +
        '(see docs/deployment.md, "Root key").',
    )
    this.name = 'RootKeyMismatch'
  }
}

function sameCheck(a: string, b: string): boolean {
  const x = Buffer.from(a, 'base64')
  const y = Buffer.from(b, 'base64')
  return x.length === y.length && timingSafeEqual(x, y)
}

/**
 * A database from before check values existed: the key matches if it unwraps a value already stored (an
 * AccessKey secret or a key version's material); with nothing wrapped yet, any key matches.
 */
async function unwrapsExistingData(tx: Repos, rootKey: Buffer): Promise<boolean> {
  const keyring = rootKeyring(rootKey)
  const attempt = (wrapped: Buffer, context: string) => {
    try {
      keyring.unwrap(wrapped, context)
      return true
    } catch {
      return false
    }
  }
  const accessKey = (await tx.accessKeys.list())[0]
  if (accessKey) return attempt(accessKey.wrappedSecret, wrapContext.accessKey(accessKey.accessKeyId))
  for (const key of (await tx.keys.list({}, { offset: 0, limit: 20 })).items) {
    for (const v of (await tx.keyVersions.list(key.keyId, { offset: 0, limit: 1 })).items) {
      if (v.wrappedMaterial) return attempt(v.wrappedMaterial, wrapContext.keyVersion(v.keyVersionId))
    }
  }
  return true
}

/**
 * Throws `RootKeyMismatch` unless `rootKey` is the database's root key; records the check value on the
 * first start (in a transaction, so two first starts with different keys cannot both win).
 */
export async function ensureRootKeyMatches(store: Store, rootKey: Buffer): Promise<void> {
  const expected = rootKeyCheckValue(rootKey)
  await store.tx(async (tx) => {
    const stored = await tx.meta.get(ROOT_KEY_CHECK_META)
    if (stored !== undefined) {
      if (!sameCheck(stored, expected)) throw new RootKeyMismatch()
      return
    }
    if (!(await unwrapsExistingData(tx, rootKey))) throw new RootKeyMismatch()
    await tx.meta.put(ROOT_KEY_CHECK_META, expected)
  })
}

/** For readiness: whether the database is reachable and still holds `expected` (false after a root-key rotation). */
export async function rootKeyStillMatches(store: Store, expected: string): Promise<boolean> {
  const stored = await store.meta.get(ROOT_KEY_CHECK_META)
  return stored !== undefined && sameCheck(stored, expected)
}

/** Whether the store already holds data under some root key (a check value, an instance, or an AccessKey). */
export async function databaseInitialised(store: Store): Promise<boolean> {
  if ((await store.meta.get(ROOT_KEY_CHECK_META)) !== undefined) return true
  if ((await store.meta.get('instanceId')) !== undefined) return true
  return (await store.accessKeys.list()).length > 0
}
