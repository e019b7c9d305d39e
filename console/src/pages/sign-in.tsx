/**
 * Sign in with an AccessKey (id + secret) or STS credentials (id, secret, security token). The credentials are
 * checked by a signed call (GetDefaultKmsInstance) and then kept in memory, or in this tab's sessionStorage when
 * asked; they never leave the browser except as signatures.
 */
import { useState } from 'preact/hooks'
import { apiClient, ApiError, type ApiClient } from '../api/client'
import type { Credentials } from '../api/sign'
import { ErrorNotice } from '../components/notice'

export function SignInPage(props: { onSignedIn(api: ApiClient, creds: Credentials, remember: boolean): void }) {
  const [kind, setKind] = useState<'ak' | 'sts'>('ak')
  const [id, setId] = useState('')
  const [secret, setSecret] = useState('')
  const [token, setToken] = useState('')
  const [remember, setRemember] = useState(false)
  const [error, setError] = useState<Error>()
  const [busy, setBusy] = useState(false)
  async function submit(e: Event) {
    e.preventDefault()
    setBusy(true)
    setError(undefined)
    const creds: Credentials = { accessKeyId: id.trim(), accessKeySecret: secret, ...(kind === 'sts' ? { securityToken: token.trim() } : {}) }
    const api = apiClient(creds)
    try {
      await api.call('GetDefaultKmsInstance')
      props.onSignedIn(api, creds, remember)
    } catch (err) {
      // A policy refusal of this one call (a least-privilege user) still proves the signature was accepted.
      if (err instanceof ApiError && err.status === 403 && /^(Forbidden\.RAM|NoPermission)/.test(err.code)) props.onSignedIn(api, creds, remember)
      else setError(err as Error)
    } finally {
      setBusy(false)
    }
  }
  return (
    <main id="main" class="sign-in">
      <h1>openkms console</h1>
      <form aria-label="Sign in" onSubmit={submit} class="card">
        <fieldset>
          <legend>Credentials</legend>
          <div class="radio">
            <input type="radio" id="kind-ak" name="kind" checked={kind === 'ak'} onChange={() => setKind('ak')} />
            <label for="kind-ak">AccessKey</label>
            <input type="radio" id="kind-sts" name="kind" checked={kind === 'sts'} onChange={() => setKind('sts')} />
            <label for="kind-sts">STS token</label>
          </div>
        </fieldset>
        <div class="field">
          <label for="ak-id">AccessKey ID</label>
          <input id="ak-id" autoComplete="username" required spellcheck={false} value={id} onInput={(e) => setId(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="ak-secret">AccessKey secret</label>
          <input id="ak-secret" type="password" autoComplete="current-password" required value={secret} onInput={(e) => setSecret(e.currentTarget.value)} />
        </div>
        {kind === 'sts' && (
          <div class="field">
            <label for="sts-token">Security token</label>
            <textarea id="sts-token" required rows={3} spellcheck={false} value={token} onInput={(e) => setToken(e.currentTarget.value)} />
          </div>
        )}
        <div class="field checkbox">
          <input type="checkbox" id="remember" checked={remember} onChange={(e) => setRemember(e.currentTarget.checked)} />
          <label for="remember">Stay signed in in this tab (sessionStorage; closed with the tab)</label>
        </div>
        <div class="buttons">
          <button type="submit" class="primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </div>
        <ErrorNotice error={error} />
        <p class="hint">Requests are signed in this browser (ACS3-HMAC-SHA256) and sent to this server's API; the secret is never sent.</p>
      </form>
    </main>
  )
}
