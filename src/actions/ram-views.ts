/** RAM response shapes (API 2015-05-01), field for field as the RAM SDK's models read them. */
import type { RamGroupRecord, RamRoleRecord, RamUserRecord, AccessKeyRecord, RamPolicyVersionRecord } from '../store/store.js'
import type { ResolvedPolicy } from '../services/identity/directory.js'
import { formatUtc } from '../domain/time.js'
import { principalArn } from '../services/identity/arns.js'

export const userView = (u: RamUserRecord) => ({
  UserId: u.userId,
  UserName: u.userName,
  DisplayName: u.displayName,
  Email: u.email,
  MobilePhone: u.mobilePhone,
  Comments: u.comments,
  CreateDate: formatUtc(u.createdAt),
  UpdateDate: formatUtc(u.updatedAt),
})

export const groupView = (g: RamGroupRecord) => ({
  GroupId: g.groupId,
  GroupName: g.groupName,
  Comments: g.comments,
  CreateDate: formatUtc(g.createdAt),
  UpdateDate: formatUtc(g.updatedAt),
})

export const roleView = (r: RamRoleRecord, accountId: string, withDocument = true) => ({
  RoleId: r.roleId,
  RoleName: r.roleName,
  Arn: principalArn.role(accountId, r.roleName),
  Description: r.description,
  ...(withDocument ? { AssumeRolePolicyDocument: r.assumeRolePolicyDocument } : {}),
  MaxSessionDuration: r.maxSessionDuration,
  CreateDate: formatUtc(r.createdAt),
  UpdateDate: formatUtc(r.updatedAt),
})

export const accessKeyView = (k: AccessKeyRecord) => ({
  AccessKeyId: k.accessKeyId,
  Status: k.status,
  CreateDate: formatUtc(k.createdAt),
})

export const policyView = (p: ResolvedPolicy, attachmentCount?: number) => ({
  PolicyName: p.policyName,
  PolicyType: p.policyType,
  Description: p.description,
  DefaultVersion: p.defaultVersion,
  CreateDate: formatUtc(p.createdAt),
  UpdateDate: formatUtc(p.updatedAt),
  ...(attachmentCount !== undefined ? { AttachmentCount: attachmentCount } : {}),
})

export const policyVersionView = (v: RamPolicyVersionRecord, defaultVersion: string) => ({
  VersionId: v.versionId,
  IsDefaultVersion: v.versionId === defaultVersion,
  PolicyDocument: v.document,
  CreateDate: formatUtc(v.createdAt),
})
