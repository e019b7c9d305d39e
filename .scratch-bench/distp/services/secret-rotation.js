import { KmsErrors } from '../domain/errors.js';
import { formatUtc } from '../domain/time.js';
import { rotatedManagedValue, rotationRefusal } from '../domain/managed-secrets.js';
import { randomPassword } from '../crypto/random-password.js';
import { findLiveSecret, getSecretValue } from './secrets.js';
import { writeVersion } from './secret-writes.js';
import { updateLiveSecret } from './secret-lifecycle.js';
/** Characters left out of generated database passwords: quotes, backslash, slash, @ and space upset connection strings. */
const PASSWORD_UNSAFE = '"\'`\\/@ ';
/** Fresh credentials for managed secrets: 32-character passwords with every character class, new AccessKeys. */
export function credentialSource(rt) {
    return {
        password: () => randomPassword({ length: 32, exclude: new Set(), excludeCharacters: PASSWORD_UNSAFE, requireEachIncludedType: true }),
        accessKey: () => ({ accessKeyId: rt.ids.accessKeyId(), accessKeySecret: rt.ids.accessKeySecret() }),
        now: () => formatUtc(rt.clock.now()),
    };
}
function extendedConfigOf(secret) {
    return JSON.parse(secret.extendedConfig ?? '{}');
}
/** Generic secrets and ECS SSH-key secrets cannot rotate here (Rejected.UnsupportedOperation). */
export function requireRotatable(secret) {
    const refusal = rotationRefusal(secret.secretType, extendedConfigOf(secret));
    if (refusal)
        throw KmsErrors.unsupportedOperation(refusal);
}
/** The schedule after a rotation at `now`. */
function scheduleAfterRotation(secret, now) {
    const enabled = secret.automaticRotation === 'Enabled' && secret.rotationInterval !== null;
    return { lastRotationDate: now, nextRotationDate: enabled ? now + secret.rotationInterval * 1000 : null };
}
/**
 * RotateSecret: a new version `versionId` with fresh credentials becomes ACSCurrent. Idempotent on VersionId:
 * when that version exists the request succeeds without rotating again (Alibaba documents this).
 */
export async function rotateSecret(rt, ref, versionId) {
    const secret = await findLiveSecret(rt.store, rt, ref);
    requireRotatable(secret);
    const replay = { versionId, value: Buffer.alloc(0), dataType: 'text' };
    if (await rt.store.secretVersions.get(secret.secretName, versionId))
        return writeVersion(rt, secret, replay, 'accept', 'RotateSecret');
    const current = await getSecretValue(rt, { secretName: secret.secretName });
    const next = rotatedManagedValue(secret.secretType, extendedConfigOf(secret), current.SecretData, credentialSource(rt));
    const patch = scheduleAfterRotation(secret, rt.clock.now());
    return writeVersion(rt, secret, { versionId, value: Buffer.from(next, 'utf8'), dataType: 'text' }, 'accept', 'RotateSecret', patch);
}
/** UpdateSecretRotationPolicy: enabling needs an interval (seconds) and schedules the next rotation from now. */
export async function updateRotationPolicy(rt, ref, intervalSeconds) {
    const now = rt.clock.now();
    const updated = await updateLiveSecret(rt, ref, (secret) => {
        requireRotatable(secret);
        if (intervalSeconds === null)
            return { automaticRotation: 'Disabled', rotationInterval: null, nextRotationDate: null };
        return { automaticRotation: 'Enabled', rotationInterval: intervalSeconds, nextRotationDate: now + intervalSeconds * 1000 };
    });
    return updated.secretName;
}
/**
 * The scheduled rotation of `secret`, due at its `nextRotationDate`. The version id is derived from that date,
 * so processes that run the same due rotation at once produce one version (the others replay it).
 */
export async function rotateDueSecret(rt, secret) {
    if (secret.nextRotationDate === null)
        return false;
    await rotateSecret(rt, secret.secretName, `scheduled-${secret.nextRotationDate}`);
    return true;
}
