/**
 * The signed-in credentials: held in memory, and in this tab's sessionStorage only when the user asks to stay
 * signed in across reloads. Nothing is ever sent to the server except signatures made with them.
 */
import type { Credentials } from './api/sign'

const STORAGE_KEY = 'openkms.console.credentials'

export function restoreCredentials(): Credentials | undefined {
  try {
    const text = sessionStorage.getItem(STORAGE_KEY)
    if (!text) return undefined
    const c = JSON.parse(text) as Credentials
    return typeof c.accessKeyId === 'string' && typeof c.accessKeySecret === 'string' ? c : undefined
  } catch {
    return undefined
  }
}

export function keepCredentials(creds: Credentials, inSessionStorage: boolean): void {
  if (inSessionStorage) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(creds))
  else sessionStorage.removeItem(STORAGE_KEY)
}

export function forgetCredentials(): void {
  sessionStorage.removeItem(STORAGE_KEY)
}
