import { useCallback, useEffect, useState } from 'preact/hooks'
import { ApiError } from './api/client'

export interface Loaded<T> {
  data?: T
  error?: ApiError | Error
  loading: boolean
  reload(): void
}

/** Runs `load` now and whenever `deps` change or `reload()` is called; keeps the last error for display. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true })
  const [tick, setTick] = useState(0)
  useEffect(() => {
    let live = true
    setState((s) => ({ ...s, loading: true }))
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error: Error) => live && setState({ error, loading: false }),
    )
    return () => {
      live = false
    }
  }, [...deps, tick])
  const reload = useCallback(() => setTick((t) => t + 1), [])
  return { ...state, reload }
}

/** Items of an Alibaba list field such as `Keys.Key`, which may be absent, an array or (XML habit) one object. */
export function items<T = Record<string, any>>(container: unknown, field: string): T[] {
  const v = (container as Record<string, unknown> | undefined)?.[field]
  if (v === undefined || v === null) return []
  return (Array.isArray(v) ? v : [v]) as T[]
}
