/**
 * `openkms call <Action> --Param value …` (KMS) and `openkms call ram|sts <Action> …`: any registered action, with
 * sub-commands and flags generated from the action registry (the same specs the server uses). By default it talks
 * to a running server over the API (endpoint and credentials as in remote/target.ts, signature V3), like the aliyun
 * CLI; `--local` runs the action in-process on an existing data directory instead, as the account itself, for
 * administration without a server (docs/cli.md).
 */
import type { Command } from 'commander'
import { KMS, RAM, STS, type Product } from '../../actions/index.js'
import { dispatch } from '../../actions/dispatch.js'
import { localCaller } from '../../actions/define-action.js'
import { isKmsError } from '../../domain/errors.js'
import { initRuntime } from '../../runtime/app.js'
import { configFromFlags, withStoreOptions } from '../options.js'
import { requireExistingInstallation } from '../data-dir.js'
import { parseOutputFormat, render } from '../output.js'
import { withRemoteOptions, runRemote, type RemoteFlags } from '../remote/remote-command.js'
import { reportErrors } from '../report-errors.js'

type CallFlags = Parameters<typeof configFromFlags>[0] & RemoteFlags & { local?: boolean; create?: boolean; param?: string[] } & Record<string, unknown>

export function registerCall(program: Command): void {
  const call = program
    .command('call')
    .description('run an API action on a server (OPENKMS_ENDPOINT + ALIBABA_CLOUD_ACCESS_KEY_*), or in-process with --local')
  registerProduct(call, KMS)
  for (const product of [RAM, STS])
    registerProduct(call.command(product.code).description(`${product.title} (${product.version}) actions`), product)
}

function registerProduct(call: Command, product: Product): void {
  for (const action of product.actions) {
    const sub = withRemoteOptions(withStoreOptions(call.command(action.name).description(action.description)))
      .option('--local', 'run in-process on the data directory instead of calling a server')
      .option('--create', 'with --local: create the data directory if it does not exist yet')
    for (const [name, param] of Object.entries(action.params)) {
      const flag = param.kind === 'list' || param.kind === 'objectList' ? null : `--${name} <value>`
      if (flag) sub.option(flag, `${param.description}${param.required ? ' (required)' : ''}`)
    }
    sub.option('-p, --param <Name=value...>', 'any wire parameter, e.g. -p Tag.1.Key=env')
    sub.action(
      reportErrors(async (flags: CallFlags) => {
        const format = parseOutputFormat(flags.output)
        const raw: Record<string, string> = {}
        for (const name of Object.keys(action.params)) if (typeof flags[name] === 'string') raw[name] = flags[name] as string
        for (const pair of flags.param ?? []) {
          const eq = pair.indexOf('=')
          if (eq <= 0) throw new Error(`-p ${pair}: expected Name=value`)
          raw[pair.slice(0, eq)] = pair.slice(eq + 1)
        }
        if (!flags.local) {
          const result = await runRemote(flags, action.name, raw, product.version)
          if (result) process.stdout.write(render(result, format))
          return
        }
        const config = configFromFlags(flags)
        requireExistingInstallation(config, { create: flags.create, command: `call ${action.name} --local` })
        const { runtime } = await initRuntime(config)
        try {
          const context = { ...runtime, requestId: runtime.ids.requestId(), caller: localCaller(runtime.config.accountId) }
          process.stdout.write(render(await dispatch(action.name, raw, context, product), format))
        } catch (e) {
          if (!isKmsError(e)) throw e
          process.stderr.write(`${e.code}: ${e.message}\n`)
          process.exitCode = 1
        } finally {
          await runtime.store.close()
        }
      }),
    )
  }
}
