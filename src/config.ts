import { availableParallelism } from 'node:os'
import { limitsFrom, type TransportLimits } from './config-limits.js'

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
  /**
   * Keys whose record and unwrapped versions each process keeps in memory (src/services/keys/key-cache.ts);
   * about 1.9 KB each (README "Performance"). Beyond it the least recently used key is reloaded on its next use.
   */
  keyCacheSize: number
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
  /** Control-plane certificate and key files (PEM), reloaded on SIGHUP; HTTPS with them when set. */
  tlsCertFile?: string
  tlsKeyFile?: string
  /** HTTPS on the control plane even on a loopback address, with the private CA's certificate when no files are given. */
  tls: boolean
  /** Plain HTTP on a non-loopback address (behind a TLS-terminating proxy); refused otherwise. */
  allowHttp: boolean
  /** Transport bounds of both servers (docs/security.md, "Limits"). */
  limits: TransportLimits
  /** Seconds between two write probes of the store (readiness); a probe not done within its timeout fails. */
  healthProbeSeconds: number
  healthProbeTimeoutSeconds: number
}

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 18080,
  instancePort: 18443,
  dataDir: '.data',
  region: 'cn-hangzhou',
  accountId: '1234567890123456',
  logLevel: 'info',
  keyCacheSize: 100_000,
  auditRetentionDays: 90,
  metricsHost: '127.0.0.1',
  healthProbeSeconds: 5,
  healthProbeTimeoutSeconds: 2,
} as const

type Env = Record<string, string | undefined>

/** Environment → config; flags given on the command line override these (see cli/). */
export function configFromEnv(env: Env, overrides: Partial<KmsConfig> = {}): KmsConfig {
  const int = (v: string | undefined, d: number) => (v === undefined || v === '' ? d : Number.parseInt(v, 10))
  const flag = (v: string | undefined, d: boolean) => (v === undefined || v === '' ? d : /^(1|true|yes|on)$/i.test(v))
  const bool = (v: string | undefined) => v !== undefined && /^(1|true|yes|on)$/i.test(v.trim())
  const seconds = (v: string | undefined, d: number, name: string) => {
    if (v === undefined || v === '') return d
    const n = Number(v)
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${name}: expected a positive number of seconds, got ${v}`)
    return n
  }
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
    keyCacheSize: int(env.OPENKMS_KEY_CACHE_SIZE, DEFAULTS.keyCacheSize),
    auditFile: env.OPENKMS_AUDIT_FILE || undefined,
    auditStore: flag(env.OPENKMS_AUDIT_STORE, true),
    auditFailOpen: flag(env.OPENKMS_AUDIT_FAIL_OPEN, false),
    auditRetentionDays: int(env.OPENKMS_AUDIT_RETENTION_DAYS, DEFAULTS.auditRetentionDays),
    metricsPort: env.OPENKMS_METRICS_PORT ? int(env.OPENKMS_METRICS_PORT, 0) : undefined,
    metricsHost: env.OPENKMS_METRICS_HOST || DEFAULTS.metricsHost,
    tlsCertFile: env.OPENKMS_TLS_CERT_FILE || undefined,
    tlsKeyFile: env.OPENKMS_TLS_KEY_FILE || undefined,
    tls: bool(env.OPENKMS_TLS),
    allowHttp: bool(env.OPENKMS_ALLOW_HTTP),
    limits: limitsFrom((s) => env[s.env]),
    healthProbeSeconds: seconds(env.OPENKMS_HEALTH_PROBE_INTERVAL, DEFAULTS.healthProbeSeconds, 'OPENKMS_HEALTH_PROBE_INTERVAL'),
    healthProbeTimeoutSeconds: seconds(env.OPENKMS_HEALTH_PROBE_TIMEOUT, DEFAULTS.healthProbeTimeoutSeconds, 'OPENKMS_HEALTH_PROBE_TIMEOUT'),
  }
  const merged = { ...base, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) }
  return merged as KmsConfig
}
