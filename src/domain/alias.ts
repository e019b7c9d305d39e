/** Alias rules (spec §4.7). */
import { KmsErrors } from './errors.js'

export const ALIAS_PREFIX = 'alias/'
const MAX_NAME_AFTER_PREFIX = 255
const ALIAS_CHARS = /^[A-Za-z0-9_/-]+$/
/** Names under `alias/acs` belong to cloud services; Alibaba refuses them for users (spec §4.7). */
const RESERVED_PREFIX = 'alias/acs'

/**
 * Checks an alias name and returns it unchanged: `alias/` followed by 1–255 ASCII letters, digits, `_`, `-`
 * or `/`, not in the reserved `alias/acs` space. Refusals are InvalidParameter naming `param`.
 */
export function validateAliasName(name: string, param = 'AliasName'): string {
  if (!name.startsWith(ALIAS_PREFIX)) throw KmsErrors.invalidParameter(param, `An alias name must start with "${ALIAS_PREFIX}".`)
  const rest = name.slice(ALIAS_PREFIX.length)
  if (rest.length === 0 || rest.length > MAX_NAME_AFTER_PREFIX)
    throw KmsErrors.invalidParameter(param, `The part after "${ALIAS_PREFIX}" must be 1 to ${MAX_NAME_AFTER_PREFIX} characters long.`)
  if (!ALIAS_CHARS.test(rest))
    throw KmsErrors.invalidParameter(param, 'An alias name may contain only letters, digits, "_", "-" and "/".')
  if (name.startsWith(RESERVED_PREFIX))
    throw KmsErrors.invalidParameter(param, `Alias names starting with "${RESERVED_PREFIX}" are reserved.`)
  return name
}
