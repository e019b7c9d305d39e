import type { Page, PageRequest } from './page.js'

export interface AliasRecord {
  /** Full name including the `alias/` prefix. */
  aliasName: string
  keyId: string
  createdAt: number
  updatedAt: number
}

export interface AliasRepo {
  /** UniqueViolation if the alias exists. */
  insert(alias: AliasRecord): Promise<void>
  get(aliasName: string): Promise<AliasRecord | undefined>
  /** Re-points an alias; returns false if it does not exist. */
  update(aliasName: string, keyId: string, updatedAt: number): Promise<boolean>
  delete(aliasName: string): Promise<boolean>
  /** Ordered by name. With `keyId`, only that key's aliases. */
  list(page: PageRequest, keyId?: string): Promise<Page<AliasRecord>>
  countForKey(keyId: string): Promise<number>
}
