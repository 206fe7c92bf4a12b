// How the Pulumi CLI reads the scalars of a stack file, and the text it hands the program for
// them. The CLI is written in Go and reads YAML with gopkg.in/yaml.v3, whose rules are not the
// YAML 1.2 core schema that the `yaml` package applies: `0042` is octal (34), `1_000` is 1000,
// `2026-01-01` is a timestamp, `yes` stays text. The CLI then writes each value back as text the
// Go way (strconv, encoding/json, time.Time.String). This module restates those rules, so that
// the offline reader (./stack-file.ts) gives the program exactly what `pulumi preview` gives it,
// and the program's own messages (stacks/yaml-hints.ts) can say what was written.
//
// Sources (read at gopkg.in/yaml.v3 v3.0.1, the version github.com/pulumi/pulumi sdk/go.mod pins):
// - go-yaml/yaml@v3 resolve.go: resolve(), the resolve table, parseTimestamp(), yamlStyleFloat;
// - go-yaml/yaml@v3 encode.go: floatv() (FormatFloat 'g', -1), timev() (RFC3339Nano);
// - Go's strconv (ParseInt/ParseUint with base 0, ParseFloat, FormatFloat), encoding/json
//   (floatEncoder: 'f' or 'e' with "e-09" cleaned to "e-9"), time (Parse, Time.String).
// tests/fixtures/cli-config/ holds a Go program that runs the real libraries over the tricky
// cases, and its output, which tests/yaml-scalars.test.ts compares this module with.

/** A value as yaml.v3 decodes it into Go's `any`. */
export type GoValue =
    | { readonly kind: "null" }
    | { readonly kind: "bool"; readonly value: boolean }
    /** int, int64 or uint64: exact. */
    | { readonly kind: "int"; readonly value: bigint }
    | { readonly kind: "float"; readonly value: number }
    | { readonly kind: "str"; readonly value: string }
    | { readonly kind: "time"; readonly time: GoTime }
    | { readonly kind: "seq"; readonly items: readonly GoValue[] }
    | { readonly kind: "map"; readonly entries: readonly (readonly [GoValue, GoValue])[] };

/** A time.Time as yaml.v3 parses one: a wall clock reading and its zone's offset. */
export interface GoTime {
    readonly year: number;
    readonly month: number;
    readonly day: number;
    readonly hour: number;
    readonly minute: number;
    readonly second: number;
    /** Nine digits. */
    readonly nanos: number;
    /** Seconds east of UTC; 0 is UTC. */
    readonly offset: number;
}

export const NULL: GoValue = { kind: "null" };
export const str = (value: string): GoValue => ({ kind: "str", value });

/** A scalar yaml.v3 refuses for its explicit tag (`!!int abc`), in yaml.v3's words. */
export class GoYamlError extends Error {}

const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

// resolve.go init(): the resolve table and the words looked up whole.
const WORDS: ReadonlyMap<string, GoValue> = new Map<string, GoValue>([
    ...["true", "True", "TRUE"].map((w): [string, GoValue] => [w, { kind: "bool", value: true }]),
    ...["false", "False", "FALSE"].map((w): [string, GoValue] => [w, { kind: "bool", value: false }]),
    ...["", "~", "null", "Null", "NULL"].map((w): [string, GoValue] => [w, NULL]),
    ...[".nan", ".NaN", ".NAN"].map((w): [string, GoValue] => [w, { kind: "float", value: NaN }]),
    ...[".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"].map((w): [string, GoValue] => [w, { kind: "float", value: Infinity }]),
    ...["-.inf", "-.Inf", "-.INF"].map((w): [string, GoValue] => [w, { kind: "float", value: -Infinity }]),
]);

function hintOf(c: string | undefined): "S" | "D" | "M" | "." | undefined {
    if (c === undefined) return undefined;
    if (c === "+" || c === "-") return "S";
    if (c >= "0" && c <= "9") return "D";
    if ("yYnNtTfFoO~".includes(c)) return "M";
    if (c === ".") return ".";
    return undefined;
}

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** The tags resolve() knows; any other tag leaves the text as it is. */
const RESOLVABLE = new Set(["", "!!str", "!!bool", "!!int", "!!float", "!!null", "!!timestamp"]);

const TAG_OF: Record<GoValue["kind"], string> = {
    null: "!!null",
    bool: "!!bool",
    int: "!!int",
    float: "!!float",
    str: "!!str",
    time: "!!timestamp",
    seq: "!!seq",
    map: "!!map",
};

