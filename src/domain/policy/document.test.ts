import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { KmsError } from '../errors.js'
import { MAX_IDENTITY_POLICY_CHARS, MAX_RESOURCE_POLICY_BYTES, parsePolicyDocument, policyJson, type ParseOptions } from './document.js'

const doc = (...Statement: unknown[]) => JSON.stringify({ Version: '1', Statement })
const allowAll = { Effect: 'Allow', Action: '*', Resource: '*' }

function refused(text: string, pattern: RegExp, options?: ParseOptions): void {
  const code = options?.kind === 'resource' ? 'InvalidParameter' : 'MalformedPolicyDocument'
  assert.throws(
    () => parsePolicyDocument(text, options),
    (e: unknown) => e instanceof KmsError && e.code === code && e.status === 400 && pattern.test(e.message),
    text.slice(0, 80),
  )
}

describe('parsePolicyDocument', () => {
  it('parses the published RAM examples and normalises strings to lists', () => {
    // "Policy elements": Action as a list with wildcards, Resource as a list of ARNs.
    const p = parsePolicyDocument(
      doc({
        Effect: 'Allow',
        Action: ['oss:ListBuckets', 'ecs:Describe*', 'rds:Describe*'],
        Resource: ['acs:ecs:*:*:instance/inst-001', 'acs:ecs:*:*:instance/inst-002', 'acs:oss:*:*:mybucket', 'acs:oss:*:*:mybucket/*'],
      }),
    )
    assert.deepEqual(p.Statement[0]?.Action, ['oss:ListBuckets', 'ecs:Describe*', 'rds:Describe*'])
    // "Conditional operators", StringEquals example: a single statement with string Action and Resource.
    const q = parsePolicyDocument(doc({ Effect: 'Allow', Action: 'ecs:*', Resource: '*', Condition: { StringEquals: { 'acs:ResourceTag/team': ['dev'] } } }))
    assert.deepEqual(q.Statement[0]?.Action, ['ecs:*'])
    assert.deepEqual(q.Statement[0]?.Resource, ['*'])
    assert.equal(JSON.stringify(q), policyJson(q))
    assert.deepEqual(JSON.parse(policyJson(q)), {
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: ['ecs:*'], Resource: ['*'], Condition: { StringEquals: { 'acs:ResourceTag/team': ['dev'] } } }],
    })
    // NotAction: everything except RAM.
    const r = parsePolicyDocument(doc({ Effect: 'Allow', NotAction: 'ram:*', Resource: '*' }))
    assert.deepEqual(r.Statement[0]?.NotAction, ['ram:*'])
  })

  it('parses Alibaba SetKeyPolicy’s example as a resource policy', () => {
    const text = JSON.stringify({
      Statement: [
        { Action: ['kms:*'], Effect: 'Allow', Principal: { RAM: ['acs:ram::119285303511****:*'] }, Resource: ['*'], Sid: 'kms default key policy' },
        {
          Action: ['kms:List*', 'kms:Describe*', 'kms:Create*', 'kms:Enable*', 'kms:Disable*', 'kms:Get*', 'kms:Set*', 'kms:Update*', 'kms:Delete*', 'kms:Cancel*', 'kms:TagResource', 'kms:UntagResource', 'kms:ImportKeyMaterial', 'kms:ScheduleKeyDeletion'],
          Effect: 'Allow',
          Principal: { RAM: ['acs:ram::119285303511****:user/for_test_policy'] },
          Resource: ['*'],
        },
      ],
      Version: '1',
    })
    const p = parsePolicyDocument(text, { kind: 'resource' })
    assert.equal(p.Statement.length, 2)
    assert.deepEqual(p.Statement[1]?.Principal, { RAM: ['acs:ram::119285303511****:user/for_test_policy'] })
  })

  it('refuses what RAM refuses, naming the statement and element', () => {
    refused('', /empty/)
    refused('{', /valid JSON/)
    refused('[]', /JSON object/)
    refused('"x"', /JSON object/)
    refused('null', /JSON object/)
    refused(JSON.stringify({ Statement: [allowAll] }), /Version must be "1"/)
    refused(JSON.stringify({ Version: 1, Statement: [allowAll] }), /Version must be "1"/)
    refused(JSON.stringify({ Version: '2012-10-17', Statement: [allowAll] }), /Version must be "1"/)
    refused(JSON.stringify({ Version: '1', Statement: [] }), /non-empty list/)
    refused(JSON.stringify({ Version: '1', Statement: allowAll }), /non-empty list/)
    refused(JSON.stringify({ Version: '1', Statement: [allowAll], Id: 'x' }), /Unsupported element "Id"/)
    refused(doc('x'), /Statement\[0\] must be an object/)
    refused(doc(allowAll, null), /Statement\[1\] must be an object/)
    refused(doc({ ...allowAll, Effect: 'allow' }), /Effect must be Allow or Deny/)
    refused(doc({ ...allowAll, Effect: undefined }), /Effect must be Allow or Deny/)
    refused(doc({ Effect: 'Allow', Resource: '*' }), /exactly one of Action and NotAction/)
    refused(doc({ ...allowAll, NotAction: 'kms:*' }), /exactly one of Action and NotAction/)
    refused(doc({ Effect: 'Allow', Action: '*' }), /Resource is required/)
    refused(doc({ ...allowAll, NotResource: 'x' }), /unsupported element "NotResource"/)
    refused(doc({ ...allowAll, Principal: '*' }), /unsupported element "Principal"/)
    refused(doc({ ...allowAll, Action: [] }), /non-empty list of strings/)
    refused(doc({ ...allowAll, Action: [1] }), /strings of 1 to 1024/)
    refused(doc({ ...allowAll, Action: [''] }), /strings of 1 to 1024/)
    refused(doc({ ...allowAll, Action: 'Encrypt' }), /not an action/)
    refused(doc({ ...allowAll, Action: 'kms:En crypt' }), /not an action/)
    refused(doc({ ...allowAll, Resource: { a: 1 } }), /Resource must be a string or a non-empty list/)
    refused(doc({ ...allowAll, Resource: 'a\u0000b' }), /printable/)
    refused(doc({ ...allowAll, Resource: 'x'.repeat(1025) }), /1 to 1024/)
    refused(doc({ ...allowAll, Sid: 'semi;colon' }), /Sid/)
    refused(doc({ ...allowAll, Sid: 7 }), /Sid/)
    refused(doc({ ...allowAll, Condition: { StringEqualz: { k: 'v' } } }), /Statement\[0\]\.Condition: unknown operator "StringEqualz"/)
    refused(doc({ ...allowAll, Condition: 'x' }), /Condition must be an object/)
  })

  it('checks resource and trust policies by their own rules', () => {
    const principal = { RAM: ['acs:ram::123:user/a'] }
    refused(doc({ ...allowAll, Action: 'kms:*' }), /Principal is required/, { kind: 'resource' })
    refused(doc({ ...allowAll, Action: 'kms:*', Principal: { Service: ['ecs.aliyuncs.com'] } }), /unsupported type "Service"/, { kind: 'resource' })
    refused(doc({ ...allowAll, Action: 'kms:*', Principal: { RAM: ['arn:aws:iam::1:root'] } }), /not a RAM principal/, { kind: 'resource' })
    refused(doc({ ...allowAll, Action: 'ram:*', Principal: principal }), /not a kms: action/, { kind: 'resource' })
    refused(doc({ Effect: 'Allow', Action: 'kms:*', Resource: 'acs:kms:*:*:key/x', Principal: principal }), /Resource must be "\*"/, { kind: 'resource' })
    assert.ok(parsePolicyDocument(doc({ Effect: 'Allow', Action: 'kms:*', Resource: '*', Principal: '*' }), { kind: 'resource' }))
    // A role's trust policy: no Resource, RAM or service principals.
    const trust = parsePolicyDocument(doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: ['acs:ram::123:root'], Service: ['ecs.aliyuncs.com'] } }), { kind: 'trust' })
    assert.equal(trust.Statement[0]?.Resource, undefined)
    refused(doc({ Effect: 'Allow', Action: 'sts:AssumeRole' }), /Principal is required/, { kind: 'trust' })
  })

  it('bounds size and depth before parsing: long documents, deep nesting, statement floods', () => {
    const long = doc({ ...allowAll, Sid: 'x' }).replace('"Sid":"x"', `"Sid":"x","Resource":"${'a'.repeat(MAX_IDENTITY_POLICY_CHARS)}"`)
    refused(long, /at most 6144 characters/)
    refused(doc(allowAll) + ' '.repeat(MAX_IDENTITY_POLICY_CHARS), /at most 6144 characters/)
    const okResource = doc({ Effect: 'Allow', Action: 'kms:*', Resource: '*', Principal: '*' })
    assert.ok(parsePolicyDocument(okResource + ' '.repeat(MAX_RESOURCE_POLICY_BYTES - okResource.length), { kind: 'resource' }))
    refused(okResource + ' '.repeat(MAX_RESOURCE_POLICY_BYTES - okResource.length + 1), /at most 32768 bytes/, { kind: 'resource' })
    refused('{"Version":"1","Statement":' + '['.repeat(3000) + ']'.repeat(3000) + '}', /nests deeper than 8/)
    refused('['.repeat(6000), /nests deeper than 8/)
    refused(doc({ ...allowAll, Condition: { StringEquals: { k: [[[[['x']]]]] } } }), /nests deeper than 8|strings, numbers or booleans/)
    // Brackets inside strings do not count as nesting.
    assert.ok(parsePolicyDocument(doc({ ...allowAll, Sid: 'a', Resource: '[[[[[[[[[[[[{{{{{{{{{{\\"' })))
    const flood = JSON.stringify({ Version: '1', Statement: Array.from({ length: 129 }, () => ({ Effect: 'Deny', Action: '*', Resource: '*' })) })
    refused(flood, /At most 128 statements/, { kind: 'trust' })
  })

  it('keeps JSON prototype keys as plain data', () => {
    refused('{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","__proto__":{"x":1}}]}', /unsupported element "__proto__"/)
    refused('{"__proto__":{"Version":"1"},"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', /Unsupported element "__proto__"/)
    refused('{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"constructor":{"k":"v"}}}]}', /unknown operator "constructor"/)
  })
})
