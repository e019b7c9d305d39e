/**
 * Table types for the SQL stores (SQLite and PostgreSQL share them). Column conventions, chosen so the same
 * SQL runs on both engines: snake_case names; times are epoch milliseconds in 64-bit integer columns;
 * booleans are integers 0/1; wrapped secrets and public keys are blobs (`blob` / `bytea`, both read back as
 * Buffer). The tables themselves are created by `src/store/migrations/`.
 */
import type { ColumnType, Generated } from 'kysely'

/** A 64-bit integer: SQLite returns a number, node-postgres returns int8 as a string; mappers use `toNumber`. */
export type Int64 = ColumnType<number | string, number, number>
export type NullableInt64 = ColumnType<number | string | null, number | null, number | null>
/** Boolean stored as 0/1. */
export type Flag = ColumnType<number, 0 | 1, 0 | 1>

export interface KeysTable {
  key_id: string
  description: string
  key_spec: string
  key_usage: string
  origin: string
  protection_level: string
  state: string
  creator: string
  created_at: Int64
  delete_date: NullableInt64
  primary_version_id: string | null
  automatic_rotation: string
  /** Seconds. */
  rotation_interval: NullableInt64
  last_rotation_date: NullableInt64
  next_rotation_date: NullableInt64
  material_expire_time: NullableInt64
  dkms_instance_id: string | null
  deletion_protection: Flag
  deletion_protection_description: string
  policy: string | null
  revision: Int64
  updated_at: Int64
}

export interface KeyVersionsTable {
  key_version_id: string
  key_id: string
  created_at: Int64
  wrapped_material: Buffer | null
  public_key: Buffer | null
}

export interface AliasesTable {
  alias_name: string
  key_id: string
  created_at: Int64
  updated_at: Int64
}

export interface TagsTable {
  resource_type: string
  resource_id: string
  tag_key: string
  tag_value: string
}

export interface AccessKeysTable {
  access_key_id: string
  wrapped_secret: Buffer
  status: string
  description: string
  created_at: Int64
  /** The owning RAM user (migration 0005); null for root AccessKeys. */
  user_name: string | null
}

export interface AuditRecordsTable {
  chain_id: string
  seq: Int64
  kind: string
  event_time: Int64
  request_id: string | null
  event_name: string | null
  error_code: string | null
  caller: string | null
  record: string
}

export interface NoncesTable {
  access_key_id: string
  nonce: string
  expires_at: Int64
}

export interface MetaTable {
  key: string
  value: string
}

/**
 * Change feed: one row per notice, written in the notifying transaction, so other processes can poll
 * `seq > lastSeen` to invalidate their caches.
 */
export interface ChangesTable {
  seq: Generated<number | string>
  topic: string
  resource_id: string
  created_at: Int64
}

export interface SchemaMigrationsTable {
  version: number
  name: string
  applied_at: Int64
}

export interface SecretsTable {
  secret_name: string
  secret_type: string
  description: string
  encryption_key_id: string
  dkms_instance_id: string | null
  extended_config: string | null
  policy: string | null
  creator: string
  automatic_rotation: string
  /** Seconds. */
  rotation_interval: NullableInt64
  last_rotation_date: NullableInt64
  next_rotation_date: NullableInt64
  planned_delete_time: NullableInt64
  created_at: Int64
  updated_at: Int64
  revision: Int64
}

export interface SecretVersionsTable {
  secret_name: string
  version_id: string
  ordinal: Int64
  created_at: Int64
  data_type: string
  encryption_key_id: string
  key_version_id: string
  wrapped_data_key: Buffer
  ciphertext: Buffer
}

export interface SecretVersionStagesTable {
  secret_name: string
  stage: string
  version_id: string
}

/** Application access (migration 0002): lists that name nothing are JSON text; references are link rows. */
export interface NetworkRulesTable {
  name: string
  type: string
  /** JSON array of addresses / CIDR blocks. */
  source_private_ips: string
  description: string
  created_at: Int64
  updated_at: Int64
}

export interface AccessPoliciesTable {
  name: string
  description: string
  kms_instance: string
  /** JSON arrays. */
  permissions: string
  resources: string
  access_control_rules: string
  created_at: Int64
  updated_at: Int64
}

export interface AccessPolicyNetworkRulesTable {
  policy_name: string
  rule_name: string
  position: number
}

export interface ApplicationAccessPointsTable {
  name: string
  description: string
  authentication_method: string
  created_at: Int64
  updated_at: Int64
}

export interface AapPoliciesTable {
  aap_name: string
  policy_name: string
  position: number
}

export interface ClientKeysTable {
  client_key_id: string
  aap_name: string
  key_algorithm: string
  key_origin: string
  certificate_pem: string
  not_before: Int64
  not_after: Int64
  created_at: Int64
}

/** One row per ImportToken (BYOK); the token is known only by its SHA-256. */
export interface ImportTokensTable {
  token_hash: string
  key_id: string
  wrapping_algorithm: string
  wrapping_key_spec: string
  wrapped_private_key: Buffer
  created_at: Int64
  expires_at: Int64
}

/** The material an EXTERNAL key was first given, as a wrapped fingerprint. */
export interface KeyMaterialBindingsTable {
  key_id: string
  wrapped_fingerprint: Buffer
  bound_at: Int64
}

export interface Database {
  keys: KeysTable
  key_versions: KeyVersionsTable
  aliases: AliasesTable
  tags: TagsTable
  access_keys: AccessKeysTable
  nonces: NoncesTable
  audit_records: AuditRecordsTable
  meta: MetaTable
  changes: ChangesTable
  schema_migrations: SchemaMigrationsTable
  network_rules: NetworkRulesTable
  access_policies: AccessPoliciesTable
  access_policy_network_rules: AccessPolicyNetworkRulesTable
  application_access_points: ApplicationAccessPointsTable
  aap_policies: AapPoliciesTable
  client_keys: ClientKeysTable
  secrets: SecretsTable
  secret_versions: SecretVersionsTable
  secret_version_stages: SecretVersionStagesTable
  import_tokens: ImportTokensTable
  key_material_bindings: KeyMaterialBindingsTable
}
