/** Public entry point of the TypeScript instance-API client (docs/instance-api.md). */
export { InstanceClient, type CallOptions } from './instance-client.js'
export { InstanceApiError } from './instance-api-error.js'
export type { InstanceClientConfig } from './config.js'
export type * from '../instance-wire/messages.js'