/**
 * resolve.go resolve(tag, in): what a plain scalar (tag "") or an explicitly tagged one (short
 * form: "!!int") decodes to. Throws GoYamlError where yaml.v3 fails ("cannot decode ...").
 */
export function resolveScalar(text: string, tag = ""): GoValue {
    if (!RESOLVABLE.has(tag)) return str(text);
    const resolved = resolveUntagged(text, tag);
    const rtag = TAG_OF[resolved.kind];
    if (tag === "" || tag === rtag || tag === "!!str") return resolved;
    if (tag === "!!float" && resolved.kind === "int") return { kind: "float", value: Number(resolved.value) };
    throw new GoYamlError(`cannot decode ${rtag} \`${text}\` as a ${tag}`);
}

function resolveUntagged(text: string, tag: string): GoValue {
    const hint = text === "" ? "N" : hintOf(text[0]);
    if (hint === undefined || tag === "!!str") return str(text);
    const word = WORDS.get(text);
    if (word) return word;
    if (hint === ".") {
        const f = goParseFloat(text);
        if (f !== undefined) return { kind: "float", value: f };
    } else if (hint === "D" || hint === "S") {
        if (tag === "" || tag === "!!timestamp") {
            const time = parseTimestamp(text);
            if (time) return { kind: "time", time };
        }
        const plain = text.replaceAll("_", "");
        const int = goParseInt(plain, 0) ?? goParseUint(plain, 0);
        if (int !== undefined) return { kind: "int", value: int };
        if (YAML_STYLE_FLOAT.test(plain)) {
            const f = goParseFloat(plain);
            if (f !== undefined) return { kind: "float", value: f };
        }
        // Binary and octal spelled the YAML 1.2 way, where strconv's base 0 did not take them.
        for (const [prefix, base] of [
            ["0b", 2],
            ["0o", 8],
        ] as const) {
            if (plain.startsWith(prefix)) {
                const v = goParseInt(plain.slice(2), base) ?? goParseUint(plain.slice(2), base);
                if (v !== undefined) return { kind: "int", value: v };
            } else if (plain.startsWith(`-${prefix}`)) {
                const v = goParseInt(`-${plain.slice(3)}`, base);
                if (v !== undefined) return { kind: "int", value: v };
            }
        }
    }
    return str(text);
}

/** strconv.ParseUint(s, base, 64); base 0 reads the 0b, 0o, 0x and leading-0 (octal) prefixes. */
export function goParseUint(s: string, base: number): bigint | undefined {
    if (s === "") return undefined;
    let digits = s;
    let radix = base;
    if (base === 0) {
        radix = 10;
        if (s[0] === "0") {
            const prefix = s.length >= 3 ? s[1].toLowerCase() : "";
            radix = prefix === "b" ? 2 : prefix === "o" ? 8 : prefix === "x" ? 16 : 8;
            digits = s.slice(radix === 8 && prefix !== "o" ? 1 : 2);
        }
    }
    let n = 0n;
    for (const c of digits.toLowerCase()) {
        const d = c >= "0" && c <= "9" ? c.charCodeAt(0) - 48 : c >= "a" && c <= "z" ? c.charCodeAt(0) - 87 : 99;
        if (d >= radix) return undefined;
        n = n * BigInt(radix) + BigInt(d);
        if (n > UINT64_MAX) return undefined;
    }
    return n;
}

/** strconv.ParseInt(s, base, 64). */
export function goParseInt(s: string, base: number): bigint | undefined {
    if (s === "") return undefined;
    const negative = s[0] === "-";
    const body = s[0] === "+" || s[0] === "-" ? s.slice(1) : s;
    const u = goParseUint(body, base);
    if (u === undefined || u > (negative ? INT64_MAX + 1n : INT64_MAX)) return undefined;
    return negative ? -u : u;
}

/**
 * strconv.ParseFloat(s, 64) for the decimal forms yaml.v3 hands it (hexadecimal floats and the
 * words inf/nan never reach it: their first characters take other paths). Undefined when Go
 * fails, which includes a value out of float64's range (Go's ErrRange).
 */
export function goParseFloat(s: string): number | undefined {
    const m = /^([-+]?)([0-9_]*)(?:\.([0-9_]*))?(?:[eE]([-+]?[0-9_]+))?$/.exec(s);
    if (!m || (m[2] + (m[3] ?? "")).replaceAll("_", "") === "") return undefined;
    if (s.includes("_") && !underscoreOK(s)) return undefined;
    const value = Number(s.replaceAll("_", ""));
    return Number.isFinite(value) ? value : undefined;
}

