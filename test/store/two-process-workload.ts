/**
 * What each of two processes does at the same time on one SQLite file (test/store/sqlite.test.ts): claim
 * the same nonces, compare-and-set the same key, and increment a counter in read-modify-write transactions.
 */
import { UniqueViolation, type Store } from '../../src/store/store.js'

export const NONCE_BATCHES = 30
export const NONCES_PER_BATCH = 10
export const ROUNDS = 30
export const SHARED_KEY = 'key-shared'

export interface WorkloadResult {
  /** Per nonce index: whether this process claimed it first. */
  nonceWins: boolean[]
  casRetries: number
}

export async function runWorkload(store: Store, role: string): Promise<WorkloadResult> {
  const nonceWins: boolean[] = []
  let casRetries = 0
  for (let round = 0; round < Math.max(NONCE_BATCHES, ROUNDS); round++) {
    if (round < NONCE_BATCHES) {
      const batch = Array.from({ length: NONCES_PER_BATCH }, (_, j) => ({
        accessKeyId: 'ak-shared',
        nonce: `nonce-${round * NONCES_PER_BATCH + j}`,
        expiresAt: 4_102_444_800_000,
      }))
      nonceWins.push(...(await store.nonces.claim(batch)))
    }
    if (round < ROUNDS) {
      casRetries += await casOnce(store, role, round)
      await store.tx(async (tx) => {
        const n = Number((await tx.meta.get('counter')) ?? '0')
        await new Promise((resolve) => setImmediate(resolve))
        await tx.meta.put('counter', String(n + 1))
      })
    }
  }
  return { nonceWins, casRetries }
}

async function casOnce(store: Store, role: string, round: number): Promise<number> {
  for (let retries = 0; ; retries++) {
    const key = await store.keys.get(SHARED_KEY)
    if (!key) {
      await store.keys.insert(sharedKey()).catch((err: unknown) => {
        if (!(err instanceof UniqueViolation)) throw err
      })
      continue
    }
    if (await store.keys.update(SHARED_KEY, { description: `${role}-${round}` }, key.revision)) return retries
  }
}

function sharedKey() {
  return {
    keyId: SHARED_KEY,
    description: 'created',
    keySpec: 'Aliyun_AES_256',
    keyUsage: 'ENCRYPT/DECRYPT',
    origin: 'Aliyun_KMS',
    protectionLevel: 'SOFTWARE',
    state: 'Enabled',
    creator: '1234567890123456',
    createdAt: 1,
    deleteDate: null,
    primaryVersionId: null,
    automaticRotation: 'Disabled',
    rotationInterval: null,
    lastRotationDate: null,
    nextRotationDate: null,
    materialExpireTime: null,
    dkmsInstanceId: null,
    deletionProtection: false,
    deletionProtectionDescription: '',
    policy: null,
    revision: 1,
    updatedAt: 1,
  } as const
}
