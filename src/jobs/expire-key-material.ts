/**
 * Imported material past its MaterialExpireTime (spec §4.2: "material expiry → key unusable until the same
 * material is re-imported"). The crypto path already refuses such a key from the exact instant of expiry
 * (services/crypto/crypto-keys.ts); this job then removes the material for good and moves the key to PendingImport, as
 * DeleteKeyMaterial would, so DescribeKey tells the truth and the plaintext material does not outlive its term.
 * The same pass forgets import tokens a week after they expired, and import state of keys that no longer exist.
 */
import type { Job } from './scheduler.js'
import { workThroughDue } from './due-loop.js'
import { expireKeyMaterial } from '../services/keys/key-material.js'
import { EXPIRED_TOKEN_RETENTION_MS } from '../domain/byok.js'

export const expireKeyMaterialJob: Job = {
  name: 'expire-key-material',
  async run(rt, now) {
    const outcome = await workThroughDue(
      rt,
      (limit) => rt.store.keyImports.dueForMaterialExpiry(now, limit),
      (keyId) => expireKeyMaterial(rt, keyId, now),
      (keyId) => ({ job: 'expire-key-material', keyId }),
    )
    if (outcome.done > 0) rt.log.info({ expired: outcome.done }, 'imported key material expired')
    const purged = await rt.store.keyImports.purge(now - EXPIRED_TOKEN_RETENTION_MS)
    return { ...outcome, purged }
  },
}
