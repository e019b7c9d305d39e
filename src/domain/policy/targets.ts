/**
 * Turns the resource references of the authorisation table into the ARNs a call acts on, with the tags and the
 * stored key or secret policy of each. A reference that cannot be resolved (an unknown alias, a ciphertext
 * whose key cannot be found, a missing parameter) is authorised as `…:key/*` (or `secret/*`, …): the caller
 * then needs the permission on every such resource, so whether it exists is never revealed by the decision.
 */
import { arn, parseKeyReference, type ArnScope } from '../arn.js'
import { parseCiphertextBlob } from '../ciphertext-blob.js'
import type { Principal } from '../principal.js'
import type { ResourceRef } from './action-resources.js'

export interface ResolvedKey {
  keyId: string
  tags: Record<string, string>
  policy?: string
}

export interface ResolvedSecret {
  name: string
  tags: Record<string, string>
  policy?: string
}

export interface AuthorizationResolver {
  /** A key by id or alias (`alias/…`; ARNs are reduced to these first); undefined when it does not exist. */
  key(keyIdOrAliasOrArn: string): Promise<ResolvedKey | undefined>
  /** A secret by name; undefined when it does not exist. */
  secret(name: string): Promise<ResolvedSecret | undefined>
  /**
   * The key a key version belongs to (Decrypt, ExportDataKey and ReEncrypt name their key only through the
   * key version inside CiphertextBlob). Without it those calls need the permission on every key.
   */
  keyOfVersion?(keyVersionId: string): Promise<ResolvedKey | undefined>
}

export interface Target {
  arn: string
  tags: Record<string, string>
  /** The stored policy text; absent with a policyKind means the default policy applies. */
  policy?: string
  /** Set when the resource exists and carries a key or secret policy. */
  policyKind?: 'key' | 'secret'
}

/** More resources than this in one call (ResourceId.N allows 50, SecretsList 20) need the permission on all of them. */
const MAX_TARGETS = 64

const kmsArn = (s: ArnScope, rest: string) => `acs:kms:${s.region}:${s.accountId}:${rest}`

function keyFound(scope: ArnScope, k: ResolvedKey): Target {
  return { arn: arn.key(scope, k.keyId), tags: k.tags, ...(k.policy !== undefined && { policy: k.policy }), policyKind: 'key' }
}

const everyKey = (scope: ArnScope): Target => ({ arn: kmsArn(scope, 'key/*'), tags: {} })

async function keyTarget(value: string, scope: ArnScope, resolver: AuthorizationResolver): Promise<Target> {
  const ref = parseKeyReference(value, scope)
  // An ARN of another region or account names nothing here: authorised as written, then not found.
  if (!ref) return value.startsWith('acs:') ? { arn: value, tags: {} } : everyKey(scope)
  // The resolver sees a plain key id or `alias/…`, never an ARN: the scope check is done here.
  const found = await resolver.key(ref.kind === 'id' ? ref.keyId : ref.aliasName)
  if (found) return keyFound(scope, found)
  return ref.kind === 'id' ? { arn: arn.key(scope, ref.keyId), tags: {} } : everyKey(scope)
}

/** The key a ciphertext's key version belongs to, when the blob parses and the version is known. */
async function ciphertextKey(blob: string | undefined, scope: ArnScope, resolver: AuthorizationResolver): Promise<Target | undefined> {
  if (!blob || !resolver.keyOfVersion) return undefined
  let keyVersionId: string
  try {
    keyVersionId = parseCiphertextBlob(Buffer.from(blob, 'base64')).keyVersionId
  } catch {
    return undefined
  }
  const found = await resolver.keyOfVersion(keyVersionId)
  return found && keyFound(scope, found)
}

async function secretTarget(value: string | undefined, scope: ArnScope, resolver: AuthorizationResolver): Promise<Target> {
  if (!value) return { arn: kmsArn(scope, 'secret/*'), tags: {} }
  let name = value
  if (value.startsWith('acs:')) {
    const m = /^acs:kms:([^:]*):([^:]*):secret\/(.+)$/s.exec(value)
    if (!m || m[1] !== scope.region || m[2] !== scope.accountId) return { arn: value, tags: {} }
    name = m[3] as string
  }
  const found = await resolver.secret(name)
  if (!found) return { arn: arn.secret(scope, name), tags: {} }
  return { arn: arn.secret(scope, found.name), tags: found.tags, ...(found.policy !== undefined && { policy: found.policy }), policyKind: 'secret' }
}

