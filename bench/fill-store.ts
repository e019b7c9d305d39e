/**
 * Fills a data directory with N symmetric keys quickly: the real key-creation code (src/services/keys/keys.ts
 * createKey, so wrapped material and every column are exactly what CreateKey writes), joined into large
 * store transactions instead of one commit, let alone one HTTP call, per key.
 */
import { randomBytes } from 'node:crypto'
import pino from 'pino'
import { initRuntime } from '../src/runtime/app.js'
import { configFromEnv } from '../src/config.js'
import { createKey } from '../src/services/keys/keys.js'
import type { Credentials } from '../test/support/signed-request.js'

const KEYS_PER_TRANSACTION = 2000

export interface FilledStore {
  keyIds: string[]
  fillMs: number
}

/** Creates `count` Aliyun_AES_256 keys in `dataDir` (which must not be served while this runs). */
export async function fillStore(dataDir: string, count: number, creds: Credentials): Promise<FilledStore> {
  const config = configFromEnv({}, { dataDir, accessKeyId: creds.accessKeyId, accessKeySecret: creds.accessKeySecret })
  const { runtime } = await initRuntime(config, { log: pino({ level: 'silent' }), keyPoolSize: 0 })
  const started = performance.now()
  const keyIds: string[] = []
  try {
    while (keyIds.length < count) {
      const n = Math.min(KEYS_PER_TRANSACTION, count - keyIds.length)
      // createKey's own tx joins this one (src/store/store.ts `tx`), so a batch is one commit.
      const batch = await runtime.store.tx(async () => {
        const ids: string[] = []
        for (let i = 0; i < n; i++) {
          const key = await createKey(runtime, {
            keySpec: 'Aliyun_AES_256',
            keyUsage: 'ENCRYPT/DECRYPT',
            origin: 'Aliyun_KMS',
            description: `bulk ${keyIds.length + i}`,
            rotationInterval: null,
            dkmsInstanceId: null,
            policy: null,
            tags: [],
            // Synchronous random material skips a thread-pool round trip per key; it is wrapped as usual.
            material: { material: randomBytes(32), publicKey: null },
          })
          ids.push(key.keyId)
        }
        return ids
      })
      keyIds.push(...batch)
    }
    return { keyIds, fillMs: performance.now() - started }
  } finally {
    runtime.keyPool.close()
    await runtime.cryptoPool.close()
    await runtime.store.close()
  }
}
