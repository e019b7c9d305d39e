import { defineAction } from '../define-action.js'

export const GetCallerIdentity = defineAction({
  name: 'GetCallerIdentity',
  description: 'Returns who the request acts as: the account, a RAM user or an assumed role session.',
  params: {},
  errors: [],
  async handle(_q, ctx) {
    const p = ctx.caller.principal
    const base = { AccountId: p.accountId, Arn: p.arn }
    if (p.kind === 'user') return { ...base, IdentityType: 'RAMUser', UserId: p.userId, PrincipalId: p.userId }
    if (p.kind === 'assumed-role') return { ...base, IdentityType: 'AssumedRoleUser', RoleId: p.roleId, PrincipalId: `${p.roleId}:${p.sessionName}` }
    return { ...base, IdentityType: 'Account', UserId: p.accountId, PrincipalId: p.accountId }
  },
})
