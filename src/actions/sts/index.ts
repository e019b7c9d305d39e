/** STS (API 2015-04-01): temporary credentials for RAM roles. */
export { AssumeRole } from './assume-role.js'
export { GetCallerIdentity } from './get-caller-identity.js'
