import { KmsErrors } from '../domain/errors.js';
import { requireState } from '../domain/key-state.js';
import { findKey } from './keys.js';
import { secretTagTarget } from './secrets.js';
/** Keys: id, alias or ARN; tags can change in every state but PendingDeletion (spec §4.2). */
const keyTarget = {
    param: 'KeyId',
    async resolve(repos, rt, ref, access) {
        const key = await findKey(repos, rt, ref);
        requireState(access === 'write' ? 'modifyMetadata' : 'read', key.state);
        return key.keyId;
    },
};
export const TAG_TARGETS = {
    key: keyTarget,
    secret: secretTagTarget,
};
/**
 * Picks the resource named by exactly one of KeyId, SecretName, CertificateId. openkms keeps no
 * certificates, so a CertificateId names nothing (Forbidden.ResourceNotFound).
 */
export function singleTarget(q) {
    const given = ['KeyId', 'SecretName', 'CertificateId'].filter((n) => q[n] !== undefined);
    if (given.length === 0)
        throw KmsErrors.missingParameter('KeyId');
    if (given.length > 1)
        throw KmsErrors.invalidParameter(given[1], `Give only one of ${given.join(', ')}.`);
    if (q.CertificateId !== undefined)
        throw KmsErrors.resourceNotFound(q.CertificateId);
    return q.KeyId !== undefined ? { type: 'key', ref: q.KeyId } : { type: 'secret', ref: q.SecretName };
}
