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
