import { createContext } from 'preact'
import { useContext } from 'preact/hooks'
import type { ApiClient } from './api/client'

export const ApiContext = createContext<ApiClient | undefined>(undefined)

export function useApi(): ApiClient {
  const api = useContext(ApiContext)
  if (!api) throw new Error('not signed in')
  return api
}
