import { MINUTE } from '../domain/time.js'

/** Fixed values of the DKMS GCS wire protocol (spec/kms-instance-api.md §1). */
export const INSTANCE_API_VERSION = 'dkms-gcs-0.2'
export const INSTANCE_SIGNATURE_METHOD = 'RSA_PKCS1_SHA_256'
export const INSTANCE_CONTENT_TYPE = 'application/x-protobuf'

/** The client key id header; the misspelling with three c's is the real header name every SDK sends. */
export const ACCESS_KEY_ID_HEADER = 'x-kms-acccesskeyid'

/** Request bodies above 3 MB are refused with 413 (taken as 3 MiB). */
export const MAX_INSTANCE_BODY_BYTES = 3 * 1024 * 1024

/** Allowed distance between the request's `date` header and the server clock. */
export const MAX_CLOCK_SKEW_MS = 15 * MINUTE
