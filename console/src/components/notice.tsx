import { ApiError } from '../api/client'

/** An API refusal shown as such: Alibaba's error code, its message and the request id to look it up. */
export function ErrorNotice({ error }: { error?: Error }) {
  if (!error) return null
  if (error instanceof ApiError) {
    // 403 is a refusal (RAM, key or secret policy); Alibaba's Forbidden.*NotFound codes are 404s, plain errors.
    const refused = error.status === 403
    return (
      <div class="notice error" role="alert">
        <strong>{refused ? 'Refused' : 'Error'}: </strong>
        <code class="error-code">{error.code}</code>
        {error.status > 0 && <span class="status"> (HTTP {error.status})</span>}
        <p class="error-message">{error.message}</p>
        {error.requestId && <p class="request-id">RequestId {error.requestId}</p>}
      </div>
    )
  }
  return (
    <div class="notice error" role="alert">
      <strong>Error: </strong>
      <span class="error-message">{error.message}</span>
    </div>
  )
}

export function Done({ text }: { text?: string }) {
  if (!text) return null
  return (
    <p class="notice ok" role="status">
      {text}
    </p>
  )
}

export function Loading({ when }: { when: boolean }) {
  return when ? <p aria-live="polite" class="muted">Loading…</p> : null
}
