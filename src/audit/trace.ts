/** What the request observer (request-observer.ts) and the event builder share: the trace of one request and the observer's options. */
import type { Logger } from 'pino'
import type { ArnScope } from '../domain/arn.js'
import type { Principal } from '../domain/principal.js'
import type { AuditLog } from './audit-log.js'
import type { RequestMetrics } from '../metrics/request-metrics.js'

export type Plane = 'openapi' | 'instance'

export type HeaderLike = Record<string, string | string[] | undefined>

/** What a pipeline learns about a request as it goes; the observer reads it at `end`. */
export interface RequestTrace {
  readonly plane: Plane
  readonly requestId: string
  /** Epoch ms when the request arrived. */
  readonly time: number
  readonly started: number
  readonly headers: HeaderLike
  readonly remoteAddress: string
  /** The action or instance API, once known to be one. */
  action?: string
  /** Decoded parameters (control plane) or request message (instance API); only allow-listed names are read. */
  params?: Readonly<Record<string, unknown>>
  /** Control plane, once the signature verified. */
  caller?: { accessKeyId: string; principal?: Principal }
  /** Instance API, once the signature verified. */
  clientKeyId?: string
}

export interface ObserverOptions {
  /** Absent: requests are not audited (in-process tools, tests that build pipelines by hand). */
  audit?: AuditLog
  failOpen: boolean
  metrics?: RequestMetrics
  scope: ArnScope
  now: () => number
  log: Logger
  /** The caller's address from the TCP peer and X-Forwarded-For of trusted proxies. */
  clientAddress(peer: string, forwardedFor: string | undefined): string
  /** Names known to the registry (control plane) or the instance API, for metric labels. */
  isKnownAction(plane: Plane, name: string): boolean
  /** The application access point of a client key, from the grant cache. */
  aapOf?(clientKeyId: string): Promise<string | undefined>
}
