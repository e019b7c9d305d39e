export { DescribeRegions } from './describe-regions.js';
export { DescribeAccountKmsStatus } from './describe-account-kms-status.js';
export { OpenKmsService } from './open-kms-service.js';
export { DescribeService } from './describe-service.js';
