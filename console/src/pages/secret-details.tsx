/**
 * One secret: metadata, versions and their stages, a value revealed only when asked (and hidden again), new
 * versions, rotation, stage moves, deletion (with recovery window) and restore, rotation and secret policies.
 */
import { useState } from 'preact/hooks'
import { useApi } from '../context'
import { items, useLoad } from '../hooks'
import { ActionForm } from '../components/action-form'
import { ActionButton, Section, Toggle } from '../components/controls'
import { DataTable, Facts, Tags } from '../components/table'
import { ErrorNotice, Loading } from '../components/notice'

function RevealValue({ name, versionId }: { name: string; versionId: string }) {
  const api = useApi()
  const [value, setValue] = useState<{ data: string; type: string }>()
  const [error, setError] = useState<Error>()
  async function reveal() {
    setError(undefined)
    try {
      const r = await api.call('GetSecretValue', { SecretName: name, VersionId: versionId })
      setValue({ data: String(r.SecretData ?? ''), type: String(r.SecretDataType ?? 'text') })
    } catch (e) {
      setError(e as Error)
    }
  }
  return (
    <div class="reveal">
      {value ? (
        <>
          <button type="button" onClick={() => setValue(undefined)} aria-label={`Hide the value of version ${versionId}`}>
            Hide
          </button>
          <pre class="secret-value" aria-label={`Value of version ${versionId} (${value.type})`}>
            {value.data}
          </pre>
        </>
      ) : (
        <button type="button" onClick={reveal} aria-label={`Reveal the value of version ${versionId}`}>
          Reveal
        </button>
      )}
      <ErrorNotice error={error} />
    </div>
  )
}

export function SecretDetailsPage({ name }: { name: string }) {
  const api = useApi()
  const secret = useLoad(() => api.call('DescribeSecret', { SecretName: name, FetchTags: true }), [name])
  const versions = useLoad(
    () => api.call('ListSecretVersionIds', { SecretName: name, IncludeDeprecated: true, PageSize: 100 }).then((r) => items(r.VersionIds, 'VersionId')),
    [name],
  )
  const policy = useLoad(() => api.call('GetSecretPolicy', { SecretName: name }).then((r) => String(r.Policy ?? '')), [name])
  const s = secret.data
  const refresh = () => {
    secret.reload()
    versions.reload()
  }
  const managed = s && s.SecretType !== 'Generic'
  return (
    <>
      <p>
        <a href="#/secrets">← All secrets</a>
      </p>
      <h1>Secret {name}</h1>
      <ErrorNotice error={secret.error} />
      <Loading when={secret.loading && !s} />
      {s && (
        <Section
          title="Details"
          actions={
            <div class="buttons">
              {s.PlannedDeleteTime ? (
                <ActionButton action="RestoreSecret" params={{ SecretName: name }} label="Restore" onDone={refresh} />
              ) : null}
            </div>
          }
        >
          <Facts
            entries={[
              ['Type', s.SecretType],
              ['Description', s.Description],
              ['Encryption key', s.EncryptionKeyId],
              ['ARN', <code>{s.Arn}</code>],
              ['Created', s.CreateTime],
              ['Updated', s.UpdateTime],
              ['Automatic rotation', s.AutomaticRotation],
              ['Rotation interval', s.RotationInterval],
              ['Next rotation', s.NextRotationDate],
              ['Deletion planned', s.PlannedDeleteTime],
              ['Tags', <Tags tags={items(s.Tags, 'Tag')} />],
            ]}
          />
          <div class="row">
            <Toggle label="Edit">
              <ActionForm action="UpdateSecret" fixed={{ SecretName: name }} initial={{ Description: String(s.Description ?? '') }} submitLabel="Save secret" onDone={refresh} />
            </Toggle>
            <Toggle label="Rotation policy">
              <ActionForm action="UpdateSecretRotationPolicy" fixed={{ SecretName: name }} submitLabel="Save rotation policy" onDone={refresh} />
            </Toggle>
            <Toggle label="Rotate now">
              <ActionForm action="RotateSecret" fixed={{ SecretName: name }} submitLabel="Rotate" onDone={refresh} />
            </Toggle>
            {!s.PlannedDeleteTime && (
              <Toggle label="Delete">
                <ActionForm action="DeleteSecret" fixed={{ SecretName: name }} initial={{ RecoveryWindowInDays: '30' }} submitLabel="Delete secret" onDone={refresh} />
              </Toggle>
            )}
          </div>
        </Section>
      )}
      <Section title="Versions">
        <ErrorNotice error={versions.error} />
        <DataTable
          caption="Secret versions"
          rowKey={(v) => v.VersionId}
          rows={versions.data ?? []}
          columns={[
            { label: 'Version ID', render: (v) => <code>{v.VersionId}</code> },
            { label: 'Stages', render: (v) => items<string>(v.VersionStages, 'VersionStage').join(', ') || '—' },
            { label: 'Created', render: (v) => v.CreateTime },
            { label: 'Value', render: (v) => <RevealValue name={name} versionId={v.VersionId} /> },
          ]}
        />
        <div class="row">
          {!managed && (
            <Toggle label="New version">
              <ActionForm action="PutSecretValue" fixed={{ SecretName: name }} submitLabel="Store new version" onDone={refresh} />
            </Toggle>
          )}
          <Toggle label="Move a stage">
            <ActionForm action="UpdateSecretVersionStage" fixed={{ SecretName: name }} initial={{ VersionStage: 'ACSCurrent' }} submitLabel="Move stage" onDone={refresh} />
          </Toggle>
        </div>
      </Section>
      <Section title="Secret policy">
        <ErrorNotice error={policy.error} />
        {policy.data !== undefined && (
          <ActionForm key={policy.data} action="SetSecretPolicy" fixed={{ SecretName: name }} omit={['PolicyName']} initial={{ Policy: policy.data }} submitLabel="Save secret policy" onDone={policy.reload} />
        )}
      </Section>
    </>
  )
}
