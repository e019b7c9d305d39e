/**
 * One way to build an X.509 v3 certificate: node-forge encodes the ASN.1 (RFC 5280 §4.1), node:crypto (OpenSSL)
 * makes the RSA key and the sha256WithRSAEncryption signature, so a private key never has to enter forge's
 * pure-JS RSA for signing.
 */
import { X509Certificate, createHash, generateKeyPair, randomBytes, sign } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';
const generateKeyPairAsync = promisify(generateKeyPair);
/** RSA-2048, e = 65537, generated on libuv's thread pool so the event loop keeps serving requests. */
export async function generateRsa2048() {
    return generateKeyPairAsync('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
}
/** RFC 5280 upper bounds (Appendix A.1) for the attributes we write. */
const UPPER_BOUNDS = { C: 2, ST: 128, L: 128, O: 64, OU: 64, CN: 64 };
/**
 * Builds, signs (sha256WithRSAEncryption with `signingKey`) and PEM-encodes one certificate.
 * X.509 times carry whole seconds (RFC 5280 §4.1.2.5), so milliseconds in the validity dates are dropped.
 */
export function buildCertificate(profile, signingKey) {
    checkValidity(profile.notBefore, profile.notAfter);
    const notBefore = floorToSecond(profile.notBefore);
    const notAfter = floorToSecond(profile.notAfter);
    const cert = forge.pki.createCertificate();
    cert.serialNumber = randomSerialHex();
    cert.validity.notBefore = notBefore;
    cert.validity.notAfter = notAfter;
    cert.publicKey = forge.pki.publicKeyFromPem(profile.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    const subject = toForgeName(profile.subject);
    cert.setSubject(subject);
    const extensions = [...profile.extensions];
    if (profile.issuerCertificatePem === undefined) {
        cert.setIssuer(subject);
    }
    else {
        cert.setIssuer(forge.pki.certificateFromPem(profile.issuerCertificatePem).subject.attributes);
        const issuerKey = new X509Certificate(profile.issuerCertificatePem).publicKey;
        extensions.push({ name: 'authorityKeyIdentifier', keyIdentifier: keyIdentifier(issuerKey).toString('binary') });
    }
    cert.setExtensions(extensions);
    cert.signatureOid = cert.siginfo.algorithmOid = forge.pki.oids.sha256WithRSAEncryption;
    cert.tbsCertificate = forge.pki.getTBSCertificate(cert);
    const tbsDer = Buffer.from(forge.asn1.toDer(cert.tbsCertificate).getBytes(), 'binary');
    cert.signature = sign('sha256', tbsDer, signingKey).toString('binary');
    return toLfPem(forge.pki.certificateToPem(cert));
}
/** forge writes CRLF line ends; openkms hands out PEM with LF like OpenSSL and Alibaba's PublicKeyData. */
export function toLfPem(pem) {
    return pem.replace(/\r\n/g, '\n');
}
/**
 * 16 random bytes with the top bit clear (a positive INTEGER, RFC 5280 §4.1.2.2) and the next bit set, so the
 * DER encoding is always exactly 16 bytes long (126 random bits), like the serials of Alibaba's client keys.
 */
export function randomSerialHex() {
    const serial = randomBytes(16);
    serial[0] = (serial[0] & 0x7f) | 0x40;
    return serial.toString('hex');
}
/** RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING contents (the PKCS#1 RSAPublicKey). */
export function keyIdentifier(publicKey) {
    return createHash('sha1').update(publicKey.export({ type: 'pkcs1', format: 'der' })).digest();
}
/** Throws unless the dates make a validity period an X.509 certificate can carry; call it before generating keys. */
export function checkValidity(notBefore, notAfter) {
    if (floorToSecond(notAfter).getTime() <= floorToSecond(notBefore).getTime()) {
        throw new Error('certificate validity: notAfter must be after notBefore');
    }
}
/** Throws unless every attribute fits its RFC 5280 bound; call it before generating keys. */
export function checkName(name) {
    for (const [shortName, value] of name) {
        if (value.length === 0 || value.length > UPPER_BOUNDS[shortName]) {
            throw new Error(`certificate name: ${shortName} must be 1 to ${UPPER_BOUNDS[shortName]} characters`);
        }
        if (shortName === 'C' && !/^[A-Z]{2}$/.test(value))
            throw new Error('certificate name: C must be a two-letter country code');
    }
}
/** countryName must be a PrintableString (RFC 5280 Appendix A.1); every other attribute is a UTF8String (§4.1.2.4). */
function toForgeName(name) {
    checkName(name);
    return name.map(([shortName, value]) => {
        if (shortName === 'C')
            return { shortName, value };
        // @types/node-forge types valueTagClass as asn1.Class although forge reads it as an asn1.Type tag.
        return { shortName, value, valueTagClass: forge.asn1.Type.UTF8 };
    });
}
function floorToSecond(d) {
    if (!(d instanceof Date) || Number.isNaN(d.getTime()))
        throw new Error('certificate validity: invalid date');
    const year = d.getUTCFullYear();
    if (year < 1 || year > 9999)
        throw new Error('certificate validity: year must be 0001 to 9999 (GeneralizedTime)');
    return new Date(Math.floor(d.getTime() / 1000) * 1000);
}
