/**
 * The hooks the two request pipelines call: `begin` when a request arrives, `admit` before any work (refuses
 * at once while the audit log cannot persist, unless it fails open), and `end` with the outcome, which
 * records exactly one audit event and the request metrics, and waits for the event to be persisted before
 * the response may go out. Everything the event holds comes from the trace's named fields (event-builder.ts).
 */
import { KmsErrors, isKmsError, type KmsError } from '../domain/errors.js'
import { buildEvent } from './event-builder.js'
import type { HeaderLike, ObserverOptions, Plane, RequestTrace } from './trace.js'

export type { HeaderLike, ObserverOptions, Plane, RequestTrace } from './trace.js'

export interface RequestObserver {
  begin(plane: Plane, requestId: string, req: { headers: HeaderLike; remoteAddress?: string }): RequestTrace
  /** Throws ServiceUnavailableTemporary while the audit log cannot persist and the server fails closed. */
  admit(trace: RequestTrace): void
  /** Records the outcome; returns `response`, or `refuse(…)`'s answer when the event could not be persisted. */
  end<R extends { status: number }>(trace: RequestTrace, error: unknown, response: R, refuse: (e: KmsError) => R): Promise<R>
}

export function auditUnavailable(): KmsError {
  return KmsErrors.of('ServiceUnavailableTemporary', 'Service Unavailable Temporary. The audit log cannot record requests now.')
}

/** For pipelines built without observation. */
export const UNOBSERVED: RequestObserver = {
  begin: (plane, requestId, req) => ({ plane, requestId, time: Date.now(), started: 0, headers: req.headers, remoteAddress: req.remoteAddress ?? '' }),
  admit: () => undefined,
  end: async (_trace, _error, response) => response,
}

export function createRequestObserver(opts: ObserverOptions): RequestObserver {
  return {
    begin(plane, requestId, req) {
      opts.metrics?.started(plane)
      return { plane, requestId, time: opts.now(), started: performance.now(), headers: req.headers, remoteAddress: req.remoteAddress ?? '' }
    },

    admit() {
      if (opts.audit && !opts.audit.healthy && !opts.failOpen) throw auditUnavailable()
    },

    async end(trace, error, response, refuse) {
      const seconds = (performance.now() - trace.started) / 1000
      let final = response
      let code = error === undefined ? 'Success' : isKmsError(error) ? error.code : 'InternalFailure'
      if (opts.audit) {
        const aap = trace.clientKeyId ? await opts.aapOf?.(trace.clientKeyId).catch(() => undefined) : undefined
        const event = buildEvent(trace, { error, status: response.status, latencyMs: Math.round(seconds * 1000), aap, opts })
        const persisted = await opts.audit.record(event)
        if (!persisted) {
          if (opts.failOpen) {
            opts.log.warn({ requestId: trace.requestId, chain: opts.audit.chainId }, 'audit event not persisted; request served (fail open)')
          } else {
            const refusal = auditUnavailable()
            final = refuse(refusal)
            code = refusal.code
          }
        }
      }
      const known = trace.action !== undefined && opts.isKnownAction(trace.plane, trace.action)
      opts.metrics?.finished(trace.plane, known ? (trace.action as string) : 'unknown', code, final.status, seconds)
      return final
    },
  }
}
