/**
 * THE error catalog. Every error openkms can return is declared here once, with Alibaba's code and HTTP
 * status; code elsewhere throws through the factories in `KmsErrors` and never builds error strings itself.
 * Codes and statuses follow the Alibaba KMS error centre (spec/kms-openapi.md §3 and spec/kms-instance-api.md §1).
 */

export interface ErrorDef {
  readonly status: number
  /** Default message, used when a factory does not give a more precise one. */
  readonly message: string
}

export const ERROR_CATALOG = {
  // Gateway / authentication (control plane)
  MissingParameter: { status: 400, message: 'The input parameter that is mandatory for processing this request is not supplied.' },
  InvalidParameter: { status: 400, message: 'The specified parameter is not valid.' },
  IncompleteSignature: { status: 400, message: 'The request signature does not conform to Aliyun standards.' },
  SignatureDoesNotMatch: { status: 400, message: 'Specified signature is not matched with our calculation.' },
  'InvalidTimeStamp.Expired': { status: 400, message: 'Specified time stamp or date value is expired.' },
  'InvalidTimeStamp.Format': { status: 400, message: 'Specified time stamp or date value is not well formatted.' },
  SignatureNonceUsed: { status: 400, message: 'Specified signature nonce was used already.' },
  'InvalidAccessKeyId.NotFound': { status: 404, message: 'Specified access key is not found.' },
  'InvalidAccessKeyId.Inactive': { status: 400, message: 'Specified access key is disabled.' },
  InvalidVersion: { status: 400, message: 'Specified parameter Version is not valid.' },
  'InvalidAction.NotFound': { status: 404, message: 'Specified api is not found, please check your url and method.' },
  UnsupportedHTTPMethod: { status: 403, message: 'This http method is not supported.' },
  'Rejected.Throttling': { status: 429, message: 'The QPS upper limit is exceeded.' },
  InternalFailure: { status: 500, message: 'Internal Failure.' },
  ServiceUnavailableTemporary: { status: 503, message: 'Service Unavailable Temporary.' },
  RequestTimeout: { status: 408, message: 'The request was not received within the time allowed.' },

  // KMS service errors
  'Forbidden.KeyNotFound': { status: 404, message: 'The specified Key is not found.' },
  'Forbidden.KeyVersionNotFound': { status: 404, message: 'The specified Key version is not found.' },
  'Forbidden.AliasNotFound': { status: 404, message: 'The specified Alias is not found.' },
  'Forbidden.ResourceNotFound': { status: 404, message: 'The resource is not found.' },
  'Forbidden.DKMSInstanceNotFound': { status: 403, message: 'The specified DKMS Instance is not found.' },
  'InvalidResourceId.NotFound': { status: 404, message: 'The specified ResourceIds are not found in our records.' },
  'Duplicate.TagKey': { status: 400, message: 'The Tag.N.Key contains duplicate keys.' },
  'InvalidParameter.TagKey': { status: 400, message: 'The Tag.N.Key parameter is invalid.' },
  'Forbidden.NoPermission': { status: 403, message: 'This operation is forbidden by permission system.' },
  'Forbidden.AccessKey': { status: 403, message: 'This AccessKey is not enabled.' },
  ParseRequestParameterException: { status: 400, message: 'Server parse parameters exception. Please check your input params.' },
  'Rejected.LimitExceeded': { status: 400, message: 'The request was rejected because user create resource limit was exceeded.' },
  AliasAlreadyExists: { status: 400, message: 'AliasName Already Exists.' },
  InvalidKeyMaterial: { status: 400, message: 'key material is invalid.' },
  InvalidImportToken: { status: 400, message: 'import token is invalid.' },
  ExpiredImportToken: { status: 400, message: 'import token is expired.' },
  'Unsupported.Origin': { status: 400, message: 'This key origin is not valid for this api.' },
  'Unsupported.Alias': { status: 400, message: 'Alias is not valid for this api.' },
  'Unsupported.ProtectionLevel': { status: 400, message: 'This protection level is not valid for this region.' },
  'Rejected.UnsupportedOperation': { status: 400, message: 'Unsupported operation.' },
  'Rejected.StateModifiedFailed': { status: 409, message: 'Keystate modified failed.' },
  'Rejected.Enabled': { status: 409, message: 'The request was rejected because the key state is Enabled.' },
  'Rejected.Disabled': { status: 409, message: 'The request was rejected because the key state is Disabled.' },
  'Rejected.PendingDeletion': { status: 409, message: 'The request was rejected because the key state is PendingDeletion.' },
  'Rejected.PendingImport': { status: 409, message: 'The request was rejected because the key state is PendingImport.' },
  'Rejected.ResourceExist': { status: 409, message: 'The resource already exists.' },
  'Rejected.ResourceInDeleteWindow': { status: 409, message: 'The secret is planned to be deleted.' },
  'Rejected.ResourceInUse': { status: 409, message: 'The resource is still referenced and cannot be deleted.' },
  DryRunOperationError: { status: 400, message: 'Request would have succeeded, but DryRun flag is set.' },
  ValidationError: { status: 400, message: 'The request failed validation.' },
  AccessDeniedError: { status: 403, message: 'Access denied.' },

  // RAM (2015-05-01) and STS (2015-04-01) on the same endpoint; docs/identity.md "Errors"
  'EntityNotExist.User': { status: 404, message: 'The user does not exist.' },
  'EntityAlreadyExists.User': { status: 409, message: 'The user does already exist.' },
  'EntityNotExist.Group': { status: 404, message: 'The group does not exist.' },
  'EntityAlreadyExists.Group': { status: 409, message: 'The group does already exist.' },
  'EntityNotExist.Role': { status: 404, message: 'The role does not exist.' },
  'EntityAlreadyExists.Role': { status: 409, message: 'The role does already exist.' },
  'EntityNotExist.Policy': { status: 404, message: 'The policy does not exist.' },
  'EntityAlreadyExists.Policy': { status: 409, message: 'The policy does already exist.' },
  'EntityNotExist.Policy.Version': { status: 404, message: 'The policy version does not exist.' },
  'EntityNotExist.User.AccessKey': { status: 404, message: 'The accesskey does not exist.' },
  'EntityNotExist.User.Group': { status: 404, message: 'The user is not a member of the group.' },
  'EntityAlreadyExists.User.Group': { status: 409, message: 'The user is already a member of the group.' },
  'EntityNotExist.Policy.Attachment': { status: 404, message: 'The policy is not attached to the principal.' },
  'EntityAlreadyExists.Policy.Attachment': { status: 409, message: 'The policy is already attached to the principal.' },
  'LimitExceeded.User.AccessKey': { status: 409, message: 'The count of accesskey per user exceeds limit (2).' },
  'LimitExceeded.Policy.Version': { status: 409, message: 'The count of policy versions exceeds limit (5).' },
  'DeleteConflict.User.AccessKey': { status: 409, message: 'The user has accesskeys; delete them first.' },
  'DeleteConflict.User.Group': { status: 409, message: 'The user is a member of groups; remove it from them first.' },
  'DeleteConflict.User.Policy': { status: 409, message: 'The user has policies attached; detach them first.' },
  'DeleteConflict.Group.User': { status: 409, message: 'The group has members; remove them first.' },
  'DeleteConflict.Group.Policy': { status: 409, message: 'The group has policies attached; detach them first.' },
  'DeleteConflict.Role.Policy': { status: 409, message: 'The role has policies attached; detach them first.' },
  'DeleteConflict.Policy.User': { status: 409, message: 'The policy is attached to users, groups or roles; detach it first.' },
  'DeleteConflict.Policy.Version': { status: 409, message: 'The policy has versions other than the default; delete them first.' },
  'DeleteConflict.PolicyVersion.Default': { status: 409, message: 'The default version of a policy cannot be deleted.' },
  'InvalidParameter.RoleArn': { status: 400, message: 'The parameter RoleArn is wrongly formed.' },
  'InvalidParameter.RoleSessionName': { status: 400, message: 'The parameter RoleSessionName is wrongly formed.' },
  'InvalidParameter.PolicyGrammar': { status: 400, message: 'The parameter Policy has not passed grammar check.' },
  MissingSecurityToken: { status: 400, message: 'SecurityToken is mandatory for this action.' },
  'InvalidParameter.DurationSeconds': { status: 400, message: 'The Min/Max value of DurationSeconds is 15min/the MaxSessionDuration of the role.' },
  'InvalidSecurityToken.Expired': { status: 400, message: 'Specified SecurityToken is expired.' },
  'InvalidSecurityToken.Malformed': { status: 400, message: 'Specified SecurityToken is malformed.' },
  'InvalidSecurityToken.MismatchWithAccessKey': { status: 400, message: 'Specified SecurityToken mismatch with the AccessKey.' },

  // KMS instance API (data plane); see spec/kms-instance-api.md §1 "What the server must check"
  InvalidApiVersion: { status: 400, message: 'The ApiVersion is invalid.' },
  InvalidApiName: { status: 400, message: 'The ApiName is invalid.' },
  InvalidParam: { status: 400, message: 'The Param is invalid.' },
  RequestTimeTooSkewed: { status: 400, message: 'Request time exceeds server time more than 15 minutes.' },
  Unauthorized: { status: 404, message: 'The AccessKey ID does not exist in our records.' },
  InvalidContentType: { status: 415, message: 'Content-Type is unsupported.' },
  SignatureNotMatch: { status: 401, message: 'Signature is not matched.' },
  UnsupportedOperation: { status: 400, message: 'Rejected.UnsupportedOperation' },
  RequestEntityTooLarge: { status: 413, message: 'The request body is too large.' },

  // Identity (RAM policies, STS); see docs/identity.md
  'Forbidden.RAM': { status: 403, message: "User not authorized to operate on the specified resource, or this API doesn't support RAM." },
  NoPermission: { status: 403, message: 'You are not authorized to do this action. You should be authorized by RAM.' },
  MalformedPolicyDocument: { status: 400, message: 'The policy document is malformed.' },
} as const satisfies Record<string, ErrorDef>

