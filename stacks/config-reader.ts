// Typed reads of raw stack config: applies the schema's defaults and collects every problem
// instead of stopping at the first, so one run reports all of them. Structured values are checked
// against their valibot shapes (./schema.ts); the library's issues become ConfigIssues here, in
// the reader's own words.

import * as v from "valibot";
import { CONFIG_KEYS, ConfigKeySpec, LIST_OF_MAPS_SHAPE, PROJECT_NAME, STRING_LIST_SHAPE, TAG_MAP_SHAPE } from "./schema";

/** Config as Pulumi hands it to a program: full key ("platform:azCount") -> string (JSON for arrays and objects). */
export type RawConfig = Readonly<Record<string, string | undefined>>;

export interface ConfigIssue {
    readonly key: string;
    /** The offending value as written, or "(unset)". */
    readonly value: string;
    readonly problem: string;
    readonly allowed: string;
}

export class ConfigValidationError extends Error {
    constructor(
        readonly stack: string,
        readonly issues: readonly ConfigIssue[],
    ) {
        super(
            `Invalid configuration for stack "${stack}" (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n` +
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

    constructor(private readonly raw: RawConfig) {}

    issue(fullKey: string, value: string, problem: string, allowed: string): void {
        this.issues.push({ key: fullKey, value, problem, allowed });
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
                this.issue(fullKey, this.raw[fullKey] ?? "", "unknown key (a typo?)", [...this.specs.keys()].join(", "));
            }
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
            this.issue(fullKey, JSON.stringify(value), "invalid value", allowed);
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
            this.issue(fullKey, JSON.stringify(value), "not an integer", allowed || "an integer");
            return 0;
        }
        if (!valid(parsed)) {
            this.issue(fullKey, value, "not an allowed value", allowed);
        }
        return parsed;
    }

    boolean(name: string): boolean {
        const fullKey = key(name);
        const value = this.text(fullKey);
        if (value !== "true" && value !== "false") {
            this.issue(fullKey, value === undefined ? "(unset)" : JSON.stringify(value), "not a boolean", "true | false");
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
            this.issue(fullKey, JSON.stringify(parsed), "not a list of strings", "a YAML list of strings");
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
            this.issue(fullKey, JSON.stringify(parsed), "not a map of strings", "a YAML map of string values of at most 256 characters");
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
            this.issue(fullKey, JSON.stringify(parsed), "not a list of maps", "a YAML list of maps");
            return [];
        }
        return list.output.map((item, i) => new ShapeReader(this, shape, item, `${fullKey}[${i}]`));
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
            this.issue(fullKey, JSON.stringify(value), "not valid structured config", "a YAML list or map");
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

    /** Reports a problem on a field; the value is shown as JSON, "(unset)" when absent. */
    bad(field: string, value: unknown, problem: string, allowed: string): void {
        this.r.issue(this.at(field), JSON.stringify(value) ?? "(unset)", problem, allowed);
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
                this.report(field, raw, message);
            }
            return otherwise as FieldOutput<E, K> | undefined;
        }
        const value = result.output ?? options.fallback;
        if (value === undefined) {
            if (options.required && options.missing !== null) this.report(field, raw, options.missing ?? message);
            return undefined;
        }
        if (options.valid && !options.valid(value)) {
            this.report(field, raw === undefined ? value : raw, message);
        }
        return value;
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

function defaultOf(schema: v.GenericSchema): unknown {
    return schema.type === "optional" || schema.type === "nullish"
        ? v.getDefault(schema as v.OptionalSchema<v.GenericSchema, unknown>)
        : undefined;
}
