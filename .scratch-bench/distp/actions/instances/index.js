export { ListKmsInstances } from './list-kms-instances.js';
export { GetKmsInstance } from './get-kms-instance.js';
export { GetDefaultKmsInstance } from './get-default-kms-instance.js';
export { GetKmsInstanceQuotaInfos } from './get-kms-instance-quota-infos.js';
