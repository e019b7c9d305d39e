export interface AccessKeyRecord {
  accessKeyId: string
  /** The AccessKey secret wrapped by the root key. */
  wrappedSecret: Buffer
  status: 'Active' | 'Inactive'
  description: string
  createdAt: number
  /** The RAM user that owns it; absent for the account's own (root) AccessKeys. */
  userName?: string
}

export interface AccessKeyRepo {
  get(accessKeyId: string): Promise<AccessKeyRecord | undefined>
  /** Insert or replace. */
  put(record: AccessKeyRecord): Promise<void>
  /** Every AccessKey, or only those of one RAM user (in creation order). */
  list(userName?: string): Promise<AccessKeyRecord[]>
  delete(accessKeyId: string): Promise<boolean>
}

export interface NonceClaim {
  accessKeyId: string
  nonce: string
  expiresAt: number
}

export interface NonceRepo {
  /**
   * Atomically records each (accessKeyId, nonce); the result says, per entry, whether it was new (true)
   * or had been seen before by any process (false). Callers batch claims to amortise commits. A repeat is
   * only guaranteed to be seen with the same `expiresAt`: NonceGuard derives it from the signed request
   * time, so every copy of a request carries the same, and the SQLite nonce file keys rows by it.
   */
  claim(entries: NonceClaim[]): Promise<boolean[]>
  /** Deletes nonces that expired before `now`; returns how many. */
  purge(now: number): Promise<number>
}

/** Small key/value facts about the installation (instance id, created-at, seeds applied). */
export interface MetaRepo {
  get(key: string): Promise<string | undefined>
  put(key: string, value: string): Promise<void>
}
