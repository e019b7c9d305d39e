/** Calls a running openkms with requests signed by the console's own signer (console/src/api/sign.ts), from Node. */
import { formBody, signRequest, type Credentials } from '../../console/src/api/sign.js'
import { PRODUCTS } from '../../src/actions/index.js'

export const KMS_VERSION = '2016-01-20'
export const RAM_VERSION = '2015-05-01'
export const STS_VERSION = '2015-04-01'

export interface Answer {
  status: number
  json: Record<string, any>
}

export async function signedCall(endpoint: string, creds: Credentials, action: string, params: Record<string, string> = {}, version = KMS_VERSION): Promise<Answer> {
  const body = formBody(params)
  const { headers } = await signRequest(creds, { method: 'POST', host: endpoint, action, version, body })
  const res = await fetch(`http://${endpoint}/`, { method: 'POST', headers, body })
  return { status: res.status, json: (await res.json()) as Record<string, any> }
}

/** The names of the actions the server's registry serves under `version` (KMS, RAM, STS). */
export function servedActions(version: string): string[] {
  return PRODUCTS.find((p) => p.version === version)?.actions.map((a) => a.name) ?? []
}

/**
 * STS credentials for a fresh role allowed `allowed` KMS actions (`kms:List*`…). As on Alibaba Cloud, the account
 * itself may not assume roles: a RAM user allowed `sts:AssumeRole` does, the role trusting the account.
 */
export async function assumedRole(endpoint: string, root: Credentials, accountId: string, roleName: string, allowed: string[]): Promise<Credentials> {
  const ok = (a: Answer, what: string) => {
    if (a.status !== 200) throw new Error(`${what}: ${a.status} ${JSON.stringify(a.json)}`)
    return a.json
  }
  const ram = async (action: string, params: Record<string, string>) => ok(await signedCall(endpoint, root, action, params, RAM_VERSION), action)
  const doc = (statement: object) => JSON.stringify({ Version: '1', Statement: [statement] })
  const role = await ram('CreateRole', {
    RoleName: roleName,
    AssumeRolePolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [`acs:ram::${accountId}:root`] } }),
  })
  await ram('CreatePolicy', { PolicyName: `${roleName}-policy`, PolicyDocument: doc({ Effect: 'Allow', Action: allowed, Resource: ['*'] }) })
  await ram('AttachPolicyToRole', { PolicyType: 'Custom', PolicyName: `${roleName}-policy`, RoleName: roleName })
  const caller = `${roleName}-caller`
  await ram('CreateUser', { UserName: caller })
  await ram('CreatePolicy', { PolicyName: `${caller}-policy`, PolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: role.Role.Arn }) })
  await ram('AttachPolicyToUser', { PolicyType: 'Custom', PolicyName: `${caller}-policy`, UserName: caller })
  const key = (await ram('CreateAccessKey', { UserName: caller })).AccessKey as { AccessKeyId: string; AccessKeySecret: string }
  const user = { accessKeyId: key.AccessKeyId, accessKeySecret: key.AccessKeySecret }
  const assumed = ok(await signedCall(endpoint, user, 'AssumeRole', { RoleArn: role.Role.Arn, RoleSessionName: 'console' }, STS_VERSION), 'AssumeRole')
  const c = assumed.Credentials as { AccessKeyId: string; AccessKeySecret: string; SecurityToken: string }
  return { accessKeyId: c.AccessKeyId, accessKeySecret: c.AccessKeySecret, securityToken: c.SecurityToken }
}
