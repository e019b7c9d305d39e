import type { Command } from 'commander'
import { initRuntime } from '../../runtime/app.js'
import { configFromFlags, withStoreOptions } from '../options.js'
import { applySeed, readSeedFile } from '../../runtime/seed.js'
import { requireExistingInstallation } from '../data-dir.js'
import { reportErrors } from '../report-errors.js'

export function registerSeed(program: Command): void {
  withStoreOptions(program.command('seed <file>').description('apply a seed file (keys, aliases, tags, secrets, AccessKeys); idempotent'))
    .option('--create', 'create the data directory if it does not exist yet')
    .action(reportErrors(async (file: string, flags) => {
      const config = configFromFlags(flags)
      requireExistingInstallation(config, { create: flags.create === true, command: 'seed' })
      const { runtime } = await initRuntime(config)
      try {
        const report = await applySeed(runtime, readSeedFile(file))
        for (const line of report.created) process.stdout.write(`created  ${line}\n`)
        for (const line of report.existing) process.stdout.write(`exists   ${line}\n`)
      } finally {
        await runtime.store.close()
      }
    }))
}
