/** Whose AccessKeys a RAM AccessKey action addresses: `UserName`, or else the caller's own. */
import type { Caller } from './define-action.js'
import type { Repos, AccessKeyRecord } from '../store/store.js'
import { KmsError, KmsErrors } from '../domain/errors.js'
import { optionalUserNameParam } from './ram-params.js'
import { requireUser } from '../services/identity/directory.js'

export const akUserNameParam = () => optionalUserNameParam('RAM user whose AccessKeys these are; absent: the caller (the account itself for its own AccessKeys).')

/** The owner as stored (`undefined`: the account's own AccessKeys), after checking the user exists. */
export async function accessKeyOwner(repos: Repos, userName: string | undefined, caller: Caller): Promise<string | undefined> {
  if (userName !== undefined) return (await requireUser(repos, userName)).userName
  if (caller.principal.kind === 'root') return undefined
  if (caller.principal.kind === 'user') return caller.principal.userName
  throw KmsErrors.missingParameter('UserName')
}

/** The AccessKey `accessKeyId` of `owner`; another owner's key is reported as not found. */
export async function requireOwnedKey(repos: Repos, accessKeyId: string, owner: string | undefined): Promise<AccessKeyRecord> {
  const key = await repos.accessKeys.get(accessKeyId)
  if (!key || key.userName !== owner) throw new KmsError('EntityNotExist.User.AccessKey', `The accesskey does not exist: ${accessKeyId}.`)
  return key
}
