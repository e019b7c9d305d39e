/**
 * `openkms client-key create --aap <name>`: creates a client key and writes the two files Alibaba's console hands
 * out, so applications configured for them (ClientKeyFile + password file) load openkms' unchanged:
 * `clientKey_<id>.json` = {"KeyId", "PrivateKeyData"} and `clientKey_<id>_Password.txt`, both mode 0600.
 * Like `openkms call`, it asks a running server (CreateClientKey over the API) unless `--local` is given.
 */
import type { Command } from 'commander'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { initRuntime } from '../../runtime/app.js'
import { configFromFlags, withStoreOptions } from '../options.js'
import { dispatch } from '../../actions/dispatch.js'
import { isKmsError } from '../../domain/errors.js'
import { generateClientKeyPassword } from '../../domain/client-key-rules.js'
import { localCaller } from '../../actions/define-action.js'
import { requireExistingInstallation } from '../data-dir.js'
import { reportErrors } from '../report-errors.js'
import { runRemote, withRemoteOptions, type RemoteFlags } from '../remote/remote-command.js'

type CreateFlags = Parameters<typeof configFromFlags>[0] &
  RemoteFlags & { aap: string; password?: string; out: string; local?: boolean; create?: boolean }

/** CreateClientKey in-process; a refusal prints `Code: message` and sets exit status 1. */
async function createLocally(flags: CreateFlags, params: Record<string, string>): Promise<Record<string, unknown> | undefined> {
  const config = configFromFlags(flags)
  requireExistingInstallation(config, { create: flags.create, command: 'client-key create --local' })
  const { runtime } = await initRuntime(config)
  try {
    return await dispatch('CreateClientKey', params, { ...runtime, requestId: runtime.ids.requestId(), caller: localCaller(runtime.config.accountId) })
  } catch (e) {
    if (!isKmsError(e)) throw e
    process.stderr.write(`${e.code}: ${e.message}\n`)
    process.exitCode = 1
    return undefined
  } finally {
    await runtime.store.close()
  }
}

/** Writes a new private file; refuses to overwrite one (`wx`), since a client key cannot be downloaded twice. */
function writePrivate(path: string, content: string): void {
  writeFileSync(path, content, { mode: 0o600, flag: 'wx' })
}

export function registerClientKey(program: Command): void {
  const group = program.command('client-key').description('manage client keys of application access points')
  withRemoteOptions(withStoreOptions(group.command('create').description('create a client key and write clientKey_<id>.json and its password file')))
    .requiredOption('--aap <name>', 'the application access point (AapName)')
    .option('--password <password>', 'PKCS#12 password (8-64 characters, two of digits/letters/~!@#$%^&*?_-); generated when omitted')
    .option('--out <dir>', 'directory for the two files', '.')
    .option('--local', 'create it in-process on the data directory instead of asking a server')
    .option('--create', 'with --local: create the data directory if it does not exist yet')
    .action(
      reportErrors(async (flags: CreateFlags) => {
        const password = flags.password ?? generateClientKeyPassword()
        const dir = resolve(flags.out)
        mkdirSync(dir, { recursive: true, mode: 0o700 })
        const params = { AapName: flags.aap, Password: password }
        const result = flags.local ? await createLocally(flags, params) : await runRemote(flags, 'CreateClientKey', params)
        if (!result) return
        const id = String(result.ClientKeyId)
        const keyFile = join(dir, `clientKey_${id}.json`)
        const passwordFile = join(dir, `clientKey_${id}_Password.txt`)
        writePrivate(keyFile, `${JSON.stringify({ KeyId: id, PrivateKeyData: result.PrivateKeyData }, null, 2)}\n`)
        // No trailing newline: some loaders read the file verbatim as the password.
        writePrivate(passwordFile, password)
        const lines = [
          `ClientKeyId:   ${id}`,
          `NotBefore:     ${String(result.NotBefore)}`,
          `NotAfter:      ${String(result.NotAfter)}`,
          `key file:      ${keyFile}`,
          `password file: ${passwordFile}`,
        ]
        process.stdout.write(`${lines.join('\n')}\n`)
      }),
    )
}
