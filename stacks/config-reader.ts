// Typed reads of raw stack config: applies the schema's defaults and collects every problem
// instead of stopping at the first, so one run reports all of them.

import { CONFIG_KEYS, ConfigKeySpec, PROJECT_NAME } from "./schema";

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
    constructor(readonly stack: string, readonly issues: readonly ConfigIssue[]) {
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
        if (!Array.isArray(parsed) || parsed.some((item) => typeof item !== "string")) {
            this.issue(fullKey, JSON.stringify(parsed), "not a list of strings", "a YAML list of strings");
            return [];
        }
        return parsed as string[];
    }

    stringMap(name: string): Record<string, string> {
        const fullKey = key(name);
        const parsed = this.json(fullKey);
        if (parsed === undefined) {
            return {};
        }
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed) ||
            Object.values(parsed).some((v) => typeof v !== "string" || v.length > 256)) {
            this.issue(fullKey, JSON.stringify(parsed), "not a map of strings", "a YAML map of string values of at most 256 characters");
            return {};
        }
        return { ...(parsed as Record<string, string>) };
    }

    /** A list of objects (e.g. services); each item is validated by the caller. */
    objectList(name: string): Record<string, unknown>[] {
        const fullKey = key(name);
        const parsed = this.json(fullKey);
        if (parsed === undefined) {
            return [];
        }
        if (!Array.isArray(parsed) || parsed.some((item) => typeof item !== "object" || item === null || Array.isArray(item))) {
            this.issue(fullKey, JSON.stringify(parsed), "not a list of maps", "a YAML list of maps");
            return [];
        }
        return parsed as Record<string, unknown>[];
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

