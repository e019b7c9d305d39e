import { KmsErrors } from '../domain/errors.js';
import { decodeSecretData, isManagedType, SECRET_ROTATION_RANGE, validateSecretName, validateVersionId, } from '../domain/secret-rules.js';
import { initialManagedValue, managedSecretName, rotationRefusal, validateExtendedConfig } from '../domain/managed-secrets.js';
import { parseRotationInterval } from '../domain/rotation-interval.js';
import { validateSecretPolicy } from '../domain/secret-policy.js';
import { validateTags } from '../domain/tags.js';
import { createSecret } from './secret-writes.js';
import { credentialSource } from './secret-rotation.js';
/** Validates a CreateSecret request and creates the secret; returns it with the name it was stored under. */
export async function createSecretFromRequest(rt, q) {
    const type = q.secretType;
    const managed = isManagedType(type);
    const config = managed ? validateExtendedConfig(type, q.extendedConfig) : null;
    const configObject = config === null ? {} : JSON.parse(config);
    const name = managed ? managedSecretName(type, q.secretName, configObject) : q.secretName;
    validateSecretName(name, type);
    validateVersionId(q.versionId);
    if (managed && q.secretDataType !== 'text')
        throw KmsErrors.invalidParameter('SecretDataType', `${type} secrets hold text values.`);
    const bytes = decodeSecretData(q.secretData, q.secretDataType);
    const value = managed
        ? Buffer.from(initialManagedValue(type, configObject, q.secretData, credentialSource(rt)), 'utf8')
        : bytes;
    let rotationInterval = null;
    if (q.enableAutomaticRotation) {
        const refusal = rotationRefusal(type, configObject);
        if (refusal)
            throw KmsErrors.unsupportedOperation(refusal);
        if (!q.rotationInterval)
            throw KmsErrors.missingParameter('RotationInterval');
        rotationInterval = parseRotationInterval(q.rotationInterval, 'RotationInterval', SECRET_ROTATION_RANGE);
    }
    const policy = q.policy === undefined ? null : validateSecretPolicy(q.policy);
    const tags = validateTags(q.tags ?? [], 'Tags');
    return createSecret(rt, {
        secretName: name,
        secretType: type,
        versionId: q.versionId,
        value,
        dataType: q.secretDataType,
        description: q.description,
        encryptionKeyId: q.encryptionKeyId,
        dkmsInstanceId: q.dkmsInstanceId ?? null,
        extendedConfig: config,
        policy,
        tags,
        rotationInterval,
    });
}
