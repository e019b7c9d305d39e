export { CreateAlias } from './create-alias.js';
export { UpdateAlias } from './update-alias.js';
export { DeleteAlias } from './delete-alias.js';
export { ListAliases } from './list-aliases.js';
export { ListAliasesByKeyId } from './list-aliases-by-key-id.js';
