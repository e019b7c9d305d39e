/** Parameters and errors shared by the tag actions (kept outside src/actions/tags/, which holds only actions). */
import { p } from './params.js'
import type { ErrorCode } from '../domain/errors.js'

/** RegionId + ResourceType + ResourceId.N of TagResources, UntagResources and ListTagResources (spec §6.4). */
export const pluralTargetParams = <const R extends boolean>(required: R) => ({
  RegionId: p.string({ required: true, maxLength: 64, description: 'Must be the region this server serves.' }),
  ResourceType: p.oneOf(['key', 'secret'], { required: true, description: 'key or secret.' }),
  ResourceId: p.list({
    required,
    maxItems: 50,
    itemMaxLength: 512,
    description: required
      ? 'ResourceId.N: key ids (or aliases, ARNs) or secret names, up to 50.'
      : 'ResourceId.N: only these resources (up to 50).',
  }),
})

/** Errors of every tag write: the target lookup, and the state rule for keys pending deletion. */
export const TAG_WRITE_ERRORS = [
  'MissingParameter',
  'InvalidParameter',
  'Forbidden.KeyNotFound',
  'Forbidden.AliasNotFound',
  'Forbidden.ResourceNotFound',
  'Rejected.PendingDeletion',
] as const satisfies readonly ErrorCode[]

/** Errors of the plural tag actions, which answer with Alibaba's tag-service codes (domain/tags.ts TagErrorStyle). */
export const PLURAL_TAG_ERRORS = [
  'MissingParameter',
  'InvalidParameter',
  'InvalidParameter.TagKey',
  'Duplicate.TagKey',
  'InvalidResourceId.NotFound',
  'Rejected.PendingDeletion',
] as const satisfies readonly ErrorCode[]
