/**
 * The identity part of a seed file: custom policies, groups, users (with their groups), roles, and which
 * policies are attached to each, applied through the RAM actions so a seed obeys the API's validation. What
 * exists is left as it is (reported as existing); attachments and memberships are added when missing.
 */
import { Type, type Static } from '@sinclair/typebox'
import type { ActionContext } from '../actions/define-action.js'
import { dispatch } from '../actions/dispatch.js'
import { RAM } from '../actions/index.js'
import { isKmsError, type ErrorCode } from '../domain/errors.js'
import { systemPolicy } from '../services/identity/system-policies.js'

/** A policy by name: custom unless it is one of the built-in system policies, or given explicitly. */
const PolicyRef = Type.Union([Type.String(), Type.Object({ PolicyName: Type.String(), PolicyType: Type.Union([Type.Literal('System'), Type.Literal('Custom')]) }, { additionalProperties: false })])
/** A policy document, as JSON text or as the object itself. */
const Document = Type.Union([Type.String(), Type.Object({}, { additionalProperties: true })])

export const SeedIdentity = {
  Policies: Type.Optional(Type.Array(Type.Object({ PolicyName: Type.String(), PolicyDocument: Document, Description: Type.Optional(Type.String()) }, { additionalProperties: false }))),
  Groups: Type.Optional(Type.Array(Type.Object({ GroupName: Type.String(), Comments: Type.Optional(Type.String()), Policies: Type.Optional(Type.Array(PolicyRef)) }, { additionalProperties: false }))),
  Users: Type.Optional(
    Type.Array(
      Type.Object(
        {
          UserName: Type.String(),
          DisplayName: Type.Optional(Type.String()),
          Comments: Type.Optional(Type.String()),
          Groups: Type.Optional(Type.Array(Type.String())),
          Policies: Type.Optional(Type.Array(PolicyRef)),
        },
        { additionalProperties: false },
      ),
    ),
  ),
  Roles: Type.Optional(
    Type.Array(
      Type.Object(
        {
          RoleName: Type.String(),
          AssumeRolePolicyDocument: Document,
          Description: Type.Optional(Type.String()),
          MaxSessionDuration: Type.Optional(Type.Integer()),
          Policies: Type.Optional(Type.Array(PolicyRef)),
        },
        { additionalProperties: false },
      ),
    ),
  ),
}

type Doc = { [K in keyof typeof SeedIdentity]?: Static<(typeof SeedIdentity)[K]> }
interface Report {
  created: string[]
  existing: string[]
}

export async function applyIdentitySeed(ctx: ActionContext, doc: Doc, report: Report): Promise<void> {
  const call = async (action: string, params: Record<string, string | undefined>, exists: ErrorCode, label: string) => {
    const raw = Object.fromEntries(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined))
    try {
      await dispatch(action, raw, ctx, RAM)
      report.created.push(label)
    } catch (e) {
      if (!isKmsError(e) || e.code !== exists) throw new Error(`seed ${label}: ${isKmsError(e) ? `${e.code}: ${e.message}` : String(e)}`)
      report.existing.push(label)
    }
  }
  const text = (d: string | object) => (typeof d === 'string' ? d : JSON.stringify(d))
  const attach = async (type: 'User' | 'Group' | 'Role', name: string, refs: ReadonlyArray<Static<typeof PolicyRef>> = []) => {
    for (const ref of refs) {
      const policyName = typeof ref === 'string' ? ref : ref.PolicyName
      const policyType = typeof ref === 'string' ? (systemPolicy(ref) ? 'System' : 'Custom') : ref.PolicyType
      await call(`AttachPolicyTo${type}`, { PolicyType: policyType, PolicyName: policyName, [`${type}Name`]: name }, 'EntityAlreadyExists.Policy.Attachment', `${type.toLowerCase()} ${name} policy ${policyName}`)
    }
  }
  for (const p of doc.Policies ?? [])
    await call('CreatePolicy', { PolicyName: p.PolicyName, PolicyDocument: text(p.PolicyDocument), Description: p.Description }, 'EntityAlreadyExists.Policy', `policy ${p.PolicyName}`)
  for (const g of doc.Groups ?? []) {
    await call('CreateGroup', { GroupName: g.GroupName, Comments: g.Comments }, 'EntityAlreadyExists.Group', `group ${g.GroupName}`)
    await attach('Group', g.GroupName, g.Policies)
  }
  for (const u of doc.Users ?? []) {
    await call('CreateUser', { UserName: u.UserName, DisplayName: u.DisplayName, Comments: u.Comments }, 'EntityAlreadyExists.User', `user ${u.UserName}`)
    for (const g of u.Groups ?? []) await call('AddUserToGroup', { UserName: u.UserName, GroupName: g }, 'EntityAlreadyExists.User.Group', `user ${u.UserName} group ${g}`)
    await attach('User', u.UserName, u.Policies)
  }
  for (const r of doc.Roles ?? []) {
    await call(
      'CreateRole',
      { RoleName: r.RoleName, AssumeRolePolicyDocument: text(r.AssumeRolePolicyDocument), Description: r.Description, MaxSessionDuration: r.MaxSessionDuration?.toString() },
      'EntityAlreadyExists.Role',
      `role ${r.RoleName}`,
    )
    await attach('Role', r.RoleName, r.Policies)
  }
}
