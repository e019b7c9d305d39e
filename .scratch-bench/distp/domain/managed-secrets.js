/**
 * Managed secret types (Rds, Redis, RAMCredentials, ECS, PolarDB; CreateSecret documentation): what their
 * ExtendedConfig must hold, the shape of their values, their names, and the value a rotation produces. openkms has
 * no cloud database, RAM or ECS service to push credentials to, so a rotation only records fresh credentials as
 * the new ACSCurrent version (docs/secrets.md).
 */
import { KmsErrors } from './errors.js';
export const MAX_EXTENDED_CONFIG_LENGTH = 1024;
const MAX_CUSTOM_DATA_ENTRIES = 10;
const REQUIRED = {
    Rds: { subTypes: ['SingleUser', 'DoubleUsers'], keys: ['DBInstanceId'] },
    Redis: { subTypes: ['DoubleUsers'], keys: ['AccountName', 'CloneAccountName', 'AccountPrivilege', 'InstanceId', 'RegionId'] },
    RAMCredentials: { subTypes: ['RamUserAccessKey'], keys: ['UserName'] },
    ECS: { subTypes: ['Password', 'SSHKey'], keys: ['RegionId', 'InstanceId'] },
    PolarDB: { subTypes: ['DoubleUsers'], keys: ['RegionId', 'DBClusterId', 'DBType', 'AccountName'] },
};
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const nonEmptyString = (v) => typeof v === 'string' && v.length > 0;
function parseObject(text, param) {
    let v;
    try {
        v = JSON.parse(text);
    }
    catch {
        throw KmsErrors.invalidParameter(param, 'It must be valid JSON.');
    }
    if (!isObject(v))
        throw KmsErrors.invalidParameter(param, 'It must be a JSON object.');
    return v;
}
/** Validates a CustomData object (at most 10 entries): used by CreateSecret and UpdateSecret. */
export function validateCustomData(value, param) {
    if (!isObject(value))
        throw KmsErrors.invalidParameter(param, 'CustomData must be a JSON object.');
    if (Object.keys(value).length > MAX_CUSTOM_DATA_ENTRIES)
        throw KmsErrors.invalidParameter(param, `CustomData holds at most ${MAX_CUSTOM_DATA_ENTRIES} entries.`);
    return value;
}
/** Checks the ExtendedConfig of a managed type and returns its canonical JSON text (CustomData defaults to {}). */
export function validateExtendedConfig(type, config, param = 'ExtendedConfig') {
    if (config === undefined)
        throw KmsErrors.missingParameter(param);
    const rule = REQUIRED[type];
    if (!rule.subTypes.includes(config.SecretSubType))
        throw KmsErrors.invalidParameter(param, `SecretSubType must be ${rule.subTypes.join(' or ')} for ${type} secrets.`);
    for (const key of rule.keys)
        if (!nonEmptyString(config[key]))
            throw KmsErrors.invalidParameter(param, `${key} is required for ${type} secrets.`);
    const text = JSON.stringify({ ...config, CustomData: validateCustomData(config.CustomData ?? {}, param) });
    if (text.length > MAX_EXTENDED_CONFIG_LENGTH)
        throw KmsErrors.invalidParameter(param, `It must be at most ${MAX_EXTENDED_CONFIG_LENGTH} characters long.`);
    return text;
}
/** RAMCredentials secrets are named by the service (`$Auto` → `acs/ram/user/<UserName>`); others keep theirs. */
export function managedSecretName(type, name, config) {
    if (type !== 'RAMCredentials')
        return name;
    if (name !== '$Auto')
        throw KmsErrors.invalidParameter('SecretName', 'RAMCredentials secrets take SecretName=$Auto.');
    return `acs/ram/user/${config.UserName}`;
}
function firstOf(list, fields, param, shape) {
    if (!Array.isArray(list) || list.length === 0)
        throw KmsErrors.invalidParameter(param, `It must look like ${shape}.`);
    for (const item of list)
        if (!isObject(item) || !fields.every((f) => nonEmptyString(item[f])))
            throw KmsErrors.invalidParameter(param, `It must look like ${shape}.`);
    return list[0];
}
/**
 * The stored value of a new managed secret, in the shape GetSecretValue returns for its type: Rds/Redis/PolarDB
 * `{"AccountName","AccountPassword"}`, RAMCredentials `{"AccessKeyId","AccessKeySecret","GenerateTimestamp"}`,
 * ECS as given. Redis and PolarDB take `$Auto` and get a generated password.
 */
