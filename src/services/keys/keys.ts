/** Key lookup and creation shared by the key, crypto and alias actions. */
import type { Repos, KeyRecord, KeyVersionRecord } from '../../store/store.js'
import type { Runtime } from '../context.js'
import { parseKeyReference } from '../../domain/arn.js'
import { KmsErrors } from '../../domain/errors.js'
import { hasPrimaryVersion, type KeySpec, type KeyUsage, type Origin } from '../../domain/key-spec.js'
import { wrapContext } from '../keyring.js'
import { withCompareAndSet } from '../compare-and-set.js'
import type { Tag } from '../../domain/tags.js'

/**
 * Resolves a KeyId parameter (id, alias, key ARN or alias ARN) to the key. Unknown aliases are
 * `Forbidden.AliasNotFound`, everything else unknown is `Forbidden.KeyNotFound`.
 */
export async function findKey(repos: Repos, rt: Pick<Runtime, 'config'>, ref: string): Promise<KeyRecord> {
  const parsed = parseKeyReference(ref, rt.config)
  if (!parsed) throw KmsErrors.keyNotFound(ref)
  let keyId: string
  if (parsed.kind === 'alias') {
    const alias = await repos.aliases.get(parsed.aliasName)
    if (!alias) throw KmsErrors.aliasNotFound(parsed.aliasName)
    keyId = alias.keyId
  } else keyId = parsed.keyId
  const key = await repos.keys.get(keyId)
  if (!key) throw KmsErrors.keyNotFound(ref)
  return key
}

export interface NewKey {
  keySpec: KeySpec
  keyUsage: KeyUsage
  origin: Origin
  description: string
  rotationInterval: number | null
  dkmsInstanceId: string | null
  policy: string | null
  tags: Tag[]
  /** Fixed ids and material, for seeding; random otherwise. */
  keyId?: string
  keyVersionId?: string
  material?: { material: Buffer; publicKey: Buffer | null }
}

/**
 * Creates a key and its first version. Material is generated before the transaction (asymmetric
 * generation takes time and runs off the event loop); only wrapped material reaches the store.
 */
export async function createKey(rt: Runtime, spec: NewKey): Promise<KeyRecord> {
  const now = rt.clock.now()
  const keyId = spec.keyId ?? rt.ids.keyId()
  const keyVersionId = spec.keyVersionId ?? rt.ids.uuid()
  const external = spec.origin === 'EXTERNAL'
  const generated = external ? null : (spec.material ?? (await rt.keyPool.take(spec.keySpec)))
  const version: KeyVersionRecord = {
    keyId,
    keyVersionId,
    createdAt: now,
    wrappedMaterial: generated ? rt.keyring.wrap(generated.material, wrapContext.keyVersion(keyVersionId)) : null,
    publicKey: generated?.publicKey ?? null,
  }
  const rotating = spec.rotationInterval !== null
  const key: KeyRecord = {
    keyId,
    description: spec.description,
    keySpec: spec.keySpec,
    keyUsage: spec.keyUsage,
    origin: spec.origin,
    protectionLevel: 'SOFTWARE',
    state: external ? 'PendingImport' : 'Enabled',
    creator: rt.config.accountId,
    createdAt: now,
    deleteDate: null,
    primaryVersionId: hasPrimaryVersion(spec.keySpec) ? keyVersionId : null,
    automaticRotation: rotating ? 'Enabled' : 'Disabled',
    rotationInterval: spec.rotationInterval,
    lastRotationDate: now,
    nextRotationDate: rotating ? now + (spec.rotationInterval as number) * 1000 : null,
    materialExpireTime: null,
    dkmsInstanceId: spec.dkmsInstanceId,
    deletionProtection: false,
    deletionProtectionDescription: '',
    policy: spec.policy,
    revision: 1,
    updatedAt: now,
  }
  await rt.store.tx(async (tx) => {
    await tx.keys.insert(key)
    await tx.keyVersions.insert(version)
    if (spec.tags.length > 0) await tx.tags.put('key', keyId, spec.tags)
  })
  return key
}

/**
 * Applies a state change through compare-and-set, so two concurrent writers (in any process) cannot both
 * act on the same old state. `decide` sees the current key and returns the patch or throws a refusal.
 */
export async function updateKey(
  rt: Runtime,
  ref: string,
  decide: (key: KeyRecord) => Parameters<Repos['keys']['update']>[1],
): Promise<KeyRecord> {
  return withCompareAndSet('key', async () => {
    const key = await findKey(rt.store, rt, ref)
    const patch = decide(key)
    // The change and its notice commit together: no process can keep a stale cached key if this one dies.
    return rt.store.tx(async (tx) => {
      const next = await tx.keys.update(key.keyId, { ...patch, updatedAt: rt.clock.now() }, key.revision)
      if (next) await tx.notify('key', key.keyId)
      return next
    })
  })
}
