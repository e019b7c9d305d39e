/**
 * One key: metadata, state changes (enable/disable, deletion with its window, deletion protection), rotation
 * policy, versions, aliases, tags, key policy, and any cryptographic operation the registry offers for it.
 */
import { useState } from 'preact/hooks'
import { useApi } from '../context'
import { items, useLoad } from '../hooks'
import { ActionForm } from '../components/action-form'
import { hasAction } from '../api/registry'
import { downloadText } from '../download'
import { ActionButton, Section, Toggle } from '../components/controls'
import { DataTable, Facts, Tags } from '../components/table'
import { ErrorNotice, Loading } from '../components/notice'

const OPERATIONS: Record<string, string[]> = {
  'ENCRYPT/DECRYPT': ['Encrypt', 'Decrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncrypt', 'AsymmetricEncrypt', 'AsymmetricDecrypt', 'GetPublicKey'],
  'SIGN/VERIFY': ['AsymmetricSign', 'AsymmetricVerify', 'GetPublicKey'],
  GENERATE_VERIFY_MAC: ['GenerateMac', 'VerifyMac'],
}

export function KeyDetailsPage({ keyId }: { keyId: string }) {
  const api = useApi()
  const key = useLoad(() => api.call('DescribeKey', { KeyId: keyId }).then((r) => r.KeyMetadata as Record<string, any>), [keyId])
  const versions = useLoad(() => api.call('ListKeyVersions', { KeyId: keyId, PageSize: 100 }).then((r) => items(r.KeyVersions, 'KeyVersion')), [keyId])
  const aliases = useLoad(() => api.call('ListAliasesByKeyId', { KeyId: keyId, PageSize: 100 }).then((r) => items(r.Aliases, 'Alias')), [keyId])
  const tags = useLoad(() => api.call('ListResourceTags', { KeyId: keyId }).then((r) => items<{ TagKey: string; TagValue: string }>(r.Tags, 'Tag')), [keyId])
  const policy = useLoad(() => api.call('GetKeyPolicy', { KeyId: keyId }).then((r) => String(r.Policy ?? '')), [keyId])
  const [operation, setOperation] = useState('')
  const m = key.data
  const symmetric = m ? !/^(RSA_|EC_)/.test(String(m.KeySpec)) : false
  const envelope = ['Encrypt', 'Decrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncrypt']
  const ops = (m ? (OPERATIONS[String(m.KeyUsage)] ?? []) : [])
    .filter((o) => (symmetric ? !o.startsWith('Asymmetric') && o !== 'GetPublicKey' : !envelope.includes(o)))
    .filter((o) => hasAction(o))
  const refresh = () => {
    key.reload()
    versions.reload()
  }
  return (
    <>
      <p>
        <a href="#/keys">← All keys</a>
      </p>
      <h1>Key {keyId}</h1>
      <ErrorNotice error={key.error} />
      <Loading when={key.loading && !m} />
      {m && (
        <Section
          title="Details"
          actions={
            <div class="buttons">
              {m.KeyState === 'Enabled' && <ActionButton action="DisableKey" params={{ KeyId: keyId }} label="Disable" onDone={refresh} />}
              {m.KeyState === 'Disabled' && <ActionButton action="EnableKey" params={{ KeyId: keyId }} label="Enable" onDone={refresh} />}
              {m.KeyState === 'PendingDeletion' && <ActionButton action="CancelKeyDeletion" params={{ KeyId: keyId }} label="Cancel deletion" onDone={refresh} />}
            </div>
          }
        >
          <Facts
            entries={[
              ['State', <span class={`state state-${m.KeyState}`}>{m.KeyState}</span>],
              ['Spec', m.KeySpec],
              ['Usage', m.KeyUsage],
              ['Origin', m.Origin],
              ['Protection level', m.ProtectionLevel],
              ['Description', m.Description],
              ['ARN', <code>{m.Arn}</code>],
              ['Created', m.CreationDate],
              ['Creator', m.Creator],
              ['Primary version', m.PrimaryKeyVersion],
              ['Automatic rotation', m.AutomaticRotation],
              ['Rotation interval', m.RotationInterval],
              ['Next rotation', m.NextRotationDate],
              ['Deletion date', m.DeleteDate],
              ['Deletion protection', m.DeletionProtection],
            ]}
          />
          <div class="row">
            <Toggle label="Edit description">
              <ActionForm action="UpdateKeyDescription" fixed={{ KeyId: keyId }} initial={{ Description: String(m.Description ?? '') }} submitLabel="Save description" onDone={refresh} />
            </Toggle>
            <Toggle label="Rotation policy">
              <ActionForm action="UpdateRotationPolicy" fixed={{ KeyId: keyId }} initial={{ EnableAutomaticRotation: m.AutomaticRotation === 'Enabled', RotationInterval: String(m.RotationInterval ?? '') }} submitLabel="Save rotation policy" onDone={refresh} />
            </Toggle>
            <Toggle label="Deletion protection">
              <ActionForm action="SetDeletionProtection" fixed={{ ProtectedResourceArn: m.Arn }} omit={['KeyId', 'KmsInstanceId']} initial={{ EnableDeletionProtection: m.DeletionProtection === 'Enabled' }} submitLabel="Save deletion protection" onDone={refresh} />
            </Toggle>
            {m.KeyState !== 'PendingDeletion' && (
              <Toggle label="Schedule deletion">
                <ActionForm action="ScheduleKeyDeletion" fixed={{ KeyId: keyId }} initial={{ PendingWindowInDays: '30' }} submitLabel="Schedule deletion" onDone={refresh} />
              </Toggle>
            )}
          </div>
        </Section>
      )}
      <Section title="Versions" actions={<ActionButton action="CreateKeyVersion" params={{ KeyId: keyId }} label="Create version" onDone={refresh} />}>
        <ErrorNotice error={versions.error} />
        <DataTable
          caption="Key versions"
          rowKey={(v) => v.KeyVersionId}
          rows={versions.data ?? []}
          columns={[
            { label: 'Version ID', render: (v) => <code>{v.KeyVersionId}</code> },
            { label: 'Created', render: (v) => v.CreationDate },
            { label: 'Primary', render: (v) => (v.KeyVersionId === m?.PrimaryKeyVersion ? 'yes' : '') },
            ...(symmetric
              ? []
              : [
                  {
                    label: 'Public key',
                    render: (v: Record<string, any>) => (
                      <ActionButton
                        action="GetPublicKey"
                        params={{ KeyId: keyId, KeyVersionId: v.KeyVersionId }}
                        label="Download public key"
                        onDone={(r) => downloadText(`publicKey_${keyId}_${v.KeyVersionId}.pem`, String(r.PublicKey), 'application/x-pem-file')}
                      />
                    ),
                  },
                ]),
          ]}
        />
      </Section>
      <Section title="Aliases">
        <ErrorNotice error={aliases.error} />
        <DataTable
          caption="Aliases of this key"
          rowKey={(a) => a.AliasName}
          rows={aliases.data ?? []}
          columns={[
            { label: 'Alias', render: (a) => a.AliasName },
            { label: 'ARN', render: (a) => <code>{a.AliasArn}</code> },
            { label: 'Actions', render: (a) => <ActionButton action="DeleteAlias" params={{ AliasName: a.AliasName }} label={`Delete ${a.AliasName}`} danger confirm={`Delete ${a.AliasName}?`} onDone={aliases.reload} /> },
          ]}
        />
        <Toggle label="Add alias">
          <ActionForm action="CreateAlias" fixed={{ KeyId: keyId }} initial={{ AliasName: 'alias/' }} submitLabel="Add alias" onDone={aliases.reload} />
        </Toggle>
      </Section>
      <Section title="Tags">
        <ErrorNotice error={tags.error} />
        <Tags tags={tags.data ?? []} />
        <div class="row">
          <Toggle label="Add tags">
            <ActionForm action="TagResource" fixed={{ KeyId: keyId }} omit={['SecretName', 'CertificateId']} submitLabel="Add tags" onDone={tags.reload} />
          </Toggle>
          <Toggle label="Remove tags">
            <ActionForm action="UntagResource" fixed={{ KeyId: keyId }} omit={['SecretName', 'CertificateId']} submitLabel="Remove tags" onDone={tags.reload} />
          </Toggle>
        </div>
      </Section>
      <Section title="Key policy">
        <ErrorNotice error={policy.error} />
        {policy.data !== undefined && (
          <ActionForm key={policy.data} action="SetKeyPolicy" fixed={{ KeyId: keyId }} omit={['PolicyName']} initial={{ Policy: policy.data }} submitLabel="Save key policy" onDone={policy.reload} />
        )}
      </Section>
      {ops.length > 0 && (
        <Section title="Cryptographic operations">
          <div class="field inline">
            <label for="operation">Operation</label>
            <select id="operation" value={operation} onChange={(e) => setOperation(e.currentTarget.value)}>
              <option value="">Choose…</option>
              {ops.map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          </div>
          {operation && <ActionForm key={operation} action={operation} fixed={operation === 'Decrypt' || operation === 'ReEncrypt' ? {} : { KeyId: keyId }} initial={{ KeyVersionId: String(m?.PrimaryKeyVersion ?? ''), DestinationKeyId: keyId }} submitLabel={`Run ${operation}`} showResult />}
        </Section>
      )}
    </>
  )
}
