/** The `openkms` command. Sub-commands live in ./commands, one file each. */
import { Command } from 'commander'
import { registerServe } from './commands/serve.js'
import { registerInit } from './commands/init.js'
import { registerCall } from './commands/call.js'
import { registerAccessKey } from './commands/access-key.js'
import { registerClientKey } from './commands/client-key.js'
import { registerSeed } from './commands/seed.js'
import { registerBackup } from './commands/backup.js'
import { registerRootKey } from './commands/root-key.js'
import { registerAudit } from './commands/audit.js'

const program = new Command('openkms')
  .description('Self-hosted Key Management Service, wire-compatible with Alibaba Cloud KMS')
  .version('0.1.0')

registerServe(program)
registerInit(program)
registerCall(program)
registerAccessKey(program)
registerClientKey(program)
registerSeed(program)
registerBackup(program)
registerRootKey(program)
registerAudit(program)

await program.parseAsync(process.argv)
