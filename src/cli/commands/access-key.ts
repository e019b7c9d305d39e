import type { Command } from 'commander'
import { initRuntime } from '../../runtime/app.js'
import { configFromFlags, withStoreOptions } from '../options.js'
import { createAccessKey } from '../../services/access/access-keys.js'

export function registerAccessKey(program: Command): void {
  const group = program.command('access-key').description('manage control-plane AccessKeys')
  withStoreOptions(group.command('create').description('create an AccessKey and print it once'))
    .option('--description <text>', 'what it is for', '')
    .action(async (flags) => {
      const { runtime } = await initRuntime(configFromFlags(flags))
      const pair = await createAccessKey(runtime, flags.description)
      process.stdout.write(`AccessKeyId:     ${pair.accessKeyId}\nAccessKeySecret: ${pair.accessKeySecret}\n`)
      await runtime.store.close()
    })
  withStoreOptions(group.command('list').description('list AccessKey ids')).action(async (flags) => {
    const { runtime } = await initRuntime(configFromFlags(flags))
    for (const k of await runtime.store.accessKeys.list())
      process.stdout.write(`${k.accessKeyId}\t${k.status}\t${new Date(k.createdAt).toISOString()}\t${k.description}\n`)
    await runtime.store.close()
  })
}
