/** Parameters shared by the RAM actions (API 2015-05-01), with RAM's documented limits. */
import { p } from './params.js'
import { KmsErrors } from '../domain/errors.js'

const USER_NAME = { minLength: 1, maxLength: 64, pattern: /^[A-Za-z0-9._-]+$/, patternHint: 'Use letters, digits, periods, underscores and hyphens.' }

export const userNameParam = (description = 'RAM user name: 1-64 letters, digits, . _ -.') =>
  p.string({ required: true, ...USER_NAME, description })

export const optionalUserNameParam = (description: string) => p.string({ ...USER_NAME, description })

export const groupNameParam = () =>
  p.string({ required: true, minLength: 1, maxLength: 64, pattern: /^[A-Za-z0-9-]+$/, patternHint: 'Use letters, digits and hyphens.', description: 'Group name: 1-64 letters, digits, -.' })

export const roleNameParam = () =>
  p.string({ required: true, minLength: 1, maxLength: 64, pattern: /^[A-Za-z0-9.-]+$/, patternHint: 'Use letters, digits, periods and hyphens.', description: 'Role name: 1-64 letters, digits, . -.' })

export const policyNameParam = () =>
  p.string({ required: true, minLength: 1, maxLength: 128, pattern: /^[A-Za-z0-9-]+$/, patternHint: 'Use letters, digits and hyphens.', description: 'Policy name: 1-128 letters, digits, -.' })

export const policyTypeParam = () => p.oneOf(['System', 'Custom'] as const, { required: true, description: 'System (built in) or Custom.' })

export const policyDocumentParam = () =>
  p.string({ required: true, maxLength: 6144, description: 'Policy document (JSON, Version "1"), at most 6144 characters.' })

export const commentsParam = (name = 'Comments') => p.string({ maxLength: 128, allowEmpty: true, description: `${name}: at most 128 characters.` })

export const markerParam = () => p.string({ maxLength: 512, description: 'The Marker of the previous page, when IsTruncated was true.' })

export const maxItemsParam = () => p.integer({ min: 1, max: 1000, default: 100, description: 'Entries per page, 1 to 1000.' })

/** RAM pages by name: the Marker is the last name of the page, opaque to callers. */
export function markerAfter(marker: string | undefined): string | undefined {
  if (marker === undefined) return undefined
  const name = Buffer.from(marker, 'base64url').toString('utf8')
  if (name.length === 0 || Buffer.from(name, 'utf8').toString('base64url') !== marker) throw KmsErrors.invalidParameter('Marker')
  return name
}

/** Pages `list` (which takes the name after which to start) into RAM's `{IsTruncated, Marker}` shape. */
export async function pageByName<T>(
  list: (after: string | undefined, limit: number) => Promise<T[]>,
  nameOf: (item: T) => string,
  marker: string | undefined,
  maxItems: number,
): Promise<{ items: T[]; IsTruncated: boolean; Marker?: string }> {
  const rows = await list(markerAfter(marker), maxItems + 1)
  const items = rows.slice(0, maxItems)
  if (rows.length <= maxItems) return { items, IsTruncated: false }
  return { items, IsTruncated: true, Marker: Buffer.from(nameOf(items[items.length - 1]!), 'utf8').toString('base64url') }
}
