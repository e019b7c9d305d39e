import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { KMS_AUTHORIZATION, RAM_AUTHORIZATION, STS_AUTHORIZATION, authorizationOf } from './action-resources.js'

const RAM_ACTIONS = `CreateUser GetUser ListUsers UpdateUser DeleteUser CreateAccessKey ListAccessKeys UpdateAccessKey DeleteAccessKey
CreatePolicy GetPolicy ListPolicies DeletePolicy CreatePolicyVersion SetDefaultPolicyVersion ListPolicyVersions DeletePolicyVersion
AttachPolicyToUser DetachPolicyFromUser ListPoliciesForUser CreateGroup GetGroup ListGroups DeleteGroup AddUserToGroup
RemoveUserFromGroup ListGroupsForUser AttachPolicyToGroup DetachPolicyFromGroup ListPoliciesForGroup CreateRole GetRole ListRoles
DeleteRole AttachPolicyToRole DetachPolicyFromRole ListPoliciesForRole GetPolicyVersion ListUsersForGroup UpdateRole`.split(/\s+/)

describe('action → resource table', () => {
  it('covers every RAM and STS action of the identity APIs', () => {
    assert.deepEqual(Object.keys(RAM_AUTHORIZATION).sort(), [...RAM_ACTIONS].sort())
    assert.deepEqual(Object.keys(STS_AUTHORIZATION).sort(), ['AssumeRole', 'GetCallerIdentity'])
  })

  it('only DescribeRegions and GetCallerIdentity need no permission', () => {
    const free = [
      ...Object.entries(KMS_AUTHORIZATION).map(([n, e]) => [`kms:${n}`, e] as const),
      ...Object.entries(RAM_AUTHORIZATION).map(([n, e]) => [`ram:${n}`, e] as const),
      ...Object.entries(STS_AUTHORIZATION).map(([n, e]) => [`sts:${n}`, e] as const),
    ]
      .filter(([, e]) => e === 'none')
      .map(([n]) => n)
    assert.deepEqual(free.sort(), ['kms:DescribeRegions', 'sts:GetCallerIdentity'])
  })

  it('finds entries by RAM action, a bare name meaning kms, and nothing for unknown or inherited names', () => {
    assert.equal(authorizationOf('kms:Encrypt')?.name, 'Encrypt')
    assert.equal(authorizationOf('Encrypt')?.service, 'kms')
    assert.equal(authorizationOf('sts:AssumeRole')?.service, 'sts')
    assert.equal(authorizationOf('kms:toString'), undefined)
    assert.equal(authorizationOf('kms:__proto__'), undefined)
    assert.equal(authorizationOf('oss:GetObject'), undefined)
  })
})
