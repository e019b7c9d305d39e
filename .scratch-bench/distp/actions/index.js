import * as keys from './keys/index.js';
import * as account from './account/index.js';
import * as keyVersions from './key-versions/index.js';
import * as aliases from './aliases/index.js';
import * as tags from './tags/index.js';
import * as crypto from './crypto/index.js';
import * as access from './access/index.js';
import * as secrets from './secrets/index.js';
import * as instances from './instances/index.js';
import * as byok from './byok/index.js';
const GROUPS = { keys, account, 'key-versions': keyVersions, aliases, tags, crypto, access, secrets, instances, byok };
export const ACTIONS = Object.values(GROUPS).flatMap((g) => Object.values(g));
export const ACTION_GROUPS = Object.entries(GROUPS).map(([name, g]) => [name, Object.values(g)]);
const BY_NAME = new Map(ACTIONS.map((a) => [a.name, a]));
export function findAction(name) {
    return BY_NAME.get(name);
}
