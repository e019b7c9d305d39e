/**
 * The key state × operation matrix (spec §4.2, Alibaba's "Impact of CMK status on API operations").
 * Every refusal is a 409: either `Rejected.<State>` or `Rejected.StateModifiedFailed`.
 */
import { KmsErrors, type KmsError } from './errors.js'
import type { KeyState } from './key-spec.js'

export type KeyOperation =
  | 'crypto' // Encrypt, Decrypt, GenerateDataKey*, asymmetric operations, GetPublicKey
  | 'createVersion' // CreateKeyVersion, UpdateRotationPolicy
  | 'read' // DescribeKey, ListKeyVersions, ListAliases, ListResourceTags, DeleteAlias, …
  | 'modifyMetadata' // UpdateKeyDescription, TagResource, UntagResource
  | 'enableDisable'
  | 'scheduleDeletion'
  | 'cancelDeletion'
  | 'createAlias'
  | 'updateAliasTarget'
  | 'importMaterial'
  | 'setDeletionProtection'

type Rule = 'ok' | 'state' | 'modifyFailed'

const MATRIX: Record<KeyOperation, Record<KeyState, Rule>> = {
  crypto: { Enabled: 'ok', Disabled: 'state', PendingDeletion: 'state', PendingImport: 'state' },
  createVersion: { Enabled: 'ok', Disabled: 'state', PendingDeletion: 'state', PendingImport: 'state' },
  read: { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'ok', PendingImport: 'ok' },
  modifyMetadata: { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'state', PendingImport: 'ok' },
  enableDisable: { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'modifyFailed', PendingImport: 'modifyFailed' },
  scheduleDeletion: { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'modifyFailed', PendingImport: 'ok' },
  cancelDeletion: { Enabled: 'modifyFailed', Disabled: 'modifyFailed', PendingDeletion: 'ok', PendingImport: 'modifyFailed' },
  createAlias: { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'modifyFailed', PendingImport: 'ok' },
  updateAliasTarget: { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'state', PendingImport: 'ok' },
  importMaterial: { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'modifyFailed', PendingImport: 'ok' },
  setDeletionProtection: { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'modifyFailed', PendingImport: 'ok' },
}

/** The refusal for `op` on a key in `state`, or undefined when allowed. */
export function stateRefusal(op: KeyOperation, state: KeyState): KmsError | undefined {
  const rule = MATRIX[op][state]
  if (rule === 'ok') return undefined
  if (rule === 'state') return KmsErrors.keyState(state)
  return KmsErrors.stateModifiedFailed(`The key state is ${state}.`)
}

export function requireState(op: KeyOperation, state: KeyState): void {
  const refusal = stateRefusal(op, state)
  if (refusal) throw refusal
}
