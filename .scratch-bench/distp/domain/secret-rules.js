/**
 * Secrets Manager rules (spec/kms-openapi.md §5): secret types, names, values, version ids and stage labels,
 * the recovery window and the rotation interval range. Pure functions; they throw only `KmsErrors`.
 */
import { KmsErrors } from './errors.js';
export const SECRET_TYPES = ['Generic', 'Rds', 'Redis', 'RAMCredentials', 'ECS', 'PolarDB'];
export const SECRET_DATA_TYPES = ['text', 'binary'];
export const ACS_CURRENT = 'ACSCurrent';
export const ACS_PREVIOUS = 'ACSPrevious';
/** SecretData limit in bytes, applied to the parameter as sent (spec §5). */
export const MAX_SECRET_DATA_BYTES = 30720;
/** Versions a secret keeps: the oldest version without stages is dropped beyond this (spec §5). */
export const MAX_SECRET_VERSIONS = 10;
export const MAX_VERSION_ID_LENGTH = 64;
export const MAX_SECRET_NAME_LENGTH = 192;
/** RecoveryWindowInDays: Alibaba documents only the default (30); openkms takes 7–30 days, as AWS does. */
export const RECOVERY_WINDOW_DAYS = { min: 7, max: 30, default: 30 };
/** Secret rotation interval: 6 hours to 8760 hours (CreateSecret / UpdateSecretRotationPolicy documentation). */
export const SECRET_ROTATION_RANGE = { min: 6 * 3600, max: 8760 * 3600 };
const NAME_CHARS = /^[A-Za-z0-9_/+=.@-]+$/;
const VERSION_ID_CHARS = /^[\x21-\x7e]+$/;
const STAGE_CHARS = /^[A-Za-z0-9_.-]{1,64}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** Secret types whose credentials belong to another cloud service (everything but Generic). */
export function isManagedType(type) {
    return type !== 'Generic';
}
/**
 * Checks a secret name for its type (CreateSecret documentation): ≤192 characters of `[A-Za-z0-9_/+=.@-]`;
 * Generic, Rds, Redis and PolarDB names must not start with `acs/`; ECS names must start with `acs/ecs/`.
 * RAMCredentials names are generated as `acs/ram/user/<UserName>` (see managed-secrets.ts).
 */
export function validateSecretName(name, type, param = 'SecretName') {
    if (name.length > MAX_SECRET_NAME_LENGTH)
        throw KmsErrors.invalidParameter(param, `It must be at most ${MAX_SECRET_NAME_LENGTH} characters long.`);
    if (!NAME_CHARS.test(name))
        throw KmsErrors.invalidParameter(param, 'Only letters, digits and _ / + = . @ - are allowed.');
    if (type === 'ECS') {
        if (!name.startsWith('acs/ecs/'))
            throw KmsErrors.invalidParameter(param, 'ECS secret names must start with acs/ecs/.');
    }
    else if (type === 'RAMCredentials') {
        if (!name.startsWith('acs/ram/user/'))
            throw KmsErrors.invalidParameter(param, 'RAMCredentials secret names are acs/ram/user/<UserName>.');
    }
    else if (name.startsWith('acs/')) {
        throw KmsErrors.invalidParameter(param, 'The prefix acs/ is reserved for managed secrets.');
    }
}
export function validateVersionId(versionId, param = 'VersionId') {
    if (versionId.length > MAX_VERSION_ID_LENGTH)
        throw KmsErrors.invalidParameter(param, `It must be at most ${MAX_VERSION_ID_LENGTH} characters long.`);
    if (!VERSION_ID_CHARS.test(versionId))
        throw KmsErrors.invalidParameter(param, 'Only printable ASCII characters without spaces are allowed.');
}
/** Stage labels: ACSCurrent, ACSPrevious or a custom label of 1–64 letters, digits, `_`, `.` or `-`. */
export function validateStageName(stage, param) {
    if (!STAGE_CHARS.test(stage))
        throw KmsErrors.invalidParameter(param, 'A version stage is 1 to 64 letters, digits, _ . or -.');
}
/**
 * The bytes a SecretData parameter stands for: UTF-8 text, or strict base64 for `binary` (so junk is refused
 * rather than silently truncated). The 30720-byte limit applies to the parameter as sent.
 */
export function decodeSecretData(data, dataType, param = 'SecretData') {
    if (Buffer.byteLength(data, 'utf8') > MAX_SECRET_DATA_BYTES)
        throw KmsErrors.invalidParameter(param, `It must be at most ${MAX_SECRET_DATA_BYTES} bytes.`);
    if (dataType === 'text')
        return Buffer.from(data, 'utf8');
    if (!BASE64.test(data))
        throw KmsErrors.invalidParameter(param, 'Binary secret data must be valid base64.');
    const bytes = Buffer.from(data, 'base64');
    if (bytes.length === 0)
        throw KmsErrors.invalidParameter(param, 'Binary secret data must not be empty.');
    return bytes;
}
/** The wire form of stored secret bytes: the text itself, or base64 for binary values. */
export function encodeSecretData(bytes, dataType) {
    return dataType === 'text' ? bytes.toString('utf8') : bytes.toString('base64');
}
/**
 * What a SecretName parameter names: a plain name, or a secret ARN of this region and account
 * (`acs:kms:<region>:<account>:secret/<name>`). Another account's ARN names nothing here.
 */
export function parseSecretReference(ref, scope) {
    if (!ref.startsWith('acs:'))
        return ref;
    const m = /^acs:kms:([^:]*):([^:]*):secret\/(.+)$/.exec(ref);
    if (!m || m[1] !== scope.region || m[2] !== scope.accountId)
        return undefined;
    return m[3];
}
