import { defineAction } from '../define-action.js'
import { p } from '../params.js'
import { accessNameParam } from '../access-params.js'
import { formatUtc } from '../../domain/time.js'
import { checkClientKeyPassword, clientKeyValidity } from '../../domain/client-key-rules.js'
import { createClientKey } from '../../services/access/client-keys.js'

const UTC_HINT = 'UTC yyyy-MM-ddTHH:mm:ssZ'

export const CreateClientKey = defineAction({
  name: 'CreateClientKey',
  description: 'Creates a client key for an application access point and returns it once as a password-protected PKCS#12.',
  params: {
    AapName: accessNameParam('application access point'),
    Password: p.string({
      required: true,
      minLength: 8,
      maxLength: 64,
      description: 'Protects the PKCS#12: 8-64 characters, at least two of digits, letters and ~!@#$%^&*?_- (nothing else).',
    }),
    NotBefore: p.string({ maxLength: 32, description: `Start of validity (${UTC_HINT}); with NotAfter. Default: now.` }),
    NotAfter: p.string({ maxLength: 32, description: `End of validity (${UTC_HINT}); with NotBefore. Default: now + 5 years.` }),
  },
  errors: ['InvalidParameter', 'Forbidden.ResourceNotFound', 'Rejected.LimitExceeded'],
  async handle(q, ctx) {
    checkClientKeyPassword(q.Password)
    const validity = clientKeyValidity(q.NotBefore, q.NotAfter, ctx.clock.now())
    const { record, pkcs12Base64 } = await createClientKey(ctx, { aapName: q.AapName, password: q.Password, ...validity })
    return {
      ClientKeyId: record.clientKeyId,
      KeyAlgorithm: record.keyAlgorithm,
      PrivateKeyData: pkcs12Base64,
      NotBefore: formatUtc(record.notBefore),
      NotAfter: formatUtc(record.notAfter),
    }
  },
})
