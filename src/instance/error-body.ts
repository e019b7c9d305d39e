import { encodeMessage } from '../instance-wire/proto.js'

/**
 * Renders an error as the instance API's protobuf `Error` body (spec/kms-instance-api.md §1 "Response"):
 * the SDKs decode it into Code/Message/RequestId, and a non-protobuf error body would make the Go SDK fail
 * with an unmarshal error instead of a clean error.
 */
export function encodeInstanceError(err: { status: number; code: string; message: string }, requestId: string): Buffer {
  return encodeMessage('Error', {
    StatusCode: err.status,
    ErrorCode: err.code,
    ErrorMessage: err.message,
    RequestId: requestId,
  })
}
