const JSON_TYPE = 'application/json;charset=utf-8';
/** openapi-core parses XML errors only for exactly this content type (spec §3.1). */
const XML_TYPE = 'text/xml;charset=utf-8';
export function formatOf(value) {
    return value !== undefined && value.toLowerCase() === 'xml' ? 'xml' : 'json';
}
export function renderSuccess(action, requestId, body, format) {
    const full = { RequestId: requestId, ...body };
    const headers = { 'x-acs-request-id': requestId };
    if (format === 'xml')
        return { status: 200, headers: { ...headers, 'content-type': XML_TYPE }, body: xmlDocument(`${action}Response`, full) };
    return { status: 200, headers: { ...headers, 'content-type': JSON_TYPE }, body: JSON.stringify(full) };
}
export function renderError(err, requestId, hostId, format) {
    const body = {
        RequestId: requestId,
        HostId: hostId,
        Code: err.code,
        Message: err.message,
        Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(err.code)}&product=Kms&requestId=${requestId}`,
    };
    const headers = { 'content-type': format === 'xml' ? XML_TYPE : JSON_TYPE, 'x-acs-request-id': requestId };
    return { status: err.status, headers, body: format === 'xml' ? xmlDocument('Error', body) : JSON.stringify(body) };
}
function xmlDocument(root, body) {
    return `<?xml version="1.0" encoding="UTF-8"?><${root}>${xmlFields(body)}</${root}>`;
}
function xmlFields(obj) {
    let out = '';
    for (const [k, v] of Object.entries(obj)) {
        if (v === undefined || v === null)
            continue;
        if (Array.isArray(v))
            for (const item of v)
                out += xmlElement(k, item);
        else
            out += xmlElement(k, v);
    }
    return out;
}
function xmlElement(name, value) {
    if (value !== null && typeof value === 'object')
        return `<${name}>${xmlFields(value)}</${name}>`;
    return `<${name}>${escapeXml(String(value))}</${name}>`;
}
function escapeXml(s) {
    return s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]);
}
