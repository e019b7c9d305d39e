/**
 * The JDK as an independent PKCS#12, X.509 and TLS implementation: it loads client keys the way Alibaba's Java
 * instance SDK does (KeyStore "PKCS12", first alias) and trusts only the certificates after the first one in the
 * CA file (the SDK's resolveSubCa). Skipped when no `java` (17+) is on the PATH.
 */
import assert from 'node:assert/strict'
import { execFile, spawnSync } from 'node:child_process'
import { createPrivateKey, randomBytes, verify } from 'node:crypto'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { promisify } from 'node:util'
import { issueClientKey, loadClientKeyPkcs12, parseCertificatePem, type IssuedClientKey } from './client-key.js'
import { OpensslWorkspace } from '../../../test/support/openssl-workspace.js'
import { caChainFileContents, createPrivateCa, issueServerCertificate } from './private-ca.js'

const hasJava = spawnSync('java', ['-version']).status === 0
const execFileAsync = promisify(execFile)
const PASSWORD = 'Jdk-check_42'

const CHECK_JAVA = `
import java.io.*;
import java.net.URL;
import java.nio.file.*;
import java.security.*;
import java.security.cert.*;
import java.util.*;
import javax.net.ssl.*;

public class Check {
  public static void main(String[] a) throws Exception {
    if (a[0].equals("pkcs12")) pkcs12(a[1], a[2], a[3]); else tls(a[1], a[2]);
  }

  static void pkcs12(String base64File, String password, String dataHex) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    byte[] der = Base64.getDecoder().decode(Files.readString(Path.of(base64File)).trim());
    ks.load(new ByteArrayInputStream(der), password.toCharArray());
    List<String> aliases = Collections.list(ks.aliases());
    PrivateKey key = (PrivateKey) ks.getKey(aliases.get(0), password.toCharArray());
    X509Certificate cert = (X509Certificate) ks.getCertificate(aliases.get(0));
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(key);
    s.update(HexFormat.of().parseHex(dataHex));
    System.out.println("aliases=" + aliases.size());
    System.out.println("keyFormat=" + key.getFormat());
    System.out.println("key=" + Base64.getEncoder().encodeToString(key.getEncoded()));
    System.out.println("subject=" + cert.getSubjectX500Principal().getName());
    System.out.println("signature=" + Base64.getEncoder().encodeToString(s.sign()));
  }

  static void tls(String caFile, String url) throws Exception {
    List<? extends java.security.cert.Certificate> all = new ArrayList<>(CertificateFactory.getInstance("X.509")
        .generateCertificates(new FileInputStream(caFile)));
    List<? extends java.security.cert.Certificate> trusted = all.size() > 1 ? all.subList(1, all.size()) : all;
    KeyStore ts = KeyStore.getInstance(KeyStore.getDefaultType());
    ts.load(null, null);
    for (int i = 0; i < trusted.size(); i++) ts.setCertificateEntry("ca" + i, trusted.get(i));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    HttpsURLConnection c = (HttpsURLConnection) new URL(url).openConnection();
    c.setSSLSocketFactory(ctx.getSocketFactory());
    c.setConnectTimeout(5000);
    c.setReadTimeout(5000);
    System.out.println("trusted=" + trusted.size() + " body=" + new String(c.getInputStream().readAllBytes()));
  }
}
`

describe('JDK interop', { skip: hasJava ? false : 'java not on PATH' }, () => {
  const ws = new OpensslWorkspace()
  let issued: IssuedClientKey
  let checkJava: string

  before(async () => {
    checkJava = ws.write('Check.java', CHECK_JAVA)
    issued = await issueClientKey({
      password: PASSWORD,
      notBefore: new Date('2024-01-01T00:00:00Z'),
      notAfter: new Date('2029-01-01T00:00:00Z'),
      subjectCommonName: 'kst-jdk-client',
    })
  })
  after(() => ws.dispose())

  const java = async (...args: string[]) => (await execFileAsync('java', [checkJava, ...args], { cwd: ws.dir, timeout: 60_000 })).stdout

  it('KeyStore PKCS12 loads the client key like the Java SDK: one alias, PKCS#8 key, our certificate', async () => {
    const data = randomBytes(48)
    const out = await java('pkcs12', ws.write('key.b64', issued.pkcs12Base64), PASSWORD, data.toString('hex'))
    const field = (name: string) => out.match(new RegExp(`^${name}=(.*)$`, 'm'))![1]
    assert.equal(field('aliases'), '1')
    assert.equal(field('keyFormat'), 'PKCS#8')
    assert.equal(field('subject'), 'CN=kst-jdk-client,OU=openkms,O=openkms,L=Hangzhou,ST=Zhejiang,C=CN')
    const javaKey = createPrivateKey({ key: Buffer.from(field('key'), 'base64'), format: 'der', type: 'pkcs8' })
    assert.ok(javaKey.equals(createPrivateKey(loadClientKeyPkcs12(issued.pkcs12Base64, PASSWORD).privateKeyPem)))
    const { publicKey } = parseCertificatePem(issued.certificatePem)
    assert.ok(verify('sha256', data, publicKey, Buffer.from(field('signature'), 'base64')))
  })

  it('KeyStore PKCS12 refuses a wrong password', async () => {
    await assert.rejects(java('pkcs12', ws.write('key2.b64', issued.pkcs12Base64), 'wrong-password-1', '00'), /password/i)
  })

  describe('TLS trusting only the second CA of the CA file', () => {
    let server: Server
    let port: number
    let caFile: string
    let otherCaFile: string

    before(async () => {
      const now = new Date()
      const [ca, other] = await Promise.all([
        createPrivateCa({ instanceId: 'kst-jdk', region: 'cn-hangzhou', now }),
        createPrivateCa({ instanceId: 'kst-jdk-other', region: 'cn-hangzhou', now }),
      ])
      const cert = await issueServerCertificate(ca, { hostNames: ['localhost', '127.0.0.1'], now })
      caFile = ws.write('PrivateKmsCA_kst-jdk.pem', caChainFileContents(ca))
      otherCaFile = ws.write('PrivateKmsCA_kst-jdk-other.pem', caChainFileContents(other))
      server = createServer({ key: cert.keyPem, cert: cert.certPem + cert.chainPem }, (_req, res) => res.end('ok'))
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      port = (server.address() as AddressInfo).port
    })
    after(() => new Promise<void>((resolve) => server.close(() => resolve())))

    it('connects by host name and by IP address', async () => {
      assert.equal((await java('tls', caFile, `https://localhost:${port}/`)).trim(), 'trusted=1 body=ok')
      assert.equal((await java('tls', caFile, `https://127.0.0.1:${port}/`)).trim(), 'trusted=1 body=ok')
    })

    it('fails with another instance CA file', async () => {
      await assert.rejects(java('tls', otherCaFile, `https://localhost:${port}/`), /PKIX path building failed|unable to find valid certification path/)
    })
  })
})