/** strconv's underscoreOK: an underscore only between digits. */
function underscoreOK(s: string): boolean {
    let saw = "^";
    const body = s[0] === "+" || s[0] === "-" ? s.slice(1) : s;
    for (const c of body) {
        if (c >= "0" && c <= "9") saw = "0";
        else if (c === "_") {
            if (saw !== "0") return false;
            saw = "_";
        } else {
            if (saw === "_") return false;
            saw = "!";
        }
    }
    return saw !== "_";
}

// resolve.go allowedTimestampFormats, as Go's time.Parse reads them: "2006-1-2T15:4:5.999999999Z07:00"
// (T or t), "2006-1-2 15:4:5.999999999" and "2006-1-2"; month, day, hour, minute and second take one
// or two digits, the fraction up to nine digits, and every field is range-checked.
const TIMESTAMP =
    /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,]([0-9]{1,9}))?(Z|[-+][0-9]{2}:[0-9]{2}))|(?: ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,]([0-9]{1,9}))?))?$/;

function daysIn(month: number, year: number): number {
    if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
    return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** resolve.go parseTimestamp(): a time.Time, or undefined when no format parses. */
export function parseTimestamp(s: string): GoTime | undefined {
    const m = TIMESTAMP.exec(s);
    if (!m) return undefined;
    const n = (i: number) => (m[i] === undefined ? 0 : Number(m[i]));
    const spaced = m[9] !== undefined;
    const [hour, minute, second] = spaced ? [n(9), n(10), n(11)] : [n(4), n(5), n(6)];
    const fraction = (spaced ? m[12] : m[7]) ?? "";
    const zone = m[8];
    let offset = 0;
    if (zone !== undefined && zone !== "Z") {
        const [hh, mm] = [Number(zone.slice(1, 3)), Number(zone.slice(4, 6))];
        // Go accepts offsets up to 24 hours and 60 minutes.
        if (hh > 24 || mm > 60) return undefined;
        offset = (zone[0] === "-" ? -1 : 1) * (hh * 3600 + mm * 60);
    }
    const [year, month, day] = [n(1), n(2), n(3)];
    if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year) || hour > 23 || minute > 59 || second > 59) return undefined;
    return { year, month, day, hour, minute, second, nanos: Number(fraction.slice(0, 9).padEnd(9, "0")), offset };
}

const pad = (n: number, width: number) => String(Math.abs(n)).padStart(width, "0");

function offsetText(offset: number, colon: boolean): string {
    const sign = offset < 0 ? "-" : "+";
    return `${sign}${pad(Math.trunc(Math.abs(offset) / 3600), 2)}${colon ? ":" : ""}${pad(Math.trunc((Math.abs(offset) % 3600) / 60), 2)}`;
}

function clock(t: GoTime, dateTimeSeparator: string): string {
    const fraction = t.nanos === 0 ? "" : `.${pad(t.nanos, 9).replace(/0+$/, "")}`;
    return `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}${dateTimeSeparator}${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}${fraction}`;
}

/**
 * time.Time.String(): "2006-01-02 15:04:05.999999999 -0700 MST". A zone with no name prints its
 * offset again. Assumes the CLI's local zone is UTC (as on CI runners): an offset of zero is
 * then the local zone, "UTC"; another offset the CLI's machine also uses would print its name.
 */
export function goTimeString(t: GoTime): string {
    return `${clock(t, " ")} ${offsetText(t.offset, false)} ${t.offset === 0 ? "UTC" : offsetText(t.offset, false)}`;
}

/** time.RFC3339Nano, as yaml.v3 writes a time.Time. */
export function goRfc3339Nano(t: GoTime): string {
    return `${clock(t, "T")}${t.offset === 0 ? "Z" : offsetText(t.offset, true)}`;
}

/** The shortest decimal digits that read back as `f` (|f| > 0) and the exponent of the first. */
function shortestDigits(f: number): { digits: string; exp: number } {
    const [mantissa, exponent] = Math.abs(f).toExponential().split("e");
    return { digits: mantissa.replace(".", ""), exp: Number(exponent) };
}

