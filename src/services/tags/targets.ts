/**
 * The kinds of resource the tag actions can tag, and how each is found. TagResource & co. name a resource
 * by a type-specific parameter (KeyId, SecretName); TagResources & co. by ResourceType + ResourceId.N.
 * Adding a taggable kind means giving it an entry in TAG_TARGETS; the actions need no change.
 */
import type { Repos, TaggedResourceType } from '../../store/store.js'
import type { Runtime } from '../context.js'
import { KmsErrors } from '../../domain/errors.js'
import { requireState } from '../../domain/key-state.js'
import { findKey } from '../keys/keys.js'
import { findSecret, requireNotDeleting } from '../secrets/secrets.js'

export type TagAccess = 'read' | 'write'

export interface TagTarget {
  /** The parameter naming the resource in TagResource / UntagResource / ListResourceTags. */
  readonly param: 'KeyId' | 'SecretName'
  /**
   * The stored resource id of `ref`, or the resource's not-found error. With `write`, also refuses a
   * resource whose state forbids changing its tags.
   */
  resolve(repos: Repos, rt: Runtime, ref: string, access: TagAccess): Promise<string>
}

/** Keys: id, alias or ARN; tags can change in every state but PendingDeletion (spec §4.2). */
const keyTarget: TagTarget = {
  param: 'KeyId',
  async resolve(repos, rt, ref, access) {
    const key = await findKey(repos, rt, ref)
    requireState(access === 'write' ? 'modifyMetadata' : 'read', key.state)
    return key.keyId
  },
}

/** Secrets as tag targets: tags can be read at any time, changed only outside the recovery window. */
const secretTagTarget: TagTarget = {
  param: 'SecretName',
  async resolve(repos, rt, ref, access) {
    const secret = await findSecret(repos, rt, ref)
    if (access === 'write') requireNotDeleting(secret)
    return secret.secretName
  },
}

export const TAG_TARGETS: Readonly<Record<TaggedResourceType, TagTarget>> = {
  key: keyTarget,
  secret: secretTagTarget,
}

/** The resource parameters of the singular tag actions; exactly one must be given (spec §4.8). */
export interface SingleResourceParams {
  KeyId?: string
  SecretName?: string
  CertificateId?: string
}

/**
 * Picks the resource named by exactly one of KeyId, SecretName, CertificateId. openkms keeps no
 * certificates, so a CertificateId names nothing (Forbidden.ResourceNotFound).
 */
export function singleTarget(q: SingleResourceParams): { type: TaggedResourceType; ref: string } {
  const given = (['KeyId', 'SecretName', 'CertificateId'] as const).filter((n) => q[n] !== undefined)
  if (given.length === 0) throw KmsErrors.missingParameter('KeyId')
  if (given.length > 1) throw KmsErrors.invalidParameter(given[1] as string, `Give only one of ${given.join(', ')}.`)
  if (q.CertificateId !== undefined) throw KmsErrors.resourceNotFound(q.CertificateId)
  return q.KeyId !== undefined ? { type: 'key', ref: q.KeyId } : { type: 'secret', ref: q.SecretName as string }
}
