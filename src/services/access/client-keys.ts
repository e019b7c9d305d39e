/**
 * Client keys of application access points (CreateClientKey / GetClientKey / ListClientKeys / DeleteClientKey).
 * The caller receives the password-protected PKCS#12 once; openkms stores only the certificate, never the
 * private key or the password (docs/client-keys.md).
 */
import type { Repos } from '../../store/store.js'
import { accessChangeId } from '../../store/store.js'
import type { ClientKeyRecord } from '../../store/repos/access.js'
import type { Runtime } from '../context.js'
import { KmsErrors } from '../../domain/errors.js'
import { CLIENT_KEY_ALGORITHM, CLIENT_KEY_ORIGIN, CLIENT_KEYS_PER_AAP } from '../../domain/client-key-rules.js'
import { issueClientKey } from '../../crypto/x509/client-key.js'
import { inAccessTx, requireAap } from './admin.js'

export interface NewClientKey {
  aapName: string
  /** Already checked against the password policy (domain/client-key-rules.ts). */
  password: string
  notBefore: number
  notAfter: number
}

const limitWhat = `client keys per application access point (${CLIENT_KEYS_PER_AAP})`

/**
 * Issues a key pair and certificate (subject CN `<instanceId>-client`) and records the certificate. The AAP and
 * its quota are checked before the RSA key is generated, so a refused request costs nothing; both are checked
 * again under the AAP's row lock, so concurrent creations cannot exceed the quota.
 */
export async function createClientKey(rt: Runtime, spec: NewClientKey): Promise<{ record: ClientKeyRecord; pkcs12Base64: string }> {
  await requireAap(rt.store, spec.aapName)
  if ((await rt.store.access.clientKeys.countForAap(spec.aapName)) >= CLIENT_KEYS_PER_AAP) throw KmsErrors.limitExceeded(limitWhat)
  const issued = await issueClientKey({
    password: spec.password,
    notBefore: new Date(spec.notBefore),
    notAfter: new Date(spec.notAfter),
    subjectCommonName: `${rt.instanceId}-client`,
  })
  const record: ClientKeyRecord = {
    clientKeyId: rt.ids.clientKeyId(),
    aapName: spec.aapName,
    keyAlgorithm: CLIENT_KEY_ALGORITHM,
    keyOrigin: CLIENT_KEY_ORIGIN,
    certificatePem: issued.certificatePem,
    notBefore: spec.notBefore,
    notAfter: spec.notAfter,
    createdAt: rt.clock.now(),
  }
  await inAccessTx(rt, async (tx) => {
    if (!(await tx.access.aaps.lock(spec.aapName))) throw KmsErrors.resourceNotFound(`application access point ${spec.aapName}`)
    if ((await tx.access.clientKeys.countForAap(spec.aapName)) >= CLIENT_KEYS_PER_AAP) throw KmsErrors.limitExceeded(limitWhat)
    await tx.access.clientKeys.insert(record)
    await tx.notify('access', accessChangeId('clientKey', record.clientKeyId))
  })
  return { record, pkcs12Base64: issued.pkcs12Base64 }
}

export async function requireClientKey(repos: Repos, clientKeyId: string): Promise<ClientKeyRecord> {
  const key = await repos.access.clientKeys.get(clientKeyId)
  if (!key) throw KmsErrors.resourceNotFound(`client key ${clientKeyId}`)
  return key
}

/** All client keys, or one AAP's (which must exist). */
export async function listClientKeys(rt: Pick<Runtime, 'store'>, aapName?: string): Promise<ClientKeyRecord[]> {
  if (aapName !== undefined) await requireAap(rt.store, aapName)
  return rt.store.access.clientKeys.list(aapName)
}

export async function deleteClientKey(rt: Runtime, clientKeyId: string): Promise<void> {
  await inAccessTx(rt, async (tx) => {
    if (!(await tx.access.clientKeys.delete(clientKeyId))) throw KmsErrors.resourceNotFound(`client key ${clientKeyId}`)
    await tx.notify('access', accessChangeId('clientKey', clientKeyId))
  })
}
