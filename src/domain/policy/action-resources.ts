/**
 * Which resources each API acts on, for RAM authorisation: one declarative table for KMS (every registered
 * action), RAM and STS. It follows Alibaba's "Authorization information" pages; the decisions where they are
 * silent are in docs/identity.md ("Actions and resources"). `authorizeCall` turns the references into ARNs.
 */

/** KMS resource containers: `acs:kms:<region>:<account>:<type>`, for list and create actions. */
export type KmsContainer = 'key' | 'alias' | 'secret' | 'applicationaccesspoint' | 'network' | 'policy' | 'keystore'

export type ResourceRef =
  /** No resource-level authorisation: `acs:kms:<region>:<account>:*`. */
  | { readonly from: 'service' }
  | { readonly from: 'container'; readonly type: KmsContainer }
  /** A key named by the first present parameter (key id, alias, key or alias ARN), authorised as the key's ARN. */
  | { readonly from: 'key'; readonly params: readonly string[] }
  /** The key a ciphertext was made with, or the key named by `param` when the request gives one. */
  | { readonly from: 'ciphertextKey'; readonly blob: string; readonly param?: string }
  /** The alias itself: `acs:kms:<region>:<account>:alias/<name>`. */
  | { readonly from: 'alias'; readonly param: string }
  /** The key an existing alias points to (for DeleteAlias); nothing when the alias does not exist. */
  | { readonly from: 'aliasTarget'; readonly param: string }
  | { readonly from: 'secret'; readonly param: string }
  /** Every SecretName of a JSON list (BatchGetSecretValue's SecretsList). */
  | { readonly from: 'secretList'; readonly param: string }
  /** `acs:kms:<region>:<account>:<type>/<param>` (application access points, network rules, policies, client keys, instances). */
  | { readonly from: 'named'; readonly type: string; readonly param: string }
  /** TagResource-style: exactly one of KeyId, SecretName, CertificateId. */
  | { readonly from: 'tagTarget' }
  /** TagResources-style: ResourceType plus ResourceId.N (none: the container of ResourceType). */
  | { readonly from: 'tagTargets' }
  /** `acs:ram::<account>:<type>/<param>`; without the parameter, the caller's own user (`self`) or `<type>/*`. */
  | { readonly from: 'ram'; readonly type: 'user' | 'group' | 'policy' | 'role'; readonly param?: string; readonly self?: boolean }
  /** A role ARN parameter (sts:AssumeRole). */
  | { readonly from: 'roleArn'; readonly param: string }

export interface ActionAuthorization {
  readonly resources: readonly ResourceRef[]
  /** `kms:EncryptionAlgorithm`: the parameter carrying it, else the constant for symmetric operations. */
  readonly algorithm?: { readonly param?: string; readonly fallback: string }
}

/** `none`: callable by any authenticated identity (DescribeRegions, GetCallerIdentity, as Alibaba documents). */
export type AuthorizationEntry = ActionAuthorization | 'none'

const key = (...params: string[]): ActionAuthorization => ({ resources: [{ from: 'key', params: params.length ? params : ['KeyId'] }] })
const symmetricKey: ActionAuthorization = { ...key(), algorithm: { fallback: 'SYMMETRIC_DEFAULT' } }
const asymmetricKey: ActionAuthorization = { ...key(), algorithm: { param: 'Algorithm', fallback: 'SYMMETRIC_DEFAULT' } }
const container = (type: KmsContainer): ActionAuthorization => ({ resources: [{ from: 'container', type }] })
const service: ActionAuthorization = { resources: [{ from: 'service' }] }
const secret: ActionAuthorization = { resources: [{ from: 'secret', param: 'SecretName' }] }
const named = (type: string, param = 'Name'): ActionAuthorization => ({ resources: [{ from: 'named', type, param }] })
const tagTarget: ActionAuthorization = { resources: [{ from: 'tagTarget' }] }
const tagTargets: ActionAuthorization = { resources: [{ from: 'tagTargets' }] }

