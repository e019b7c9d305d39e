import type { Command } from 'commander'
import { startApp } from '../../app.js'
import { configFromFlags, withServerOptions } from '../options.js'

export function registerServe(program: Command): void {
  withServerOptions(program.command('serve').description('start the server (initialises the data directory on first start)')).action(
    async (flags) => {
      const config = configFromFlags(flags)
      const app = await startApp(config)
      const lines = [
        `openkms is listening`,
        `  endpoint:     ${app.url}   (SDKs: endpoint '${app.url.replace(/^http:\/\//, '')}', protocol 'http')`,
        `  region:       ${config.region}    account: ${config.accountId}    instance: ${app.runtime.instanceId}`,
        `  data:         ${config.databaseUrl ? 'PostgreSQL' : config.dataDir}`,
      ]
      if (app.createdAccessKey)
        lines.push(
          `  AccessKey created (the secret is shown only now):`,
          `    AccessKeyId:     ${app.createdAccessKey.accessKeyId}`,
          `    AccessKeySecret: ${app.createdAccessKey.accessKeySecret}`,
        )
      else if (config.accessKeyId) lines.push(`  AccessKeyId:  ${config.accessKeyId} (from the environment)`)
      else lines.push(`  AccessKey:    use the one printed at init, or set OPENKMS_ACCESS_KEY_ID / OPENKMS_ACCESS_KEY_SECRET`)
      process.stdout.write(`${lines.join('\n')}\n`)
      const stop = async (signal: string) => {
        app.runtime.log.info({ signal }, 'shutting down')
        await app.close()
        process.exit(0)
      }
      process.once('SIGINT', () => void stop('SIGINT'))
      process.once('SIGTERM', () => void stop('SIGTERM'))
    },
  )
}
