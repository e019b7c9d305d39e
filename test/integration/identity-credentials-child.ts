/**
 * Runs in its own process, started with NODE_EXTRA_CA_CERTS naming the test's CA: @alicloud/credentials reaches
 * STS only over HTTPS and trusts only the process's CA list. It assumes a role through STS (TLS front), then
 * calls KMS with the resulting credentials through the KMS SDK, and prints what it saw as one JSON line.
 */
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const Credential = require('@alicloud/credentials')
const KmsSdk = require('@alicloud/kms20160120')

const input = JSON.parse(process.argv[2]!) as { stsEndpoint: string; kmsEndpoint: string; kmsProtocol?: 'http' | 'https'; accessKeyId: string; accessKeySecret: string; roleArn: string; keyId: string }
const credential = new Credential.default(
  new Credential.Config({
    type: 'ram_role_arn',
    accessKeyId: input.accessKeyId,
    accessKeySecret: input.accessKeySecret,
    roleArn: input.roleArn,
    roleSessionName: 'credentials-sdk',
    // Longer than the SDK's refresh margin (a 900 s session is refreshed on every read, mixing two sessions).
    roleSessionExpiration: 3600,
    stsEndpoint: input.stsEndpoint,
  }),
)
const model = await credential.getCredential()
const kms = new KmsSdk.default({ endpoint: input.kmsEndpoint, protocol: input.kmsProtocol ?? 'http', credential, readTimeout: 30000, connectTimeout: 30000 })
const encrypted = await kms.encrypt(new KmsSdk.EncryptRequest({ keyId: input.keyId, plaintext: Buffer.from('via credentials').toString('base64') }))
const decrypted = await kms.decrypt(new KmsSdk.DecryptRequest({ ciphertextBlob: encrypted.ciphertextBlob }))
process.stdout.write(
  `${JSON.stringify({ type: model.type, accessKeyIdPrefix: String(model.accessKeyId).slice(0, 4), hasToken: Boolean(model.securityToken), plaintext: Buffer.from(decrypted.plaintext, 'base64').toString() })}\n`,
)