/** Every KMS control-plane action, by API name (the RAM action is `kms:<name>`). */
export const KMS_AUTHORIZATION: Readonly<Record<string, AuthorizationEntry>> = {
  // Keys
  CreateKey: container('key'),
  ListKeys: container('key'),
  DescribeKey: key(),
  UpdateKeyDescription: key(),
  EnableKey: key(),
  DisableKey: key(),
  ScheduleKeyDeletion: key(),
  CancelKeyDeletion: key(),
  SetDeletionProtection: key('ProtectedResourceArn', 'KeyId'),
  UpdateRotationPolicy: key(),
  GetKeyPolicy: key(),
  SetKeyPolicy: key(),
  // Key versions and key material
  CreateKeyVersion: key(),
  DescribeKeyVersion: key(),
  ListKeyVersions: key(),
  GetParametersForImport: key(),
  ImportKeyMaterial: key(),
  DeleteKeyMaterial: key(),
  // Cryptographic operations
  Encrypt: symmetricKey,
  GenerateDataKey: symmetricKey,
  GenerateDataKeyWithoutPlaintext: symmetricKey,
  GenerateAndExportDataKey: symmetricKey,
  Decrypt: { resources: [{ from: 'ciphertextKey', blob: 'CiphertextBlob' }], algorithm: { fallback: 'SYMMETRIC_DEFAULT' } },
  ExportDataKey: { resources: [{ from: 'ciphertextKey', blob: 'CiphertextBlob' }], algorithm: { fallback: 'SYMMETRIC_DEFAULT' } },
  // Both keys, each with kms:ReEncrypt: the one that decrypts and the one that encrypts.
  ReEncrypt: {
    resources: [
      { from: 'ciphertextKey', blob: 'CiphertextBlob', param: 'SourceKeyId' },
      { from: 'key', params: ['DestinationKeyId'] },
    ],
    algorithm: { param: 'SourceEncryptionAlgorithm', fallback: 'SYMMETRIC_DEFAULT' },
  },
  AsymmetricEncrypt: asymmetricKey,
  AsymmetricDecrypt: asymmetricKey,
  AsymmetricSign: key(),
  AsymmetricVerify: key(),
  GetPublicKey: key(),
  GenerateMac: key(),
  VerifyMac: key(),
  // Managed data keys belong to cloud services; no key of this instance is named, so the service is the resource.
  GetManagedDataKey: service,
  ListManagedDataKeyVersions: service,
  // Aliases: the alias and the key it (will) point to
  CreateAlias: { resources: [{ from: 'alias', param: 'AliasName' }, { from: 'key', params: ['KeyId'] }] },
  UpdateAlias: { resources: [{ from: 'alias', param: 'AliasName' }, { from: 'key', params: ['KeyId'] }] },
  DeleteAlias: { resources: [{ from: 'alias', param: 'AliasName' }, { from: 'aliasTarget', param: 'AliasName' }] },
  ListAliases: container('alias'),
  ListAliasesByKeyId: key(),
  // Tags
  TagResource: tagTarget,
  UntagResource: tagTarget,
  ListResourceTags: tagTarget,
  TagResources: tagTargets,
  UntagResources: tagTargets,
  ListTagResources: tagTargets,
  // Secrets
  CreateSecret: container('secret'),
  ListSecrets: container('secret'),
  GetRandomPassword: service,
  BatchGetSecretValue: { resources: [{ from: 'secretList', param: 'SecretsList' }] },
  GetSecretValue: secret,
  DescribeSecret: secret,
  UpdateSecret: secret,
  DeleteSecret: secret,
  RestoreSecret: secret,
  PutSecretValue: secret,
  ListSecretVersionIds: secret,
  UpdateSecretVersionStage: secret,
  RotateSecret: secret,
  UpdateSecretRotationPolicy: secret,
  GetSecretPolicy: secret,
  SetSecretPolicy: secret,
  // Application access (AAPs, network rules, permission policies, client keys)
  CreateApplicationAccessPoint: named('applicationaccesspoint'),
  UpdateApplicationAccessPoint: named('applicationaccesspoint'),
  DescribeApplicationAccessPoint: named('applicationaccesspoint'),
  DeleteApplicationAccessPoint: named('applicationaccesspoint'),
  ListApplicationAccessPoints: container('applicationaccesspoint'),
  CreateClientKey: named('applicationaccesspoint', 'AapName'),
  ListClientKeys: named('applicationaccesspoint', 'AapName'),
  GetClientKey: named('clientkey', 'ClientKeyId'),
  DeleteClientKey: named('clientkey', 'ClientKeyId'),
  CreateNetworkRule: named('network'),
  UpdateNetworkRule: named('network'),
  DescribeNetworkRule: named('network'),
  DeleteNetworkRule: named('network'),
  ListNetworkRules: container('network'),
  CreatePolicy: named('policy'),
  UpdatePolicy: named('policy'),
  DescribePolicy: named('policy'),
  DeletePolicy: named('policy'),
  ListPolicies: container('policy'),
  // Instances and the account
  GetKmsInstance: named('keystore', 'KmsInstanceId'),
  GetKmsInstanceQuotaInfos: named('keystore', 'KmsInstanceId'),
  ListKmsInstances: container('keystore'),
  GetDefaultKmsInstance: container('keystore'),
  ConnectKmsInstance: named('keystore', 'KmsInstanceId'),
  UpdateKmsInstanceBindVpc: named('keystore', 'KmsInstanceId'),
  ReleaseKmsInstance: named('keystore', 'KmsInstanceId'),
  DescribeAccountKmsStatus: service,
  DescribeService: service,
  OpenKmsService: service,
  DescribeRegions: 'none',
}

