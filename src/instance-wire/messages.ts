/**
 * Request and response shapes of the instance API, field for field as the protobuf schema
 * (src/instance/api-proto.ts). Requests: every field optional (proto3 default when absent), bytes as any
 * Uint8Array. Responses: every field present, bytes as Buffer.
 */
type Bytes = Uint8Array

export interface EncryptRequest {
  KeyId?: string
  Plaintext?: Bytes
  Algorithm?: string
  Aad?: Bytes
  Iv?: Bytes
  PaddingMode?: string
}
export interface EncryptResponse {
  KeyId: string
  CiphertextBlob: Buffer
  Iv: Buffer
  RequestId: string
  Algorithm: string
  PaddingMode: string
}

export interface DecryptRequest {
  CiphertextBlob?: Bytes
  KeyId?: string
  Algorithm?: string
  Aad?: Bytes
  Iv?: Bytes
  PaddingMode?: string
}
export interface DecryptResponse {
  KeyId: string
  Plaintext: Buffer
  RequestId: string
  Algorithm: string
  PaddingMode: string
}

export interface SignRequest {
  KeyId?: string
  Digest?: Bytes
  Algorithm?: string
  Message?: Bytes
  MessageType?: string
}
export interface SignResponse {
  KeyId: string
  Signature: Buffer
  RequestId: string
  Algorithm: string
  MessageType: string
}

export interface VerifyRequest {
  KeyId?: string
  Digest?: Bytes
  Signature?: Bytes
  Algorithm?: string
  Message?: Bytes
  MessageType?: string
}
export interface VerifyResponse {
  KeyId: string
  Value: boolean
  RequestId: string
  Algorithm: string
  MessageType: string
}

export interface HmacRequest { KeyId?: string; Message?: Bytes }
export interface HmacResponse { KeyId: string; Signature: Buffer; RequestId: string }

export interface GenerateRandomRequest { Length?: number }
export interface GenerateRandomResponse { Random: Buffer; RequestId: string }

export interface GenerateDataKeyRequest {
  KeyId?: string
  Algorithm?: string
  NumberOfBytes?: number
  Aad?: Bytes
}
export interface GenerateDataKeyResponse {
  KeyId: string
  Iv: Buffer
  Plaintext: Buffer
  CiphertextBlob: Buffer
  RequestId: string
  Algorithm: string
}

export interface GetPublicKeyRequest { KeyId?: string }
export interface GetPublicKeyResponse { KeyId: string; PublicKey: string; RequestId: string }

export interface GetSecretValueRequest {
  SecretName?: string
  VersionStage?: string
  VersionId?: string
  FetchExtendedConfig?: boolean
}
export interface GetSecretValueResponse {
  SecretName: string
  SecretType: string
  SecretData: string
  SecretDataType: string
  VersionStages: string[]
  VersionId: string
  CreateTime: string
  RequestId: string
  LastRotationDate: string
  NextRotationDate: string
  ExtendedConfig: string
  AutomaticRotation: string
  RotationInterval: string
}

export type AdvanceEncryptRequest = EncryptRequest
export interface AdvanceEncryptResponse extends EncryptResponse { KeyVersionId: string }

export type AdvanceDecryptRequest = DecryptRequest
export interface AdvanceDecryptResponse extends DecryptResponse { KeyVersionId: string }

export interface AdvanceGenerateDataKeyRequest { KeyId?: string; NumberOfBytes?: number; Aad?: Bytes }
export interface AdvanceGenerateDataKeyResponse extends GenerateDataKeyResponse { KeyVersionId: string }

export interface GenerateDataKeyPairRequest {
  KeyId?: string
  Algorithm?: string
  KeyPairSpec?: string
  KeyFormat?: string
  Aad?: Bytes
}
export interface GenerateDataKeyPairResponse {
  KeyId: string
  Iv: Buffer
  KeyPairSpec: string
  PrivateKeyPlaintext: Buffer
  PrivateKeyCiphertextBlob: Buffer
  PublicKey: Buffer
  RequestId: string
  Algorithm: string
}

export type GenerateDataKeyPairWithoutPlaintextRequest = GenerateDataKeyPairRequest
export type GenerateDataKeyPairWithoutPlaintextResponse = Omit<GenerateDataKeyPairResponse, 'PrivateKeyPlaintext'>

export interface AdvanceGenerateDataKeyPairRequest {
  KeyId?: string
  KeyPairSpec?: string
  KeyFormat?: string
  Aad?: Bytes
}
export interface AdvanceGenerateDataKeyPairResponse extends GenerateDataKeyPairResponse {
  KeyVersionId: string
}

export type AdvanceGenerateDataKeyPairWithoutPlaintextRequest = AdvanceGenerateDataKeyPairRequest
export interface AdvanceGenerateDataKeyPairWithoutPlaintextResponse extends GenerateDataKeyPairWithoutPlaintextResponse {
  KeyVersionId: string
}
