/** Role parameters shared by CreateRole and UpdateRole. */
import { p } from './params.js'
import { parsePolicyDocument } from '../domain/policy/document.js'

const TRUST = (name: string) => `${name}: the trust policy (JSON, Version "1") naming who may assume the role.`
export const trustPolicyParam = (name: string) => p.string({ required: true, maxLength: 4096, description: TRUST(name) })
export const newTrustPolicyParam = (name: string) => p.string({ maxLength: 4096, description: TRUST(name) })

const DURATION = 'Longest STS session, in seconds (3600-43200).'
export const maxSessionDurationParam = () => p.integer({ min: 3600, max: 43200, default: 3600, description: DURATION })
export const newMaxSessionDurationParam = () => p.integer({ min: 3600, max: 43200, description: DURATION })

export const roleDescriptionParam = (name: string) => p.string({ maxLength: 1024, allowEmpty: true, description: `${name}: at most 1024 characters.` })

/** Checks a trust policy (throws MalformedPolicyDocument) and returns it as given. */
export function checkTrustPolicy(text: string): string {
  parsePolicyDocument(text, { kind: 'trust' })
  return text
}
