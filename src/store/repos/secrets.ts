import type { Page, PageRequest } from './page.js'

export interface SecretRecord {
  /** Unique per region; the primary key. */
  secretName: string
  /** Generic | Rds | Redis | RAMCredentials | ECS | PolarDB. */
  secretType: string
  description: string
  /** The symmetric key that seals every version's data key (resolved key id). */
  encryptionKeyId: string
  dkmsInstanceId: string | null
  /** ExtendedConfig JSON text (managed types), null for Generic secrets. */
  extendedConfig: string | null
  /** Secret policy JSON text; null = the default policy. */
  policy: string | null
  /** Account id of the creator (ListSecrets `Creator` filter). */
  creator: string
  automaticRotation: 'Enabled' | 'Disabled'
  /** Seconds; null unless automatic rotation is enabled. */
  rotationInterval: number | null
  lastRotationDate: number | null
  nextRotationDate: number | null
  /** Set while the secret waits out its recovery window (DeleteSecret). */
  plannedDeleteTime: number | null
  createdAt: number
  updatedAt: number
  /** Bumped by every update; writers use it for compare-and-set. */
  revision: number
}

export type SecretPatch = Partial<Omit<SecretRecord, 'secretName' | 'secretType' | 'creator' | 'createdAt' | 'revision'>>

/** ListSecrets `Filters` after decoding: AND across fields, OR within a field's values (an empty list matches nothing). */
export interface SecretFilter {
  /** Exact names. */
  names?: string[]
  /** Case-insensitive substrings of the description. */
  descriptions?: string[]
  types?: string[]
  dkmsInstanceIds?: string[]
  creators?: string[]
  /** The secret has a tag with one of these keys. */
  tagKeys?: string[]
  /** The secret has a tag with one of these values. */
  tagValues?: string[]
}

export interface SecretVersionRecord {
  secretName: string
  versionId: string
  /** Per-secret write order (1, 2, …), unique within the secret: "oldest" means the smallest ordinal. */
  ordinal: number
  createdAt: number
  dataType: 'text' | 'binary'
  /** The key and key version whose material sealed the data key. */
  encryptionKeyId: string
  keyVersionId: string
  /** The value's data key, sealed under the key version (never stored in the clear). */
  wrappedDataKey: Buffer
  /** The value sealed under the data key. */
  ciphertext: Buffer
}

export interface SecretStage {
  stage: string
  versionId: string
}

export interface SecretRepo {
  /** UniqueViolation if a secret with this name exists (also one waiting out its recovery window). */
  insert(secret: SecretRecord): Promise<void>
  get(secretName: string): Promise<SecretRecord | undefined>
  /** Ordered by creation time, then name (stable paging). */
  list(filter: SecretFilter, page: PageRequest): Promise<Page<SecretRecord>>
  /**
   * Applies `patch`, bumps `revision`; with `expectRevision`, only if the stored revision still equals it.
   * Returns the new record, or undefined (missing / condition failed).
   */
  update(secretName: string, patch: SecretPatch, expectRevision?: number): Promise<SecretRecord | undefined>
  /** Removes the secret with its versions, stages and tags. Returns false if it did not exist. */
  destroy(secretName: string): Promise<boolean>
  /** Secrets whose `plannedDeleteTime` is at or before `now`, earliest first. */
  dueForPurge(now: number, limit: number): Promise<SecretRecord[]>
  /** Secrets with automatic rotation Enabled whose `nextRotationDate` is at or before `now` and not being deleted. */
  dueForRotation(now: number, limit: number): Promise<SecretRecord[]>
  count(): Promise<number>
}

export interface SecretVersionRepo {
  /** UniqueViolation if (secretName, versionId) or (secretName, ordinal) exists. */
  insert(version: SecretVersionRecord): Promise<void>
  get(secretName: string, versionId: string): Promise<SecretVersionRecord | undefined>
  /** Every version of the secret, oldest (smallest ordinal) first. */
  list(secretName: string): Promise<SecretVersionRecord[]>
  /** The largest ordinal used by the secret, 0 when it has no versions. */
  maxOrdinal(secretName: string): Promise<number>
  /** Deletes the given versions (their stages must already be gone); returns how many went. */
  delete(secretName: string, versionIds: string[]): Promise<number>
  /** The secret's stage labels, ordered by stage. */
  stages(secretName: string): Promise<SecretStage[]>
  /** Points `stage` at `versionId` (insert or move): a stage marks exactly one version. */
  setStage(secretName: string, stage: string, versionId: string): Promise<void>
  /** Removes a stage label; returns false if the secret had no such stage. */
  removeStage(secretName: string, stage: string): Promise<boolean>
}
