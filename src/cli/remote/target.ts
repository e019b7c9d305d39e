/**
 * Where `openkms call` sends requests and as whom, resolved the way Alibaba's tools do (docs/cli.md):
 * - endpoint: `--endpoint`, else `OPENKMS_ENDPOINT`, else the profile's `endpoint`; `host:port` means HTTP,
 *   `https://host:port` HTTPS (trusting `--ca-file` / `OPENKMS_CA_FILE` / the profile's `ca_file`, e.g. the
 *   instance's PrivateKmsCA_<id>.pem, besides the system CAs);
 * - credentials: `ALIBABA_CLOUD_ACCESS_KEY_ID` + `ALIBABA_CLOUD_ACCESS_KEY_SECRET` (+ `ALIBABA_CLOUD_SECURITY_TOKEN`),
 *   else a profile of the aliyun CLI's config file (`~/.aliyun/config.json`, or `--config` /
 *   `ALIBABA_CLOUD_CONFIG_FILE`), chosen by `--profile`, `ALIBABA_CLOUD_PROFILE` or the file's `current`.
 * Secrets are never taken from command-line flags, where other users of the machine could read them.
 */
import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

export interface RemoteTarget {
  url: URL
  accessKeyId: string
  accessKeySecret: string
  securityToken?: string
  /** Extra CA certificates (PEM) trusted for https endpoints. */
  ca?: string
}

export interface TargetFlags {
  endpoint?: string
  profile?: string
  config?: string
  caFile?: string
}

interface Profile {
  name?: string
  mode?: string
  access_key_id?: string
  access_key_secret?: string
  sts_token?: string
  endpoint?: string
  ca_file?: string
}

export class TargetError extends Error {}

/** The endpoint alone, or undefined when none is configured (then only in-process commands can run). */
export function configuredEndpoint(flags: TargetFlags, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return flags.endpoint || env.OPENKMS_ENDPOINT || loadProfile(flags, env, false)?.endpoint || undefined
}

export function resolveTarget(flags: TargetFlags, env: NodeJS.ProcessEnv = process.env): RemoteTarget {
  const profile = loadProfile(flags, env, false)
  const endpoint = flags.endpoint || env.OPENKMS_ENDPOINT || profile?.endpoint
  if (!endpoint) throw new TargetError('No endpoint: give --endpoint or set OPENKMS_ENDPOINT (host:port, or https://host:port).')
  const url = parseEndpoint(endpoint)
  const fromEnv = env.ALIBABA_CLOUD_ACCESS_KEY_ID && env.ALIBABA_CLOUD_ACCESS_KEY_SECRET
  const chosen = fromEnv ? undefined : loadProfile(flags, env, true)
  const accessKeyId = fromEnv ? env.ALIBABA_CLOUD_ACCESS_KEY_ID : chosen?.access_key_id
  const accessKeySecret = fromEnv ? env.ALIBABA_CLOUD_ACCESS_KEY_SECRET : chosen?.access_key_secret
  if (!accessKeyId || !accessKeySecret)
    throw new TargetError(
      'No credentials: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or configure a profile in ~/.aliyun/config.json.',
    )
  const securityToken = (fromEnv ? env.ALIBABA_CLOUD_SECURITY_TOKEN : chosen?.sts_token) || undefined
  const caFile = flags.caFile || env.OPENKMS_CA_FILE || profile?.ca_file
  const ca = caFile ? readText(caFile, 'CA file') : undefined
  return { url, accessKeyId, accessKeySecret, ...(securityToken ? { securityToken } : {}), ...(ca ? { ca } : {}) }
}

export function parseEndpoint(endpoint: string): URL {
  const text = /^[a-z]+:\/\//i.test(endpoint) ? endpoint : `http://${endpoint}`
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new TargetError(`The endpoint "${endpoint}" is not host:port or an http(s) URL.`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TargetError(`The endpoint must use http or https, not ${url.protocol}`)
  if (url.pathname !== '/' || url.search) throw new TargetError('The endpoint is host:port (with an optional https://), without a path.')
  return url
}

/** The profile, or undefined without a config file; `required` makes a missing file or profile an error. */
function loadProfile(flags: TargetFlags, env: NodeJS.ProcessEnv, required: boolean): Profile | undefined {
  const file = flags.config || env.ALIBABA_CLOUD_CONFIG_FILE || join(homedir(), '.aliyun', 'config.json')
  if (!existsSync(file)) {
    if (required && (flags.config || flags.profile)) throw new TargetError(`The config file ${file} does not exist.`)
    return undefined
  }
  let parsed: { current?: string; profiles?: Profile[] }
  try {
    parsed = JSON.parse(readText(file, 'config file')) as typeof parsed
  } catch (e) {
    if (e instanceof TargetError) throw e
    throw new TargetError(`The config file ${file} is not valid JSON.`)
  }
  const name = flags.profile || env.ALIBABA_CLOUD_PROFILE || parsed.current || 'default'
  const profile = (parsed.profiles ?? []).find((p) => p.name === name)
  if (!profile) {
    if (required) throw new TargetError(`The config file ${file} has no profile "${name}".`)
    return undefined
  }
  if (required && profile.mode && profile.mode !== 'AK' && profile.mode !== 'StsToken')
    throw new TargetError(`Profile "${name}" uses mode ${profile.mode}; openkms reads AK and StsToken profiles.`)
  return profile
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    throw new TargetError(`Cannot read the ${what} ${file}.`)
  }
}
