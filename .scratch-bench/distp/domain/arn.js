export const arn = {
    key: (s, keyId) => `acs:kms:${s.region}:${s.accountId}:key/${keyId}`,
    /** Alias ARNs drop the `alias/` prefix of the alias name. */
    alias: (s, aliasName) => `acs:kms:${s.region}:${s.accountId}:alias/${aliasName.replace(/^alias\//, '')}`,
    secret: (s, name) => `acs:kms:${s.region}:${s.accountId}:secret/${name}`,
    networkRule: (s, name) => `acs:kms:${s.region}:${s.accountId}:network/${name}`,
    policy: (s, name) => `acs:kms:${s.region}:${s.accountId}:policy/${name}`,
    aap: (s, name) => `acs:kms:${s.region}:${s.accountId}:applicationaccesspoint/${name}`,
    instance: (s, instanceId) => `acs:kms:${s.region}:${s.accountId}:keystore/${instanceId}`,
};
/**
 * What a `KeyId` parameter names: a key id, an alias (`alias/…`), a key ARN or an alias ARN. ARNs of another
 * region or account name nothing here, which callers report as not found.
 */
export function parseKeyReference(value, scope) {
    if (value.startsWith('alias/'))
        return { kind: 'alias', aliasName: value };
    if (!value.startsWith('acs:'))
        return { kind: 'id', keyId: value };
    const m = /^acs:kms:([^:]*):([^:]*):(key|alias)\/(.+)$/.exec(value);
    if (!m || m[1] !== scope.region || m[2] !== scope.accountId)
        return undefined;
    return m[3] === 'key' ? { kind: 'id', keyId: m[4] } : { kind: 'alias', aliasName: `alias/${m[4]}` };
}