function formatE(negative: boolean, digits: string, exp: number): string {
    const e = exp < 0 ? `-${pad(-exp, 2)}` : `+${pad(exp, 2)}`;
    return `${negative ? "-" : ""}${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ""}e${e}`;
}

function formatF(negative: boolean, digits: string, exp: number): string {
    const sign = negative ? "-" : "";
    if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
    const whole = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
    const fraction = digits.slice(exp + 1);
    return `${sign}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** strconv.FormatFloat(f, 'g', -1, 64): how yaml.v3 writes a float (and fmt's %v). */
export function goFormatG(f: number): string {
    if (Number.isNaN(f)) return "NaN";
    if (!Number.isFinite(f)) return f > 0 ? "+Inf" : "-Inf";
    const negative = f < 0 || Object.is(f, -0);
    if (f === 0) return negative ? "-0" : "0";
    const { digits, exp } = shortestDigits(f);
    return exp < -4 || exp >= 6 ? formatE(negative, digits, exp) : formatF(negative, digits, exp);
}

/** A float JSON cannot carry (NaN, ±Inf): encoding/json refuses it, and so the CLI. */
export class GoJsonError extends Error {}

/** encoding/json's float64 text. */
export function goJsonFloat(f: number): string {
    if (!Number.isFinite(f)) throw new GoJsonError(`json: unsupported value: ${goFormatG(f)}`);
    const negative = f < 0 || Object.is(f, -0);
    if (f === 0) return negative ? "-0" : "0";
    const abs = Math.abs(f);
    const { digits, exp } = shortestDigits(f);
    if (abs < 1e-6 || abs >= 1e21) return formatE(negative, digits, exp).replace(/e-0(\d)$/, "e-$1");
    return formatF(negative, digits, exp);
}

/**
 * The text a program gets for a scalar at the top of a config key (resource/config/object.go
 * MarshalString): bool and numbers as encoding/json writes them, a timestamp as time.Time.String,
 * null as "". Throws GoJsonError for NaN and infinities, which the CLI cannot pass.
 */
export function scalarText(v: GoValue): string {
    switch (v.kind) {
        case "null":
            return "";
        case "bool":
            return String(v.value);
        case "int":
            return v.value.toString();
        case "float":
            return goJsonFloat(v.value);
        case "str":
            return v.value;
        case "time":
            return goTimeString(v.time);
        default:
            throw new Error(`not a scalar: ${v.kind}`);
    }
}

/** What the program gets for `written`, an unquoted scalar at the top of a config key, or undefined where the CLI fails. */
export function cliTextOfPlain(written: string): string | undefined {
    try {
        const v = reread(resolveScalar(written));
        return v.kind === "seq" || v.kind === "map" ? undefined : scalarText(v);
    } catch {
        return undefined;
    }
}

/** fmt's %v of a map key (object.go unmarshalObject writes non-string keys with it). */
export function goKeyText(key: GoValue): string {
    switch (key.kind) {
        case "null":
            return "<nil>";
        case "bool":
            return String(key.value);
        case "int":
            return key.value.toString();
        case "float":
            return goFormatG(key.value);
        case "str":
            return key.value;
        case "time":
            return goTimeString(key.time);
        default:
            return JSON.stringify(toJsonValue(key));
    }
}

/** A debugging aid for keys that are lists or maps (which Go cannot even use as map keys). */
function toJsonValue(v: GoValue): unknown {
    switch (v.kind) {
        case "seq":
            return v.items.map(toJsonValue);
        case "map":
            return Object.fromEntries(v.entries.map(([k, x]) => [goKeyText(k), toJsonValue(x)]));
        default:
            return goKeyText(v);
    }
}

/**
 * The value after the CLI writes the decoded stack file back as YAML and reads it again
 * (workspace/loaders.go LoadProjectStackBytes): a float is written as FormatFloat 'g' and read
 * anew, so 1e3 and 1.0 come back as the ints 1000 and 1, and -0.0 as 0; the rest is unchanged.
 */
export function reread(v: GoValue): GoValue {
    switch (v.kind) {
        case "float":
            return resolveScalar(
                goFormatG(v.value)
                    .replace(/^\+Inf$/, ".inf")
                    .replace(/^-Inf$/, "-.inf")
                    .replace(/^NaN$/, ".nan"),
            );
        case "seq":
            return { kind: "seq", items: v.items.map(reread) };
        case "map":
            return { kind: "map", entries: v.entries.map(([k, x]) => [reread(k), reread(x)] as const) };
        default:
            return v;
    }
}
