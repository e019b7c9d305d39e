/**
 * The KMS instance: its details, the CA certificate chain instance-API clients trust (GetKmsInstance's
 * CaCertificateChainPem, downloaded as `PrivateKmsCA_<instanceId>.pem`, the name Alibaba's console uses),
 * the endpoints, and the quotas.
 */
import { useApi } from '../context'
import { items, useLoad } from '../hooks'
import { Section } from '../components/controls'
import { DataTable, Facts } from '../components/table'
import { ErrorNotice, Loading } from '../components/notice'
import { downloadText } from '../download'

export function InstancePage() {
  const api = useApi()
  const instance = useLoad(async () => {
    const { DefaultKmsInstanceId } = await api.call('GetDefaultKmsInstance')
    const [details, quotas] = await Promise.all([
      api.call('GetKmsInstance', { KmsInstanceId: DefaultKmsInstanceId }),
      api.call('GetKmsInstanceQuotaInfos', { KmsInstanceId: DefaultKmsInstanceId }).catch(() => undefined),
    ])
    const q = quotas?.KmsInstanceQuotaInfos
    return { id: String(DefaultKmsInstanceId), k: details.KmsInstance as Record<string, any>, quotas: Array.isArray(q) ? q : items(q, 'KmsInstanceQuotaInfo') }
  }, [])
  const d = instance.data
  return (
    <>
      <h1>KMS instance</h1>
      <ErrorNotice error={instance.error} />
      <Loading when={instance.loading} />
      {d && (
        <>
          <Section
            title="Details"
            actions={
              <button type="button" class="primary" disabled={!d.k.CaCertificateChainPem} onClick={() => downloadText(`PrivateKmsCA_${d.id}.pem`, String(d.k.CaCertificateChainPem), 'application/x-pem-file')}>
                Download CA certificate
              </button>
            }
          >
            <Facts
              entries={[
                ['Instance ID', <code>{d.id}</code>],
                ['Status', d.k.Status],
                ['Product version', d.k.ProductVersion],
                ['Created', d.k.CreateTime],
                ['CA valid until', d.k.EndDate],
              ]}
            />
          </Section>
          <Section title="Endpoints">
            <Facts
              entries={[
                ['Control plane', <code>{`${location.protocol}//${location.host}`}</code>],
                ['Instance API host', <code>{`${d.id}.cryptoservice.kms.aliyuncs.com`}</code>],
                ['Instance API port', 'HTTPS on OPENKMS_INSTANCE_PORT (18443 unless set); trust the CA certificate above'],
              ]}
            />
          </Section>
          {d.quotas.length > 0 && (
            <Section title="Quotas">
              <DataTable
                caption="Quotas (nominal) and use"
                rowKey={(q) => q.ResourceType}
                rows={d.quotas}
                columns={[
                  { label: 'Resource', render: (q) => q.ResourceType },
                  { label: 'Quota', render: (q) => q.ResourceQuota },
                  { label: 'In use', render: (q) => q.UsedQuantity },
                ]}
              />
            </Section>
          )}
        </>
      )}
    </>
  )
}
