/** Secrets: the list (filters by name, type and tag; paging) and the creation form. */
import { useState } from 'preact/hooks'
import { useApi } from '../context'
import { items, useLoad } from '../hooks'
import { paramValues } from '../api/registry'
import { ActionForm } from '../components/action-form'
import { Section, Toggle } from '../components/controls'
import { DataTable, Tags } from '../components/table'
import { ErrorNotice, Loading } from '../components/notice'
import { Pager } from '../components/pager'

const PAGE_SIZE = 10

export function SecretsPage() {
  const api = useApi()
  const [filters, setFilters] = useState({ SecretName: '', SecretType: '', TagKey: '' })
  const [applied, setApplied] = useState(filters)
  const [page, setPage] = useState(1)
  const list = useLoad(async () => {
    const f = Object.entries(applied)
      .filter(([, v]) => v.trim() !== '')
      .map(([Key, v]) => ({ Key, Values: [v.trim()] }))
    const r = await api.call('ListSecrets', { PageNumber: page, PageSize: PAGE_SIZE, FetchTags: true, Filters: f.length ? JSON.stringify(f) : undefined })
    return { rows: items(r.SecretList, 'Secret'), total: Number(r.TotalCount ?? 0) }
  }, [applied, page])
  const text = (name: 'SecretName' | 'TagKey', label: string) => (
    <div class="field inline">
      <label for={`sfilter-${name}`}>{label}</label>
      <input id={`sfilter-${name}`} value={filters[name]} onInput={(e) => setFilters({ ...filters, [name]: e.currentTarget.value })} />
    </div>
  )
  return (
    <>
      <h1>Secrets</h1>
      <Section title="Create a secret">
        <Toggle label="Create secret">
          <ActionForm
            action="CreateSecret"
            primary={['SecretName', 'VersionId', 'SecretData', 'SecretDataType', 'EncryptionKeyId', 'Description', 'Tags']}
            initial={{ VersionId: 'v1' }}
            submitLabel="Create secret"
            onDone={() => list.reload()}
          />
        </Toggle>
      </Section>
      <Section title="Your secrets">
        <form
          class="filters"
          aria-label="Filter secrets"
          onSubmit={(e) => {
            e.preventDefault()
            setPage(1)
            setApplied(filters)
          }}
        >
          {text('SecretName', 'Name')}
          <div class="field inline">
            <label for="sfilter-SecretType">Type</label>
            <select id="sfilter-SecretType" value={filters.SecretType} onChange={(e) => setFilters({ ...filters, SecretType: e.currentTarget.value })}>
              <option value="">Any</option>
              {paramValues('CreateSecret', 'SecretType').map((v) => (
                <option key={v}>{v}</option>
              ))}
            </select>
          </div>
          {text('TagKey', 'Tag key')}
          <button type="submit">Apply filters</button>
        </form>
        <ErrorNotice error={list.error} />
        <Loading when={list.loading} />
        {list.data && (
          <>
            <DataTable
              showCaption
              caption={`Secrets (${list.data.total})`}
              rowKey={(s) => s.SecretName}
              rows={list.data.rows}
              empty="No secret matches."
              columns={[
                { label: 'Name', render: (s) => <a href={`#/secrets/${encodeURIComponent(s.SecretName)}`}>{s.SecretName}</a> },
                { label: 'Type', render: (s) => s.SecretType },
                { label: 'Tags', render: (s) => <Tags tags={items(s.Tags, 'Tag')} /> },
                { label: 'Created', render: (s) => s.CreateTime },
                { label: 'Updated', render: (s) => s.UpdateTime },
                { label: 'Deletion planned', render: (s) => s.PlannedDeleteTime ?? '' },
              ]}
            />
            <Pager page={page} pageSize={PAGE_SIZE} total={list.data.total} onPage={setPage} />
          </>
        )}
      </Section>
    </>
  )
}
