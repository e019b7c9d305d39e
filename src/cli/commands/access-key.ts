/**
 * `openkms access-key create|list|disable|enable|delete`: the account's own (root) AccessKeys, and RAM users'
 * with `--user`. Changes reach running servers (every worker and node) before their next request.
 */
import type { Command } from 'commander'
import { initRuntime } from '../../runtime/app.js'
import { configFromFlags, withStoreOptions } from '../options.js'
import { createAccessKey, deleteAccessKey, setAccessKeyStatus } from '../../services/access/access-keys.js'
import { requireExistingInstallation } from '../data-dir.js'

type Flags = Parameters<typeof configFromFlags>[0] & { description?: string; user?: string }

async function withRuntime(flags: Flags, fn: (rt: Awaited<ReturnType<typeof initRuntime>>['runtime']) => Promise<void>): Promise<void> {
  const config = configFromFlags(flags)
  try {
    requireExistingInstallation(config, { command: 'access-key' })
  } catch (e) {
    return fail((e as Error).message)
  }
  const { runtime } = await initRuntime(config)
  try {
    await fn(runtime)
  } finally {
    await runtime.store.close()
  }
}

function fail(message: string): void {
  process.stderr.write(`${message}\n`)
  process.exitCode = 1
}

export function registerAccessKey(program: Command): void {
  const group = program.command('access-key').description('manage control-plane AccessKeys')
  withStoreOptions(group.command('create').description('create an AccessKey and print it once'))
    .option('--description <text>', 'what it is for', '')
    .option('--user <name>', 'for this RAM user (default: the account itself, full rights)')
    .action((flags: Flags) =>
      withRuntime(flags, async (rt) => {
        if (flags.user !== undefined && !(await rt.store.identity.users.get(flags.user))) return fail(`EntityNotExist.User: ${flags.user}`)
        const pair = await createAccessKey(rt, flags.description ?? '', flags.user)
        process.stdout.write(`AccessKeyId:     ${pair.accessKeyId}\nAccessKeySecret: ${pair.accessKeySecret}\n`)
      }),
    )
  withStoreOptions(group.command('list').description('list AccessKeys: id, status, created, owner, description'))
    .option('--user <name>', 'only this RAM user’s')
    .action((flags: Flags) =>
      withRuntime(flags, async (rt) => {
        for (const k of await rt.store.accessKeys.list(flags.user))
          process.stdout.write(`${k.accessKeyId}\t${k.status}\t${new Date(k.createdAt).toISOString()}\t${k.userName ?? '(account)'}\t${k.description}\n`)
      }),
    )
  for (const [name, status, what] of [['disable', 'Inactive', 'refuse'], ['enable', 'Active', 'accept again']] as const) {
    withStoreOptions(group.command(`${name} <accessKeyId>`).description(`${what} an AccessKey, on every server at its next request`)).action(
      (id: string, flags: Flags) =>
        withRuntime(flags, async (rt) => {
          if (!(await setAccessKeyStatus(rt, id, status))) return fail(`InvalidAccessKeyId.NotFound: ${id}`)
          process.stdout.write(`${id}\t${status}\n`)
        }),
    )
  }
  withStoreOptions(group.command('delete <accessKeyId>').description('delete an AccessKey, refused on every server at its next request')).action(
    (id: string, flags: Flags) =>
      withRuntime(flags, async (rt) => {
        if (!(await deleteAccessKey(rt, id))) return fail(`InvalidAccessKeyId.NotFound: ${id}`)
        process.stdout.write(`${id}\tdeleted\n`)
      }),
  )
}
