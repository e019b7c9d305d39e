import { arn } from './arn.js';
import { formatUtc } from './time.js';
import { formatSeconds } from './rotation-interval.js';
import { isManagedType } from './secret-rules.js';
/** AutomaticRotation for managed types; RotationInterval and NextRotationDate only while it is enabled. */
export function rotationFields(secret) {
    if (!isManagedType(secret.secretType))
        return {};
    const enabled = secret.automaticRotation === 'Enabled';
    const out = { AutomaticRotation: secret.automaticRotation };
    if (enabled && secret.rotationInterval !== null)
        out.RotationInterval = formatSeconds(secret.rotationInterval);
    if (secret.lastRotationDate !== null)
        out.LastRotationDate = formatUtc(secret.lastRotationDate);
    if (enabled && secret.nextRotationDate !== null)
        out.NextRotationDate = formatUtc(secret.nextRotationDate);
    return out;
}
export function tagsView(tags) {
    return { Tag: tags.map((t) => ({ TagKey: t.tagKey, TagValue: t.tagValue })) };
}
/** One entry of ListSecrets' `SecretList.Secret[]`. */
export function secretListEntry(secret, tags) {
    return {
        SecretName: secret.secretName,
        SecretType: secret.secretType,
        CreateTime: formatUtc(secret.createdAt),
        UpdateTime: formatUtc(secret.updatedAt),
        ...(secret.plannedDeleteTime !== null ? { PlannedDeleteTime: formatUtc(secret.plannedDeleteTime) } : {}),
        ...(tags ? { Tags: tagsView(tags) } : {}),
    };
}
/** DescribeSecret's body. */
export function describeSecretView(secret, scope, tags) {
    return {
        Arn: arn.secret(scope, secret.secretName),
        SecretName: secret.secretName,
        SecretType: secret.secretType,
        Description: secret.description,
        EncryptionKeyId: secret.encryptionKeyId,
        CreateTime: formatUtc(secret.createdAt),
        UpdateTime: formatUtc(secret.updatedAt),
        ...(secret.dkmsInstanceId ? { DKMSInstanceId: secret.dkmsInstanceId } : {}),
        ...(secret.plannedDeleteTime !== null ? { PlannedDeleteTime: formatUtc(secret.plannedDeleteTime) } : {}),
        ...rotationFields(secret),
        ...(secret.extendedConfig !== null ? { ExtendedConfig: secret.extendedConfig } : {}),
        ...(tags ? { Tags: tagsView(tags) } : {}),
    };
}
