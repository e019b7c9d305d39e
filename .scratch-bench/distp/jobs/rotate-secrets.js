import { workThroughDue } from './due-loop.js';
import { rotateDueSecret } from '../services/secret-rotation.js';
export const rotateSecrets = {
    name: 'rotate-secrets',
    async run(rt, now) {
        const outcome = await workThroughDue(rt, (limit) => rt.store.secrets.dueForRotation(now, limit), (secret) => rotateDueSecret(rt, secret), (secret) => ({ job: 'rotate-secrets', secretName: secret.secretName }));
        if (outcome.done > 0)
            rt.log.info({ rotated: outcome.done }, 'secrets rotated on schedule');
        return outcome;
    },
};
