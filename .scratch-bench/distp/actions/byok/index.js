export { GetParametersForImport } from './get-parameters-for-import.js';
export { ImportKeyMaterial } from './import-key-material.js';
export { DeleteKeyMaterial } from './delete-key-material.js';
