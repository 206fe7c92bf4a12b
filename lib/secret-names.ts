// Names that say the value under them is a secret: a config key, a field of a structured value, or
// a map key such as an environment variable's name (DB_PASSWORD, API_TOKEN, SENTRY_DSN...). A value
// under such a name, at any depth, is never printed: not in a config error, not in a note about how
// YAML read it. The list errs towards hiding: a value wrongly hidden costs a look at the stack
// file; a secret wrongly shown is in a CI log for good.

/** The words, as documented in docs/commands.md; matched anywhere in a name, any case. */
export const SECRET_NAME_WORDS = [
    "secret",
    "password",
    "passwd",
    "passphrase",
    "pwd",
    "token",
    "apikey",
    "privatekey",
    "accesskey",
    "signingkey",
    "credential",
    "auth",
    "cookie",
    "salt",
    "dsn",
    "connectionstring",
] as const;

/** Separators are ignored: api_key, api-key, API.KEY and apiKey all read as "apikey". */
export function isSecretName(name: string): boolean {
    const squashed = name.toLowerCase().replace(/[-_. ]/g, "");
    return SECRET_NAME_WORDS.some((word) => squashed.includes(word));
}

// Texts that are secrets whatever name they stand under: credentials in a URL, a private key, and
// the shapes of widely used tokens (AWS access key ids, GitHub, Slack, JSON web tokens).
const SECRET_TEXTS: readonly RegExp[] = [
    /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i,
    /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
    /\b(AKIA|ASIA)[0-9A-Z]{16}\b/,
    /\bgh[pousr]_[A-Za-z0-9]{30,}|\bgithub_pat_[A-Za-z0-9_]{20,}/,
    /\bxox[abposr]-[A-Za-z0-9-]{10,}/,
    /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./,
];

/** True for a text that is a secret by its look (postgres://user:pass@host, a PEM private key, AKIA...). */
export function looksLikeSecret(text: string): boolean {
    return SECRET_TEXTS.some((pattern) => pattern.test(text));
}
