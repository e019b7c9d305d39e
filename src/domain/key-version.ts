/** Manual key versions (CreateKeyVersion, spec §4.5 and §6.2): which keys may get one. */
import { KmsErrors } from './errors.js'
import { isMac, isSymmetric, type KeySpec, type KeyState } from './key-spec.js'
import { requireState } from './key-state.js'
import { DAY, formatUtc } from './time.js'

/** At most 50 versions per key (spec §4.5). */
export const MAX_KEY_VERSIONS = 50
/** At least 7 days between a key's newest version and a manually created one (spec §4.5). */
export const MIN_VERSION_INTERVAL = 7 * DAY

/**
 * Refuses CreateKeyVersion unless the key is an Enabled asymmetric key with fewer than 50 versions whose
 * newest version is at least 7 days old. Symmetric keys get new versions only by automatic rotation.
 */
export function checkManualVersion(
  key: { keySpec: KeySpec; state: KeyState },
  versions: { count: number; newestCreatedAt: number },
  now: number,
): void {
  if (isMac(key.keySpec))
    throw KmsErrors.unsupportedOperation('CreateKeyVersion is for asymmetric keys only; HMAC keys keep their one version.')
  if (isSymmetric(key.keySpec))
    throw KmsErrors.unsupportedOperation(
      'CreateKeyVersion is for asymmetric keys only; symmetric keys get new versions through automatic rotation (UpdateRotationPolicy).',
    )
  requireState('createVersion', key.state)
  if (versions.count >= MAX_KEY_VERSIONS)
    throw KmsErrors.limitExceeded(`key version (at most ${MAX_KEY_VERSIONS} versions per key)`)
  const allowedAt = versions.newestCreatedAt + MIN_VERSION_INTERVAL
  if (now < allowedAt)
    throw KmsErrors.limitExceeded(
      `key version creation interval (7 days between versions; the next version can be created at ${formatUtc(allowedAt)})`,
    )
}
