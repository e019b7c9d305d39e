/**
 * The audit event, in ActionTrail's shape (eventId, eventName, eventTime, userIdentity, sourceIpAddress,
 * errorCode…), plus `additionalEventData` for what ActionTrail has no field for. Built only from named,
 * allow-listed values (request-parameters.ts): never from a copy of the request.
 */
export type IdentityType = 'root-account' | 'ram-user' | 'assumed-role' | 'client-key' | 'anonymous'

export interface UserIdentity {
  type: IdentityType
  accountId: string
  principalId?: string
  /** The AccessKeyId that signed (control plane); absent when the request named none. */
  accessKeyId?: string
  arn?: string
  userName?: string
  roleName?: string
  sessionName?: string
  /** Instance API: the client key that signed, and its application access point. */
  clientKeyId?: string
  applicationAccessPoint?: string
}

export interface AuditEvent {
  eventId: string
  eventVersion: 1
  /** ISO-8601 UTC with milliseconds. */
  eventTime: string
  eventType: 'ApiCall'
  eventRW: 'Read' | 'Write'
  /** The host the request was sent to. */
  eventSource: string
  /** The action (control plane) or API name (instance API); empty when the request named none. */
  eventName: string
  serviceName: 'Kms'
  acsRegion: string
  apiVersion: string
  requestId: string
  sourceIpAddress: string
  userAgent: string
  recipientAccountId: string
  userIdentity: UserIdentity
  /** ActionTrail's resource fields: types and ARNs, `;`-separated, in the same order. */
  resourceType?: string
  resourceName?: string
  /** Allow-listed, non-secret parameters only. */
  requestParameters?: Record<string, string>
  errorCode?: string
  errorMessage?: string
  additionalEventData: {
    plane: 'openapi' | 'instance'
    httpStatus: number
    latencyMs: number
    /** The process chain that recorded the event (also on the record). */
    node?: string
  }
}

const READ_ACTIONS = /^(Describe|List|Get|Query|Check)/

export function eventRW(name: string): 'Read' | 'Write' {
  return READ_ACTIONS.test(name) ? 'Read' : 'Write'
}
