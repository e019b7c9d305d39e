/**
 * Seed files: a versionable description of keys (with fixed ids, material and rotation history), aliases, tags,
 * secrets, AccessKeys and RAM identities (seed-identity.ts), applied at start-up or by `openkms seed`. Applying is idempotent: what exists is
 * left alone (and checked for conflicts), what is missing is created. Aliases, tags and secrets go through the
 * same actions as the API, so a seed obeys exactly the API's validation.
 */
import { readFileSync } from 'node:fs'
import { Type, type Static } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import type { Runtime } from '../services/context.js'
import type { ActionContext } from '../actions/define-action.js'
import { localCaller } from '../actions/define-action.js'
import { dispatch } from '../actions/dispatch.js'
import { applyIdentitySeed, SeedIdentity } from './seed-identity.js'
import { isKmsError } from '../domain/errors.js'
import { KEY_SPECS, KEY_USAGES, USAGES_BY_SPEC, defaultUsage, hasPrimaryVersion, type KeySpec, type KeyUsage } from '../domain/key-spec.js'
import { parseRotationInterval, ROTATION_RANGE } from '../domain/rotation-interval.js'
import { importKeyMaterial } from '../crypto/import-key.js'
import { createKey, updateKey } from '../services/keys/keys.js'
import { putAccessKey } from '../services/access/access-keys.js'
import { wrapContext } from '../services/keyring.js'

const SeedVersion = Type.Object(
  {
    KeyVersionId: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F-]{36}$' })),
    /** base64 raw bytes (symmetric) or a PEM private key (asymmetric). */
    Material: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
)

const SeedKey = Type.Object(
  {
    KeyId: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,128}$' }),
    KeySpec: Type.Union(KEY_SPECS.map((s) => Type.Literal(s))),
    KeyUsage: Type.Optional(Type.Union(KEY_USAGES.map((u) => Type.Literal(u)))),
    Description: Type.Optional(Type.String({ maxLength: 8192 })),
    State: Type.Optional(Type.Union([Type.Literal('Enabled'), Type.Literal('Disabled')])),
    RotationInterval: Type.Optional(Type.String()),
    DeletionProtection: Type.Optional(Type.Boolean()),
    Aliases: Type.Optional(Type.Array(Type.String())),
    Tags: Type.Optional(Type.Record(Type.String(), Type.String())),
    /** Oldest first; the last is the primary version. Absent: material is generated. */
    Versions: Type.Optional(Type.Array(SeedVersion, { minItems: 1, maxItems: 50 })),
  },
  { additionalProperties: false },
)

const SeedSecret = Type.Object(
  {
    SecretName: Type.String(),
    SecretData: Type.String(),
    VersionId: Type.Optional(Type.String()),
    SecretDataType: Type.Optional(Type.Union([Type.Literal('text'), Type.Literal('binary')])),
    EncryptionKeyId: Type.Optional(Type.String()),
    Description: Type.Optional(Type.String()),
    Tags: Type.Optional(Type.Record(Type.String(), Type.String())),
  },
  { additionalProperties: false },
)

const SeedAccessKey = Type.Object(
  {
    AccessKeyId: Type.String(),
    AccessKeySecret: Type.String(),
    Description: Type.Optional(Type.String()),
    /** A RAM user's AccessKey (the user is created first, from `Users`); absent: the account's own. */
    UserName: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)

export const SeedDocument = Type.Object(
  {
    AccessKeys: Type.Optional(Type.Array(SeedAccessKey)),
    Keys: Type.Optional(Type.Array(SeedKey)),
    Secrets: Type.Optional(Type.Array(SeedSecret)),
    ...SeedIdentity,
  },
  { additionalProperties: false },
)
export type SeedDocument = Static<typeof SeedDocument>

const check = TypeCompiler.Compile(SeedDocument)

export interface SeedReport {
  created: string[]
  existing: string[]
}

/** Reads and validates a seed file (JSON). Errors name the offending path. */
export function readSeedFile(path: string): SeedDocument {
  let doc: unknown
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'))
  } catch (e) {
    throw new Error(`seed file ${path}: ${(e as Error).message}`)
  }
  if (!check.Check(doc)) {
    const first = check.Errors(doc).First()
    throw new Error(`seed file ${path}: ${first?.path || '/'}: ${first?.message}`)
  }
  return doc
}

