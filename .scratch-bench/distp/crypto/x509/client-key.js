/**
 * Client keys of application access points (CreateClientKey / GetClientKey).
 * The application receives a password-protected PKCS#12 once; openkms keeps only the certificate, whose public
 * key checks the instance-API request signatures. docs/client-keys.md explains the profile.
 */
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import forge from 'node-forge';
import { buildCertificate, checkName, checkValidity, generateRsa2048, toLfPem } from './certificate-builder.js';
/** PKCS#12 PBE and MAC iteration count and salt size, as in Alibaba's own client keys. */
const PKCS12_ITERATIONS = 2048;
const PKCS12_SALT_BYTES = 8;
/** Same attributes as Alibaba's client-key certificates, with openkms as the organisation. */
export function clientKeySubject(commonName) {
    return [['C', 'CN'], ['ST', 'Zhejiang'], ['L', 'Hangzhou'], ['O', 'openkms'], ['OU', 'openkms'], ['CN', commonName]];
}
/**
 * Issues a client key: a fresh RSA-2048 key, a self-signed certificate for it valid exactly from `notBefore` to
 * `notAfter` (whole seconds), and a PKCS#12 every official SDK loader accepts (Go x/crypto/pkcs12, Java
 * KeyStore, pyOpenSSL; OpenSSL 3 and Node without the legacy provider): certificate bag first in plain Data, then
 * one pkcs8ShroudedKeyBag under pbeWithSHAAnd3-KeyTripleDES-CBC, HMAC-SHA1 MAC, localKeyID attributes only.
 * The private key exists only inside the returned PKCS#12.
 * The password must be printable ASCII (CreateClientKey's policy is stricter): loaders turn it into a BMPString
 * from different encodings, and only ASCII gives all of them the same bytes.
 */
export async function issueClientKey(opts) {
    if (!/^[\x20-\x7e]+$/.test(opts.password))
        throw new Error('client key password: must be non-empty printable ASCII');
    const subject = clientKeySubject(opts.subjectCommonName);
    checkName(subject);
    checkValidity(opts.notBefore, opts.notAfter);
    const { privateKey, publicKey } = await generateRsa2048();
    const certificatePem = buildCertificate({
        subject,
        publicKey,
        notBefore: opts.notBefore,
        notAfter: opts.notAfter,
        extensions: [{ name: 'keyUsage', critical: true, digitalSignature: true }],
    }, privateKey);
    const forgeKey = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const pfx = forge.pkcs12.toPkcs12Asn1(forgeKey, [forge.pki.certificateFromPem(certificatePem)], opts.password, {
        algorithm: '3des',
        count: PKCS12_ITERATIONS,
        saltSize: PKCS12_SALT_BYTES,
    });
    const pkcs12Base64 = Buffer.from(forge.asn1.toDer(pfx).getBytes(), 'binary').toString('base64');
    return { pkcs12Base64, certificatePem };
}
/** What the instance API needs from a stored client-key certificate to check a request signature. */
export function parseCertificatePem(pem) {
    let cert;
    try {
        cert = new X509Certificate(pem);
    }
    catch (cause) {
        throw new Error('client key certificate: not a PEM X.509 certificate', { cause });
    }
    return {
        publicKey: cert.publicKey,
        notBefore: new Date(cert.validFrom),
        notAfter: new Date(cert.validTo),
        serialHex: cert.serialNumber.toLowerCase(),
    };
}
/**
 * Opens a client-key PKCS#12 (ours or Alibaba's, whose certificate bag is RC2-40 encrypted and which OpenSSL 3
 * and Node only read with the legacy provider) and returns the key as PKCS#8 PEM with the certificate matching it.
 * Throws an Error saying "wrong password" when the MAC does not verify (a wrong password or an altered file).
 */
export function loadClientKeyPkcs12(pkcs12Base64, password) {
    const pfx = decodePfx(pkcs12Base64, password);
    const keys = [...bagsOf(pfx, forge.pki.oids.pkcs8ShroudedKeyBag), ...bagsOf(pfx, forge.pki.oids.keyBag)];
    if (keys.length !== 1 || !keys[0].key) {
        throw new Error(`client key PKCS#12: expected exactly one readable private key, found ${keys.filter((b) => b.key).length}`);
    }
    const privateKey = createPrivateKey(forge.pki.privateKeyToPem(keys[0].key));
    const publicDer = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
    const certificatePem = bagsOf(pfx, forge.pki.oids.certBag)
        .flatMap((bag) => (bag.cert ? [toLfPem(forge.pki.certificateToPem(bag.cert))] : []))
        .find((pem) => new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' }).equals(publicDer));
    if (!certificatePem)
        throw new Error('client key PKCS#12: no certificate matches the private key');
    return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), certificatePem };
}
function decodePfx(pkcs12Base64, password) {
    const compact = pkcs12Base64.replace(/\s+/g, '');
    if (compact.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0) {
        throw new Error('client key PKCS#12: not base64');
    }
    try {
        const der = Buffer.from(compact, 'base64').toString('binary');
        return forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der, true), true, password);
    }
    catch (cause) {
        const message = cause instanceof Error ? cause.message : String(cause);
        if (message.includes('MAC could not be verified')) {
            throw new Error('client key PKCS#12: wrong password, or the file was altered (MAC verification failed)', { cause });
        }
        throw new Error(`client key PKCS#12: cannot be read (${message})`, { cause });
    }
}
function bagsOf(pfx, bagType) {
    return pfx.getBags({ bagType })[bagType] ?? [];
}
