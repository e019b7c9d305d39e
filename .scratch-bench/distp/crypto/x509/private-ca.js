/**
 * The instance API's private TLS chain, shaped like Alibaba's: a root CA, a regional second CA, and server
 * certificates issued by the second CA, because the Java SDK trusts only the second certificate of the CA file. docs/tls.md explains the files and how clients trust them.
 * Every key is RSA-2048: node-forge encodes RSA certificates only, and every official SDK accepts RSA.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { isIP } from 'node:net';
import { buildCertificate, checkName, checkValidity, generateRsa2048 } from './certificate-builder.js';
const CA_VALIDITY_YEARS = 20;
export const DEFAULT_SERVER_CERT_DAYS = 365;
const MAX_SERVER_CERT_DAYS = 3650;
/** notBefore is set this far in the past so a client whose clock lags does not see a "not yet valid" chain. */
const BACKDATE_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Creates the root (20 years) and the second CA (pathlen 0, same validity) for one instance. */
export async function createPrivateCa(opts) {
    const caName = (cn) => [['O', 'openkms'], ['OU', opts.instanceId], ['CN', cn]];
    const rootName = caName('openkms Private KMS Root CA');
    const subCaName = caName(`openkms Private KMS ${opts.region} Second CA`);
    const notBefore = new Date(opts.now.getTime() - BACKDATE_MS);
    const notAfter = new Date(opts.now);
    notAfter.setUTCFullYear(notAfter.getUTCFullYear() + CA_VALIDITY_YEARS);
    checkName(subCaName);
    checkValidity(notBefore, notAfter);
    const [root, subCa] = await Promise.all([generateRsa2048(), generateRsa2048()]);
    const rootCertPem = buildCertificate({
        subject: rootName,
        publicKey: root.publicKey,
        notBefore,
        notAfter,
        extensions: [
            { name: 'basicConstraints', critical: true, cA: true },
            { name: 'keyUsage', critical: true, keyCertSign: true, cRLSign: true },
            { name: 'subjectKeyIdentifier' },
        ],
    }, root.privateKey);
    const subCaCertPem = buildCertificate({
        subject: subCaName,
        publicKey: subCa.publicKey,
        issuerCertificatePem: rootCertPem,
        notBefore,
        notAfter,
        extensions: [
            { name: 'basicConstraints', critical: true, cA: true, pathLenConstraint: 0 },
            { name: 'keyUsage', critical: true, keyCertSign: true, cRLSign: true },
            { name: 'subjectKeyIdentifier' },
        ],
    }, root.privateKey);
    return {
        rootCertPem,
        rootKeyPem: root.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        subCaCertPem,
        subCaKeyPem: subCa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
}
/**
 * Issues a TLS server certificate from the second CA with every host name (DNS name or IP literal) as a SAN.
 * The validity is clipped to the second CA's. `chainPem` is the second CA, to be served after the certificate.
 */
export async function issueServerCertificate(ca, opts) {
    const validDays = opts.validDays ?? DEFAULT_SERVER_CERT_DAYS;
    if (!Number.isInteger(validDays) || validDays < 1 || validDays > MAX_SERVER_CERT_DAYS) {
        throw new Error(`server certificate: validDays must be an integer from 1 to ${MAX_SERVER_CERT_DAYS}`);
    }
    const hostNames = [...new Set(opts.hostNames.map((h) => h.toLowerCase()))];
    if (hostNames.length === 0)
        throw new Error('server certificate: at least one host name is required');
    const altNames = hostNames.map(toAltName);
    const subCa = new X509Certificate(ca.subCaCertPem);
    const subCaKey = createPrivateKey(ca.subCaKeyPem);
    if (!subCa.ca || !subCa.checkPrivateKey(subCaKey))
        throw new Error('server certificate: the CA bundle is inconsistent');
    const caNotAfter = new Date(subCa.validTo);
    if (opts.now.getTime() >= caNotAfter.getTime())
        throw new Error('server certificate: the second CA has expired');
    const notAfter = new Date(Math.min(opts.now.getTime() + validDays * DAY_MS, caNotAfter.getTime()));
    const firstDns = hostNames.find((h) => isIP(h) === 0 && h.length <= 64);
    const { privateKey, publicKey } = await generateRsa2048();
    const certPem = buildCertificate({
        subject: [['O', 'openkms'], ['CN', firstDns ?? 'openkms instance API']],
        publicKey,
        issuerCertificatePem: ca.subCaCertPem,
        notBefore: new Date(opts.now.getTime() - BACKDATE_MS),
        notAfter,
        extensions: [
            { name: 'basicConstraints', cA: false },
            { name: 'keyUsage', critical: true, digitalSignature: true, keyEncipherment: true },
            { name: 'extKeyUsage', serverAuth: true },
            { name: 'subjectAltName', altNames },
            { name: 'subjectKeyIdentifier' },
        ],
    }, subCaKey);
    return { certPem, keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), chainPem: ca.subCaCertPem };
}
/** The CA file clients are given (Alibaba's `PrivateKmsCA_<instanceId>.pem`): root THEN second CA. */
export function caChainFileContents(ca) {
    return [ca.rootCertPem, ca.subCaCertPem].map((pem) => pem.trim() + '\n').join('');
}
/** RFC 5280 §4.2.1.6 GeneralName: iPAddress [7] as 4 or 16 network-order bytes, dNSName [2] as IA5String. */
function toAltName(host) {
    if (isIP(host) !== 0)
        return { type: 7, value: ipAddressBytes(host).toString('binary') };
    const validDns = host.length <= 253 && host.split('.').every((label) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(label));
    if (!validDns)
        throw new Error(`server certificate: "${host}" is neither a DNS name nor an IP address`);
    return { type: 2, value: host };
}
function ipAddressBytes(ip) {
    if (isIP(ip) === 4)
        return Buffer.from(ip.split('.').map(Number));
    if (/[.%]/.test(ip))
        throw new Error(`server certificate: write IPv6 address "${ip}" in hex without a zone`);
    const [head, tail] = ip.split('::');
    const headGroups = head ? head.split(':') : [];
    const tailGroups = tail ? tail.split(':') : [];
    const zeros = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
    const groups = [...headGroups, ...Array(zeros).fill('0'), ...tailGroups];
    const bytes = Buffer.alloc(16);
    groups.forEach((g, i) => bytes.writeUInt16BE(parseInt(g, 16), i * 2));
    return bytes;
}