function secretNames(json: string | undefined): string[] | undefined {
  if (!json) return undefined
  try {
    const list: unknown = JSON.parse(json)
    if (!Array.isArray(list) || list.length === 0) return undefined
    const names = list.map((item) => (item !== null && typeof item === 'object' ? (item as Record<string, unknown>).SecretName : undefined))
    return names.every((n): n is string => typeof n === 'string' && n.length > 0) ? names : undefined
  } catch {
    return undefined
  }
}

function listParam(params: Record<string, string>, name: string): string[] {
  const re = new RegExp(`^${name}\\.(\\d+)$`)
  return Object.keys(params)
    .map((k) => re.exec(k))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map((m) => params[m[0]] as string)
}

async function targetsOf(
  ref: ResourceRef,
  params: Record<string, string>,
  scope: ArnScope,
  principal: Principal,
  resolver: AuthorizationResolver,
): Promise<Target[]> {
  switch (ref.from) {
    case 'service':
      return [{ arn: kmsArn(scope, '*'), tags: {} }]
    case 'container':
      return [{ arn: kmsArn(scope, ref.type), tags: {} }]
    case 'key': {
      // Every parameter given is authorised, so which one a handler prefers cannot matter.
      const values = [...new Set(ref.params.map((p) => params[p]).filter((v): v is string => !!v))]
      if (values.length === 0) return [everyKey(scope)]
      return Promise.all(values.map((v) => keyTarget(v, scope, resolver)))
    }
    case 'ciphertextKey': {
      // The named key (ReEncrypt's SourceKeyId) and the key the ciphertext names are both authorised.
      const named = ref.param ? params[ref.param] : undefined
      const inBlob = await ciphertextKey(params[ref.blob], scope, resolver)
      if (!named) return [inBlob ?? everyKey(scope)]
      return inBlob ? [await keyTarget(named, scope, resolver), inBlob] : [await keyTarget(named, scope, resolver)]
    }
    case 'alias': {
      const name = params[ref.param]
      return [{ arn: name ? arn.alias(scope, name) : kmsArn(scope, 'alias/*'), tags: {} }]
    }
    case 'aliasTarget': {
      const name = params[ref.param]
      const found = name ? await resolver.key(name.startsWith('alias/') ? name : `alias/${name}`) : undefined
      return found ? [keyFound(scope, found)] : []
    }
    case 'secret':
      return [await secretTarget(params[ref.param], scope, resolver)]
    case 'secretList': {
      const names = secretNames(params[ref.param])
      if (!names || names.length > MAX_TARGETS) return [{ arn: kmsArn(scope, 'secret/*'), tags: {} }]
      return Promise.all(names.map((n) => secretTarget(n, scope, resolver)))
    }
    case 'named': {
      const v = params[ref.param]
      return [{ arn: kmsArn(scope, `${ref.type}/${v || '*'}`), tags: {} }]
    }
    case 'tagTarget': {
      const out: Target[] = []
      if (params.KeyId) out.push(await keyTarget(params.KeyId, scope, resolver))
      if (params.SecretName) out.push(await secretTarget(params.SecretName, scope, resolver))
      if (params.CertificateId) out.push({ arn: kmsArn(scope, `certificate/${params.CertificateId}`), tags: {} })
      return out.length > 0 ? out : [everyKey(scope)]
    }
    case 'tagTargets': {
      const secret = params.ResourceType === 'secret'
      const ids = listParam(params, 'ResourceId')
      if (ids.length === 0) return [{ arn: kmsArn(scope, secret ? 'secret' : 'key'), tags: {} }]
      if (ids.length > MAX_TARGETS) return [{ arn: kmsArn(scope, secret ? 'secret/*' : 'key/*'), tags: {} }]
      return Promise.all(ids.map((id) => (secret ? secretTarget(id, scope, resolver) : keyTarget(id, scope, resolver))))
    }
    case 'ram': {
      let name = ref.param ? params[ref.param] : undefined
      if (!name && ref.self && principal.kind === 'user') name = principal.userName
      return [{ arn: `acs:ram::${scope.accountId}:${ref.type}/${name || '*'}`, tags: {} }]
    }
    case 'roleArn':
      return [{ arn: params[ref.param] || `acs:ram::${scope.accountId}:role/*`, tags: {} }]
  }
}

/** Every resource a call acts on, at least one. */
export async function resolveTargets(
  refs: readonly ResourceRef[],
  params: Record<string, string>,
  scope: ArnScope,
  principal: Principal,
  resolver: AuthorizationResolver,
): Promise<Target[]> {
  const all: Target[] = []
  for (const ref of refs) all.push(...(await targetsOf(ref, params, scope, principal, resolver)))
  return all.length > 0 ? all : [{ arn: kmsArn(scope, '*'), tags: {} }]
}
