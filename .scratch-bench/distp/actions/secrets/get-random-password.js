import { defineAction } from '../define-action.js';
import { p } from '../params.js';
import { KmsErrors } from '../../domain/errors.js';
import { isCryptoError } from '../../crypto/crypto-error.js';
import { randomPassword } from '../../crypto/random-password.js';
const flag = (what) => p.boolean({ default: false, description: `true to leave out ${what}.` });
export const GetRandomPassword = defineAction({
    name: 'GetRandomPassword',
    description: 'Generates a random password from the OS CSPRNG, with the requested length and character classes.',
    params: {
        PasswordLength: p.integer({ min: 8, max: 128, default: 32, description: 'Length, 8 to 128 (default 32).' }),
        ExcludeCharacters: p.string({ maxLength: 256, description: 'Characters never to use.' }),
        ExcludeLowercase: flag('lowercase letters'),
        ExcludeUppercase: flag('uppercase letters'),
        ExcludeNumbers: flag('digits'),
        ExcludePunctuation: flag('punctuation (printable ASCII symbols)'),
        RequireEachIncludedType: p.boolean({ default: true, description: 'Use at least one character of every included class (default true).' }),
    },
    errors: ['InvalidParameter'],
    async handle(q) {
        const exclude = new Set();
        if (q.ExcludeLowercase)
            exclude.add('lowercase');
        if (q.ExcludeUppercase)
            exclude.add('uppercase');
        if (q.ExcludeNumbers)
            exclude.add('numbers');
        if (q.ExcludePunctuation)
            exclude.add('punctuation');
        try {
            const password = randomPassword({
                length: q.PasswordLength,
                exclude,
                excludeCharacters: q.ExcludeCharacters ?? '',
                requireEachIncludedType: q.RequireEachIncludedType,
            });
            return { RandomPassword: password };
        }
        catch (e) {
            if (isCryptoError(e))
                throw KmsErrors.invalidParameter('ExcludeCharacters', `The exclusions cannot be satisfied: ${e.message}.`);
            throw e;
        }
    },
});
