/**
 * Assembles a running openkms from a config: root key → store → runtime → protocol servers → jobs.
 * Used by `openkms serve`, the tests and the benchmarks alike.
 */
import pino from 'pino';
import { systemClock } from './domain/clock.js';
import { randomIds } from './domain/ids.js';
import { rootKeyring } from './services/keyring.js';
import { loadOrCreateRootKey } from './services/root-key.js';
import { openStore } from './store/open-store.js';
import { createKeyPool } from './services/key-pool.js';
import { createKeyCache } from './services/key-cache.js';
import { applySeed, readSeedFile } from './services/seed.js';
import { createAccessKey, putAccessKey, accessKeySecrets } from './services/access-keys.js';
import { NonceGuard } from './protocol/nonce-guard.js';
import { startHttpServer } from './protocol/http-server.js';
import { ensureRootKeyMatches } from './services/root-key-check.js';
import { storeReadiness } from './services/readiness.js';
import { JOBS, createScheduler } from './jobs/index.js';
import { ensureInstanceTls } from './services/instance-tls.js';
import { startInstanceEndpoint } from './instance/instance-endpoint.js';
/** Opens the data directory and store, and makes sure the instance id, its TLS identity and an AccessKey exist. */
export async function initRuntime(config, opts = {}) {
    const log = opts.log ?? pino({ level: config.logLevel, redact: ['*.accessKeySecret', '*.material', '*.Plaintext', '*.SecretData'] });
    const root = loadOrCreateRootKey(config);
    if (root.warning)
        log.warn(root.warning);
    const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
    await ensureRootKeyMatches(store, root.key).catch(async (err) => {
        await store.close();
        throw err;
    });
    const ids = opts.ids ?? randomIds(config.region);
    const instanceId = await store.tx(async (tx) => {
        const existing = await tx.meta.get('instanceId');
        if (existing)
            return existing;
        const created = ids.instanceId();
        await tx.meta.put('instanceId', created);
        return created;
    });
    const keyring = rootKeyring(root.key);
    const runtime = {
        store,
        clock: opts.clock ?? systemClock,
        ids,
        config,
        keyring,
        log,
        instanceId,
        keyPool: createKeyPool({ size: opts.keyPoolSize ?? 2 }),
        keyCache: createKeyCache(store, keyring, config),
    };
    let createdAccessKey;
    if (config.accessKeyId && config.accessKeySecret)
        await putAccessKey(runtime, { accessKeyId: config.accessKeyId, accessKeySecret: config.accessKeySecret }, 'from environment');
    else if ((await store.accessKeys.list()).length === 0)
        createdAccessKey = await createAccessKey(runtime, 'admin (created at init)');
    const instanceTls = await ensureInstanceTls(runtime);
    return { runtime, createdAccessKey, rootKeyCreated: root.created, instanceTls };
}
export async function startApp(config, opts = {}) {
    const { runtime, createdAccessKey, rootKeyCreated, instanceTls } = await initRuntime(config, opts);
    if (config.seedFile) {
        try {
            const report = await applySeed(runtime, readSeedFile(config.seedFile));
            runtime.log.info({ created: report.created.length, existing: report.existing.length, file: config.seedFile }, 'seed applied');
        }
        catch (e) {
            runtime.keyPool.close();
            await runtime.store.close();
            throw e;
        }
    }
    const nonces = new NonceGuard(runtime.store.nonces, runtime.clock);
    runtime.keyPool.warm();
    const jobs = createScheduler(runtime, { periodMs: opts.jobPeriodMs ?? 30_000 });
    for (const job of JOBS)
        jobs.register(job);
    let draining = false;
    const http = await startHttpServer({ runtime, auth: { clock: runtime.clock, lookupSecret: accessKeySecrets(runtime), nonces } }, { host: config.host, port: config.port, ready: await storeReadiness(runtime.store, () => draining) });
    const instance = await startInstanceEndpoint(runtime, instanceTls);
    jobs.start();
    return {
        runtime,
        url: http.url,
        port: http.port,
        instanceUrl: instance.url,
        instancePort: instance.port,
        createdAccessKey,
        rootKeyCreated,
        jobs,
        async close() {
            draining = true;
            await instance.close();
            await http.close();
            await jobs.stop();
            await nonces.close();
            runtime.keyPool.close();
            await runtime.store.close();
        },
    };
}
