/**
 * Application access, as in Alibaba's console: network rules, access policies, application access points (AAPs)
 * and their client keys. A new client key is offered once, as the two files Alibaba's console hands out:
 * `clientKey_<id>.json` ({"KeyId","PrivateKeyData"}) and `clientKey_<id>_Password.txt`.
 */
import { useState } from 'preact/hooks'
import { useApi } from '../context'
import { items, useLoad } from '../hooks'
import { ActionForm } from '../components/action-form'
import { ActionButton, Section, Toggle } from '../components/controls'
import { DataTable } from '../components/table'
import { ErrorNotice } from '../components/notice'
import { downloadText } from '../download'
import { generatePassword } from '../password'

/** Names from a List* call, each described by its Describe* call. */
function useDescribed(list: string, container: string, field: string, describe: string) {
  const api = useApi()
  return useLoad(async () => {
    const r = await api.call(list, { PageSize: 100 })
    return Promise.all(items<{ Name: string }>(r[container], field).map(async ({ Name }): Promise<Record<string, any>> => ({ Name, ...(await api.call(describe, { Name })) })))
  }, [])
}

const jsonList = (v: unknown) => {
  try {
    return (typeof v === 'string' ? (JSON.parse(v) as string[]) : ((v as string[]) ?? [])).join(', ')
  } catch {
    return String(v)
  }
}

interface NewClientKey {
  id: string
  privateKeyData: string
  password: string
}

function ClientKeys({ aap }: { aap: string }) {
  const api = useApi()
  const keys = useLoad(() => api.call('ListClientKeys', { AapName: aap }).then((r) => (Array.isArray(r.ClientKeys) ? r.ClientKeys : items(r.ClientKeys, 'ClientKey'))), [aap])
  const [created, setCreated] = useState<NewClientKey>()
  const keyFile = (k: NewClientKey) => `${JSON.stringify({ KeyId: k.id, PrivateKeyData: k.privateKeyData }, null, 2)}\n`
  return (
    <div class="client-keys">
      <ErrorNotice error={keys.error} />
      <DataTable
        caption={`Client keys of ${aap}`}
        rowKey={(k) => k.ClientKeyId}
        rows={keys.data ?? []}
        columns={[
          { label: 'Client key ID', render: (k) => <code>{k.ClientKeyId}</code> },
          { label: 'Algorithm', render: (k) => k.KeyAlgorithm },
          { label: 'Valid from', render: (k) => k.NotBefore },
          { label: 'Valid until', render: (k) => k.NotAfter },
          { label: 'Actions', render: (k) => <ActionButton action="DeleteClientKey" params={{ ClientKeyId: k.ClientKeyId }} label="Delete" danger confirm={`Delete client key ${k.ClientKeyId}?`} onDone={keys.reload} /> },
        ]}
      />
      {created ? (
        <div class="notice ok" role="status">
          <p>
            Client key <code>{created.id}</code> created. Download both files now: the private key cannot be downloaded again.
          </p>
          <div class="buttons">
            <button type="button" class="primary" onClick={() => downloadText(`clientKey_${created.id}.json`, keyFile(created), 'application/json')}>
              Download clientKey_{created.id}.json
            </button>
            <button type="button" class="primary" onClick={() => downloadText(`clientKey_${created.id}_Password.txt`, created.password)}>
              Download password file
            </button>
            <button type="button" onClick={() => setCreated(undefined)}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <Toggle label={`Create client key for ${aap}`}>
          <ActionForm
            action="CreateClientKey"
            fixed={{ AapName: aap }}
            submitLabel="Create client key"
            onDone={(r, sent) => {
              setCreated({ id: String(r.ClientKeyId), privateKeyData: String(r.PrivateKeyData), password: sent.Password as string })
              keys.reload()
            }}
            extras={{
              Password: (set) => (
                <button
                  type="button"
                  onClick={() => set(generatePassword())}
                >
                  Generate
                </button>
              ),
            }}
          />
        </Toggle>
      )}
    </div>
  )
}

