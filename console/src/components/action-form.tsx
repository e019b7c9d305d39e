/**
 * A form generated from the action registry: one labelled field per declared parameter (select for enums,
 * checkbox for booleans, number for integers, text areas for JSON, lists and long text), with the server's
 * own description as the hint. Parameters the page already knows (a KeyId) are passed as `fixed`.
 */
import { useId, useState } from 'preact/hooks'
import type { ComponentChildren } from 'preact'
import { actionInfo, type ParamInfo } from '../api/registry'
import { encodeValues, type Values } from '../api/encode'
import type { ApiResult, Params } from '../api/client'
import { useApi } from '../context'
import { ErrorNotice } from './notice'


export interface ActionFormProps {
  action: string
  /** The API version of the action's product; KMS when absent. */
  version?: string
  fixed?: Params
  /** Parameters shown first; the others go under "More options". All are shown when absent. */
  primary?: string[]
  omit?: string[]
  initial?: Values
  submitLabel?: string
  /** Show the response (without RequestId) below the form. */
  showResult?: boolean
  onDone?(result: ApiResult, sent: Record<string, string>): void
  /** Extra content next to a field, e.g. a "Generate" button for a password. */
  extras?: Record<string, (set: (v: string) => void) => ComponentChildren>
}

const LONG_TEXT = /Policy|Data|Document|Plaintext|Ciphertext|Blob|Digest|Value$/

function initialValue(p: ParamInfo): string | boolean {
  if (p.kind === 'boolean') return p.default === true
  if (p.default !== undefined && p.kind !== 'json') return String(p.default)
  return ''
}

function wire(params: Params): Record<string, string> {
  return Object.fromEntries(Object.entries(params).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])))
}

function Field(props: { p: ParamInfo; id: string; value: string | boolean; set(v: string | boolean): void; extra?: ComponentChildren }) {
  const { p, id, value, set } = props
  const hintId = `${id}-hint`
  const label = (
    <label for={id}>
      {p.name}
      {p.required && <span class="required"> (required)</span>}
    </label>
  )
  const common = { id, name: p.name, 'aria-describedby': p.description ? hintId : undefined, required: p.required }
  let input: ComponentChildren
  if (p.kind === 'boolean') {
    return (
      <div class="field checkbox">
        <input type="checkbox" {...common} required={false} checked={value === true} onChange={(e) => set(e.currentTarget.checked)} />
        {label}
        {p.description && <p id={hintId} class="hint">{p.description}</p>}
      </div>
    )
  } else if (p.values) {
    input = (
      <select {...common} value={String(value)} onChange={(e) => set(e.currentTarget.value)}>
        {!p.required && <option value="">{p.default === undefined ? '(not set)' : `(default: ${String(p.default)})`}</option>}
        {p.values.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    )
  } else if (p.kind === 'integer') {
    input = <input type="number" {...common} min={p.min} max={p.max} value={String(value)} onInput={(e) => set(e.currentTarget.value)} />
  } else if (p.kind === 'json' || p.kind === 'list' || p.kind === 'objectList' || p.kind === 'base64' || LONG_TEXT.test(p.name) || (p.maxLength ?? 0) > 4096) {
    input = <textarea {...common} rows={p.kind === 'list' ? 3 : 4} spellcheck={false} value={String(value)} onInput={(e) => set(e.currentTarget.value)} />
  } else {
    const text = { ...common, autoComplete: 'off', spellcheck: false, maxLength: p.maxLength, value: String(value), onInput: (e: { currentTarget: HTMLInputElement }) => set(e.currentTarget.value) }
    // Passwords are typed or generated, so they are shown: the user must keep them, as Alibaba's console does.
    input = <input type="text" {...text} />
  }
  return (
    <div class="field">
      {label}
      <div class="control">
        {input}
        {props.extra}
      </div>
      {p.description && (
        <p id={hintId} class="hint">
          {p.description}
          {p.kind === 'list' && ' One per line.'}
        </p>
      )}
    </div>
  )
}

export function ActionForm(props: ActionFormProps) {
  const api = useApi()
  const uid = useId()
  const info = actionInfo(props.action, props.version)
  const fixed = props.fixed ?? {}
  const shown = (info?.params ?? []).filter((p) => !(p.name in fixed) && !props.omit?.includes(p.name))
  const [values, setValues] = useState<Values>(() => Object.fromEntries(shown.map((p) => [p.name, props.initial?.[p.name] ?? initialValue(p)])))
  const [error, setError] = useState<Error>()
  const [result, setResult] = useState<ApiResult>()
  const [busy, setBusy] = useState(false)
  if (!info) return <p class="muted">{props.action} is not available on this server.</p>
  const primary = props.primary ? shown.filter((p) => props.primary!.includes(p.name) || p.required) : shown
  const more = props.primary ? shown.filter((p) => !primary.includes(p)) : []
  const field = (p: ParamInfo) => (
    <Field
      key={p.name}
      p={p}
      id={`${uid}-${p.name}`}
      value={values[p.name] ?? ''}
      set={(v) => setValues((s) => ({ ...s, [p.name]: v }))}
      extra={props.extras?.[p.name]?.((v) => setValues((s) => ({ ...s, [p.name]: v })))}
    />
  )
  async function submit(e: Event) {
    e.preventDefault()
    setBusy(true)
    setError(undefined)
    setResult(undefined)
    try {
      const params = { ...encodeValues(shown, values), ...wire(fixed) }
      const r = await api.call(props.action, params, props.version)
      setResult(r)
      props.onDone?.(r, params)
    } catch (err) {
      setError(err as Error)
    } finally {
      setBusy(false)
    }
  }
  const { RequestId: _omitted, ...shownResult } = result ?? {}
  return (
    <form class="action-form" aria-label={props.submitLabel ?? props.action} onSubmit={submit}>
      {primary.map(field)}
      {more.length > 0 && (
        <details>
          <summary>More options</summary>
          {more.map(field)}
        </details>
      )}
      <div class="buttons">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Working…' : (props.submitLabel ?? props.action)}
        </button>
      </div>
      <ErrorNotice error={error} />
      {props.showResult && result && (
        <div class="result" role="status">
          <h4>Result of {props.action}</h4>
          <pre>{JSON.stringify(shownResult, null, 2)}</pre>
        </div>
      )}
    </form>
  )
}
