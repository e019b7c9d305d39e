import type { KeyVersionRecord } from '../../store/repos/keys.js'
import { formatUtc } from '../../domain/time.js'

/** `{KeyId, KeyVersionId, CreationDate}` as CreateKeyVersion, DescribeKeyVersion and ListKeyVersions return it. */
export function keyVersionView(v: KeyVersionRecord): { KeyId: string; KeyVersionId: string; CreationDate: string } {
  return { KeyId: v.keyId, KeyVersionId: v.keyVersionId, CreationDate: formatUtc(v.createdAt) }
}
