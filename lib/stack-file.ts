// Reads Pulumi.yaml and Pulumi.<stack>.yaml into the config a program receives, as the Pulumi CLI
// gives it: each value as text, read by gopkg.in/yaml.v3's rules (./go-yaml.ts), lists and maps as
// the CLI's JSON, `secure:` values marked secret. Used by the offline engine (so the offline
// preview and `pulumi preview` never disagree on a value) and by the deploy runner (which reads
// platform:protect and aws:region before calling the CLI).
//
// The CLI's path, in github.com/pulumi/pulumi:
// - sdk/go/common/workspace/loaders.go LoadProjectStackBytes: decode the file with yaml.v3, write it
//   back as YAML (util/yamlutil/encode.go), decode the config map again (./go-yaml.ts reread);
// - sdk/go/common/resource/config/value.go and object.go: a scalar becomes its text (bool and
//   numbers through encoding/json, a timestamp through time.Time.String), a null the empty string
//   (loaders.go checkForEmptyConfig warns of it), a list or map its JSON (keys sorted, non-string
//   keys written with fmt's %v), `{secure: <ciphertext>}` a secret at any depth;
// - resource/config/map.go Decrypt: with the stack's decrypter, object values are read back with
//   json.Number (integers past int64 become floats) and written again;
// - pkg/workspace/config.go createConfigValue: a project default that is a string, int or bool
//   becomes its text (fmt's %v), anything else its JSON.

import * as fs from "fs";
import * as path from "path";
import { Document, isAlias, isMap, isScalar, isSeq, LineCounter, Node, parseDocument, Scalar } from "yaml";
import { isSecretName } from "./secret-names";
import {
    GoJsonError,
    goJsonFloat,
    goKeyText,
    goRfc3339Nano,
    goTimeString,
    GoValue,
    GoYamlError,
    NULL,
    reread,
    resolveScalar,
    scalarText,
    str,
} from "./go-yaml";

/** What a program receives for a `secure:` value that cannot be decrypted here. */
export const SECRET_PLACEHOLDER = "[secret]";

/** A stack file that is missing (the message names the stacks there are), not valid YAML, or holding a value the CLI refuses; with file, line and column. */
export class StackFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StackFileError";
    }
}

/** Where the CLI's reading differs from what is written: a value whose text it changes, a key without a value. */
export interface YamlNote {
    /** "file:line:col". */
    readonly where: string;
    /** The key, or the path below it: "platform:ecsServices[0].imageTag". */
    readonly key: string;
    /** What happened, with the values. */
    readonly shown: string;
    /** What happened, without them. */
    readonly hidden: string;
}

/**
 * A note as printed: "file:line:col: key: ...", with its values only where `mayShow(key)` says they
 * cannot be secret, and never under a secret-bearing name (lib/secret-names.ts).
 */
export function noteText(note: YamlNote, mayShow: (key: string) => boolean = () => true): string {
    const names = note.key.split(/[.[\]:]+/);
    const show = !names.some(isSecretName) && mayShow(note.key);
    return `${note.where}: ${note.key}${show ? note.shown : note.hidden}`;
}

/** Config as the program receives it, and where the CLI's reading differs from what is written. */
export interface CliConfig {
    /** Full key -> text. */
    readonly values: Record<string, string>;
    /** Keys whose value is or contains a secret. */
    readonly secretKeys: string[];
    /** Each value whose text the CLI changes, and each key without a value. */
    readonly notes: YamlNote[];
}

interface Source {
    /** The file, or what stands for one (`--set platform:azCount`), without line numbers then. */
    readonly file: string;
    readonly positions: boolean;
    readonly doc: Document;
    readonly lines: LineCounter;
    readonly notes: YamlNote[];
    /** Nodes decoded so far, aliases counted each time they are followed. */
    decoded: number;
}

/** A stack file is a page of settings; past this many nodes, aliases are multiplying it (yaml.v3 refuses "excessive aliasing" too). */
const MAX_DECODED_NODES = 100_000;

const KEY_ORDER = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

function shown(file: string): string {
    return path.relative(process.cwd(), file) || file;
}

function where(src: Source, node: unknown): string {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    if (!range || !src.positions) return src.positions ? shown(src.file) : src.file;
    const { line, col } = src.lines.linePos(range[0]);
    return `${shown(src.file)}:${line}:${col}`;
}

