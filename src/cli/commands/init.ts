import type { Command } from 'commander'
import { initRuntime } from '../../runtime/app.js'
import { configFromFlags, withStoreOptions } from '../options.js'
import { rootKeyPath } from '../../runtime/root-key.js'

export function registerInit(program: Command): void {
  withStoreOptions(program.command('init').description('create the data directory, the root key and an admin AccessKey')).action(
    async (flags) => {
      const config = configFromFlags(flags)
      const { runtime, createdAccessKey, rootKeyCreated } = await initRuntime(config)
      const out = [
        `data directory: ${config.dataDir}`,
        `root key:       ${config.rootKeyBase64 ? 'from OPENKMS_ROOT_KEY' : rootKeyPath(config)}${rootKeyCreated ? ' (created)' : ''}`,
        `instance:       ${runtime.instanceId}`,
      ]
      if (createdAccessKey)
        out.push(
          'AccessKey created (the secret is shown only now):',
          `  AccessKeyId:     ${createdAccessKey.accessKeyId}`,
          `  AccessKeySecret: ${createdAccessKey.accessKeySecret}`,
        )
      else out.push('AccessKeys already exist; use `openkms access-key create` for another.')
      process.stdout.write(`${out.join('\n')}\n`)
      await runtime.store.close()
    },
  )
}
