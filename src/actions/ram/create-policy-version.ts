import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { policyDocumentParam, policyNameParam } from '../ram-params.js'
import { policyVersionView } from '../ram-views.js'
import { KmsError } from '../../domain/errors.js'
import { parsePolicyDocument } from '../../domain/policy/document.js'
import { identityChanged, requirePolicy } from '../../services/identity/directory.js'

/** RAM keeps at most five versions of a custom policy. */
const MAX_VERSIONS = 5

export const CreatePolicyVersion = defineAction({
  name: 'CreatePolicyVersion',
  description: 'Adds a version to a custom policy, optionally making it the default (which takes effect on the next request everywhere).',
  params: {
    PolicyName: policyNameParam(),
    PolicyDocument: policyDocumentParam(),
    SetAsDefault: p.boolean({ default: false, description: 'Make the new version the default.' }),
    RotateStrategy: p.oneOf(['None', 'DeleteOldestNonDefaultVersionWhenLimitExceeded'] as const, {
      default: 'None',
      description: 'At the limit of 5 versions: fail (None) or delete the oldest version that is not the default.',
    }),
  },
  errors: ['EntityNotExist.Policy', 'MalformedPolicyDocument', 'LimitExceeded.Policy.Version'],
  async handle(q, ctx) {
    parsePolicyDocument(q.PolicyDocument)
    const { version, defaultVersion } = await ctx.store.tx(async (tx) => {
      const policy = await requirePolicy(tx, 'Custom', q.PolicyName)
      const record = (await tx.identity.policies.get(q.PolicyName))!
      const versions = await tx.identity.policyVersions.list(q.PolicyName)
      if (versions.length >= MAX_VERSIONS) {
        const oldest = versions.find((v) => v.versionId !== policy.defaultVersion)
        if (q.RotateStrategy === 'None' || !oldest) throw new KmsError('LimitExceeded.Policy.Version')
        await tx.identity.policyVersions.delete(q.PolicyName, oldest.versionId)
      }
      const now = ctx.clock.now()
      const created = { policyName: q.PolicyName, versionId: `v${record.nextVersion}`, document: q.PolicyDocument, createdAt: now }
      await tx.identity.policyVersions.insert(created)
      const defaultVersion = q.SetAsDefault ? created.versionId : record.defaultVersion
      await tx.identity.policies.update({ ...record, nextVersion: record.nextVersion + 1, defaultVersion, updatedAt: now })
      await identityChanged(tx, q.PolicyName)
      return { version: created, defaultVersion }
    })
    return { PolicyVersion: policyVersionView(version, defaultVersion) }
  },
})
