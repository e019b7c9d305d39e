import { loadClientKeyGrants } from '../services/access-authorizer.js';
export function createGrantCache(store, maxEntries = 10_000) {
    const entries = new Map();
    let epoch = 0;
    const close = store.subscribe((topic) => {
        if (topic !== 'access')
            return;
        epoch += 1;
        entries.clear();
    });
    return {
        async get(clientKeyId) {
            const hit = entries.get(clientKeyId);
            if (hit)
                return hit;
            const seen = epoch;
            const loaded = await loadClientKeyGrants(store, clientKeyId);
            if (loaded && seen === epoch) {
                entries.set(clientKeyId, loaded);
                if (entries.size > maxEntries)
                    entries.delete(entries.keys().next().value);
            }
            return loaded;
        },
        close,
    };
}
