/**
 * This installation as a KMS instance resource (spec/kms-openapi.md §6.11): openkms is exactly one instance, whose
 * id (`kst-…`) is created at init. Alibaba's purchase and VPC attributes have self-hosted meanings documented in
 * docs/behaviour.md ("KMS instance").
 */
import type { Runtime } from '../context.js'
import { KmsErrors } from '../../domain/errors.js'
import { arn } from '../../domain/arn.js'
import { formatUtc } from '../../domain/time.js'
import { readInstanceCa } from './instance-ca.js'

/**
 * Nominal quotas: openkms enforces no key, secret or request quota, so it reports figures far above what one
 * installation holds, and a client comparing usage against them never sees the instance as full.
 */
export const NOMINAL_KEY_QUOTA = 1_000_000
export const NOMINAL_SECRET_QUOTA = 1_000_000
/** Alibaba's "computing performance" (requests per second of the purchased spec); not enforced here. */
export const NOMINAL_SPEC = 1000

/** A KmsInstanceId / DKMSInstanceId parameter must name this instance; anything else is Forbidden.ResourceNotFound. */
export function requireThisInstance(rt: Pick<Runtime, 'instanceId'>, instanceId: string): string {
  if (instanceId !== rt.instanceId) throw KmsErrors.resourceNotFound(`KMS instance ${instanceId}`)
  return instanceId
}

/**
 * The DKMSInstanceId of CreateKey / CreateSecret: this instance, or `Forbidden.DKMSInstanceNotFound` (403), the code
 * Alibaba documents for CreateKey with an instance that does not exist.
 */
export function requireKnownDkmsInstance(rt: Pick<Runtime, 'instanceId'>, instanceId: string): string {
  if (instanceId !== rt.instanceId) throw KmsErrors.dkmsInstanceNotFound(instanceId.slice(0, 128))
  return instanceId
}

/** ListKmsInstances' entry for this instance. */
export function instanceSummary(rt: Pick<Runtime, 'instanceId' | 'config'>): { KmsInstanceId: string; KmsInstanceArn: string } {
  return { KmsInstanceId: rt.instanceId, KmsInstanceArn: arn.instance(rt.config, rt.instanceId) }
}

/**
 * GetKmsInstance's `KmsInstance`: Connected, with the CA chain clients trust, created and started when its private
 * CA was created, ending when that CA does, pay-as-you-go (no subscription end), with no VPC bindings (network
 * rules restrict callers instead), logging off, and nominal quotas.
 */
export async function instanceDetails(rt: Pick<Runtime, 'instanceId' | 'config' | 'store'>): Promise<Record<string, unknown>> {
  const ca = await readInstanceCa(rt.store)
  const created = ca ? formatUtc(ca.createdAt) : ''
  return {
    InstanceId: rt.instanceId,
    InstanceName: rt.instanceId,
    Status: 'Connected',
    CreateTime: created,
    StartDate: created,
    EndDate: ca ? formatUtc(ca.notAfter) : '',
    CaCertificateChainPem: ca?.caChainPem ?? '',
    ChargeType: 'POSTPAY',
    ProductType: rt.config.region.startsWith('cn-') ? 'kms_ppi_public_cn' : 'kms_ppi_public_intl',
    ProductVersion: '3',
    SaleStatus: 'Normal',
    Spec: NOMINAL_SPEC,
    KeyNum: NOMINAL_KEY_QUOTA,
    SecretNum: String(NOMINAL_SECRET_QUOTA),
    VpcNum: 0,
    VpcId: '',
    VswitchIds: [],
    ZoneIds: [],
    BindVpcs: { BindVpc: [] },
    Log: 0,
    LogStorage: 0,
    DeletionProtection: false,
    DeletionProtectionDescription: '',
  }
}
