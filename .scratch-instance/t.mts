import { createPrivateCa, issueServerCertificate } from '../src/crypto/x509/private-ca.js'
for (let i = 0; i < 3; i++) {
const t0 = Date.now()
const ca = await createPrivateCa({ instanceId: 'kst-x', region: 'cn-hangzhou', now: new Date() })
const t1 = Date.now()
await issueServerCertificate(ca, { hostNames: ['localhost', '127.0.0.1'], now: new Date() })
console.log('ca', t1 - t0, 'server', Date.now() - t1)
}
