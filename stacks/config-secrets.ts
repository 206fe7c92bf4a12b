// Which config values a message may show. A value is shown only when it cannot be a secret; the
// rule is applied where every ConfigIssue is recorded (./config-reader.ts), whatever reader
// reported it, so no reader can leak a secret by passing it on. A value is hidden:
// - under a key Pulumi marks secret (`pulumi config set --secret`, a `secure:` value at any depth);
// - under a secret-bearing name at any depth (lib/secret-names.ts: `secrets`, DB_PASSWORD, ...),
//   except a name itself (the variable's name in "invalid variable name");
// - under a key or field the schema does not declare (a misspelt `secrte:` may hold one); where the
//   value's shape is not the schema's (a services list written as a map, a list where a map
//   belongs), under any name the key's schema does not use, and any text there that is not right
//   under one of its field names or that names a secret ("DB_PASSWORD=..."): only its type and
//   size are shown, e.g. "(a 24-character string)", "(a map of 2 entries)";
// - a text that is a secret by its look wherever it stands (credentials in a URL, a private key,
//   an AWS access key id or a known token's shape: lib/secret-names.ts);
// - anywhere in a message (value, problem or allowed) that repeats such a value's text.

import { isSecretName, looksLikeSecret } from "../lib/secret-names";
import { AWS_REGION_KEY, CONFIG_KEYS, PROJECT_NAME, STRING_LIST_SHAPE } from "./schema";

/** Config as Pulumi hands it to a program: full key -> text (JSON for lists and maps). */
type Raw = Readonly<Record<string, string | undefined>>;

/** The parts of a valibot schema the walk reads. */
interface SchemaNode {
    readonly type: string;
    readonly kind?: string;
    readonly wrapped?: SchemaNode;
    readonly item?: SchemaNode;
    readonly entries?: Readonly<Record<string, SchemaNode>>;
    readonly value?: SchemaNode;
    readonly pipe?: readonly SchemaNode[];
}

const WRAPPERS = new Set([
    "optional",
    "nullish",
    "nullable",
    "undefinedable",
    "exact_optional",
    "non_optional",
    "non_nullable",
    "non_nullish",
]);
const OBJECTS = new Set(["object", "object_with_rest", "loose_object", "strict_object"]);
const CONTAINERS = new Set([...OBJECTS, "array", "record", "tuple"]);
/** A declared scalar key: its text is what the schema describes. */
const SCALAR: SchemaNode = { type: "string" };

/** The schema that says what a value is: wrappers removed, a pipe's container found. */
function container(schema: SchemaNode | undefined): SchemaNode | undefined {
    let s = schema;
    for (let i = 0; s && i < 20; i++) {
        if (WRAPPERS.has(s.type) && s.wrapped) s = s.wrapped;
        else if (!CONTAINERS.has(s.type) && s.pipe) {
            const inner = s.pipe.find((p) => p !== s && p.kind === "schema" && CONTAINERS.has(p.type));
            if (!inner) return s;
            s = inner;
        } else return s;
    }
    return s;
}

/**
 * Where a value sits: what the schema declares there; whether a name above it says secret; whether
 * a name on the way is one the schema does not have (a misspelt field); whether the value's shape
 * has left the schema's (a list where a map belongs), after which only the names the key's schema
 * uses anywhere (its vocabulary) are taken as known.
 */
interface Position {
    readonly schema: SchemaNode | undefined;
    readonly secret: boolean;
    readonly undeclared: boolean;
    readonly loose: boolean;
    /** Reached by a field name the schema uses (not by a list index, a map's own key or the key itself). */
    readonly named: boolean;
    readonly vocabulary: ReadonlySet<string>;
}

function child(pos: Position, segment: string | number): Position {
    const secret = pos.secret || (typeof segment === "string" && isSecretName(segment));
    const s = container(pos.schema);
    const at = (schema: SchemaNode | undefined, named: boolean, undeclared = pos.undeclared): Position => ({
        ...pos,
        schema,
        secret,
        undeclared,
        named,
    });
    if (!pos.loose && s) {
        if (s.type === "array" && typeof segment === "number") return at(s.item, false);
        if (OBJECTS.has(s.type) && typeof segment === "string") {
            const entry = s.entries?.[segment];
            return at(entry, entry !== undefined, pos.undeclared || entry === undefined);
        }
        if (s.type === "record" && typeof segment === "string") return at(s.value, false);
    }
    if (!pos.loose && !s) return at(undefined, false, true);
    const known = typeof segment === "string" && pos.vocabulary.has(segment);
    return { ...at(undefined, known, pos.undeclared || (typeof segment === "string" && !known)), loose: true };
}

/**
 * A leaf that may be a secret: one under a secret-bearing name, or under a name the schema does not
 * have; or, where the schema cannot say what a text is (a string where a list or map belongs, or
 * inside a value whose shape is not the schema's), a text not right under one of its field names,
 * or one that names a secret ("DB_PASSWORD=..."). Numbers and booleans are shown there.
 */
