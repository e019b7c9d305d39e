import { defineInstanceApi } from './define-instance-api.js';
import { KmsErrors } from '../../domain/errors.js';
import { authorizedKey } from '../instance-keys.js';
export const Hmac = defineInstanceApi({
    name: 'Hmac',
    description: 'Refused with UnsupportedOperation after authorisation: openkms has no HMAC key specs (docs/instance-api.md).',
    async handle(q, ctx) {
        const key = await authorizedKey(ctx, q.KeyId);
        throw KmsErrors.unsupportedOperation(`Hmac needs an HMAC key, and openkms offers no HMAC key specs; ${key.keyId} is ${key.keySpec}.`);
    },
});