export type ErrorCode = keyof typeof ERROR_CATALOG

/** The only error type the protocol layers render; anything else becomes InternalFailure. */
export class KmsError extends Error {
  readonly code: ErrorCode
  readonly status: number
  constructor(code: ErrorCode, message?: string) {
    const def: ErrorDef = ERROR_CATALOG[code]
    super(message ?? def.message)
    this.name = 'KmsError'
    this.code = code
    this.status = def.status
  }
}

export function isKmsError(e: unknown): e is KmsError {
  return e instanceof KmsError
}

/** Factories: the single place where messages with details are composed. */
export const KmsErrors = {
  of: (code: ErrorCode, message?: string) => new KmsError(code, message),
  missingParameter: (name: string) =>
    new KmsError('MissingParameter', `The input parameter "${name}" that is mandatory for processing this request is not supplied.`),
  invalidParameter: (name: string, why?: string) =>
    new KmsError('InvalidParameter', `The specified parameter "${name}" is not valid.${why ? ` ${why}` : ''}`),
  parseFailure: (name: string, why: string) =>
    new KmsError('InvalidParameter', `The specified parameter "${name}" is not valid. ${why}`),
  incompleteSignature: (why: string) =>
    new KmsError('IncompleteSignature', `The request signature does not conform to Aliyun standards. ${why}`),
  signatureMismatch: (stringToSign?: string) =>
    new KmsError(
      'SignatureDoesNotMatch',
      stringToSign === undefined
        ? ERROR_CATALOG.SignatureDoesNotMatch.message
        : `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`,
    ),
  timestampExpired: (value: string) =>
    new KmsError('InvalidTimeStamp.Expired', `Specified time stamp or date value is expired. (${value})`),
  timestampFormat: (value: string) =>
    new KmsError('InvalidTimeStamp.Format', `Specified time stamp or date value is not well formatted. (${value})`),
  nonceUsed: () => new KmsError('SignatureNonceUsed'),
  accessKeyNotFound: () => new KmsError('InvalidAccessKeyId.NotFound'),
  accessKeyInactive: () => new KmsError('InvalidAccessKeyId.Inactive'),
  invalidVersion: (v: string) => new KmsError('InvalidVersion', `Specified parameter Version is not valid. (${v})`),
  actionNotFound: (a: string) =>
    new KmsError('InvalidAction.NotFound', `Specified api "${a}" is not found, please check your url and method.`),
  methodNotSupported: (m: string) => new KmsError('UnsupportedHTTPMethod', `This http method (${m}) is not supported.`),
  internal: () => new KmsError('InternalFailure'),

  keyNotFound: (id?: string) =>
    new KmsError('Forbidden.KeyNotFound', id ? `The specified Key "${id}" is not found.` : undefined),
  /** Decrypt-style calls: the key version a CiphertextBlob names does not exist (here, or any more). */
  ciphertextKeyNotFound: () =>
    new KmsError('Forbidden.KeyNotFound', 'The specified Key is not found: the key version that encrypted CiphertextBlob does not exist.'),
  keyVersionNotFound: (id?: string) =>
    new KmsError('Forbidden.KeyVersionNotFound', id ? `The specified Key version "${id}" is not found.` : undefined),
  aliasNotFound: (name?: string) =>
    new KmsError('Forbidden.AliasNotFound', name ? `The specified Alias "${name}" is not found.` : undefined),
  dkmsInstanceNotFound: (id: string) => new KmsError('Forbidden.DKMSInstanceNotFound', `The specified DKMS Instance "${id}" is not found.`),
  resourceIdNotFound: (id: string) =>
    new KmsError('InvalidResourceId.NotFound', `The specified ResourceIds are not found in our records: "${id}".`),
  duplicateTagKey: (param: string, key: string) => new KmsError('Duplicate.TagKey', `The ${param} contains the key "${key}" more than once.`),
  invalidTagKey: (param: string, why: string) => new KmsError('InvalidParameter.TagKey', `The ${param} parameter is invalid. ${why}`),
  resourceNotFound: (what?: string) =>
    new KmsError('Forbidden.ResourceNotFound', what ? `The resource "${what}" is not found.` : undefined),
  noPermission: (resource?: string) =>
    new KmsError(
      'Forbidden.NoPermission',
      resource ? `This operation for "${resource}" is forbidden by permission system.` : undefined,
    ),
  aliasExists: (name: string) => new KmsError('AliasAlreadyExists', `AliasName "${name}" Already Exists.`),
  limitExceeded: (what: string) =>
    new KmsError('Rejected.LimitExceeded', `The request was rejected because the ${what} limit was exceeded.`),
  unsupportedOperation: (why: string) => new KmsError('Rejected.UnsupportedOperation', `Unsupported operation. ${why}`),
  unsupportedOrigin: (why?: string) => new KmsError('Unsupported.Origin', why),
  invalidImportToken: (why: string) => new KmsError('InvalidImportToken', `import token is invalid. ${why}`),
  expiredImportToken: (expiredAt: string) =>
    new KmsError('ExpiredImportToken', `import token is expired (at ${expiredAt}). Call GetParametersForImport for a new one.`),
  invalidKeyMaterial: (why: string) => new KmsError('InvalidKeyMaterial', `key material is invalid. ${why}`),
  unsupportedProtectionLevel: (why: string) => new KmsError('Unsupported.ProtectionLevel', why),
  stateModifiedFailed: (why?: string) =>
    new KmsError('Rejected.StateModifiedFailed', why ? `Keystate modified failed. ${why}` : undefined),
  /** 409 for a key that is not in a state that allows the operation. */
  keyState: (state: 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport') =>
    new KmsError(`Rejected.${state}`),
  resourceExists: (what?: string) =>
    new KmsError('Rejected.ResourceExist', what ? `The resource "${what}" already exists.` : undefined),
  resourceInUse: (what: string, by: string) =>
    new KmsError('Rejected.ResourceInUse', `The resource "${what}" is still referenced by ${by} and cannot be deleted.`),
  restoreNotDeleted: (secretName: string) =>
    new KmsError('Rejected.ResourceInUse', `The secret "${secretName}" is not scheduled for deletion, so there is nothing to restore.`),
  inDeleteWindow: (what?: string) =>
    new KmsError('Rejected.ResourceInDeleteWindow', what ? `The secret "${what}" is planned to be deleted.` : undefined),
  dryRun: () => new KmsError('DryRunOperationError'),
  /** A KMS call refused by RAM policies (key/secret policies included); names the action, never the resource. */
  ramDenied: (action: string) =>
    new KmsError('Forbidden.RAM', `User not authorized to operate on the specified resource, or this API doesn't support RAM. (${action})`),
  /** A RAM or STS call refused by RAM policies. */
  identityDenied: (action: string) =>
    new KmsError('NoPermission', `You are not authorized to do this action. You should be authorized by RAM. (${action})`),
  malformedPolicy: (why: string) => new KmsError('MalformedPolicyDocument', `The policy document is malformed. ${why}`),
}
