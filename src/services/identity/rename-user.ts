/**
 * UpdateUser with NewUserName: the name is the key of the user's memberships, attachments and AccessKeys, so
 * they move with it in the same transaction (AccessKeys keep their ids and secrets).
 */
import type { Repos, RamUserRecord } from '../../store/store.js'
import { identityChanged } from './directory.js'

export async function renameUser(tx: Repos, old: RamUserRecord, renamed: RamUserRecord): Promise<RamUserRecord> {
  await tx.identity.users.insert({ ...renamed, userId: `${old.userId}~` })
  for (const m of await tx.identity.members.groupsOf(old.userName)) {
    await tx.identity.members.remove(m.groupName, old.userName)
    await tx.identity.members.add({ ...m, userName: renamed.userName })
  }
  for (const a of await tx.identity.attachments.ofPrincipal('User', old.userName)) {
    await tx.identity.attachments.detach('User', old.userName, a.policyType, a.policyName)
    await tx.identity.attachments.attach({ ...a, principalName: renamed.userName })
  }
  for (const k of await tx.accessKeys.list(old.userName)) {
    await tx.accessKeys.put({ ...k, userName: renamed.userName })
    await tx.notify('accessKey', k.accessKeyId)
  }
  await tx.identity.users.delete(old.userName)
  // The user id is unique: the new row took a placeholder until the old row was gone.
  await tx.identity.users.update(renamed)
  await identityChanged(tx, old.userName)
  await identityChanged(tx, renamed.userName)
  return renamed
}
