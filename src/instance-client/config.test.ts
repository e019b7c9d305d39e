import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseEndpoint } from './config.js'

describe('parseEndpoint', () => {
  it('takes host, host:port, https://host:port and [v6]:port; the host header keeps the text', () => {
    assert.deepEqual(parseEndpoint('kst-x.cryptoservice.kms.aliyuncs.com'),
      { hostHeader: 'kst-x.cryptoservice.kms.aliyuncs.com', hostname: 'kst-x.cryptoservice.kms.aliyuncs.com', port: 443 })
    assert.deepEqual(parseEndpoint('127.0.0.1:18443'), { hostHeader: '127.0.0.1:18443', hostname: '127.0.0.1', port: 18443 })
    assert.deepEqual(parseEndpoint('https://localhost:8443/'), { hostHeader: 'localhost:8443', hostname: 'localhost', port: 8443 })
    assert.deepEqual(parseEndpoint('[::1]:8443'), { hostHeader: '[::1]:8443', hostname: '::1', port: 8443 })
  })

  it('refuses http, other schemes, paths, queries and credentials', () => {
    for (const e of ['http://h:1', 'ftp://h', 'h:1/path', 'h:1?x=1', 'user@h:1', 'h:99999', '']) {
      assert.throws(() => parseEndpoint(e), /instance client: endpoint/, e)
    }
  })
})
