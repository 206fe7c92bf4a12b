// Typed reads of raw stack config: applies the schema's defaults and collects every problem
// instead of stopping at the first, so one run reports all of them. Structured values are checked
// against their valibot shapes (./schema.ts); the library's issues become ConfigIssues here, in
// the reader's own words. Every issue passes through the SecretGuard (./config-secrets.ts) as it is
// recorded: its value is shown only when it cannot be a secret, whichever reader reported it.

import { RunError } from "@pulumi/pulumi/errors";
import * as v from "valibot";
import { SecretGuard } from "./config-secrets";
import { booleanHint, emptyHint, numbersHint, octalHint, quoteHint } from "./yaml-hints";
import { AWS_REGION_KEY, CONFIG_KEYS, ConfigKeySpec, LIST_OF_MAPS_SHAPE, PROJECT_NAME, STRING_LIST_SHAPE, TAG_MAP_SHAPE } from "./schema";

/** Config as Pulumi hands it to a program: full key ("platform:azCount") -> string (JSON for arrays and objects). */
export type RawConfig = Readonly<Record<string, string | undefined>>;

export interface ConfigIssue {
    readonly key: string;
    /** The offending value as written, or "(unset)"; where it may be a secret, only what it is ("(secret)", "(a 24-character string)"). */
    readonly value: string;
    readonly problem: string;
    readonly allowed: string;
}

/**
 * A RunError, so that under `pulumi preview` and `pulumi up` the Pulumi host prints the message
 * alone, without a JavaScript stack (@pulumi/pulumi cmd/run/run.js: "Always hide the stack for
 * RunErrors").
 */
export class ConfigValidationError extends RunError {
    constructor(
        /** The stack's name (not `stack`, which an Error keeps for its JavaScript stack). */
        readonly stackName: string,
        readonly issues: readonly ConfigIssue[],
    ) {
        super(
            `Invalid configuration for stack "${stackName}" (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n` +
                issues.map((i) => `  - ${i.key} = ${i.value}: ${i.problem} (allowed: ${i.allowed})`).join("\n"),
        );
        this.name = "ConfigValidationError";
    }
}

/** True for a ConfigValidationError from any copy of this module (the offline engine reloads the program per run). */
export function isConfigValidationError(e: unknown): e is ConfigValidationError {
    return e instanceof Error && e.name === "ConfigValidationError" && Array.isArray((e as ConfigValidationError).issues);
}

/** Full key of a project key: key("azCount") is "platform:azCount". */
export function key(name: string): string {
    return `${PROJECT_NAME}:${name}`;
}

/** Reads typed values out of raw config, applying schema defaults and collecting every problem. */
export class ConfigReader {
    private readonly issues: ConfigIssue[] = [];
    private readonly specs = new Map<string, ConfigKeySpec>(CONFIG_KEYS.map((s) => [key(s.key), s]));
    private readonly guard: SecretGuard;

    /** `secretKeys`: the keys Pulumi marks secret (their values arrive decrypted). */
    constructor(
        private readonly raw: RawConfig,
        private readonly secretKeys: readonly string[] = [],
    ) {
        this.guard = new SecretGuard(raw, new Set(secretKeys));
    }

    /** Reports a problem on `fullKey` (or a path below it); `value` as the reader writes it. */
    issue(fullKey: string, value: string, problem: string, allowed: string): void {
        this.issueAt(fullKey, value, problem, allowed, value);
    }

    /** Reports a problem on the value found at `path`, shown as `rendered` (JSON by default) where it cannot be a secret. */
    issueAt(path: string, value: unknown, problem: string, allowed: string, rendered = JSON.stringify(value) ?? "(unset)"): void {
        // A key stored as a secret is refused as such (rejectSecretValues); judging what it holds
        // as well would only repeat the key, and the offline engine holds a placeholder there.
        if (this.secretKeys.includes(path) && this.issues.some((i) => i.key === path)) return;
        this.issues.push({
            key: path,
            value: this.guard.show(path, value, rendered),
            problem: this.guard.scrub(problem),
            allowed: this.guard.scrub(allowed),
        });
    }

    hasIssue(...fullKeys: string[]): boolean {
        return this.issues.some((i) => fullKeys.includes(i.key));
    }

    throwIfAny(stack: string): void {
        if (this.issues.length > 0) {
            throw new ConfigValidationError(stack, this.issues);
        }
    }

