import type { KeySpec, KeyState, KeyUsage, Origin, ProtectionLevel } from '../../domain/key-spec.js'
import type { Page, PageRequest } from './page.js'

export type AutomaticRotation = 'Enabled' | 'Disabled' | 'Suspended'

export interface KeyRecord {
  keyId: string
  description: string
  keySpec: KeySpec
  keyUsage: KeyUsage
  origin: Origin
  protectionLevel: ProtectionLevel
  state: KeyState
  /** Account id (for ListKeys `Creator` filter and KeyMetadata.Creator). */
  creator: string
  createdAt: number
  /** Set only while PendingDeletion. */
  deleteDate: number | null
  /** Symmetric keys only. */
  primaryVersionId: string | null
  automaticRotation: AutomaticRotation
  /** Seconds; null unless automatic rotation was configured. */
  rotationInterval: number | null
  lastRotationDate: number | null
  nextRotationDate: number | null
  materialExpireTime: number | null
  dkmsInstanceId: string | null
  deletionProtection: boolean
  deletionProtectionDescription: string
  /** Key policy JSON text (SetKeyPolicy), null = default. */
  policy: string | null
  /** Bumped by every update; compare-and-set and cache validation use it. */
  revision: number
  updatedAt: number
}

export interface KeyVersionRecord {
  keyId: string
  keyVersionId: string
  createdAt: number
  /** Key material wrapped by the root key; null for an EXTERNAL key whose material is not imported. */
  wrappedMaterial: Buffer | null
  /** Public key as SPKI DER (asymmetric keys); public data, stored in the clear. */
  publicKey: Buffer | null
}

/** ListKeys `Filters` after decoding: AND across fields, OR within a field's values (an empty list matches nothing). */
export interface KeyFilter {
  states?: string[]
  specs?: string[]
  usages?: string[]
  protectionLevels?: string[]
  /** 'User' | 'Service'; every openkms key is a user key. */
  creatorTypes?: string[]
  dkmsInstanceIds?: string[]
  keyIds?: string[]
  aliasNames?: string[]
  creators?: string[]
  tagKeys?: string[]
  tagValues?: string[]
}

export type KeyPatch = Partial<Omit<KeyRecord, 'keyId' | 'createdAt' | 'revision' | 'creator'>>

export interface KeyRepo {
  /** Inserts a key; UniqueViolation if the id exists. */
  insert(key: KeyRecord): Promise<void>
  get(keyId: string): Promise<KeyRecord | undefined>
  /** Ordered by creation time, then id (stable paging). */
  list(filter: KeyFilter, page: PageRequest): Promise<Page<KeyRecord>>
  /**
   * Applies `patch`, bumps `revision`, sets `updatedAt` from the patch or leaves it. With `expectRevision`,
   * only if the stored revision still equals it. Returns the new record, or undefined (missing / condition failed).
   */
  update(keyId: string, patch: KeyPatch, expectRevision?: number): Promise<KeyRecord | undefined>
  /** Removes the key with its versions, aliases and tags. Returns false if it did not exist. */
  destroy(keyId: string): Promise<boolean>
  /** Keys whose `nextRotationDate` (automatic rotation Enabled, state Enabled) is at or before `now`. */
  dueForRotation(now: number, limit: number): Promise<KeyRecord[]>
  /** Keys in PendingDeletion whose `deleteDate` is at or before `now`. */
  dueForDeletion(now: number, limit: number): Promise<KeyRecord[]>
  count(): Promise<number>
}

export interface KeyVersionRepo {
  /** UniqueViolation if the version id exists. */
  insert(version: KeyVersionRecord): Promise<void>
  get(keyId: string, keyVersionId: string): Promise<KeyVersionRecord | undefined>
  /** Looks a version up by its id alone (ciphertext blobs carry only the version id). */
  getById(keyVersionId: string): Promise<KeyVersionRecord | undefined>
  /** Oldest first. */
  list(keyId: string, page: PageRequest): Promise<Page<KeyVersionRecord>>
  /** Replaces wrapped material (BYOK import / delete material). */
  setMaterial(keyId: string, keyVersionId: string, wrappedMaterial: Buffer | null): Promise<void>
}
