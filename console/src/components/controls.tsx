import { useId, useState } from 'preact/hooks'
import type { ComponentChildren } from 'preact'
import type { ApiResult, Params } from '../api/client'
import { useApi } from '../context'
import { ErrorNotice } from './notice'

/** One API call on a click, confirmed first when it destroys something; errors show next to the button. */
export function ActionButton(props: {
  action: string
  version?: string
  params: Params
  label: string
  confirm?: string
  danger?: boolean
  onDone?(r: ApiResult): void
}) {
  const api = useApi()
  const [error, setError] = useState<Error>()
  const [busy, setBusy] = useState(false)
  async function run() {
    if (props.confirm && !window.confirm(props.confirm)) return
    setBusy(true)
    setError(undefined)
    try {
      props.onDone?.(await api.call(props.action, props.params, props.version))
    } catch (e) {
      setError(e as Error)
    } finally {
      setBusy(false)
    }
  }
  return (
    <span class="action-button">
      <button type="button" class={props.danger ? 'danger' : ''} disabled={busy} onClick={run}>
        {props.label}
      </button>
      <ErrorNotice error={error} />
    </span>
  )
}

/** A section opened and closed by a button (aria-expanded), for forms that should not crowd the page. */
export function Toggle(props: { label: string; children: ComponentChildren; open?: boolean }) {
  const [open, setOpen] = useState(props.open ?? false)
  const id = useId()
  return (
    <div class="toggle">
      <button type="button" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        <span aria-hidden="true" class="caret">{open ? '▾' : '▸'}</span> {props.label}
      </button>
      <div id={id} hidden={!open} class="toggle-body">
        {open && props.children}
      </div>
    </div>
  )
}

export function Section(props: { title: string; children: ComponentChildren; actions?: ComponentChildren }) {
  const id = useId()
  return (
    <section aria-labelledby={id} class="card">
      <div class="card-head">
        <h2 id={id}>{props.title}</h2>
        {props.actions}
      </div>
      {props.children}
    </section>
  )
}
