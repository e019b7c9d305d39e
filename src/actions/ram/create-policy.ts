import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { policyDocumentParam, policyNameParam } from '../ram-params.js'
import { policyView } from '../ram-views.js'
import { KmsError } from '../../domain/errors.js'
import { UniqueViolation } from '../../store/store.js'
import { parsePolicyDocument } from '../../domain/policy/document.js'
import { identityChanged } from '../../services/identity/directory.js'
import { systemPolicy } from '../../services/identity/system-policies.js'

export const CreatePolicy = defineAction({
  name: 'CreatePolicy',
  description: 'Creates a custom policy with its first version (v1, the default).',
  params: {
    PolicyName: policyNameParam(),
    PolicyDocument: policyDocumentParam(),
    Description: p.string({ maxLength: 1024, description: 'Description, at most 1024 characters.' }),
  },
  errors: ['EntityAlreadyExists.Policy', 'MalformedPolicyDocument'],
  async handle(q, ctx) {
    parsePolicyDocument(q.PolicyDocument)
    if (systemPolicy(q.PolicyName)) throw new KmsError('EntityAlreadyExists.Policy', `A system policy is named ${q.PolicyName}.`)
    const now = ctx.clock.now()
    const policy = { policyName: q.PolicyName, description: q.Description ?? '', defaultVersion: 'v1', nextVersion: 2, createdAt: now, updatedAt: now }
    try {
      await ctx.store.tx(async (tx) => {
        await tx.identity.policies.insert(policy)
        await tx.identity.policyVersions.insert({ policyName: q.PolicyName, versionId: 'v1', document: q.PolicyDocument, createdAt: now })
        await identityChanged(tx, q.PolicyName)
      })
    } catch (e) {
      if (e instanceof UniqueViolation) throw new KmsError('EntityAlreadyExists.Policy', `The policy does already exist: ${q.PolicyName}.`)
      throw e
    }
    return { Policy: policyView({ ...policy, policyType: 'Custom', document: q.PolicyDocument }) }
  },
})