function leafHidden(pos: Position, leaf: unknown): boolean {
    if (pos.secret || pos.undeclared || (typeof leaf === "string" && looksLikeSecret(leaf))) return true;
    const s = container(pos.schema);
    return (pos.loose || s === undefined || CONTAINERS.has(s.type)) && typeof leaf === "string" && (!pos.named || isSecretName(leaf));
}

/** Every field name a schema has, at any depth. */
function vocabularyOf(schema: SchemaNode | undefined, into = new Set<string>(), depth = 0): Set<string> {
    const s = container(schema);
    if (!s || depth > 8) return into;
    if (s.type === "array") vocabularyOf(s.item, into, depth + 1);
    if (s.type === "record") vocabularyOf(s.value, into, depth + 1);
    for (const [name, entry] of Object.entries(s.entries ?? {})) {
        into.add(name);
        vocabularyOf(entry, into, depth + 1);
    }
    return into;
}

function isPlainMap(x: unknown): x is Record<string, unknown> {
    return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** What a hidden value is, without what it says. */
export function describeValue(value: unknown): string {
    if (value === null) return "null";
    if (typeof value === "string") return `(a ${value.length}-character string)`;
    if (Array.isArray(value)) return `(a list of ${value.length} item${value.length === 1 ? "" : "s"})`;
    if (isPlainMap(value)) {
        const n = Object.keys(value).length;
        return `(a map of ${n} entr${n === 1 ? "y" : "ies"})`;
    }
    return `(a ${typeof value})`;
}

export const SECRET_SHOWN_AS = "(secret)";
export const HIDDEN_SHOWN_AS = "(hidden)";
/** Texts this short are hidden where they stand, not searched for elsewhere (they would match too much). */
const MIN_SEARCHED_LENGTH = 6;

/** Decides, for one raw config, what each message may show. */
export class SecretGuard {
    private readonly specs = new Map<string, SchemaNode>();
    private readonly texts: string[];

    constructor(
        private readonly raw: Raw,
        private readonly secretKeys: ReadonlySet<string>,
    ) {
        for (const spec of CONFIG_KEYS) {
            const shape = spec.shape ?? (spec.type === "array" ? STRING_LIST_SHAPE : undefined);
            this.specs.set(`${PROJECT_NAME}:${spec.key}`, shape ? shape : SCALAR);
        }
        this.specs.set(AWS_REGION_KEY, SCALAR);
        const texts = new Set<string>();
        for (const key of Object.keys(raw)) this.collect(key, texts);
        this.texts = [...texts].filter((t) => t.length >= MIN_SEARCHED_LENGTH).sort((a, b) => b.length - a.length);
    }

    /** Keys the program reads: in the project's namespace every declared one; elsewhere only those it declares (aws:region). */
    private known(key: string): boolean {
        return this.specs.has(key);
    }

    private hiddenKey(key: string): boolean {
        return this.secretKeys.has(key) || (key.startsWith(`${PROJECT_NAME}:`) && !this.known(key));
    }

    private topPosition(key: string): Position {
        const name = key.slice(key.indexOf(":") + 1);
        const schema = this.specs.get(key);
        return {
            schema,
            secret: isSecretName(name),
            undeclared: schema === undefined,
            loose: false,
            named: false,
            vocabulary: vocabularyOf(schema),
        };
    }

    private parsed(key: string): unknown {
        const text = this.raw[key];
        if (text === undefined) return undefined;
        if (this.specs.get(key) === SCALAR) return text;
        try {
            return JSON.parse(text) as unknown;
        } catch {
            return text;
        }
    }

    /** Every text that must not appear in a message: the leaves at hidden positions. */
    private collect(key: string, into: Set<string>): void {
        const text = this.raw[key];
        if (text === undefined) return;
        const wholeHidden = this.hiddenKey(key);
        if (wholeHidden) into.add(text);
        const walk = (value: unknown, pos: Position, all: boolean): void => {
            if (Array.isArray(value)) value.forEach((item, i) => walk(item, child(pos, i), all));
            else if (isPlainMap(value)) for (const [k, x] of Object.entries(value)) walk(x, child(pos, k), all);
            else if (typeof value === "string" || typeof value === "number") {
                const leaf = String(value);
                // A misspelt field may hold anything, but a number or a word there is searched for nowhere else.
                if (
                    all ||
                    pos.secret ||
                    (leafHidden(pos, value) && typeof value === "string" && !/^(true|false|null|-?[0-9.]+)$/i.test(leaf))
                )
                    into.add(leaf);
            }
        };
        walk(this.parsed(key), this.topPosition(key), wholeHidden || this.secretKeys.has(key));
    }

    /** The key, position and raw node a reported path names ("platform:ecsServices[0].secrets.DB"). */
    private locate(path: string): { key: string; pos: Position; node: unknown } {
        const colon = path.indexOf(":");
        const end = path.slice(colon + 1).search(/[.[]/);
        const key = end === -1 ? path : path.slice(0, colon + 1 + end);
        let rest = path.slice(key.length);
        let node = this.parsed(key);
        let pos = this.topPosition(key);
        while (rest !== "") {
            const index = /^\[(\d+)\]/.exec(rest);
            if (index) {
                const i = Number(index[1]);
                node = Array.isArray(node) ? (node[i] as unknown) : undefined;
                pos = child(pos, i);
                rest = rest.slice(index[0].length);
                continue;
            }
            if (!rest.startsWith(".")) return { key, pos: { ...pos, schema: undefined, undeclared: true }, node: undefined };
            // A map key may itself hold dots (a label such as app.kubernetes.io/name): the longest key that fits.
            const fits = isPlainMap(node)
                ? Object.keys(node)
                      .filter((k) => rest.startsWith(`.${k}`) && /^$|^[.[]/.test(rest.slice(k.length + 1)))
                      .sort((a, b) => b.length - a.length)[0]
                : undefined;
            const segment = fits ?? /^\.([^.[]*)/.exec(rest)?.[1] ?? "";
            node = isPlainMap(node) ? node[segment] : undefined;
            pos = child(pos, segment);
            rest = rest.slice(segment.length + 1);
        }
        return { key, pos, node };
    }

    /** True when nothing under `value` (found at `pos`) may be a secret. */
    private allShown(value: unknown, pos: Position): boolean {
        if (Array.isArray(value)) return value.every((item, i) => this.allShown(item, child(pos, i)));
        if (isPlainMap(value)) return Object.entries(value).every(([k, x]) => this.allShown(x, child(pos, k)));
        return !leafHidden(pos, value);
    }

    /**
     * What a message shows for `value` reported at `path`: `rendered` (its text as the reader
     * wrote it) when the value cannot be secret, else what the value is without what it says.
     */
    show(path: string, value: unknown, rendered: string): string {
        if (value === undefined || rendered === "(unset)") return rendered;
        const { key, pos, node } = this.locate(path);
        if (this.secretKeys.has(key)) return SECRET_SHOWN_AS;
        // An unknown key's text is its JSON for a list or map: say which it is.
        if (this.hiddenKey(key)) return describeValue(path === key && value === this.raw[key] ? this.parsed(key) : value);
        if (pos.secret) {
            // A name under a secret-bearing field (the variable's name) is not its value.
            const isName = typeof value === "string" && isPlainMap(node) && Object.hasOwn(node, value);
            return isName ? this.scrub(rendered) : value === null ? "null" : HIDDEN_SHOWN_AS;
        }
        if (pos.undeclared) return describeValue(value);
        if (typeof value === "object" && value !== null) return this.allShown(value, pos) ? this.scrub(rendered) : describeValue(value);
        // The value found there (not a reader's own words about it, such as "2 services").
        if ((value === node && leafHidden(pos, value)) || (typeof value === "string" && looksLikeSecret(value)))
            return describeValue(value);
        return this.scrub(rendered);
    }

    /** `text` with every hidden value's text replaced. */
    scrub(text: string): string {
        let out = text;
        for (const t of this.texts) if (out.includes(t)) out = out.split(t).join(HIDDEN_SHOWN_AS);
        for (const t of this.texts) {
            const escaped = JSON.stringify(t).slice(1, -1);
            if (escaped !== t && out.includes(escaped)) out = out.split(escaped).join(HIDDEN_SHOWN_AS);
        }
        return out;
    }

    /** The keys Pulumi marks secret that the program reads. */
    secretKeysRead(): string[] {
        return [...this.secretKeys].filter((k) => this.known(k)).sort();
    }
}

/** Whether a note about the value at `path` may show it: a declared position under no secret-bearing name. */
export function mayShowValueAt(path: string): boolean {
    const guard = new SecretGuard({}, new Set());
    return guard.show(path, "x", "x") === "x";
}

/** For tests and docs: the structured keys' fields that are secret-bearing by name. */
export function secretBearingFields(): string[] {
    const found = new Set<string>();
    const walk = (schema: SchemaNode | undefined, trail: string, depth: number): void => {
        const s = container(schema);
        if (!s || depth > 6) return;
        if (s.type === "array") walk(s.item, `${trail}[]`, depth + 1);
        if (s.type === "record") walk(s.value, `${trail}.*`, depth + 1);
        for (const [name, entry] of Object.entries(s.entries ?? {})) {
            if (isSecretName(name)) found.add(`${trail}.${name}`);
            walk(entry, `${trail}.${name}`, depth + 1);
        }
    };
    for (const spec of CONFIG_KEYS) {
        if (isSecretName(spec.key)) found.add(spec.key);
        walk(spec.shape, spec.key, 0);
    }
    return [...found].sort();
}
