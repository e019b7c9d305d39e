export { CreateKeyVersion } from './create-key-version.js';
export { DescribeKeyVersion } from './describe-key-version.js';
export { ListKeyVersions } from './list-key-versions.js';
