import { KmsErrors } from '../domain/errors.js';
import { INSTANCE_API_NAMES, decodeMessage, encodeMessage } from './proto.js';
import { encodeInstanceError, verifyInstanceRequest } from './verify-request.js';
import { headerValue } from './string-to-sign.js';
import { INSTANCE_CONTENT_TYPE, MAX_INSTANCE_BODY_BYTES } from './wire-constants.js';
import { toInstanceError } from './instance-errors.js';
export const MIGRATION_KEY_VERSION_HEADER = 'x-kms-migrationkeyversionid';
export async function handleInstanceRequest(req, deps) {
    const rt = deps.runtime;
    const requestId = rt.ids.requestId();
    let apiName = '';
    try {
        if (req.body === null)
            throw KmsErrors.of('RequestEntityTooLarge', `The request body exceeds ${MAX_INSTANCE_BODY_BYTES} bytes.`);
        if (req.method !== 'POST')
            throw KmsErrors.methodNotSupported(req.method);
        const path = req.url.split('?')[0];
        if (path !== '/')
            throw KmsErrors.actionNotFound(path.slice(0, 128));
        const body = req.body;
        // Caches (client keys, grants, keys) first catch up with every change committed before this request.
        await rt.store.sync();
        const verified = await verifyInstanceRequest({ method: req.method, headers: req.headers, body }, { now: () => rt.clock.now(), lookupClientKey: deps.lookupClientKey, knownApis: INSTANCE_API_NAMES });
        apiName = verified.apiName;
        const api = deps.apis.get(apiName);
        if (!api)
            throw KmsErrors.internal();
        const request = decodeRequest(apiName, body);
        const ctx = callContext(req, deps, requestId, verified.clientKeyId);
        const result = await api.handle(request, ctx);
        const headers = { 'content-type': INSTANCE_CONTENT_TYPE };
        if (result.keyVersionId)
            headers[MIGRATION_KEY_VERSION_HEADER] = result.keyVersionId;
        return { status: 200, headers, body: encodeMessage(`${apiName}Response`, { ...result.response, RequestId: requestId }) };
    }
    catch (e) {
        const err = toInstanceError(e);
        if (err.code === 'InternalFailure')
            rt.log.error({ err: e, requestId, api: apiName }, 'instance API internal failure');
        return { status: err.status, headers: { 'content-type': INSTANCE_CONTENT_TYPE }, body: encodeInstanceError(err, requestId) };
    }
}
/** A body that is not a valid `<Api>Request` is 400 InvalidParameter (spec §1 check 11). */
function decodeRequest(apiName, body) {
    try {
        return decodeMessage(`${apiName}Request`, body);
    }
    catch (e) {
        throw KmsErrors.of('InvalidParameter', `The specified parameter is not valid. The body is not a valid ${apiName}Request: ${e.message}`);
    }
}
function callContext(req, deps, requestId, clientKeyId) {
    const sourceIp = deps.clientAddress(req.remoteAddress, headerValue(req.headers, 'x-forwarded-for'));
    const check = async (permission, resources, shown) => {
        const decision = await deps.isAllowed({ clientKeyId, permission, resources, sourceIp });
        if (decision.allowed)
            return;
        deps.runtime.log.info({ requestId, clientKeyId, permission, resources, sourceIp, reason: decision.reason }, 'instance API call refused');
        throw KmsErrors.noPermission(shown);
    };
    return {
        rt: deps.runtime,
        requestId,
        clientKeyId,
        sourceIp,
        migrationKeyVersionId: headerValue(req.headers, MIGRATION_KEY_VERSION_HEADER)?.trim() || undefined,
        authorize: (permission, resources, shown) => check(permission, resources, shown),
        authorizeAny: (permission, shown) => check(permission, 'any', shown),
        initialVersionId: (keyId) => deps.initialVersionId(keyId),
    };
}
