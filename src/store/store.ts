/**
 * The persistence contract. Everything above this interface is engine-neutral: SQLite (default) and
 * PostgreSQL implement it, and `test/store/contract.ts` pins its behaviour for both.
 *
 * Conventions for every method:
 * - Times are epoch milliseconds (numbers); formatting is the protocol's business.
 * - `get*` returns `undefined` when the row does not exist; it never throws for not-found.
 * - Reads never write (no lazy rotation or purge on read; that is the schedulers' job).
 * - Secret bytes (key material, AccessKey secrets, secret values) arrive already wrapped by the root key;
 *   the store never sees plaintext material.
 * - A unique-constraint violation surfaces as `UniqueViolation`; other driver errors propagate unchanged.
 * - Conditional updates (`expectRevision`) let callers implement compare-and-set across processes: they
 *   return `undefined` when the condition did not hold, and change nothing.
 */
import type { KeyRepo, KeyVersionRepo } from './repos/keys.js'
import type { AliasRepo } from './repos/aliases.js'
import type { TagRepo } from './repos/tags.js'
import type { AccessKeyRepo, NonceRepo, MetaRepo } from './repos/auth.js'
import type { AccessRepos } from './repos/access.js'
import type { SecretRepo, SecretVersionRepo } from './repos/secrets.js'
import type { KeyImportRepo } from './repos/key-imports.js'
import type { IdentityRepos } from './repos/identity.js'
import type { AuditRepo } from './repos/audit.js'

export * from './repos/keys.js'
export * from './repos/aliases.js'
export * from './repos/tags.js'
export * from './repos/auth.js'
export * from './repos/access.js'
export * from './repos/secrets.js'
export * from './repos/key-imports.js'
export * from './repos/identity.js'
export * from './repos/audit.js'

/** All repositories, usable inside or outside a transaction. */
export interface Repos {
  readonly keys: KeyRepo
  readonly keyVersions: KeyVersionRepo
  readonly aliases: AliasRepo
  readonly tags: TagRepo
  readonly accessKeys: AccessKeyRepo
  readonly meta: MetaRepo
  /** Network rules, policies, application access points and client keys (repos/access.ts). */
  readonly access: AccessRepos
  readonly secrets: SecretRepo
  readonly secretVersions: SecretVersionRepo
  /** Import tokens and material bindings of EXTERNAL keys (repos/key-imports.ts). */
  readonly keyImports: KeyImportRepo
  /** RAM users, groups, roles, custom policies and attachments (repos/identity.ts). */
  readonly identity: IdentityRepos
  /**
   * Announce that a resource changed so every process can drop cached copies. Inside a transaction the
   * notice is delivered after commit (and dropped on rollback).
   */
  notify(topic: ChangeTopic, id: string): Promise<void>
}

export const CHANGE_TOPICS = ['key', 'alias', 'accessKey', 'access', 'secret', 'identity'] as const
export type ChangeTopic = (typeof CHANGE_TOPICS)[number]

/**
 * The id of a notice that means "every resource of this topic may have changed": a process that fell too
 * far behind the change feed (or saw the database restored) cannot tell what changed. Caches drop all.
 */
export const EVERY_RESOURCE = '*'

/** Hears each change once per process, after its commit, in commit order; `id` may be `EVERY_RESOURCE`. */
export type ChangeListener = (topic: ChangeTopic, id: string) => void

export interface Store extends Repos {
  readonly engine: 'sqlite' | 'postgres'
  /**
   * Replay protection's claims. Not part of `tx`: each claim commits on its own, and an engine may keep
   * them apart from the rest (SQLite: a file of their own with cheaper commits, docs/storage.md "Nonces").
   */
  readonly nonces: NonceRepo
  /** The audit log's records (src/audit/). Like `nonces`, outside `tx`: an audit write never joins a caller's transaction. */
  readonly audit: AuditRepo
  /**
   * Run `fn` in one serialisable unit: all its writes commit together or not at all. Writers from other
   * processes are serialised (SQLite: BEGIN IMMEDIATE; PostgreSQL: row locks/constraints). `fn` may be
   * re-run on a serialisation failure, so it must not have side effects outside the store. A `tx` (or any
   * store call) made while one is running in the same async context joins it rather than starting another.
   */
  tx<T>(fn: (tx: Repos) => Promise<T>): Promise<T>
  /** Receive change notices from this and every other process on the same database (docs/storage.md). */
  subscribe(listener: ChangeListener): () => void
  /**
   * Resolves once every change committed before the call, by any process, has reached this process's
   * listeners. The request pipeline calls it first, so no cache can answer a request with data older than
   * a write acknowledged before the request was sent. A no-op inside a transaction.
   */
  sync(): Promise<void>
  /** Engine self-check (SQLite `PRAGMA integrity_check`); returns problems found, empty when healthy. */
  integrityCheck(): Promise<string[]>
  close(): Promise<void>
}

/** Thrown by repositories when an insert or update would break a uniqueness rule. */
export class UniqueViolation extends Error {
  constructor(readonly what: string) {
    super(`unique violation: ${what}`)
    this.name = 'UniqueViolation'
  }
}

export type { Page, PageRequest } from './repos/page.js'
