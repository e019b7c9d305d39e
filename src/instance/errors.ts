/**
 * The instance API has its own error vocabulary (spec/kms-instance-api.md §1 "What the server must check", 10–11):
 * the shared services raise the control plane's codes, and this maps the few that differ, keeping the detailed
 * message. Everything that is not a KmsError becomes 500 InternalFailure.
 */
import { KmsErrors, isKmsError, type KmsError } from '../domain/errors.js'

/** The instance-API error for anything a handler threw. */
export function toInstanceError(e: unknown): KmsError {
  if (!isKmsError(e)) return KmsErrors.internal()
  switch (e.code) {
    case 'Forbidden.AliasNotFound':
      return KmsErrors.of('Forbidden.KeyNotFound', `The key Key ID or Alias does not exist in the system. ${e.message}`)
    case 'Forbidden.KeyVersionNotFound':
      return KmsErrors.of('Forbidden.KeyNotFound', e.message)
    case 'Rejected.UnsupportedOperation':
      return KmsErrors.of('UnsupportedOperation', `Rejected.UnsupportedOperation: ${e.message.replace(/^Unsupported operation\. /, '')}`)
    default:
      return e
  }
}
