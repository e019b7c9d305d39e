/**
 * The shape of an action: a name, a parameter schema, a handler and the error codes it may raise.
 * Handlers see typed parameters and an ActionContext only: never a request, headers or the output format.
 */
import type { ErrorCode } from '../domain/errors.js'
import type { InferParams, ParamShape } from './params.js'
import type { Runtime } from '../services/context.js'
import type { Principal } from '../domain/principal.js'

/** Who is calling; the control plane authenticates with an AccessKey. */
export interface Caller {
  accessKeyId: string
  /** 'cli' for in-process calls made by the `openkms` command. */
  via: 'openapi' | 'cli' | 'seed'
  /** Who the request acts as: `root` for the account's own keys and for in-process calls (CLI, seed). */
  principal: Principal
}

/** The caller of an in-process call (`openkms call`, the seeder, tests): the account itself. */
export function localCaller(accountId: string, via: Caller['via'] = 'cli', accessKeyId: string = via): Caller {
  return { accessKeyId, via, principal: { kind: 'root', accountId, accessKeyId, arn: `acs:ram::${accountId}:root` } }
}

export interface ActionContext extends Runtime {
  readonly requestId: string
  readonly caller: Caller
}

/** What a handler returns: the response body without RequestId (the protocol adds it). */
export type ActionResult = Record<string, unknown>

export interface ActionSpec<S extends ParamShape = ParamShape, R extends ActionResult = ActionResult> {
  readonly name: string
  readonly description: string
  /** The HTTP method the official SDKs use; the server accepts GET and POST for every action. */
  readonly method?: 'GET' | 'POST'
  readonly params: S
  /** Error codes beyond the gateway's common ones (documented in docs/api.md). */
  readonly errors: readonly ErrorCode[]
  handle(params: InferParams<S>, ctx: ActionContext): Promise<R>
}

export function defineAction<S extends ParamShape, R extends ActionResult>(spec: ActionSpec<S, R>): ActionSpec<S, R> {
  return spec
}

/** Type-erased spec as the registry holds it. */
export type AnyAction = ActionSpec<ParamShape, ActionResult>
