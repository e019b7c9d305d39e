/** The flags and error reporting every command that talks to a server shares. */
import type { Command } from 'commander'
import { callRemote } from './rpc-call.js'
import { configuredEndpoint, resolveTarget, type TargetFlags } from './target.js'

export interface RemoteFlags extends TargetFlags {
  output?: string
}

export function withRemoteOptions(cmd: Command): Command {
  return cmd
    .option('--endpoint <endpoint>', 'server control plane, host:port or https://host:port (OPENKMS_ENDPOINT)')
    .option('--profile <name>', 'profile of the aliyun CLI config file (ALIBABA_CLOUD_PROFILE)')
    .option('--config <file>', 'aliyun CLI config file (ALIBABA_CLOUD_CONFIG_FILE, default ~/.aliyun/config.json)')
    .option('--ca-file <file>', 'extra CA certificates for https endpoints, e.g. PrivateKmsCA_<id>.pem (OPENKMS_CA_FILE)')
    .option('-o, --output <format>', 'json (default) or table')
}

/**
 * Calls `action` on the configured server. A refusal prints `Code: Message (RequestId)` on stderr, sets exit
 * status 1 and returns undefined; a missing endpoint or credentials throws with what to configure.
 */
export async function runRemote(
  flags: RemoteFlags,
  action: string,
  params: Record<string, string>,
  version?: string,
): Promise<Record<string, unknown> | undefined> {
  if (!configuredEndpoint(flags))
    throw new Error('No server to call: give --endpoint or set OPENKMS_ENDPOINT (host:port or https://host:port), or use --local to run in-process.')
  const target = resolveTarget(flags)
  const answer = await callRemote(target, action, params, version)
  if (answer.status >= 200 && answer.status < 300) return answer.body
  const b = answer.body
  process.stderr.write(`${String(b.Code ?? `HTTP ${answer.status}`)}: ${String(b.Message ?? '')} (RequestId ${String(b.RequestId ?? '-')})\n`)
  process.exitCode = 1
  return undefined
}