    rejectUnknownKeys(): void {
        const prefix = `${PROJECT_NAME}:`;
        for (const fullKey of Object.keys(this.raw).sort()) {
            if (fullKey.startsWith(prefix) && !this.specs.has(fullKey)) {
                const near = closestKey(fullKey, [...this.specs.keys()]);
                this.issue(
                    fullKey,
                    this.raw[fullKey] ?? "",
                    `unknown key (${near ? `did you mean ${near}?` : "a typo?"})`,
                    [...this.specs.keys()].join(", "),
                );
            }
        }
    }

    /**
     * Refuses a secret (`pulumi config set --secret`, a `secure:` value) under a key the program
     * reads: the program takes every key as plain text into resource names, tags and settings,
     * where a secret would be stored unencrypted in the state. Secrets go in Secrets Manager or SSM,
     * referenced by ARN (ecsServices[].secrets).
     */
    rejectSecretValues(): void {
        for (const fullKey of [...this.secretKeys].sort()) {
            if (!this.specs.has(fullKey) && fullKey !== AWS_REGION_KEY) continue;
            this.issue(
                fullKey,
                this.raw[fullKey] ?? "",
                "stored as a secret, but the program writes this key into resources in plain text, where the state would keep it unencrypted",
                `a plain value (pulumi config set ${fullKey} <value>, without --secret); a secret itself belongs in Secrets Manager or SSM, referenced by ARN`,
            );
        }
    }

    /** Raw text of a key, or its schema default rendered as Pulumi would pass it. */
    private text(fullKey: string): string | undefined {
        const value = this.raw[fullKey];
        if (value !== undefined) {
            return value;
        }
        const fallback = this.specs.get(fullKey)?.default;
        if (fallback === undefined) {
            return undefined;
        }
        return Array.isArray(fallback) ? JSON.stringify(fallback) : String(fallback);
    }

    string(fullKey: string, valid: (v: string) => boolean, allowed: string, required = true): string {
        const value = this.text(fullKey);
        if (value === undefined) {
            if (required) {
                this.issue(fullKey, "(unset)", "required", allowed || "a string");
            }
            return "";
        }
        if (!valid(value)) {
            this.issueAt(fullKey, value, withHint("invalid value", quoteHint(value, valid)), allowed);
        }
        return value;
    }

    oneOf(name: string, allowed: readonly string[]): string {
        return this.string(key(name), (v) => allowed.includes(v), allowed.join(" | "));
    }

    integer(name: string, valid: (v: number) => boolean, allowed: string): number {
        const fullKey = key(name);
        const value = this.text(fullKey);
        if (value === undefined) {
            this.issue(fullKey, "(unset)", "required", allowed || "an integer");
            return 0;
        }
        const parsed = /^-?[0-9]+$/.test(value.trim()) ? Number(value) : NaN;
        if (!Number.isSafeInteger(parsed)) {
            this.issueAt(fullKey, value, withHint("not an integer", emptyHint(value)), allowed || "an integer");
            return 0;
        }
        if (!valid(parsed)) {
            this.issue(fullKey, value, withHint("not an allowed value", octalHint(parsed, valid)), allowed);
        }
        return parsed;
    }

    boolean(name: string): boolean {
        const fullKey = key(name);
        const value = this.text(fullKey);
        if (value !== "true" && value !== "false") {
            this.issueAt(
                fullKey,
                value,
                withHint("not a boolean", value === undefined ? undefined : (booleanHint(value) ?? emptyHint(value))),
                "true | false",
            );
            return false;
        }
        return value === "true";
    }

    stringArray(name: string): string[] {
        const fullKey = key(name);
        const parsed = this.json(fullKey);
        if (parsed === undefined) {
            return [];
        }
        const list = v.safeParse(STRING_LIST_SHAPE, parsed);
        if (!list.success) {
            this.issueAt(
                fullKey,
                parsed,
                withHint(
                    "not a list of strings",
                    numbersHint(parsed, (q) => v.safeParse(STRING_LIST_SHAPE, q).success),
                ),
                "a YAML list of strings",
            );
            return [];
        }
        return list.output;
    }

    stringMap(name: string): Record<string, string> {
        const fullKey = key(name);
        const parsed = this.json(fullKey);
        if (parsed === undefined) {
            return {};
        }
        const map = v.safeParse(TAG_MAP_SHAPE, parsed);
        if (!map.success) {
            this.issueAt(
                fullKey,
                parsed,
                withHint(
                    "not a map of strings",
                    numbersHint(parsed, (q) => v.safeParse(TAG_MAP_SHAPE, q).success),
                ),
                "a YAML map of string values of at most 256 characters",
            );
            return {};
        }
        return map.output;
    }

