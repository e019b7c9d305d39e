/** Shared helpers for the store contract suite. */
import { afterEach, beforeEach } from 'node:test'
import type { KeyRecord, KeyVersionRecord, Store } from '../../src/store/store.js'

export type MakeStore = () => Promise<Store>

/** Gives each test a fresh store and closes it afterwards. */
export function freshStore(makeStore: MakeStore): () => Store {
  let current: Store | undefined
  beforeEach(async () => {
    current = await makeStore()
  })
  afterEach(async () => {
    await current?.close()
    current = undefined
  })
  return () => {
    if (!current) throw new Error('store not open')
    return current
  }
}

/** A year-2100 instant: larger than 2^32 ms and than int4, so 64-bit columns are exercised. */
export const FAR_FUTURE = 4_102_444_800_000

export function sampleKey(overrides: Partial<KeyRecord> = {}): KeyRecord {
  return {
    keyId: 'key-00000000-0000-0000-0000-000000000001',
    description: 'sample',
    keySpec: 'Aliyun_AES_256',
    keyUsage: 'ENCRYPT/DECRYPT',
    origin: 'Aliyun_KMS',
    protectionLevel: 'SOFTWARE',
    state: 'Enabled',
    creator: '1234567890123456',
    createdAt: 1_700_000_000_000,
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
    updatedAt: 1_700_000_000_000,
    ...overrides,
  }
}

export function sampleVersion(overrides: Partial<KeyVersionRecord> = {}): KeyVersionRecord {
  return {
    keyId: 'key-00000000-0000-0000-0000-000000000001',
    keyVersionId: 'ver-1',
    createdAt: 1_700_000_000_000,
    wrappedMaterial: Buffer.from([0, 1, 2, 255, 0]),
    publicKey: null,
    ...overrides,
  }
}

export const ALL = { offset: 0, limit: 1000 }

/** Captures change notices delivered to a listener. */
export function recordNotices(store: Store): { seen: string[]; stop: () => void } {
  const seen: string[] = []
  const stop = store.subscribe((topic, id) => seen.push(`${topic}:${id}`))
  return { seen, stop }
}

/** Polls `check` every 10 ms until it holds; fails after `boundMs` naming `what`. */
export async function until(what: string, check: () => boolean, boundMs = 5_000): Promise<void> {
  const deadline = Date.now() + boundMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${boundMs} ms: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
