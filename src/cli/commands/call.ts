/**
 * `openkms call <Action> --Param value …`: runs any registered action in-process against the data directory,
 * with sub-commands and flags generated from the action registry (the same specs the server uses).
 */
import type { Command } from 'commander'
import { ACTIONS } from '../../actions/index.js'
import { dispatch } from '../../actions/dispatch.js'
import { isKmsError } from '../../domain/errors.js'
import { initRuntime } from '../../runtime/app.js'
import { configFromFlags, withStoreOptions } from '../options.js'

export function registerCall(program: Command): void {
  const call = program.command('call').description('run an API action in-process and print its JSON result')
  for (const action of ACTIONS) {
    const sub = withStoreOptions(call.command(action.name).description(action.description))
    for (const [name, param] of Object.entries(action.params)) {
      const flag = param.kind === 'list' || param.kind === 'objectList' ? null : `--${name} <value>`
      if (flag) sub.option(flag, `${param.description}${param.required ? ' (required)' : ''}`)
    }
    sub.option('-p, --param <Name=value...>', 'any wire parameter, e.g. -p Tag.1.Key=env')
    sub.action(async (flags: Record<string, unknown>) => {
      const raw: Record<string, string> = {}
      for (const name of Object.keys(action.params)) if (typeof flags[name] === 'string') raw[name] = flags[name] as string
      for (const pair of (flags.param as string[] | undefined) ?? []) {
        const eq = pair.indexOf('=')
        if (eq > 0) raw[pair.slice(0, eq)] = pair.slice(eq + 1)
      }
      const { runtime } = await initRuntime(configFromFlags(flags))
      try {
        const result = await dispatch(action.name, raw, {
          ...runtime,
          requestId: runtime.ids.requestId(),
          caller: { accessKeyId: 'cli', via: 'cli' },
        })
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
      } catch (e) {
        if (!isKmsError(e)) throw e
        process.stderr.write(`${e.code}: ${e.message}\n`)
        process.exitCode = 1
      } finally {
        await runtime.store.close()
      }
    })
  }
}
