/** Data keys of GenerateDataKey* and their export (spec/kms-openapi.md §4.4, §4.9). */
export const DATA_KEY_SPECS = ['AES_256', 'AES_128'];
export const DATA_KEY_BYTES = { min: 1, max: 1024 };
/** Key specs and algorithms a data key may be exported under (ExportDataKey, GenerateAndExportDataKey). */
export const WRAPPING_KEY_SPECS = ['RSA_2048', 'EC_SM2'];
export const WRAPPING_ALGORITHMS = ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'SM2PKE'];
const ALGORITHMS_BY_WRAPPING_SPEC = {
    RSA_2048: ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1'],
    EC_SM2: ['SM2PKE'],
};
/**
 * The data key length (spec §4.9): NumberOfBytes when given (it wins over KeySpec), else 16 for AES_128, else 32
 * (AES_256, and the default when neither is given).
 */
export function dataKeyLength(keySpec, numberOfBytes) {
    if (numberOfBytes !== undefined)
        return numberOfBytes;
    return keySpec === 'AES_128' ? 16 : 32;
}
/** The wrapping algorithms a wrapping key spec supports. */
export function wrappingAlgorithmsFor(spec) {
    return ALGORITHMS_BY_WRAPPING_SPEC[spec];
}
