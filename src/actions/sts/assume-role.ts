import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { formatUtc } from '../../domain/time.js'
import { assumeRole } from '../../services/identity/assume-role.js'

export const AssumeRole = defineAction({
  name: 'AssumeRole',
  description: 'Returns temporary credentials (STS AccessKey, secret and SecurityToken) acting as a RAM role, optionally narrowed by a session policy.',
  params: {
    RoleArn: p.string({ required: true, maxLength: 256, description: 'acs:ram::<account>:role/<name>.' }),
    RoleSessionName: p.string({ required: true, description: 'Session name (2-64 letters, digits, . @ - _), part of the session ARN.' }),
    DurationSeconds: p.integer({ default: 3600, description: 'Lifetime in seconds: 900 up to the role’s MaxSessionDuration.' }),
    Policy: p.string({ minLength: 1, maxLength: 2048, description: 'Session policy (JSON, at most 2048 characters): the session gets the role’s permissions that it also allows.' }),
    ExternalId: p.string({ minLength: 2, maxLength: 1224, pattern: /^[\w+=,.@:/-]+$/, patternHint: 'Use letters, digits and = , . @ : / - _.', description: 'External id, matched by sts:ExternalId in the trust policy.' }),
  },
  errors: ['InvalidParameter.RoleArn', 'InvalidParameter.RoleSessionName', 'InvalidParameter.DurationSeconds', 'InvalidParameter.PolicyGrammar', 'EntityNotExist.Role', 'NoPermission'],
  async handle(q, ctx) {
    const { session, token, roleArn } = await assumeRole(ctx, ctx.caller.principal, {
      roleArn: q.RoleArn, sessionName: q.RoleSessionName, durationSeconds: q.DurationSeconds, policy: q.Policy, externalId: q.ExternalId,
    })
    return {
      AssumedRoleUser: { AssumedRoleId: `${session.roleId}:${session.sessionName}`, Arn: `${roleArn}/${session.sessionName}` },
      Credentials: {
        AccessKeyId: session.accessKeyId,
        AccessKeySecret: session.accessKeySecret,
        SecurityToken: token,
        Expiration: formatUtc(session.expiresAt),
      },
    }
  },
})
