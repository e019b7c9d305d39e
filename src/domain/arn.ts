/** Alibaba Resource Names (spec §4.1): `acs:kms:<region>:<account>:<type>/<name>`. */
export interface ArnScope {
  region: string
  accountId: string
}

export const arn = {
  key: (s: ArnScope, keyId: string) => `acs:kms:${s.region}:${s.accountId}:key/${keyId}`,
  /** Alias ARNs drop the `alias/` prefix of the alias name. */
  alias: (s: ArnScope, aliasName: string) => `acs:kms:${s.region}:${s.accountId}:alias/${aliasName.replace(/^alias\//, '')}`,
  secret: (s: ArnScope, name: string) => `acs:kms:${s.region}:${s.accountId}:secret/${name}`,
  networkRule: (s: ArnScope, name: string) => `acs:kms:${s.region}:${s.accountId}:network/${name}`,
  policy: (s: ArnScope, name: string) => `acs:kms:${s.region}:${s.accountId}:policy/${name}`,
  aap: (s: ArnScope, name: string) => `acs:kms:${s.region}:${s.accountId}:applicationaccesspoint/${name}`,
  instance: (s: ArnScope, instanceId: string) => `acs:kms:${s.region}:${s.accountId}:keystore/${instanceId}`,
}

export type KeyReference = { kind: 'id'; keyId: string } | { kind: 'alias'; aliasName: string }

/**
 * What a `KeyId` parameter names: a key id, an alias (`alias/…`), a key ARN or an alias ARN. ARNs of another
 * region or account name nothing here, which callers report as not found.
 */
export function parseKeyReference(value: string, scope: ArnScope): KeyReference | undefined {
  if (value.startsWith('alias/')) return { kind: 'alias', aliasName: value }
  if (!value.startsWith('acs:')) return { kind: 'id', keyId: value }
  const m = /^acs:kms:([^:]*):([^:]*):(key|alias)\/(.+)$/.exec(value)
  if (!m || m[1] !== scope.region || m[2] !== scope.accountId) return undefined
  return m[3] === 'key' ? { kind: 'id', keyId: m[4] as string } : { kind: 'alias', aliasName: `alias/${m[4]}` }
}
