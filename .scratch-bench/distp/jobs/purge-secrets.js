import { workThroughDue } from './due-loop.js';
import { purgeDueSecret } from '../services/secret-lifecycle.js';
export const purgeSecrets = {
    name: 'purge-secrets',
    async run(rt, now) {
        const outcome = await workThroughDue(rt, (limit) => rt.store.secrets.dueForPurge(now, limit), (secret) => purgeDueSecret(rt, secret, now), (secret) => ({ job: 'purge-secrets', secretName: secret.secretName }));
        if (outcome.done > 0)
            rt.log.info({ purged: outcome.done }, 'secrets purged after their recovery window');
        return outcome;
    },
};
