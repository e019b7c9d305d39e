/** Keys: the list (filters by state, spec, usage and tag; paging), and the creation form for any spec. */
import { useState } from 'preact/hooks'
import { useApi } from '../context'
import { items, useLoad } from '../hooks'
import { paramValues } from '../api/registry'
import { ActionForm } from '../components/action-form'
import { Section, Toggle } from '../components/controls'
import { DataTable, Tags } from '../components/table'
import { ErrorNotice, Loading } from '../components/notice'
import { Pager } from '../components/pager'

interface KeyRow {
  KeyId: string
  meta?: Record<string, any>
  tags: Array<{ TagKey: string; TagValue: string }>
}

const PAGE_SIZE = 10

export function KeysPage() {
  const api = useApi()
  const [filters, setFilters] = useState({ KeyState: '', KeySpec: '', KeyUsage: '', TagKey: '', TagValue: '' })
  const [applied, setApplied] = useState(filters)
  const [page, setPage] = useState(1)
  const list = useLoad(async () => {
    const f = Object.entries(applied)
      .filter(([, v]) => v.trim() !== '')
      .map(([Key, v]) => ({ Key, Values: [v.trim()] }))
    const r = await api.call('ListKeys', { PageNumber: page, PageSize: PAGE_SIZE, Filters: f.length ? JSON.stringify(f) : undefined })
    const rows: KeyRow[] = await Promise.all(
      items<{ KeyId: string }>(r.Keys, 'Key').map(async ({ KeyId }) => {
        const [d, t] = await Promise.allSettled([api.call('DescribeKey', { KeyId }), api.call('ListResourceTags', { KeyId })])
        return {
          KeyId,
          meta: d.status === 'fulfilled' ? d.value.KeyMetadata : undefined,
          tags: t.status === 'fulfilled' ? items(t.value.Tags, 'Tag') : [],
        }
      }),
    )
    return { rows, total: Number(r.TotalCount ?? rows.length) }
  }, [applied, page])
  const select = (name: keyof typeof filters, label: string, values: string[]) => (
    <div class="field inline">
      <label for={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} value={filters[name]} onChange={(e) => setFilters({ ...filters, [name]: e.currentTarget.value })}>
        <option value="">Any</option>
        {values.map((v) => (
          <option key={v}>{v}</option>
        ))}
      </select>
    </div>
  )
  return (
    <>
      <h1>Keys</h1>
      <Section title="Create a key">
        <Toggle label="Create key">
          <ActionForm
            action="CreateKey"
            primary={['KeySpec', 'KeyUsage', 'Description', 'Tags']}
            submitLabel="Create key"
            showResult
            onDone={() => list.reload()}
          />
        </Toggle>
      </Section>
      <Section title="Your keys">
        <form
          class="filters"
          aria-label="Filter keys"
          onSubmit={(e) => {
            e.preventDefault()
            setPage(1)
            setApplied(filters)
          }}
        >
          {select('KeyState', 'State', ['Enabled', 'Disabled', 'PendingDeletion', 'PendingImport'])}
          {select('KeySpec', 'Spec', paramValues('CreateKey', 'KeySpec'))}
          {select('KeyUsage', 'Usage', paramValues('CreateKey', 'KeyUsage'))}
          <div class="field inline">
            <label for="filter-TagKey">Tag key</label>
            <input id="filter-TagKey" value={filters.TagKey} onInput={(e) => setFilters({ ...filters, TagKey: e.currentTarget.value })} />
          </div>
          <div class="field inline">
            <label for="filter-TagValue">Tag value</label>
            <input id="filter-TagValue" value={filters.TagValue} onInput={(e) => setFilters({ ...filters, TagValue: e.currentTarget.value })} />
          </div>
          <button type="submit">Apply filters</button>
        </form>
        <ErrorNotice error={list.error} />
        <Loading when={list.loading} />
        {list.data && (
          <>
            <DataTable<KeyRow>
              showCaption
              caption={`Keys (${list.data.total})`}
              rowKey={(r) => r.KeyId}
              rows={list.data.rows}
              empty="No key matches."
              columns={[
                { label: 'Key ID', render: (r) => <a href={`#/keys/${encodeURIComponent(r.KeyId)}`}>{r.KeyId}</a> },
                { label: 'Spec', render: (r) => r.meta?.KeySpec },
                { label: 'Usage', render: (r) => r.meta?.KeyUsage },
                { label: 'State', render: (r) => <span class={`state state-${r.meta?.KeyState}`}>{r.meta?.KeyState}</span> },
                { label: 'Description', render: (r) => r.meta?.Description },
                { label: 'Tags', render: (r) => <Tags tags={r.tags} /> },
                { label: 'Created', render: (r) => r.meta?.CreationDate },
              ]}
            />
            <Pager page={page} pageSize={PAGE_SIZE} total={list.data.total} onPage={setPage} />
          </>
        )}
      </Section>
    </>
  )
}
