/**
 * Identity, through the RAM API (2015-05-01) as Alibaba documents it: RAM users, their AccessKeys (the secret is
 * shown once, at creation), custom policies with their documents, and which policies each user has.
 */
import { useState } from 'preact/hooks'
import { useApi } from '../context'
import { items, useLoad } from '../hooks'
import { hasAction, RAM_VERSION } from '../api/registry'
import { ActionForm } from '../components/action-form'
import { ActionButton, Section, Toggle } from '../components/controls'
import { DataTable } from '../components/table'
import { ErrorNotice } from '../components/notice'

const V = RAM_VERSION

function UserPanel({ user }: { user: string }) {
  const api = useApi()
  const keys = useLoad(() => api.call('ListAccessKeys', { UserName: user }, V).then((r) => items(r.AccessKeys, 'AccessKey')), [user])
  const policies = useLoad(() => api.call('ListPoliciesForUser', { UserName: user }, V).then((r) => items(r.Policies, 'Policy')), [user])
  const [secret, setSecret] = useState<{ id: string; secret: string }>()
  return (
    <section class="sub" aria-label={`User ${user}`}>
      <h3>User {user}</h3>
      <h4>AccessKeys</h4>
      <ErrorNotice error={keys.error} />
      <DataTable
        caption={`AccessKeys of ${user}`}
        rowKey={(k) => k.AccessKeyId}
        rows={keys.data ?? []}
        columns={[
          { label: 'AccessKey ID', render: (k) => <code>{k.AccessKeyId}</code> },
          { label: 'Status', render: (k) => k.Status },
          { label: 'Created', render: (k) => k.CreateDate },
          {
            label: 'Actions',
            render: (k) => (
              <div class="buttons">
                <ActionButton action="UpdateAccessKey" version={V} params={{ UserName: user, UserAccessKeyId: k.AccessKeyId, Status: k.Status === 'Active' ? 'Inactive' : 'Active' }} label={k.Status === 'Active' ? 'Disable' : 'Enable'} onDone={keys.reload} />
                <ActionButton action="DeleteAccessKey" version={V} params={{ UserName: user, UserAccessKeyId: k.AccessKeyId }} label="Delete" danger confirm={`Delete AccessKey ${k.AccessKeyId}?`} onDone={keys.reload} />
              </div>
            ),
          },
        ]}
      />
      <ActionButton
        action="CreateAccessKey"
        version={V}
        params={{ UserName: user }}
        label="Create AccessKey"
        onDone={(r) => {
          setSecret({ id: String(r.AccessKey?.AccessKeyId), secret: String(r.AccessKey?.AccessKeySecret) })
          keys.reload()
        }}
      />
      {secret && (
        <div class="notice ok" role="status">
          <p>
            AccessKey <code>{secret.id}</code> created. Its secret is shown only now:
          </p>
          <pre aria-label="AccessKey secret">{secret.secret}</pre>
          <button type="button" onClick={() => setSecret(undefined)}>
            Done
          </button>
        </div>
      )}
      <h4>Policies</h4>
      <ErrorNotice error={policies.error} />
      <DataTable
        caption={`Policies attached to ${user}`}
        rowKey={(p) => `${p.PolicyType}:${p.PolicyName}`}
        rows={policies.data ?? []}
        columns={[
          { label: 'Policy', render: (p) => p.PolicyName },
          { label: 'Type', render: (p) => p.PolicyType },
          { label: 'Attached', render: (p) => p.AttachDate },
          { label: 'Actions', render: (p) => <ActionButton action="DetachPolicyFromUser" version={V} params={{ UserName: user, PolicyName: p.PolicyName, PolicyType: p.PolicyType }} label="Detach" danger onDone={policies.reload} /> },
        ]}
      />
      <Toggle label={`Attach a policy to ${user}`}>
        <ActionForm action="AttachPolicyToUser" version={V} fixed={{ UserName: user }} initial={{ PolicyType: 'Custom' }} submitLabel="Attach policy" onDone={policies.reload} />
      </Toggle>
    </section>
  )
}

