import type { Command } from 'commander'
import { initRuntime } from '../../runtime/app.js'
import { configFromFlags, withStoreOptions } from '../options.js'
import { createAccessKey } from '../../services/access/access-keys.js'
import { requireExistingInstallation } from '../data-dir.js'
import { reportErrors } from '../report-errors.js'

export function registerAccessKey(program: Command): void {
  const group = program.command('access-key').description('manage control-plane AccessKeys')
  withStoreOptions(group.command('create').description('create an AccessKey and print it once'))
    .option('--description <text>', 'what it is for', '')
    .action(reportErrors(async (flags) => {
      const config = configFromFlags(flags)
      requireExistingInstallation(config, { command: 'access-key create' })
      const { runtime } = await initRuntime(config)
      const pair = await createAccessKey(runtime, flags.description)
      process.stdout.write(`AccessKeyId:     ${pair.accessKeyId}\nAccessKeySecret: ${pair.accessKeySecret}\n`)
      await runtime.store.close()
    }))
  withStoreOptions(group.command('list').description('list AccessKey ids')).action(reportErrors(async (flags) => {
    const config = configFromFlags(flags)
    requireExistingInstallation(config, { command: 'access-key list' })
    const { runtime } = await initRuntime(config)
    for (const k of await runtime.store.accessKeys.list())
      process.stdout.write(`${k.accessKeyId}\t${k.status}\t${new Date(k.createdAt).toISOString()}\t${k.description}\n`)
    await runtime.store.close()
  }))
}
