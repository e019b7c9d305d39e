/** Runs one action by name: the single path shared by the HTTP server, the CLI and the seeder. */
import type { ActionContext, ActionResult } from './define-action.js'
import { KMS, type Product } from './index.js'
import { decodeParams, type RawParams } from './params.js'
import { KmsErrors } from '../domain/errors.js'

export async function dispatch(action: string, raw: RawParams, ctx: ActionContext, product: Product = KMS): Promise<ActionResult> {
  const spec = product.find(action)
  if (!spec) throw KmsErrors.actionNotFound(action)
  const params = decodeParams(spec.params, raw)
  return spec.handle(params, ctx)
}
