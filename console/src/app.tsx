/** The shell: sign-in, then a header, the main navigation and the page named by the URL's hash (#/keys…). */
import { useEffect, useState } from 'preact/hooks'
import { apiClient, type ApiClient } from './api/client'
import { ApiContext } from './context'
import { forgetCredentials, keepCredentials, restoreCredentials } from './session'
import { SignInPage } from './pages/sign-in'
import { KeysPage } from './pages/keys'
import { KeyDetailsPage } from './pages/key-details'
import { SecretsPage } from './pages/secrets'
import { SecretDetailsPage } from './pages/secret-details'
import { AccessPage } from './pages/access'
import { InstancePage } from './pages/instance'
import { IdentityPage } from './pages/identity'

const NAV: Array<[string, string]> = [
  ['#/keys', 'Keys'],
  ['#/secrets', 'Secrets'],
  ['#/access', 'Application access'],
  ['#/instance', 'Instance'],
  ['#/identity', 'Identity'],
]

function useHash(): string {
  const [hash, setHash] = useState(location.hash || '#/keys')
  useEffect(() => {
    const on = () => setHash(location.hash || '#/keys')
    addEventListener('hashchange', on)
    return () => removeEventListener('hashchange', on)
  }, [])
  return hash
}

function page(hash: string) {
  const [, section = 'keys', ...rest] = hash.slice(1).split('/')
  const arg = rest.length ? decodeURIComponent(rest.join('/')) : undefined
  switch (section) {
    case 'keys':
      return arg ? <KeyDetailsPage key={arg} keyId={arg} /> : <KeysPage />
    case 'secrets':
      return arg ? <SecretDetailsPage key={arg} name={arg} /> : <SecretsPage />
    case 'access':
      return <AccessPage />
    case 'instance':
      return <InstancePage />
    case 'identity':
      return <IdentityPage />
    default:
      return <p>Unknown page.</p>
  }
}

export function App() {
  const [api, setApi] = useState<ApiClient | undefined>(() => {
    const c = restoreCredentials()
    return c ? apiClient(c) : undefined
  })
  const hash = useHash()
  useEffect(() => {
    // Move focus to the new page's heading, so keyboard and screen-reader users land on it.
    const heading = document.querySelector<HTMLElement>('main h1')
    heading?.setAttribute('tabindex', '-1')
    heading?.focus()
  }, [hash, api])
  if (!api)
    return (
      <SignInPage
        onSignedIn={(client, creds, remember) => {
          keepCredentials(creds, remember)
          setApi(client)
        }}
      />
    )
  const current = '#/' + (hash.slice(2).split('/')[0] ?? '')
  return (
    <ApiContext.Provider value={api}>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus() }}>
        Skip to content
      </a>
      <header class="top">
        <span class="brand">openkms</span>
        <nav aria-label="Main">
          <ul>
            {NAV.map(([href, label]) => (
              <li key={href}>
                <a href={href} aria-current={current === href ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <span>
            Signed in as <code>{api.accessKeyId}</code>
          </span>
          <button
            type="button"
            onClick={() => {
              forgetCredentials()
              setApi(undefined)
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {page(hash)}
      </main>
    </ApiContext.Provider>
  )
}
