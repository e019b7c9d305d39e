import type { AliasRecord } from '../../store/repos/aliases.js'
import { arn, type ArnScope } from '../../domain/arn.js'

/** `{AliasName, AliasArn, KeyId}` as the alias list actions return each entry (spec §7). */
export function aliasView(alias: AliasRecord, scope: ArnScope): { AliasName: string; AliasArn: string; KeyId: string } {
  return { AliasName: alias.aliasName, AliasArn: arn.alias(scope, alias.aliasName), KeyId: alias.keyId }
}
