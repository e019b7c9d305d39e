import { ROOT_KEY_CHECK_META, rootKeyStillMatches } from './root-key-check.js';
/** Longest a readiness probe waits for the database. */
export const READINESS_TIMEOUT_MS = 2_000;
/** Builds the probe; `draining()` turns it false during a graceful shutdown. */
export async function storeReadiness(store, draining) {
    const expected = await store.meta.get(ROOT_KEY_CHECK_META);
    return async () => {
        if (draining() || expected === undefined)
            return false;
        let timer;
        const timeout = new Promise((resolve) => {
            timer = setTimeout(() => resolve(false), READINESS_TIMEOUT_MS);
        });
        try {
            return await Promise.race([rootKeyStillMatches(store, expected).catch(() => false), timeout]);
        }
        finally {
            clearTimeout(timer);
        }
    };
}
