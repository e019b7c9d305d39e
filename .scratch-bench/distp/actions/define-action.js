export function defineAction(spec) {
    return spec;
}
