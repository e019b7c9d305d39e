import { availableParallelism } from 'node:os';
export const DEFAULTS = {
    host: '127.0.0.1',
    port: 18080,
    instancePort: 18443,
    dataDir: '.data',
    region: 'cn-hangzhou',
    accountId: '1234567890123456',
    logLevel: 'info',
};
/** Environment → config; flags given on the command line override these (see cli/). */
export function configFromEnv(env, overrides = {}) {
    const int = (v, d) => (v === undefined || v === '' ? d : Number.parseInt(v, 10));
    const listOf = (v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);
    const base = {
        host: env.OPENKMS_HOST || DEFAULTS.host,
        port: int(env.OPENKMS_PORT, DEFAULTS.port),
        instancePort: int(env.OPENKMS_INSTANCE_PORT, DEFAULTS.instancePort),
        dataDir: env.OPENKMS_DATA_DIR || DEFAULTS.dataDir,
        region: env.OPENKMS_REGION || DEFAULTS.region,
        accountId: env.OPENKMS_ACCOUNT_ID || DEFAULTS.accountId,
        databaseUrl: env.OPENKMS_DATABASE_URL || undefined,
        rootKeyFile: env.OPENKMS_ROOT_KEY_FILE || undefined,
        rootKeyBase64: env.OPENKMS_ROOT_KEY || undefined,
        accessKeyId: env.OPENKMS_ACCESS_KEY_ID || undefined,
        accessKeySecret: env.OPENKMS_ACCESS_KEY_SECRET || undefined,
        instanceHostNames: listOf(env.OPENKMS_INSTANCE_HOSTNAMES),
        trustedProxies: listOf(env.OPENKMS_TRUSTED_PROXIES),
        seedFile: env.OPENKMS_SEED_FILE || undefined,
        logLevel: env.OPENKMS_LOG_LEVEL || DEFAULTS.logLevel,
        workers: int(env.OPENKMS_WORKERS, availableParallelism()),
    };
    const merged = { ...base, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
    return merged;
}
