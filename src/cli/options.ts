/** Flags shared by every command that opens the data directory; each maps to an OPENKMS_* variable. */
import type { Command } from 'commander'
import { configFromEnv, type KmsConfig } from '../config.js'
import { LIMIT_SETTINGS, limitsFrom } from '../config-limits.js'

export function withStoreOptions(cmd: Command): Command {
  return cmd
    .option('--data-dir <dir>', 'data directory (OPENKMS_DATA_DIR, default .data)')
    .option('--database-url <url>', 'PostgreSQL URL instead of SQLite (OPENKMS_DATABASE_URL)')
    .option('--region <region>', 'region id (OPENKMS_REGION, default cn-hangzhou)')
    .option('--account-id <id>', 'account id in ARNs (OPENKMS_ACCOUNT_ID)')
    .option('--root-key-file <path>', 'root key file (OPENKMS_ROOT_KEY_FILE, default <data-dir>/root.key)')
}

export function withServerOptions(command: Command): Command {
  const cmd = withStoreOptions(command)
    .option('--host <host>', 'listen address (OPENKMS_HOST, default 127.0.0.1)')
    .option('--port <port>', 'control-plane port (OPENKMS_PORT, default 18080)')
    .option('--instance-port <port>', 'instance API (HTTPS) port (OPENKMS_INSTANCE_PORT, default 18443)')
    .option('--access-key-id <id>', 'AccessKey to create or update at start (OPENKMS_ACCESS_KEY_ID)')
    .option('--access-key-secret <secret>', 'its secret (OPENKMS_ACCESS_KEY_SECRET)')
    .option('--seed <file>', 'seed file applied at start (OPENKMS_SEED_FILE)')
    .option('--log-level <level>', 'log level (OPENKMS_LOG_LEVEL, default info)')
    .option('--workers <n>', 'worker processes sharing the ports (OPENKMS_WORKERS, default: one per CPU core)')
    .option('--key-cache-size <n>', 'keys each process keeps unwrapped in memory (OPENKMS_KEY_CACHE_SIZE, default 100000)')
    .option('--audit-file <path>', 'audit log as JSON lines in this file, - for stdout (OPENKMS_AUDIT_FILE)')
    .option('--audit-fail-open', 'serve requests whose audit event cannot be persisted (OPENKMS_AUDIT_FAIL_OPEN, default: refuse them)')
    .option('--metrics-port <port>', 'Prometheus /metrics port (OPENKMS_METRICS_PORT, default: off)')
    .option('--metrics-host <host>', 'its listen address (OPENKMS_METRICS_HOST, default 127.0.0.1)')
    .option('--tls-cert-file <path>', 'control-plane certificate chain, PEM (OPENKMS_TLS_CERT_FILE); reloaded on SIGHUP')
    .option('--tls-key-file <path>', 'its private key, PEM (OPENKMS_TLS_KEY_FILE)')
    .option('--tls', 'HTTPS on the control plane even on loopback (OPENKMS_TLS=true)')
    .option('--allow-http', 'plain HTTP on a non-loopback address, behind a TLS proxy (OPENKMS_ALLOW_HTTP=true)')
  for (const s of LIMIT_SETTINGS) cmd.option(`--${s.flag} <n>`, `transport limit (${s.env}, docs/security.md)`)
  return cmd
}

interface Flags {
  dataDir?: string
  databaseUrl?: string
  region?: string
  accountId?: string
  rootKeyFile?: string
  host?: string
  port?: string
  instancePort?: string
  accessKeyId?: string
  accessKeySecret?: string
  seed?: string
  logLevel?: string
  workers?: string
  keyCacheSize?: string
  auditFile?: string
  auditFailOpen?: boolean
  metricsPort?: string
  metricsHost?: string
  tlsCertFile?: string
  tlsKeyFile?: string
  tls?: boolean
  allowHttp?: boolean
  [limitFlag: string]: unknown
}

/** commander's camel-case name of `--max-params` etc. */
const flagKey = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())

export function configFromFlags(flags: Flags): KmsConfig {
  const limitText = (s: { env: string; flag: string }) => {
    const v = flags[flagKey(s.flag)]
    return typeof v === 'string' ? v : process.env[s.env]
  }
  return configFromEnv(process.env, {
    dataDir: flags.dataDir,
    databaseUrl: flags.databaseUrl,
    region: flags.region,
    accountId: flags.accountId,
    rootKeyFile: flags.rootKeyFile,
    host: flags.host,
    port: flags.port === undefined ? undefined : Number(flags.port),
    instancePort: flags.instancePort === undefined ? undefined : Number(flags.instancePort),
    accessKeyId: flags.accessKeyId,
    accessKeySecret: flags.accessKeySecret,
    seedFile: flags.seed,
    logLevel: flags.logLevel,
    workers: flags.workers === undefined ? undefined : Number(flags.workers),
    keyCacheSize: flags.keyCacheSize === undefined ? undefined : Number(flags.keyCacheSize),
    auditFile: flags.auditFile,
    auditFailOpen: flags.auditFailOpen,
    metricsPort: flags.metricsPort === undefined ? undefined : Number(flags.metricsPort),
    metricsHost: flags.metricsHost,
    tlsCertFile: flags.tlsCertFile,
    tlsKeyFile: flags.tlsKeyFile,
    tls: flags.tls === true ? true : undefined,
    allowHttp: flags.allowHttp === true ? true : undefined,
    limits: limitsFrom(limitText),
  })
}
