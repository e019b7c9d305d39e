/** Everything a handler, job or protocol adapter may reach. Built once at start-up by runtime/app.ts. */
import type { Store } from '../store/store.js'
import type { Clock } from '../domain/clock.js'
import type { Ids } from '../domain/ids.js'
import type { KmsConfig } from '../config.js'
import type { Keyring } from './keyring.js'
import type { KeyMaterial } from '../crypto/keygen.js'
import type { KeySpec } from '../domain/key-spec.js'
import type { KeyCache } from './keys/key-cache.js'
import type { CryptoPool } from '../crypto/crypto-pool.js'
import type { Logger } from 'pino'

/**
 * Pre-generated key pairs (RSA generation can outlast an SDK's read timeout). Built at start-up by
 * runtime/key-pool.ts; services only take from it.
 */
export interface KeyPool {
  /** A fresh pair for `spec`: pooled when one is ready, generated now otherwise. */
  take(spec: KeySpec): Promise<KeyMaterial>
  /** Starts filling the pool (called at server start). */
  warm(): void
  close(): void
}

export interface Runtime {
  readonly store: Store
  readonly clock: Clock
  readonly ids: Ids
  readonly config: KmsConfig
  /** Root-key wrapping of secrets at rest. */
  readonly keyring: Keyring
  readonly log: Logger
  /** Pre-generated RSA pairs, so CreateKey answers within SDK timeouts. */
  readonly keyPool: KeyPool
  /** The self-hosted KMS instance id (`kst-…`), created at init and kept in the store. */
  readonly instanceId: string
  /** Keys, unwrapped material and aliases for the crypto hot path, invalidated by store change notices. */
  readonly keyCache: KeyCache
  /** Worker threads for private-key operations; owned by this runtime and closed with it. */
  readonly cryptoPool: CryptoPool
}
