import type { Command } from 'commander'
import { initRuntime } from '../../runtime/app.js'
import { configFromFlags, withStoreOptions } from '../options.js'
import { applySeed, readSeedFile } from '../../runtime/seed.js'

export function registerSeed(program: Command): void {
  withStoreOptions(program.command('seed <file>').description('apply a seed file (keys, aliases, tags, secrets, AccessKeys); idempotent')).action(
    async (file: string, flags) => {
      const { runtime } = await initRuntime(configFromFlags(flags))
      try {
        const report = await applySeed(runtime, readSeedFile(file))
        for (const line of report.created) process.stdout.write(`created  ${line}\n`)
        for (const line of report.existing) process.stdout.write(`exists   ${line}\n`)
      } finally {
        await runtime.store.close()
      }
    },
  )
}