export function initialManagedValue(type, config, data, fresh, param = 'SecretData') {
    if (type === 'Redis' || type === 'PolarDB') {
        if (data !== '$Auto')
            throw KmsErrors.invalidParameter(param, `${type} secrets take SecretData=$Auto.`);
        return JSON.stringify({ AccountName: config.AccountName, AccountPassword: fresh.password() });
    }
    const value = parseObject(data, param);
    if (type === 'Rds') {
        const a = firstOf(value.Accounts, ['AccountName', 'AccountPassword'], param, '{"Accounts":[{"AccountName":"…","AccountPassword":"…"}]}');
        return JSON.stringify({ AccountName: a.AccountName, AccountPassword: a.AccountPassword });
    }
    if (type === 'RAMCredentials') {
        const k = firstOf(value.AccessKeys, ['AccessKeyId', 'AccessKeySecret'], param, '{"AccessKeys":[{"AccessKeyId":"…","AccessKeySecret":"…"}]}');
        return JSON.stringify({ AccessKeyId: k.AccessKeyId, AccessKeySecret: k.AccessKeySecret, GenerateTimestamp: fresh.now() });
    }
    const fields = config.SecretSubType === 'SSHKey' ? ['UserName', 'PublicKey', 'PrivateKey'] : ['UserName', 'Password'];
    if (!fields.every((f) => nonEmptyString(value[f])))
        throw KmsErrors.invalidParameter(param, `ECS ${String(config.SecretSubType)} secrets need ${fields.join(', ')}.`);
    return JSON.stringify(Object.fromEntries(fields.map((f) => [f, value[f]])));
}
/**
 * The value after a rotation: fresh password or AccessKey; double-user types alternate between AccountName and
 * CloneAccountName, as Alibaba swaps the two accounts. ECS SSH keys are refused (openkms makes no SSH key pairs).
 */
export function rotatedManagedValue(type, config, current, fresh) {
    const value = parseObject(current, 'SecretData');
    if (type === 'RAMCredentials') {
        const k = fresh.accessKey();
        return JSON.stringify({ AccessKeyId: k.accessKeyId, AccessKeySecret: k.accessKeySecret, GenerateTimestamp: fresh.now() });
    }
    if (type === 'ECS') {
        const refusal = rotationRefusal(type, config);
        if (refusal)
            throw KmsErrors.unsupportedOperation(refusal);
        return JSON.stringify({ ...value, Password: fresh.password() });
    }
    const clone = config.CloneAccountName;
    const swap = nonEmptyString(clone) && config.SecretSubType === 'DoubleUsers';
    const accountName = swap ? (value.AccountName === clone ? config.AccountName : clone) : value.AccountName;
    return JSON.stringify({ AccountName: accountName, AccountPassword: fresh.password() });
}
/** Why a secret of this type and configuration cannot rotate in openkms, or undefined when it can. */
export function rotationRefusal(type, config) {
    if (type === 'Generic')
        return 'Generic secrets do not rotate; write a new version with PutSecretValue.';
    if (type === 'ECS' && config.SecretSubType === 'SSHKey')
        return 'openkms does not generate SSH key pairs; ECS SSHKey secrets cannot rotate here.';
    return undefined;
}
/** ExtendedConfig after UpdateSecret replaces its CustomData. */
export function withCustomData(extendedConfig, customData) {
    const text = JSON.stringify({ ...JSON.parse(extendedConfig), CustomData: customData });
    if (text.length > MAX_EXTENDED_CONFIG_LENGTH)
        throw KmsErrors.invalidParameter('ExtendedConfig.CustomData', `The extended configuration must stay within ${MAX_EXTENDED_CONFIG_LENGTH} characters.`);
    return text;
}
