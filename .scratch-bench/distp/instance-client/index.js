/** Public entry point of the TypeScript instance-API client (docs/instance-api.md). */
export { InstanceClient } from './instance-client.js';
export { InstanceApiError } from './instance-api-error.js';
