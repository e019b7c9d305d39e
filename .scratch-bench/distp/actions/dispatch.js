import { findAction } from './index.js';
import { decodeParams } from './params.js';
import { KmsErrors } from '../domain/errors.js';
export async function dispatch(action, raw, ctx) {
    const spec = findAction(action);
    if (!spec)
        throw KmsErrors.actionNotFound(action);
    const params = decodeParams(spec.params, raw);
    return spec.handle(params, ctx);
}
