/** AccessKeys of the control plane: creation and start-up pinning (lookup: services/identity/credentials.ts). */
import type { Runtime } from '../context.js'
import { wrapContext } from '../keyring.js'

export interface AccessKeyPair {
  accessKeyId: string
  accessKeySecret: string
}

export interface CreatedAccessKey extends AccessKeyPair {
  createdAt: number
}

const ID_RULE = /^[A-Za-z0-9._-]{3,128}$/

/**
 * Creates or replaces an AccessKey (OPENKMS_ACCESS_KEY_ID/SECRET at start-up, `openkms access-key create`, seeds).
 * Without `userName` it is one of the account's own (root) AccessKeys; with it, a RAM user's.
 */
export async function putAccessKey(rt: Pick<Runtime, 'store' | 'keyring' | 'clock'>, pair: AccessKeyPair, description: string, userName?: string): Promise<number> {
  if (!ID_RULE.test(pair.accessKeyId)) throw new Error('AccessKey id: 3-128 characters of letters, digits, . _ -')
  if (pair.accessKeySecret.length < 8) throw new Error('AccessKey secret: at least 8 characters')
  const record = {
    accessKeyId: pair.accessKeyId,
    wrappedSecret: rt.keyring.wrap(Buffer.from(pair.accessKeySecret, 'utf8'), wrapContext.accessKey(pair.accessKeyId)),
    status: 'Active' as const,
    description,
    createdAt: rt.clock.now(),
    ...(userName !== undefined ? { userName } : {}),
  }
  await rt.store.tx(async (tx) => {
    await tx.accessKeys.put(record)
    await tx.notify('accessKey', pair.accessKeyId)
  })
  return record.createdAt
}

export async function createAccessKey(rt: Pick<Runtime, 'store' | 'keyring' | 'clock' | 'ids'>, description: string, userName?: string): Promise<CreatedAccessKey> {
  const pair = { accessKeyId: rt.ids.accessKeyId(), accessKeySecret: rt.ids.accessKeySecret() }
  const createdAt = await putAccessKey(rt, pair, description, userName)
  return { ...pair, createdAt }
}

/**
 * Disables (Inactive) or re-enables (Active) an AccessKey of any owner; false when it does not exist. Every
 * process hears the change notice before its next request, so the key is refused there at once.
 */
export async function setAccessKeyStatus(rt: Pick<Runtime, 'store'>, accessKeyId: string, status: 'Active' | 'Inactive'): Promise<boolean> {
  return rt.store.tx(async (tx) => {
    const key = await tx.accessKeys.get(accessKeyId)
    if (!key) return false
    await tx.accessKeys.put({ ...key, status })
    await tx.notify('accessKey', accessKeyId)
    return true
  })
}

/** Deletes an AccessKey of any owner; false when it does not exist. Refused on the next request everywhere. */
export async function deleteAccessKey(rt: Pick<Runtime, 'store'>, accessKeyId: string): Promise<boolean> {
  return rt.store.tx(async (tx) => {
    if (!(await tx.accessKeys.delete(accessKeyId))) return false
    await tx.notify('accessKey', accessKeyId)
    return true
  })
}
