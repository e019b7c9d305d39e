/** Everything a handler, job or protocol adapter may reach. Built once by `createRuntime`. */
import type { Store } from '../store/store.js'
import type { Clock } from '../domain/clock.js'
import type { Ids } from '../domain/ids.js'
import type { KmsConfig } from '../config.js'
import type { Keyring } from './keyring.js'
import type { KeyPool } from './key-pool.js'
import type { KeyCache } from './key-cache.js'
import type { Logger } from 'pino'

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
}
