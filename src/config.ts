import { availableParallelism } from 'node:os'

/** One typed configuration object, built once at start-up and injected; nothing reads process.env later. */
export interface KmsConfig {
  host: string
  port: number
  /** Port of the HTTPS instance API (data plane). */
  instancePort: number
  dataDir: string
  region: string
  accountId: string
  /** PostgreSQL URL; SQLite in `dataDir` when absent. */
  databaseUrl?: string
  /** Root key: a file path (default `<dataDir>/root.key`) or base64 text from the environment. */
  rootKeyFile?: string
  rootKeyBase64?: string
  /** AccessKey created or updated at start (for CI and scripts). */
  accessKeyId?: string
  accessKeySecret?: string
  /** Host names the instance API's server certificate covers. */
  instanceHostNames: string[]
  /** Proxies whose X-Forwarded-For the instance API trusts. */
  trustedProxies: string[]
  /** Seed file applied at start (keys, aliases, secrets…), idempotently. */
  seedFile?: string
  logLevel: string
  /** Processes `openkms serve` runs, sharing the ports (src/cli/cluster.ts); default one per CPU core. */
  workers: number
  /** Audit log as JSON lines in this file, or on stdout when `-` (docs/audit.md). */
  auditFile?: string
  /** Audit log in the store's `audit_records` table (default true). */
  auditStore: boolean
  /** Serve requests even when their audit event cannot be persisted (default false: refuse them). */
  auditFailOpen: boolean
  /** Days the store keeps audit records (0: forever). */
  auditRetentionDays: number
  /** Port of the Prometheus `/metrics` listener; none when absent. */
  metricsPort?: number
  metricsHost: string
}

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 18080,
  instancePort: 18443,
  dataDir: '.data',
  region: 'cn-hangzhou',
  accountId: '1234567890123456',
  logLevel: 'info',
  auditRetentionDays: 90,
  metricsHost: '127.0.0.1',
} as const

type Env = Record<string, string | undefined>

/** Environment → config; flags given on the command line override these (see cli/). */
export function configFromEnv(env: Env, overrides: Partial<KmsConfig> = {}): KmsConfig {
  const int = (v: string | undefined, d: number) => (v === undefined || v === '' ? d : Number.parseInt(v, 10))
  const flag = (v: string | undefined, d: boolean) => (v === undefined || v === '' ? d : /^(1|true|yes|on)$/i.test(v))
  const listOf = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : [])
  const base: KmsConfig = {
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
    auditFile: env.OPENKMS_AUDIT_FILE || undefined,
    auditStore: flag(env.OPENKMS_AUDIT_STORE, true),
    auditFailOpen: flag(env.OPENKMS_AUDIT_FAIL_OPEN, false),
    auditRetentionDays: int(env.OPENKMS_AUDIT_RETENTION_DAYS, DEFAULTS.auditRetentionDays),
    metricsPort: env.OPENKMS_METRICS_PORT ? int(env.OPENKMS_METRICS_PORT, 0) : undefined,
    metricsHost: env.OPENKMS_METRICS_HOST || DEFAULTS.metricsHost,
  }
  const merged = { ...base, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) }
  return merged as KmsConfig
}
