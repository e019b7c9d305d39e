import cluster from 'node:cluster'
import { join } from 'node:path'
import type { Command } from 'commander'
import type { KmsConfig } from '../../config.js'
import { configFromFlags, withServerOptions } from '../options.js'
import { checkWorkerCount, runPrimary, runWorker, serveUntilStopped, type ClusterStarted } from '../cluster.js'

export function registerServe(program: Command): void {
  withServerOptions(program.command('serve').description('start the server (initialises the data directory on first start)')).action(
    async (flags) => {
      const config = configFromFlags(flags)
      checkWorkerCount(config.workers)
      if (!Number.isInteger(config.keyCacheSize) || config.keyCacheSize < 1)
        throw new Error(`--key-cache-size / OPENKMS_KEY_CACHE_SIZE: expected a whole number of keys ≥ 1, got ${config.keyCacheSize}`)
      if (cluster.isWorker) return runWorker(config)
      if (config.workers > 1) return runPrimary(config, (started) => process.stdout.write(banner(config, started)))
      await serveUntilStopped(config, (app) => process.stdout.write(banner(config, { ...app, instanceId: app.runtime.instanceId })))
    },
  )
}

/** The CA file clients trust; with operator certificate files the control plane is verified by the operator's CA. */
function caFile(config: KmsConfig, app: ClusterStarted): string {
  return config.tlsCertFile && app.url.startsWith('https:') ? 'the CA of OPENKMS_TLS_CERT_FILE' : join(config.dataDir, `PrivateKmsCA_${app.instanceId}.pem`)
}

function banner(config: KmsConfig, app: ClusterStarted): string {
  const lines = [
    `openkms is listening`,
    `  endpoint:     ${app.url}   (SDKs: endpoint '${app.url.replace(/^https?:\/\//, '')}', protocol '${app.url.startsWith('https:') ? 'https' : 'http'}'${app.url.startsWith('https:') ? `, trust ${caFile(config, app)}` : ''})`,
    `  instance API: ${app.instanceUrl}   (trust ${caFile(config, app)})`,
    `  region:       ${config.region}    account: ${config.accountId}    instance: ${app.instanceId}`,
    `  data:         ${config.databaseUrl ? 'PostgreSQL' : config.dataDir}${config.workers > 1 ? `    workers: ${config.workers}` : ''}`,
  ]
  if (app.metricsUrl) lines.push(`  metrics:      ${app.metricsUrl}`)
  if (app.createdAccessKey)
    lines.push(
      `  AccessKey created (the secret is shown only now):`,
      `    AccessKeyId:     ${app.createdAccessKey.accessKeyId}`,
      `    AccessKeySecret: ${app.createdAccessKey.accessKeySecret}`,
    )
  else if (config.accessKeyId) lines.push(`  AccessKeyId:  ${config.accessKeyId} (from the environment)`)
  else lines.push(`  AccessKey:    use the one printed at init, or set OPENKMS_ACCESS_KEY_ID / OPENKMS_ACCESS_KEY_SECRET`)
  return `${lines.join('\n')}\n`
}
