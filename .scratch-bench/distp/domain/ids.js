import { randomBytes, randomUUID } from 'node:crypto';
const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
function randomAlnum(n) {
    const bytes = randomBytes(n);
    let out = '';
    // 36 does not divide 256; the bias (<1%) is irrelevant for identifiers, which are not secrets.
    for (const b of bytes)
        out += ALNUM[b % ALNUM.length];
    return out;
}
/** Alibaba's ids abbreviate the region's city (`key-hzz…` in cn-hangzhou); unknown regions use its first letters. */
const CITY_ABBREV = {
    hangzhou: 'hz', shanghai: 'sh', beijing: 'bj', shenzhen: 'sz', qingdao: 'qd', zhangjiakou: 'zjk', huhehaote: 'hhht',
    wulanchabu: 'wlcb', chengdu: 'cd', guangzhou: 'gz', heyuan: 'hy', hongkong: 'hk', singapore: 'sg', tokyo: 'tky',
};
/** `cn-hangzhou` → `hzz`, `cn-shanghai` → `shz`, `ap-southeast-1` → `sou`. */
export function regionAbbrev(region) {
    const city = region.split('-').slice(1).join('').replace(/[^a-z]/g, '');
    return (CITY_ABBREV[city] ?? city.slice(0, 3) ?? 'loc').padEnd(3, 'z').slice(0, 4);
}
export function randomIds(region) {
    const abbr = regionAbbrev(region);
    return {
        keyId: () => `key-${abbr}${randomAlnum(21)}`,
        uuid: () => randomUUID(),
        requestId: () => randomUUID(),
        instanceId: () => `kst-${abbr}${randomAlnum(21)}`,
        clientKeyId: () => `KAAP.${randomUUID()}`,
        accessKeyId: () => `LTAI${randomAlnum(20)}`,
        accessKeySecret: () => randomBytes(22).toString('base64url').slice(0, 30),
    };
}