export function AccessPage() {
  const rules = useDescribed('ListNetworkRules', 'NetworkRules', 'NetworkRule', 'DescribeNetworkRule')
  const policies = useDescribed('ListPolicies', 'Policies', 'Policy', 'DescribePolicy')
  const aaps = useDescribed('ListApplicationAccessPoints', 'ApplicationAccessPoints', 'ApplicationAccessPoint', 'DescribeApplicationAccessPoint')
  return (
    <>
      <h1>Application access</h1>
      <Section title="Application access points">
        <ErrorNotice error={aaps.error} />
        <DataTable
          caption="Application access points"
          rowKey={(a) => a.Name}
          rows={aaps.data ?? []}
          columns={[
            { label: 'Name', render: (a) => a.Name },
            { label: 'Authentication', render: (a) => a.AuthenticationMethod },
            { label: 'Policies', render: (a) => jsonList(a.Policies) },
            { label: 'Description', render: (a) => a.Description },
            { label: 'Actions', render: (a) => <ActionButton action="DeleteApplicationAccessPoint" params={{ Name: a.Name }} label="Delete" danger confirm={`Delete ${a.Name}?`} onDone={aaps.reload} /> },
          ]}
        />
        <div class="row">
          <Toggle label="Create application access point">
            <ActionForm action="CreateApplicationAccessPoint" initial={{ Policies: '["policy-name"]' }} submitLabel="Create application access point" onDone={aaps.reload} />
          </Toggle>
          <Toggle label="Update application access point">
            <ActionForm action="UpdateApplicationAccessPoint" submitLabel="Update application access point" onDone={aaps.reload} />
          </Toggle>
        </div>
        {(aaps.data ?? []).map((a) => (
          <section key={a.Name} class="sub" aria-label={`Client keys of ${a.Name}`}>
            <h3>Client keys of {a.Name}</h3>
            <ClientKeys aap={a.Name} />
          </section>
        ))}
      </Section>
      <Section title="Policies">
        <ErrorNotice error={policies.error} />
        <DataTable
          caption="Access policies"
          rowKey={(p) => p.Name}
          rows={policies.data ?? []}
          columns={[
            { label: 'Name', render: (p) => p.Name },
            { label: 'Permissions', render: (p) => jsonList(p.Permissions) },
            { label: 'Resources', render: (p) => jsonList(p.Resources) },
            { label: 'Access control rules', render: (p) => <code>{p.AccessControlRules}</code> },
            { label: 'Actions', render: (p) => <ActionButton action="DeletePolicy" params={{ Name: p.Name }} label="Delete" danger confirm={`Delete ${p.Name}?`} onDone={policies.reload} /> },
          ]}
        />
        <div class="row">
          <Toggle label="Create policy">
            <ActionForm
              action="CreatePolicy"
              initial={{
                Permissions: '["RbacPermission/Template/CryptoServiceKeyUser","RbacPermission/Template/CryptoServiceSecretUser"]',
                Resources: '["key/*","secret/*"]',
              }}
              submitLabel="Create policy"
              onDone={policies.reload}
            />
          </Toggle>
          <Toggle label="Update policy">
            <ActionForm action="UpdatePolicy" submitLabel="Update policy" onDone={policies.reload} />
          </Toggle>
        </div>
      </Section>
      <Section title="Network rules">
        <ErrorNotice error={rules.error} />
        <DataTable
          caption="Network rules"
          rowKey={(r) => r.Name}
          rows={rules.data ?? []}
          columns={[
            { label: 'Name', render: (r) => r.Name },
            { label: 'Type', render: (r) => r.Type },
            { label: 'Source addresses', render: (r) => jsonList(r.SourcePrivateIp) },
            { label: 'Description', render: (r) => r.Description },
            { label: 'Actions', render: (r) => <ActionButton action="DeleteNetworkRule" params={{ Name: r.Name }} label="Delete" danger confirm={`Delete ${r.Name}?`} onDone={rules.reload} /> },
          ]}
        />
        <div class="row">
          <Toggle label="Create network rule">
            <ActionForm action="CreateNetworkRule" initial={{ SourcePrivateIp: '["10.0.0.0/8"]' }} submitLabel="Create network rule" onDone={rules.reload} />
          </Toggle>
          <Toggle label="Update network rule">
            <ActionForm action="UpdateNetworkRule" submitLabel="Update network rule" onDone={rules.reload} />
          </Toggle>
        </div>
      </Section>
    </>
  )
}
