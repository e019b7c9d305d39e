import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ACTIONS, RAM, STS } from '../../actions/index.js'
import { KMS_AUTHORIZATION, RAM_AUTHORIZATION, STS_AUTHORIZATION, authorizationOf } from './action-resources.js'

const RAM_ACTIONS = `CreateUser GetUser ListUsers UpdateUser DeleteUser CreateAccessKey ListAccessKeys UpdateAccessKey DeleteAccessKey
CreatePolicy GetPolicy ListPolicies DeletePolicy CreatePolicyVersion SetDefaultPolicyVersion ListPolicyVersions DeletePolicyVersion
AttachPolicyToUser DetachPolicyFromUser ListPoliciesForUser CreateGroup GetGroup ListGroups DeleteGroup AddUserToGroup
RemoveUserFromGroup ListGroupsForUser AttachPolicyToGroup DetachPolicyFromGroup ListPoliciesForGroup CreateRole GetRole ListRoles
DeleteRole AttachPolicyToRole DetachPolicyFromRole ListPoliciesForRole`.split(/\s+/)

describe('action → resource table', () => {
  it('has an entry for every registered KMS action, and none for actions that do not exist', () => {
    const registered = new Set(ACTIONS.map((a) => a.name))
    const missing = [...registered].filter((n) => !Object.hasOwn(KMS_AUTHORIZATION, n))
    assert.deepEqual(missing, [], `actions without an authorisation entry: ${missing.join(', ')}`)
    const stale = Object.keys(KMS_AUTHORIZATION).filter((n) => !registered.has(n))
    assert.deepEqual(stale, [], `entries for unknown actions: ${stale.join(', ')}`)
  })

  it('covers every RAM and STS action of the identity APIs, exactly the registered ones', () => {
    for (const name of RAM_ACTIONS) assert.ok(Object.hasOwn(RAM_AUTHORIZATION, name), name)
    assert.deepEqual(Object.keys(RAM_AUTHORIZATION).sort(), RAM.actions.map((a) => a.name).sort())
    assert.deepEqual(Object.keys(STS_AUTHORIZATION).sort(), STS.actions.map((a) => a.name).sort())
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
