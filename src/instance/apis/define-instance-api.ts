/**
 * The shape of one instance-API handler (one file per API in this folder, listed in index.ts). A handler gets
 * the decoded protobuf request and a context; it never sees HTTP. It authorises through the context before it
 * touches a key's state, so a caller without permission learns nothing about the key (spec §1, checks 9 then 10).
 */
import type { Runtime } from '../../services/context.js'
import type { Permission } from '../../domain/access-policy.js'
import type { InstanceApiName } from '../../instance-wire/proto.js'

/** A request message as decodeMessage returns it: every field present (proto3 defaults), bytes as Buffer. */
export type Decoded<T> = { [K in keyof T]-?: NonNullable<T[K]> extends Uint8Array ? Buffer : NonNullable<T[K]> }

export interface InstanceCallContext {
  readonly rt: Runtime
  readonly requestId: string
  readonly clientKeyId: string
  /** The caller's address as network rules see it (peer, or X-Forwarded-For from a trusted proxy). */
  readonly sourceIp: string
  /** The `x-kms-migrationkeyversionid` request header (Alibaba's combined SDK), when present. */
  readonly migrationKeyVersionId?: string
  /**
   * Throws 403 Forbidden.NoPermission unless a policy of the client key's application access point grants
   * `permission` on one of `resources` (e.g. `key/<id>`, `key/alias/<name>`) from the caller's address.
   * `shown` is the resource named in the refusal.
   */
  authorize(permission: Permission, resources: readonly string[], shown: string): Promise<void>
  /** Like authorize, for calls that touch no particular resource (GenerateRandom): any grant of `permission`. */
  authorizeAny(permission: Permission, shown: string): Promise<void>
  /** The id of a key's first version, which Encrypt, Decrypt and GenerateDataKey* use (spec §2 "Semantics"). */
  initialVersionId(keyId: string): Promise<string | undefined>
}

export interface InstanceApiResult<R> {
  response: R
  /** Sent as the `x-kms-migrationkeyversionid` response header (spec §1 "Response"). */
  keyVersionId?: string
}

export interface InstanceApi<Q = unknown, R = unknown> {
  readonly name: InstanceApiName
  /** One line for docs/instance-api.md. */
  readonly description: string
  handle(request: Q, ctx: InstanceCallContext): Promise<InstanceApiResult<R>>
}

export function defineInstanceApi<Q, R>(api: InstanceApi<Q, R>): InstanceApi<Q, R> {
  return api
}