function read(file: string): Source {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new StackFileError(`${shown(file)}: cannot read it (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    return parse(file, text, true);
}

function parse(file: string, text: string, positions: boolean): Source {
    const lines = new LineCounter();
    // Duplicates are keys written alike, as yaml.v3 compares them (`1` and `01` are two keys there).
    const doc = parseDocument(text.replace(/^\uFEFF/, ""), {
        lineCounter: lines,
        uniqueKeys: (a, b) => isScalar(a) && isScalar(b) && a.source === b.source,
    });
    const error = doc.errors[0];
    if (error) {
        const at = error.linePos?.[0];
        const place = positions ? `${shown(file)}${at ? `:${at.line}:${at.col}` : ""}` : file;
        throw new StackFileError(`${place}: ${error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`);
    }
    return { file, positions, doc, lines, notes: [], decoded: 0 };
}

const SHORT_TAG = "tag:yaml.org,2002:";

/** The node as yaml.v3 decodes it into `any` (aliases followed, `<<` merged, scalars resolved). */
function decode(src: Source, node: unknown, keyPath: string, depth = 0, isKey = false): GoValue {
    if (depth > 100 || ++src.decoded > MAX_DECODED_NODES)
        throw new StackFileError(`${where(src, node)}: ${keyPath}: the document contains excessive aliasing`);
    if (node === null || node === undefined) return NULL;
    if (isAlias(node)) {
        const target = node.resolve(src.doc);
        if (!target) throw new StackFileError(`${where(src, node)}: ${keyPath}: unknown anchor '${node.source}' referenced`);
        return decode(src, target, keyPath, depth + 1);
    }
    if (isScalar(node)) return decodeScalar(src, node, keyPath, isKey);
    if (isSeq(node)) return { kind: "seq", items: node.items.map((item, i) => decode(src, item, `${keyPath}[${i}]`, depth)) };
    if (isMap(node)) {
        const entries: [GoValue, GoValue][] = [];
        const merges: GoValue[] = [];
        for (const item of node.items) {
            if (isScalar(item.key) && item.key.type === "PLAIN" && item.key.source === "<<" && !item.key.tag) {
                merges.push(decode(src, item.value, keyPath, depth + 1));
                continue;
            }
            const k = decode(src, item.key, keyPath, depth, true);
            entries.push([k, decode(src, item.value, `${keyPath}.${goKeyText(k)}`, depth)]);
        }
        // yaml.v3 decode.go merge(): keys written in the map win over merged ones.
        for (const merged of merges.flatMap((m) => (m.kind === "seq" ? m.items : [m]))) {
            if (merged.kind !== "map")
                throw new StackFileError(`${where(src, node)}: ${keyPath}: map merge requires map or sequence of maps as the value`);
            for (const [k, x] of merged.entries) {
                if (!entries.some(([e]) => sameKey(e, k))) entries.push([k, x]);
            }
        }
        return { kind: "map", entries };
    }
    return str(String(node));
}

function sameKey(a: GoValue, b: GoValue): boolean {
    return a.kind === b.kind && goKeyText(a) === goKeyText(b);
}

function decodeScalar(src: Source, node: Scalar, keyPath: string, isKey: boolean): GoValue {
    const tag = node.tag ? (node.tag.startsWith(SHORT_TAG) ? `!!${node.tag.slice(SHORT_TAG.length)}` : node.tag) : "";
    const quoted = node.type !== undefined && node.type !== "PLAIN";
    // yaml.v3 node.go indicatedString(): a quoted or block scalar, or one tagged !!str or "!", is text.
    const text = quoted ? String(node.value) : (node.source ?? String(node.value));
    if (tag === "!!str" || tag === "!" || (quoted && tag === "")) return str(text);
    if (tag === "!!binary") return str(Buffer.from(text.replace(/\s+/g, ""), "base64").toString("utf8"));
    let value: GoValue;
    try {
        value = resolveScalar(text, tag);
    } catch (e) {
        if (e instanceof GoYamlError) throw new StackFileError(`${where(src, node)}: ${keyPath}: ${e.message}`);
        throw e;
    }
    if (!isKey) noteChange(src, node, keyPath, text, value);
    return value;
}

/** A note where the text the program gets is not the text written (only plain scalars can differ). */
function noteChange(src: Source, node: Scalar, keyPath: string, written: string, value: GoValue): void {
    const nested = /[[.]/.test(keyPath.slice(keyPath.indexOf(":") + 1));
    const again = reread(value);
    let received: string;
    try {
        received = nested ? jsonOf(again, { secret: false }) : textOf(again, { secret: false });
    } catch (e) {
        if (!(e instanceof GoJsonError)) throw e;
        throw new StackFileError(
            `${where(src, node)}: ${keyPath}: the Pulumi CLI cannot pass ${written} to a program (${e.message}); write "${written}" in quotes for the text`,
        );
    }
    if (value.kind === "null" || value.kind === "str" || value.kind === "bool") return;
    if (nested && value.kind !== "time" && numericallyEqual(written, again)) return;
    if (received === written) return;
    const what =
        value.kind === "time" ? "a timestamp" : value.kind === "int" && /^[-+]?0[0-9_]+$/.test(written) ? "an octal number" : "a number";
    src.notes.push({
        where: where(src, node),
        key: keyPath,
        shown:
            `: YAML reads the unquoted ${written} as ${what}; the program gets ${nested ? received : JSON.stringify(received)}` +
            ` (so does \`pulumi preview\`); write "${written}" in quotes to pass the text as written`,
        hidden: `: YAML reads this unquoted value as ${what}, and the program gets other text (so does \`pulumi preview\`); write it in quotes to pass the text as written`,
    });
}

/** 1.30 and 1.3, 08080 and 8080: a number whose value is what its decimal digits say. */
function numericallyEqual(written: string, value: GoValue): boolean {
    if (!/^[-+]?[0-9]*\.?[0-9]*(e[-+]?[0-9]+)?$/i.test(written)) return false;
    const decimal = Number(written);
    return (value.kind === "int" && Number(value.value) === decimal) || (value.kind === "float" && value.value === decimal);
}

function goJsonString(s: string): string {
    return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

const INT64_MAX = (1n << 63n) - 1n;

function isSecure(v: GoValue): v is { kind: "map"; entries: readonly (readonly [GoValue, GoValue])[] } {
    return (
        v.kind === "map" &&
        v.entries.length === 1 &&
        goKeyText(v.entries[0][0]) === "secure" &&
        v.entries[0][0].kind === "str" &&
        v.entries[0][1].kind === "str"
    );
}

/** The JSON the program gets for a value inside a list or map. */
function jsonOf(v: GoValue, found: { secret: boolean }): string {
    switch (v.kind) {
        case "null":
            return "null";
        case "bool":
            return String(v.value);
        case "int":
            // Decrypt reads object values back with json.Number: past int64 they become floats.
            return v.value > INT64_MAX ? goJsonFloat(Number(v.value)) : v.value.toString();
        case "float":
            return goJsonFloat(v.value);
        case "str":
            return goJsonString(v.value);
        case "time":
            return goJsonString(goTimeString(v.time));
        case "seq":
            return `[${v.items.map((x) => jsonOf(x, found)).join(",")}]`;
        case "map": {
            if (isSecure(v)) {
                found.secret = true;
                return goJsonString(SECRET_PLACEHOLDER);
            }
            const byKey = new Map<string, GoValue>();
            for (const [k, x] of v.entries) byKey.set(goKeyText(k), x);
            const keys = [...byKey.keys()].sort(KEY_ORDER);
            return `{${keys.map((k) => `${goJsonString(k)}:${jsonOf(byKey.get(k) as GoValue, found)}`).join(",")}}`;
        }
    }
}

/** The text the program gets for a top-level value. */
function textOf(v: GoValue, found: { secret: boolean }): string {
    if (v.kind !== "seq" && v.kind !== "map") return scalarText(v);
    if (isSecure(v)) {
        found.secret = true;
        return SECRET_PLACEHOLDER;
    }
    return jsonOf(v, found);
}

/** The project file's `config:` map, or the stack file's, as [key node, value node] pairs. */
function configItems(src: Source): [Scalar | Node | null, unknown][] {
    const contents = src.doc.contents;
    if (contents === null || (isScalar(contents) && contents.value === null)) return [];
    if (!isMap(contents)) throw new StackFileError(`${shown(src.file)}: not a map of settings`);
    const config = contents.items.find((i) => isScalar(i.key) && i.key.value === "config")?.value;
    if (config === undefined || config === null || (isScalar(config) && config.value === null)) return [];
    if (!isMap(config)) throw new StackFileError(`${where(src, config)}: config is not a map`);
    return config.items.map((i) => [i.key as Node | null, i.value]);
}

function keyName(src: Source, keyNode: unknown, project: string): string {
    const k = goKeyText(decode(src, keyNode, "config", 0, true));
    return k.includes(":") ? k : `${project}:${k}`;
}

/** Reads a stack file's config the way the CLI does. Throws StackFileError, naming file, line and column. */
export function readStackFile(file: string, project: string): CliConfig {
    const src = read(file);
    const values: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [keyNode, valueNode] of configItems(src)) {
        const fullKey = keyName(src, keyNode, project);
        const value = reread(decode(src, valueNode, fullKey));
        const found = { secret: false };
        try {
            values[fullKey] = textOf(value, found);
        } catch (e) {
            if (e instanceof GoJsonError)
                throw new StackFileError(
                    `${where(src, valueNode)}: ${fullKey}: the Pulumi CLI cannot pass this value to a program (${e.message})`,
                );
            throw e;
        }
        if (found.secret) secretKeys.push(fullKey);
        if (value.kind === "null") {
            const shown = ` has no value: the program gets "" (the Pulumi CLI warns of it too); write "" to say so`;
            src.notes.push({ where: where(src, keyNode), key: fullKey, shown, hidden: shown });
        }
    }
    return { values, secretKeys, notes: src.notes };
}

export interface ProjectFile {
    readonly name: string;
    /** Full key -> the text of its default, as the CLI applies it to a stack without the key. */
    readonly defaults: Record<string, string>;
}

/** Pulumi.yaml: the project's name and the config defaults the CLI applies. */
export function readProjectFile(root: string): ProjectFile {
    const src = read(path.join(root, "Pulumi.yaml"));
    const contents = src.doc.contents;
    const nameNode = isMap(contents) ? contents.items.find((i) => isScalar(i.key) && i.key.value === "name")?.value : undefined;
    const name = isScalar(nameNode) ? String(nameNode.value) : "";
    if (!name) throw new StackFileError(`${shown(src.file)}: project is missing a non-empty string 'name' attribute`);
    const defaults: Record<string, string> = {};
    for (const [keyNode, valueNode] of configItems(src)) {
        const fullKey = keyName(src, keyNode, name);
        const declaration = reread(decode(src, valueNode, fullKey));
        // A typed declaration {type, default, ...}; any other value is the shorthand for {value: ...}.
        const typed = declaration.kind === "map" && declaration.entries.some(([k]) => goKeyText(k) === "type");
        const fallback =
            typed && declaration.kind === "map" ? declaration.entries.find(([k]) => goKeyText(k) === "default")?.[1] : declaration;
        if (fallback === undefined || fallback.kind === "null") continue;
        defaults[fullKey] = defaultText(fallback);
    }
    return { name, defaults };
}

/** createConfigValue: a string, int or bool by fmt's %v; anything else through json.Marshal and back. */
function defaultText(v: GoValue): string {
    if (v.kind === "str" || v.kind === "bool" || (v.kind === "int" && v.value <= INT64_MAX && v.value >= -INT64_MAX - 1n))
        return goKeyText(v);
    // json.Marshal writes a time.Time as its RFC 3339 text, and a JSON string is passed as its text.
    if (v.kind === "time") return goRfc3339Nano(v.time);
    return textOf(v, { secret: false });
}

/**
 * A value written as YAML on a command line (`--set key=value`), read as if the stack file held
 * it; text null when YAML reads it as null. Notes and errors name `origin` (e.g. "--set").
 */
export function readConfigText(
    yamlText: string,
    fullKey: string,
    origin: string,
): { text: string | null; secret: boolean; notes: YamlNote[] } {
    const src = parse(origin, yamlText, false);
    const value = reread(decode(src, src.doc.contents, fullKey));
    if (value.kind === "null") return { text: null, secret: false, notes: src.notes };
    const found = { secret: false };
    try {
        return { text: textOf(value, found), secret: found.secret, notes: src.notes };
    } catch (e) {
        if (e instanceof GoJsonError)
            throw new StackFileError(`${origin}: ${fullKey}: the Pulumi CLI cannot pass this value to a program (${e.message})`);
        throw e;
    }
}

/** The stacks there are: one per Pulumi.<stack>.yaml. */
export function listStacks(root: string): string[] {
    return fs
        .readdirSync(root)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** Pulumi.<stack>.yaml in `root`, or a StackFileError naming the stacks there are. */
export function stackFile(root: string, stack: string): string {
    const file = path.join(root, `Pulumi.${stack}.yaml`);
    if (!/^[A-Za-z0-9_.-]+$/.test(stack) || !fs.existsSync(file)) {
        const stacks = listStacks(root);
        throw new StackFileError(`no stack file ${shown(file)}; stacks here: ${stacks.length > 0 ? stacks.join(", ") : "none"}`);
    }
    return file;
}