    /** A list of maps (e.g. services): one ShapeReader per item, which its reader walks field by field. */
    mapList<E extends v.ObjectEntries>(name: string, shape: ClosedShape<E>): ShapeReader<E>[] {
        const fullKey = key(name);
        const parsed = this.json(fullKey);
        if (parsed === undefined) {
            return [];
        }
        const list = v.safeParse(LIST_OF_MAPS_SHAPE, parsed);
        if (!list.success) {
            this.issueAt(fullKey, parsed, "not a list of maps", "a YAML list of maps");
            return [];
        }
        return list.output.map((item, i) => new ShapeReader(this, shape, item, `${fullKey}[${i}]`));
    }

    /** A single map (e.g. the sleep schedule): its ShapeReader, or undefined when unset or not a map (after reporting it). */
    map<E extends v.ObjectEntries>(name: string, shape: ClosedShape<E>, allowed: string): ShapeReader<E> | undefined {
        const fullKey = key(name);
        const parsed = this.json(fullKey);
        if (parsed === undefined || parsed === null) {
            return undefined;
        }
        if (typeof parsed !== "object" || Array.isArray(parsed)) {
            this.issueAt(fullKey, parsed, "not a map", allowed);
            return undefined;
        }
        return new ShapeReader(this, shape, parsed as Record<string, unknown>, fullKey);
    }

    noDuplicates(name: string, values: readonly string[]): void {
        const seen = new Set<string>();
        for (const v of values) {
            if (seen.has(v)) {
                this.issue(key(name), v, `"${v}" is listed twice`, "each value once");
            }
            seen.add(v);
        }
    }

    private json(fullKey: string): unknown {
        const value = this.text(fullKey);
        if (value === undefined) {
            return undefined;
        }
        try {
            return JSON.parse(value);
        } catch {
            this.issueAt(fullKey, value, "not valid structured config", "a YAML list or map");
            return undefined;
        }
    }
}

/** The word for a field's problem, and what is allowed instead. */
export interface FieldMessage {
    readonly problem: string;
    readonly allowed: string;
}

/** A map shape of ./schema.ts: a closed one (unknown fields are issues) or an open one (they are ignored). */
export type ClosedShape<E extends v.ObjectEntries> = v.ObjectWithRestSchema<E, v.NeverSchema<undefined>, undefined>;
export type MapShape<E extends v.ObjectEntries> = ClosedShape<E> | v.ObjectSchema<E, undefined>;

type FieldOutput<E extends v.ObjectEntries, K extends keyof E> = NonNullable<v.InferOutput<E[K]>>;

export interface ReadOptions<T> {
    /** The value when the field is absent and the shape has no default (a default that depends on other keys). */
    readonly fallback?: T;
    /** The value when the field is invalid; else the fallback, or the shape's default. */
    readonly invalid?: T;
    /** Absent is a problem here even where the shape allows it (image without ecrRepository, ...). */
    readonly required?: boolean;
    /** The problem when a required field is absent; null: the reader reports it itself. Else the field's message. */
    readonly missing?: FieldMessage | null;
    /** A rule on a well-typed value (a pattern, a range); when it fails, the field's message is reported. */
    readonly valid?: (value: T) => boolean;
}

/**
 * One map of a structured key (a service, a node group, a Fargate profile...), read field by field
 * in the order its reader chooses, so that issues come out in that order. Each field is parsed with
 * its entry of the shape; a valibot issue (wrong type, absent where required, an unknown field)
 * becomes a ConfigIssue on `<where>.<field>` with the offending value as written, never a value the
 * reader chose to hide.
 */
export class ShapeReader<E extends v.ObjectEntries> {
    constructor(
        private readonly r: ConfigReader,
        private readonly shape: MapShape<E>,
        /** The map as written. */
        readonly raw: Readonly<Record<string, unknown>>,
        /** Full key of the map, e.g. "platform:ecsServices[0]". */
        readonly where: string,
    ) {}

    /** Full key of a field (or a path below it: "autoscaling.min", "taints[0].key"). */
    at(field: string): string {
        return `${this.where}.${field}`;
    }

    /** Reports a problem on a field; the value is shown as JSON, "(unset)" when absent, where it cannot be a secret. */
    bad(field: string, value: unknown, problem: string, allowed: string): void {
        this.r.issueAt(this.at(field), value, problem, allowed);
    }

    /** Reports each field the shape does not have, in the order written (a closed shape's rest issues). */
    unknownFields(problem: string, allowed = Object.keys(this.shape.entries).join(", ")): void {
        if (this.shape.type !== "object_with_rest") return;
        const result = v.safeParse(this.shape, this.raw);
        const unknown = new Set(
            (result.issues ?? []).filter((i) => i.type === "never" && i.path?.length === 1).map((i) => String(i.path![0].key)),
        );
        for (const field of Object.keys(this.raw)) {
            if (unknown.has(field)) this.bad(field, this.raw[field], problem, allowed);
        }
    }

