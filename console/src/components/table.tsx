import type { ComponentChildren } from 'preact'

export interface Column<T> {
  label: string
  render(row: T): ComponentChildren
}

/** A captioned data table (the caption is for screen readers unless `showCaption`); `empty` is said when there are no rows. */
export function DataTable<T>(props: { caption: string; showCaption?: boolean; columns: Column<T>[]; rows: T[]; empty?: string; rowKey(row: T): string }) {
  return (
    <div class="table-wrap">
      <table>
        <caption class={props.showCaption ? undefined : 'sr-only'}>{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th scope="col" key={c.label}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.length === 0 ? (
            <tr>
              <td colSpan={props.columns.length} class="muted">
                {props.empty ?? 'None.'}
              </td>
            </tr>
          ) : (
            props.rows.map((r) => (
              <tr key={props.rowKey(r)}>
                {props.columns.map((c) => (
                  <td key={c.label}>{c.render(r)}</td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  )
}

/** Label/value pairs of a resource. */
export function Facts({ entries }: { entries: Array<[string, ComponentChildren]> }) {
  return (
    <dl class="facts">
      {entries.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v === undefined || v === null || v === '' ? '—' : v}</dd>
        </div>
      ))}
    </dl>
  )
}

export function Tags({ tags }: { tags: Array<{ TagKey: string; TagValue: string }> }) {
  if (tags.length === 0) return <span class="muted">—</span>
  return (
    <ul class="tags" aria-label="Tags">
      {tags.map((t) => (
        <li key={t.TagKey}>
          {t.TagKey}
          {t.TagValue ? `: ${t.TagValue}` : ''}
        </li>
      ))}
    </ul>
  )
}
