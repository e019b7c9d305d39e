export { DescribeRegions } from './describe-regions.js'
export { DescribeAccountKmsStatus } from './describe-account-kms-status.js'
