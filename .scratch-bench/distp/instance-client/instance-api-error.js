/**
 * An error answered by an instance-API server (HTTP 4xx/5xx with a protobuf `Error` body), carrying the
 * same Code / HTTP status / RequestId the Alibaba SDKs expose (spec/kms-instance-api.md §1 "Response").
 */
export class InstanceApiError extends Error {
    code;
    httpStatus;
    requestId;
    constructor(init) {
        super(init.message);
        this.name = 'InstanceApiError';
        this.code = init.code;
        this.httpStatus = init.httpStatus;
        this.requestId = init.requestId;
    }
}
