import { workThroughDue } from './due-loop.js';
import { expireKeyMaterial } from '../services/key-material.js';
import { EXPIRED_TOKEN_RETENTION_MS } from '../domain/byok.js';
export const expireKeyMaterialJob = {
    name: 'expire-key-material',
    async run(rt, now) {
        const outcome = await workThroughDue(rt, (limit) => rt.store.keyImports.dueForMaterialExpiry(now, limit), (keyId) => expireKeyMaterial(rt, keyId, now), (keyId) => ({ job: 'expire-key-material', keyId }));
        if (outcome.done > 0)
            rt.log.info({ expired: outcome.done }, 'imported key material expired');
        const purged = await rt.store.keyImports.purge(now - EXPIRED_TOKEN_RETENTION_MS);
        return { ...outcome, purged };
    },
};