    /**
     * The field's value, parsed with its entry of the shape: the shape's default (or options.fallback)
     * when absent; options.invalid (else the fallback or default) when it is not what the shape
     * says, after reporting `message`; the value itself when only options.valid refuses it.
     */
    read<K extends keyof E & string>(
        field: K,
        message: FieldMessage,
        options: ReadOptions<FieldOutput<E, K>> = {},
    ): FieldOutput<E, K> | undefined {
        const raw = this.raw[field];
        const result = v.safeParse(this.shape.entries[field], raw);
        const otherwise = "invalid" in options ? options.invalid : (options.fallback ?? defaultOf(this.shape.entries[field]));
        if (!result.success) {
            if (raw === undefined) {
                if (options.missing !== null) this.report(field, raw, options.missing ?? message);
            } else {
                this.report(field, raw, {
                    ...message,
                    problem: withHint(
                        message.problem,
                        numbersHint(raw, (q) => this.fits(field, q, options.valid)),
                    ),
                });
            }
            return otherwise as FieldOutput<E, K> | undefined;
        }
        const value = result.output ?? options.fallback;
        if (value === undefined) {
            if (options.required && options.missing !== null) this.report(field, raw, options.missing ?? message);
            return undefined;
        }
        if (options.valid && !options.valid(value)) {
            const hint = typeof value === "string" ? quoteHint(value, (text) => options.valid?.(text) ?? true) : undefined;
            this.report(field, raw === undefined ? value : raw, { ...message, problem: withHint(message.problem, hint) });
        }
        return value;
    }

    /** Whether `value` would be read without a problem: the shape's type, and `valid` on top. */
    private fits<K extends keyof E & string>(field: K, value: unknown, valid?: (value: FieldOutput<E, K>) => boolean): boolean {
        const result = v.safeParse(this.shape.entries[field], value);
        return result.success && (valid === undefined || (result.output !== undefined && valid(result.output as FieldOutput<E, K>)));
    }

    /** A map inside the map (autoscaling): its own reader, or undefined when absent or not a map (after reporting `message`). */
    map<K extends keyof E & string, F extends v.ObjectEntries>(
        field: K,
        shape: MapShape<F>,
        message: FieldMessage,
    ): ShapeReader<F> | undefined {
        const raw = this.raw[field];
        if (raw === undefined || raw === null) return undefined;
        if (typeof raw !== "object") {
            this.report(field, raw, message);
            return undefined;
        }
        return new ShapeReader(this.r, shape, raw as Record<string, unknown>, this.at(field));
    }

    /**
     * A list of maps inside the map (oneOffTasks, taints, selectors): a reader per item, an item
     * that is not a map read as an empty one; [] when absent, or not a list (after reporting `message`).
     */
    list<K extends keyof E & string, F extends v.ObjectEntries>(
        field: K,
        shape: MapShape<F>,
        message: FieldMessage | null,
    ): ShapeReader<F>[] {
        const raw = this.raw[field];
        if (raw === undefined || raw === null) return [];
        if (!Array.isArray(raw)) {
            if (message) this.report(field, raw, message);
            return [];
        }
        return raw.map(
            (item: unknown, j) =>
                new ShapeReader(
                    this.r,
                    shape,
                    item !== null && typeof item === "object" ? (item as Record<string, unknown>) : {},
                    `${this.at(field)}[${j}]`,
                ),
        );
    }

    private report(field: string, value: unknown, message: FieldMessage): void {
        this.bad(field, value, message.problem, message.allowed);
    }
}

/** The problem, and after it a hint on what YAML made of the value. */
function withHint(problem: string, hint: string | undefined): string {
    return hint ? `${problem}; ${hint}` : problem;
}

/** The declared key nearest `fullKey` by edit distance, when it is near enough to be the one meant. */
function closestKey(fullKey: string, keys: readonly string[]): string | undefined {
    const name = fullKey.toLowerCase();
    let best: { key: string; distance: number } | undefined;
    for (const k of keys) {
        const d = editDistance(name, k.toLowerCase());
        if (!best || d < best.distance) best = { key: k, distance: d };
    }
    return best && best.distance <= Math.max(2, Math.floor(name.length / 6)) ? best.key : undefined;
}

function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[b.length];
}

function defaultOf(schema: v.GenericSchema): unknown {
    return schema.type === "optional" || schema.type === "nullish"
        ? v.getDefault(schema as v.OptionalSchema<v.GenericSchema, unknown>)
        : undefined;
}