function PolicyDocument({ name, type }: { name: string; type: string }) {
  const api = useApi()
  const doc = useLoad(() => api.call('GetPolicy', { PolicyName: name, PolicyType: type }, V), [name])
  const text = String(doc.data?.DefaultPolicyVersion?.PolicyDocument ?? doc.data?.Policy?.PolicyDocument ?? '')
  return (
    <>
      <ErrorNotice error={doc.error} />
      {doc.data && <pre aria-label={`Document of ${name}`}>{prettyJson(text)}</pre>}
    </>
  )
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}

export function IdentityPage() {
  const api = useApi()
  const available = hasAction('ListUsers', V)
  const users = useLoad(() => (available ? api.call('ListUsers', { MaxItems: 100 }, V).then((r) => items(r.Users, 'User')) : Promise.resolve([])), [])
  const policies = useLoad(() => (available ? api.call('ListPolicies', { PolicyType: 'Custom', MaxItems: 100 }, V).then((r) => items(r.Policies, 'Policy')) : Promise.resolve([])), [])
  const [selected, setSelected] = useState<string>()
  if (!available)
    return (
      <>
        <h1>Identity</h1>
        <p class="notice">This server does not offer the RAM API, so users, their AccessKeys and policies cannot be managed here.</p>
      </>
    )
  return (
    <>
      <h1>Identity</h1>
      <Section title="Users">
        <ErrorNotice error={users.error} />
        <DataTable
          caption="RAM users"
          rowKey={(u) => u.UserName}
          rows={users.data ?? []}
          columns={[
            { label: 'User name', render: (u) => <button type="button" class="link" aria-pressed={selected === u.UserName} onClick={() => setSelected(u.UserName)}>{u.UserName}</button> },
            { label: 'Display name', render: (u) => u.DisplayName },
            { label: 'Created', render: (u) => u.CreateDate },
            { label: 'Actions', render: (u) => <ActionButton action="DeleteUser" version={V} params={{ UserName: u.UserName }} label="Delete" danger confirm={`Delete user ${u.UserName}?`} onDone={users.reload} /> },
          ]}
        />
        <Toggle label="Create user">
          <ActionForm action="CreateUser" version={V} primary={['UserName', 'DisplayName', 'Comments']} submitLabel="Create user" onDone={users.reload} />
        </Toggle>
        {selected && <UserPanel key={selected} user={selected} />}
      </Section>
      <Section title="Policies">
        <ErrorNotice error={policies.error} />
        <DataTable
          caption="Custom policies"
          rowKey={(p) => p.PolicyName}
          rows={policies.data ?? []}
          columns={[
            { label: 'Policy', render: (p) => p.PolicyName },
            { label: 'Description', render: (p) => p.Description },
            { label: 'Default version', render: (p) => p.DefaultVersion },
            { label: 'Attachments', render: (p) => p.AttachmentCount },
            { label: 'Document', render: (p) => <Toggle label={`Show ${p.PolicyName}`}><PolicyDocument name={p.PolicyName} type={p.PolicyType ?? 'Custom'} /></Toggle> },
            { label: 'Actions', render: (p) => <ActionButton action="DeletePolicy" version={V} params={{ PolicyName: p.PolicyName }} label="Delete" danger confirm={`Delete policy ${p.PolicyName}?`} onDone={policies.reload} /> },
          ]}
        />
        <Toggle label="Create policy">
          <ActionForm
            action="CreatePolicy"
            version={V}
            initial={{ PolicyDocument: '{\n  "Version": "1",\n  "Statement": [\n    { "Effect": "Allow", "Action": ["kms:List*", "kms:Describe*"], "Resource": ["*"] }\n  ]\n}' }}
            submitLabel="Create RAM policy"
            onDone={policies.reload}
          />
        </Toggle>
      </Section>
    </>
  )
}
