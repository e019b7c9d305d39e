/** Role parameters shared by CreateRole and UpdateRole. */
import { p } from './params.js'
import { parsePolicyDocument } from '../domain/policy/document.js'

export const trustPolicyParam = (name: string, required: boolean) =>
  p.string({ required, maxLength: 4096, description: `${name}: the trust policy (JSON, Version "1") naming who may assume the role.` })

export const maxSessionDurationParam = (withDefault: boolean) =>
  p.integer({ min: 3600, max: 43200, ...(withDefault ? { default: 3600 } : {}), description: 'Longest STS session, in seconds (3600-43200).' })

export const roleDescriptionParam = (name: string) => p.string({ maxLength: 1024, allowEmpty: true, description: `${name}: at most 1024 characters.` })

/** Checks a trust policy (throws MalformedPolicyDocument) and returns it as given. */
export function checkTrustPolicy(text: string): string {
  parsePolicyDocument(text, { kind: 'trust' })
  return text
}
