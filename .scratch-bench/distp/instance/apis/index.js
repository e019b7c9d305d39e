import { Encrypt } from './encrypt.js';
import { Decrypt } from './decrypt.js';
import { Sign } from './sign.js';
import { Verify } from './verify.js';
import { GenerateRandom } from './generate-random.js';
import { GenerateDataKey } from './generate-data-key.js';
import { GetPublicKey } from './get-public-key.js';
import { GetSecretValue } from './get-secret-value.js';
import { AdvanceEncrypt } from './advance-encrypt.js';
import { AdvanceDecrypt } from './advance-decrypt.js';
import { AdvanceGenerateDataKey } from './advance-generate-data-key.js';
import { GenerateDataKeyPair } from './generate-data-key-pair.js';
import { GenerateDataKeyPairWithoutPlaintext } from './generate-data-key-pair-without-plaintext.js';
import { AdvanceGenerateDataKeyPair } from './advance-generate-data-key-pair.js';
import { AdvanceGenerateDataKeyPairWithoutPlaintext } from './advance-generate-data-key-pair-without-plaintext.js';
import { Hmac } from './hmac.js';
const ALL = [
    Encrypt,
    Decrypt,
    Sign,
    Verify,
    GenerateRandom,
    GenerateDataKey,
    GetPublicKey,
    GetSecretValue,
    AdvanceEncrypt,
    AdvanceDecrypt,
    AdvanceGenerateDataKey,
    GenerateDataKeyPair,
    GenerateDataKeyPairWithoutPlaintext,
    AdvanceGenerateDataKeyPair,
    AdvanceGenerateDataKeyPairWithoutPlaintext,
    Hmac,
];
export const INSTANCE_APIS = new Map(ALL.map((api) => [api.name, api]));
