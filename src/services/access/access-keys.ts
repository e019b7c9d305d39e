/** AccessKeys of the control plane: creation, start-up pinning from the environment, and secret lookup. */
import type { Runtime } from '../context.js'
import { wrapContext } from '../keyring.js'
import { KmsErrors } from '../../domain/errors.js'
import { NoticeCache } from '../notice-cache.js'

export interface AccessKeyPair {
  accessKeyId: string
  accessKeySecret: string
}

const ID_RULE = /^[A-Za-z0-9._-]{3,128}$/

/** Creates or replaces an AccessKey (OPENKMS_ACCESS_KEY_ID/SECRET at start-up, `openkms access-key create`). */
export async function putAccessKey(rt: Runtime, pair: AccessKeyPair, description: string): Promise<void> {
  if (!ID_RULE.test(pair.accessKeyId)) throw new Error('AccessKey id: 3-128 characters of letters, digits, . _ -')
  if (pair.accessKeySecret.length < 8) throw new Error('AccessKey secret: at least 8 characters')
  const record = {
    accessKeyId: pair.accessKeyId,
    wrappedSecret: rt.keyring.wrap(Buffer.from(pair.accessKeySecret, 'utf8'), wrapContext.accessKey(pair.accessKeyId)),
    status: 'Active' as const,
    description,
    createdAt: rt.clock.now(),
  }
  await rt.store.tx(async (tx) => {
    await tx.accessKeys.put(record)
    await tx.notify('accessKey', pair.accessKeyId)
  })
}

export async function createAccessKey(rt: Runtime, description: string): Promise<AccessKeyPair> {
  const pair = { accessKeyId: rt.ids.accessKeyId(), accessKeySecret: rt.ids.accessKeySecret() }
  await putAccessKey(rt, pair, description)
  return pair
}

/**
 * Secret lookup for signature checks. Unwrapped secrets are cached in memory (signing every request with a
 * store read would cost a round trip) and dropped when any process announces a change to that AccessKey; a
 * read that a change notice overtakes is not kept (services/notice-cache.ts).
 */
export function accessKeySecrets(rt: Runtime): (accessKeyId: string) => Promise<string | undefined> {
  const cache = new NoticeCache<string, string>(rt.store, { topics: ['accessKey'], capacity: 10_000 })
  return (accessKeyId) =>
    // Unknown ids are not cached: a flood of random ids must not evict real entries or grow memory.
    cache.getOrLoad(accessKeyId, async () => {
      const rec = await rt.store.accessKeys.get(accessKeyId)
      if (rec && rec.status !== 'Active') throw KmsErrors.accessKeyInactive()
      return rec ? rt.keyring.unwrap(rec.wrappedSecret, wrapContext.accessKey(accessKeyId)).toString('utf8') : undefined
    })
}
