/** Runs one action by name: the single path shared by the HTTP server, the CLI and the seeder. */
import type { ActionContext, ActionResult } from './define-action.js'
import { findAction } from './index.js'
import { decodeParams, type RawParams } from './params.js'
import { KmsErrors } from '../domain/errors.js'

export async function dispatch(action: string, raw: RawParams, ctx: ActionContext): Promise<ActionResult> {
  const spec = findAction(action)
  if (!spec) throw KmsErrors.actionNotFound(action)
  const params = decodeParams(spec.params, raw)
  return spec.handle(params, ctx)
}