const user = (self = false): ActionAuthorization => ({ resources: [{ from: 'ram', type: 'user', param: 'UserName', self }] })
const ramNamed = (type: 'user' | 'group' | 'policy' | 'role'): ActionAuthorization => ({
  resources: [{ from: 'ram', type, param: type === 'user' ? 'UserName' : type === 'group' ? 'GroupName' : type === 'policy' ? 'PolicyName' : 'RoleName' }],
})
const ramAll = (type: 'user' | 'group' | 'policy' | 'role'): ActionAuthorization => ({ resources: [{ from: 'ram', type }] })
const both = (a: ActionAuthorization, b: ActionAuthorization): ActionAuthorization => ({ resources: [...a.resources, ...b.resources] })

/** RAM (2015-05-01) actions, by API name (the RAM action is `ram:<name>`). */
export const RAM_AUTHORIZATION: Readonly<Record<string, AuthorizationEntry>> = {
  CreateUser: ramNamed('user'),
  GetUser: ramNamed('user'),
  UpdateUser: ramNamed('user'),
  DeleteUser: ramNamed('user'),
  ListUsers: ramAll('user'),
  // Without UserName these act on the caller's own AccessKeys.
  CreateAccessKey: user(true),
  ListAccessKeys: user(true),
  UpdateAccessKey: user(true),
  DeleteAccessKey: user(true),
  CreatePolicy: ramNamed('policy'),
  GetPolicy: ramNamed('policy'),
  DeletePolicy: ramNamed('policy'),
  ListPolicies: ramAll('policy'),
  CreatePolicyVersion: ramNamed('policy'),
  SetDefaultPolicyVersion: ramNamed('policy'),
  ListPolicyVersions: ramNamed('policy'),
  DeletePolicyVersion: ramNamed('policy'),
  GetPolicyVersion: ramNamed('policy'),
  AttachPolicyToUser: both(ramNamed('user'), ramNamed('policy')),
  DetachPolicyFromUser: both(ramNamed('user'), ramNamed('policy')),
  ListPoliciesForUser: ramNamed('user'),
  CreateGroup: ramNamed('group'),
  GetGroup: ramNamed('group'),
  DeleteGroup: ramNamed('group'),
  ListGroups: ramAll('group'),
  AddUserToGroup: both(ramNamed('group'), ramNamed('user')),
  RemoveUserFromGroup: both(ramNamed('group'), ramNamed('user')),
  ListGroupsForUser: ramNamed('user'),
  ListUsersForGroup: ramNamed('group'),
  AttachPolicyToGroup: both(ramNamed('group'), ramNamed('policy')),
  DetachPolicyFromGroup: both(ramNamed('group'), ramNamed('policy')),
  ListPoliciesForGroup: ramNamed('group'),
  CreateRole: ramNamed('role'),
  GetRole: ramNamed('role'),
  ListRoles: ramAll('role'),
  DeleteRole: ramNamed('role'),
  UpdateRole: ramNamed('role'),
  AttachPolicyToRole: both(ramNamed('role'), ramNamed('policy')),
  DetachPolicyFromRole: both(ramNamed('role'), ramNamed('policy')),
  ListPoliciesForRole: ramNamed('role'),
}

/** STS (2015-04-01) actions (the RAM action is `sts:<name>`). */
export const STS_AUTHORIZATION: Readonly<Record<string, AuthorizationEntry>> = {
  AssumeRole: { resources: [{ from: 'roleArn', param: 'RoleArn' }] },
  GetCallerIdentity: 'none',
}

const BY_SERVICE: Readonly<Record<string, Readonly<Record<string, AuthorizationEntry>>>> = {
  kms: KMS_AUTHORIZATION,
  ram: RAM_AUTHORIZATION,
  sts: STS_AUTHORIZATION,
}

/** Splits `kms:Encrypt` (a bare `Encrypt` means kms) and finds its entry; undefined for unknown actions. */
export function authorizationOf(action: string): { service: string; name: string; entry: AuthorizationEntry } | undefined {
  const colon = action.indexOf(':')
  const service = colon < 0 ? 'kms' : action.slice(0, colon)
  const name = colon < 0 ? action : action.slice(colon + 1)
  const table = BY_SERVICE[service]
  const entry = table && Object.hasOwn(table, name) ? table[name] : undefined
  return entry === undefined ? undefined : { service, name, entry }
}