export async function applySeed(rt: Runtime, doc: SeedDocument): Promise<SeedReport> {
  const report: SeedReport = { created: [], existing: [] }
  const ctx: ActionContext = { ...rt, requestId: rt.ids.requestId(), caller: localCaller(rt.config.accountId, 'seed') }
  await applyIdentitySeed(ctx, doc, report)
  for (const ak of doc.AccessKeys ?? []) {
    if (ak.UserName !== undefined && !(await rt.store.identity.users.get(ak.UserName)))
      throw new Error(`seed access-key ${ak.AccessKeyId}: the user ${ak.UserName} is not in the store or the seed's Users`)
    await putAccessKey(rt, { accessKeyId: ak.AccessKeyId, accessKeySecret: ak.AccessKeySecret }, ak.Description ?? 'from seed', ak.UserName)
    report.created.push(`access-key ${ak.AccessKeyId}`)
  }
  for (const key of doc.Keys ?? []) await seedKey(rt, ctx, key, report)
  for (const s of doc.Secrets ?? []) {
    const created = await tolerate(['Rejected.ResourceExist'], () =>
      dispatch('CreateSecret', compact({
        SecretName: s.SecretName,
        SecretData: s.SecretData,
        VersionId: s.VersionId ?? 'v1',
        SecretDataType: s.SecretDataType,
        EncryptionKeyId: s.EncryptionKeyId,
        Description: s.Description,
        Tags: s.Tags ? JSON.stringify(Object.entries(s.Tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue }))) : undefined,
      }), ctx),
    )
    ;(created ? report.created : report.existing).push(`secret ${s.SecretName}`)
  }
  return report
}

async function seedKey(rt: Runtime, ctx: ActionContext, key: Static<typeof SeedKey>, report: SeedReport): Promise<void> {
  const spec = key.KeySpec as KeySpec
  const usage = (key.KeyUsage ?? defaultUsage(spec)) as KeyUsage
  if (!USAGES_BY_SPEC[spec].includes(usage)) throw new Error(`seed key ${key.KeyId}: ${spec} does not support ${usage}`)
  const existing = await rt.store.keys.get(key.KeyId)
  if (existing) {
    if (existing.keySpec !== spec) throw new Error(`seed key ${key.KeyId}: exists with spec ${existing.keySpec}, seed says ${spec}`)
    report.existing.push(`key ${key.KeyId}`)
  } else {
    const versions = (key.Versions ?? [undefined]).map((v) => ({
      keyVersionId: v?.KeyVersionId?.toLowerCase() ?? rt.ids.uuid(),
      material: v ? importKeyMaterial(spec, v.Material) : undefined,
    }))
    const rotationInterval =
      key.RotationInterval === undefined ? null : parseRotationInterval(key.RotationInterval, 'RotationInterval', ROTATION_RANGE.updatePolicy)
    const first = versions[0] as (typeof versions)[number]
    await createKey(rt, {
      keyId: key.KeyId,
      keySpec: spec,
      keyUsage: usage,
      origin: 'Aliyun_KMS',
      description: key.Description ?? '',
      rotationInterval,
      dkmsInstanceId: null,
      policy: null,
      tags: [],
      keyVersionId: first.keyVersionId,
      material: first.material,
    })
    // Versions after the first all come from the seed, so they carry material.
    await addVersions(rt, key.KeyId, spec, versions.slice(1) as Array<{ keyVersionId: string; material: { material: Buffer; publicKey: Buffer | null } }>)
    if (key.State === 'Disabled' || key.DeletionProtection)
      await updateKey(rt, key.KeyId, () => ({
        ...(key.State === 'Disabled' ? { state: 'Disabled' as const } : {}),
        ...(key.DeletionProtection ? { deletionProtection: true } : {}),
      }))
    report.created.push(`key ${key.KeyId}`)
  }
  for (const alias of key.Aliases ?? []) {
    const created = await tolerate(['AliasAlreadyExists'], () => dispatch('CreateAlias', { AliasName: alias, KeyId: key.KeyId }, ctx))
    if (!created) {
      const current = await rt.store.aliases.get(alias)
      if (current?.keyId !== key.KeyId) throw new Error(`seed alias ${alias}: already points at ${current?.keyId}`)
    }
    ;(created ? report.created : report.existing).push(`alias ${alias}`)
  }
  if (key.Tags && Object.keys(key.Tags).length > 0)
    await dispatch('TagResource', { KeyId: key.KeyId, Tags: JSON.stringify(Object.entries(key.Tags).map(([TagKey, TagValue]) => ({ TagKey, TagValue }))) }, ctx)
}

/** Later seed versions, oldest first; for symmetric keys the last becomes primary (the rotation history). */
async function addVersions(
  rt: Runtime,
  keyId: string,
  spec: KeySpec,
  versions: Array<{ keyVersionId: string; material: { material: Buffer; publicKey: Buffer | null } }>,
): Promise<void> {
  if (versions.length === 0) return
  await rt.store.tx(async (tx) => {
    for (const v of versions)
      await tx.keyVersions.insert({
        keyId,
        keyVersionId: v.keyVersionId,
        createdAt: rt.clock.now(),
        wrappedMaterial: rt.keyring.wrap(v.material.material, wrapContext.keyVersion(v.keyVersionId)),
        publicKey: v.material.publicKey,
      })
    const last = versions[versions.length - 1] as { keyVersionId: string }
    if (hasPrimaryVersion(spec)) await tx.keys.update(keyId, { primaryVersionId: last.keyVersionId })
    await tx.notify('key', keyId)
  })
}

/** Runs an action; returns false when it failed with one of the tolerated codes (already present). */
async function tolerate(codes: string[], run: () => Promise<unknown>): Promise<boolean> {
  try {
    await run()
    return true
  } catch (e) {
    if (isKmsError(e) && codes.includes(e.code)) return false
    throw e
  }
}

function compact(o: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => e[1] !== undefined))
}
