/**
 * `--output json|table` for command results. JSON is the response as the API returns it. A table shows the first
 * list in the result (Keys.Key, Secrets.SecretList, …) one row per item, or else the result's fields one per row;
 * nested values are printed as JSON.
 */
export type OutputFormat = 'json' | 'table'

export function parseOutputFormat(text: string | undefined): OutputFormat {
  if (text === undefined || text === 'json') return 'json'
  if (text === 'table') return 'table'
  throw new Error(`--output must be json or table, not "${text}"`)
}

export function render(result: Record<string, unknown>, format: OutputFormat): string {
  if (format === 'json') return `${JSON.stringify(result, null, 2)}\n`
  const rows = firstList(result)
  if (rows && rows.length > 0) {
    const objects = rows.map((r) => (r !== null && typeof r === 'object' && !Array.isArray(r) ? (r as Record<string, unknown>) : { Value: r }))
    const columns = [...new Set(objects.flatMap((o) => Object.keys(o)))]
    return table(columns, objects.map((o) => columns.map((c) => cell(o[c]))))
  }
  return table(['Field', 'Value'], Object.entries(result).map(([k, v]) => [k, cell(v)]))
}

function firstList(value: unknown, depth = 0): unknown[] | undefined {
  if (Array.isArray(value)) return value
  if (depth > 2 || value === null || typeof value !== 'object') return undefined
  for (const v of Object.values(value)) {
    const found = firstList(v, depth + 1)
    if (found) return found
  }
  return undefined
}

function cell(v: unknown): string {
  if (v === undefined || v === null) return ''
  return typeof v === 'string' ? v : JSON.stringify(v)
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n'
}
