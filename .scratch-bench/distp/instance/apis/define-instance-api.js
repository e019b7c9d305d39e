export function defineInstanceApi(api) {
    return api;
}
