/**
 * Built-in ("System") policies, named as Alibaba names its own, so scripts that attach `AliyunKMSFullAccess`
 * work unchanged. Only policies over the three products openkms serves exist; their documents are fixed here
 * and cannot be changed or deleted (docs/identity.md "System policies").
 */
export interface SystemPolicy {
  name: string
  description: string
  document: string
}

const doc = (actions: string[]) => JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] })

export const SYSTEM_POLICIES: readonly SystemPolicy[] = [
  { name: 'AdministratorAccess', description: 'Full access to every product (KMS, RAM, STS).', document: doc(['*']) },
  { name: 'AliyunKMSFullAccess', description: 'Full access to KMS.', document: doc(['kms:*']) },
  { name: 'AliyunKMSReadOnlyAccess', description: 'Read-only access to KMS metadata (no secret values, no cryptography).', document: doc(['kms:List*', 'kms:Describe*', 'kms:GetKeyPolicy', 'kms:GetSecretPolicy']) },
  {
    name: 'AliyunKMSCryptoUserAccess',
    description: 'Use KMS keys for cryptographic operations and read their metadata.',
    document: doc([
      'kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext',
      'kms:GenerateAndExportDataKey', 'kms:ExportDataKey', 'kms:AsymmetricEncrypt', 'kms:AsymmetricDecrypt',
      'kms:AsymmetricSign', 'kms:AsymmetricVerify', 'kms:GetPublicKey', 'kms:DescribeKey', 'kms:DescribeKeyVersion',
      'kms:ListKeys', 'kms:ListAliases', 'kms:ListKeyVersions',
    ]),
  },
  { name: 'AliyunKMSSecretAdminAccess', description: 'Manage and read KMS secrets.', document: doc(['kms:*Secret*', 'kms:GetRandomPassword']) },
  { name: 'AliyunRAMFullAccess', description: 'Manage users, groups, roles and policies (RAM).', document: doc(['ram:*']) },
  { name: 'AliyunRAMReadOnlyAccess', description: 'Read RAM users, groups, roles and policies.', document: doc(['ram:Get*', 'ram:List*']) },
  { name: 'AliyunSTSAssumeRoleAccess', description: 'Call STS AssumeRole.', document: doc(['sts:AssumeRole']) },
]

const BY_NAME = new Map(SYSTEM_POLICIES.map((p) => [p.name, p]))

export function systemPolicy(name: string): SystemPolicy | undefined {
  return BY_NAME.get(name)
}

/** System policies exist since the account does; this fixed date is what they report as created. */
export const SYSTEM_POLICY_DATE = Date.UTC(2015, 3, 28, 16, 21, 49)
