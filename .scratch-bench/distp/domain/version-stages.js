/**
 * Secret version stages (spec/kms-openapi.md §5): each label marks exactly one version, a version carries any
 * number of labels, ACSCurrent and ACSPrevious can be moved but never removed. A stage map is `stage → versionId`,
 * which is also how the store keeps them (one row per stage, so "exactly one version" is a primary key).
 */
import { KmsErrors } from './errors.js';
import { ACS_CURRENT, ACS_PREVIOUS } from './secret-rules.js';
const BUILT_IN = new Set([ACS_CURRENT, ACS_PREVIOUS]);
/** The labels on one version: ACSCurrent, ACSPrevious, then custom labels in byte order. */
export function stagesOf(map, versionId) {
    const labels = [...map].filter(([, v]) => v === versionId).map(([s]) => s);
    const rank = (s) => (s === ACS_CURRENT ? 0 : s === ACS_PREVIOUS ? 1 : 2);
    return labels.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}
/**
 * Stages after a new version is written (CreateSecret, PutSecretValue, RotateSecret): the new version takes
 * `requested` (default ACSCurrent), moving each label off whichever version had it; when ACSCurrent moves, the
 * version that held it becomes ACSPrevious.
 */
export function stagesAfterNewVersion(map, newVersionId, requested) {
    const next = new Map(map);
    const labels = requested && requested.length > 0 ? requested : [ACS_CURRENT];
    const oldCurrent = map.get(ACS_CURRENT);
    if (labels.includes(ACS_CURRENT) && oldCurrent !== undefined && oldCurrent !== newVersionId)
        next.set(ACS_PREVIOUS, oldCurrent);
    for (const label of labels)
        next.set(label, newVersionId);
    return next;
}
/**
 * UpdateSecretVersionStage: MoveToVersion and/or RemoveFromVersion (at least one); the built-in stages need
 * MoveToVersion. Moving ACSCurrent makes its former version ACSPrevious, so the two never share a version.
 */
export function stagesAfterUpdate(map, change, hasVersion) {
    const { stage, moveTo, removeFrom } = change;
    if (moveTo === undefined && removeFrom === undefined)
        throw KmsErrors.missingParameter('MoveToVersion');
    if (BUILT_IN.has(stage) && moveTo === undefined)
        throw KmsErrors.invalidParameter('RemoveFromVersion', `${stage} can only be moved to another version, never removed.`);
    if (moveTo !== undefined && !hasVersion(moveTo))
        throw KmsErrors.resourceNotFound(`secret version ${moveTo}`);
    const holder = map.get(stage);
    if (removeFrom !== undefined) {
        if (!hasVersion(removeFrom))
            throw KmsErrors.resourceNotFound(`secret version ${removeFrom}`);
        if (holder !== removeFrom)
            throw KmsErrors.invalidParameter('RemoveFromVersion', `The stage ${stage} is not on version ${removeFrom}.`);
    }
    const next = new Map(map);
    if (moveTo === undefined) {
        next.delete(stage);
        return next;
    }
    if (holder === moveTo)
        return next;
    if (stage === ACS_PREVIOUS && map.get(ACS_CURRENT) === moveTo)
        throw KmsErrors.invalidParameter('MoveToVersion', 'ACSPrevious cannot mark the version that carries ACSCurrent.');
    if (stage === ACS_CURRENT && holder !== undefined)
        next.set(ACS_PREVIOUS, holder);
    next.set(stage, moveTo);
    return next;
}
/**
 * Versions to drop so that at most `max` remain: the oldest versions without any stage. When every surplus
 * version is still labelled, the write is refused rather than dropping a labelled version.
 */
export function versionsToDrop(oldestFirst, map, max) {
    const excess = oldestFirst.length - max;
    if (excess <= 0)
        return [];
    const labelled = new Set(map.values());
    const candidates = oldestFirst.filter((v) => !labelled.has(v));
    if (candidates.length < excess)
        throw KmsErrors.limitExceeded(`secret version (at most ${max} versions; remove stages from old versions first)`);
    return candidates.slice(0, excess);
}
/** The writes that turn `before` into `after`: labels to (re)point and labels to delete. */
export function stageDiff(before, after) {
    const set = [...after].filter(([stage, v]) => before.get(stage) !== v);
    const remove = [...before.keys()].filter((stage) => !after.has(stage));
    return { set, remove };
}
