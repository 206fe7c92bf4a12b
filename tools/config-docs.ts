// Writes what is derived from stacks/schema.ts, the one place config keys are declared:
// - Pulumi.yaml's `config:` block (type, description and default of each scalar and list key, so
//   `pulumi config` shows them and the offline preview applies the defaults the CLI would);
// - the key table of docs/configuration.md (Key, Type, Default, the value each stack file sets, Allowed).
// Everything else in both files is kept as it is. `npm run config:docs` writes them;
// `npm run config:docs -- --check` only says which differ (tests/config-docs.test.ts fails then too).

import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { CONFIG_KEYS, ConfigKeySpec, OTHER_KEYS, PROJECT_NAME } from "../stacks/schema";

export const PROJECT_ROOT = path.resolve(__dirname, "..");
/** The stacks whose values the table shows, one column each. */
export const DOCUMENTED_STACKS = ["dev", "prd"] as const;

const PROJECT_FILE_HEADER = [
    "# Every project key (platform:<key>) with its type, description and default, written from",
    "# stacks/schema.ts by `npm run config:docs`: edit the keys there (a test fails when this block",
    "# differs from what the script writes). Structured keys (maps, lists of maps) are not declarable",
    "# here and are documented in docs/configuration.md.",
];
const TABLE_START = "<!-- config-table: written from stacks/schema.ts and the stack files by `npm run config:docs`; edit there -->";
const TABLE_END = "<!-- /config-table -->";

/** Pulumi.yaml with its `config:` block (and the comment above it) written from `keys`; the rest kept. */
export function renderProjectFile(current: string, keys: readonly ConfigKeySpec[] = CONFIG_KEYS): string {
    const lines = current.split("\n");
    const configLine = lines.findIndex((l) => l === "config:");
    let start = configLine === -1 ? lines.length : configLine;
    while (start > 0 && lines[start - 1].startsWith("#")) start--;
    let end = configLine === -1 ? lines.length : configLine + 1;
    while (end < lines.length && (lines[end] === "" || lines[end].startsWith(" ") || lines[end].startsWith("#"))) end++;
    // Blank lines at the end of the block belong to what follows it (or to the end of the file).
    while (end > start && lines[end - 1] === "") end--;
    const block = [...PROJECT_FILE_HEADER, "config:"];
    for (const spec of keys.filter((k) => k.type !== "object")) {
        block.push(`  ${spec.key}:`, `    type: ${spec.type}`);
        if (spec.type === "array") block.push("    items:", "      type: string");
        block.push(`    description: ${JSON.stringify(spec.description)}`);
        if (spec.default !== undefined)
            block.push(
                `    default: ${typeof spec.default === "string" || Array.isArray(spec.default) ? JSON.stringify(spec.default) : String(spec.default)}`,
            );
    }
    return [...lines.slice(0, start), ...block, ...lines.slice(end)].join("\n");
}

/** Each documented stack's own config (values as written in Pulumi.<stack>.yaml), by full key. */
export function readStackFiles(root = PROJECT_ROOT): Record<string, Record<string, unknown>> {
    return Object.fromEntries(
        DOCUMENTED_STACKS.map((stack) => {
            const file = parse(fs.readFileSync(path.join(root, `Pulumi.${stack}.yaml`), "utf8")) as {
                config?: Record<string, unknown>;
            } | null;
            return [stack, file?.config ?? {}];
        }),
    );
}

/** docs/configuration.md with the table between its markers written from `keys` and the stack files; the prose kept. */
export function renderConfigDoc(
    current: string,
    stacks: Record<string, Record<string, unknown>>,
    keys: readonly ConfigKeySpec[] = CONFIG_KEYS,
): string {
    const start = current.indexOf(TABLE_START);
    const end = current.indexOf(TABLE_END);
    if (start === -1 || end < start)
        throw new Error(`docs/configuration.md: the table must stand between "${TABLE_START}" and "${TABLE_END}"`);
    const rows: string[][] = [
        ...OTHER_KEYS.map((k) => [code(k.fullKey), k.type, "—", ...DOCUMENTED_STACKS.map((s) => cell(stacks[s]?.[k.fullKey])), k.allowed]),
        ...keys.map((k) => [
            code(k.key),
            docType(k),
            k.default === undefined ? "—" : cell(k.default),
            ...DOCUMENTED_STACKS.map((s) => cell(stacks[s]?.[`${PROJECT_NAME}:${k.key}`])),
            k.allowed,
        ]),
    ];
    const table = [
        "| Key | Type | Default | " + DOCUMENTED_STACKS.join(" | ") + " | Allowed |",
        "|---|---|---|" + DOCUMENTED_STACKS.map(() => "---|").join("") + "---|",
        ...rows.map((r) => `| ${r.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`.replace(/ {2,}\|/g, " |")),
    ];
    return current.slice(0, start) + [TABLE_START, ...table, TABLE_END].join("\n") + current.slice(end + TABLE_END.length);
}

function code(key: string): string {
    return `\`${key}\``;
}

/** The type as the docs say it: a list, a map, a list of maps. */
function docType(spec: ConfigKeySpec): string {
    if (spec.type === "array") return "list";
    if (spec.type !== "object") return spec.type;
    return spec.shape?.type === "array" ? "list of maps" : "map";
}

/** A value as written in a stack file, short: lists of maps by their items' names; blank when the stack leaves the default. */
function cell(value: unknown): string {
    if (value === undefined || value === null) return "";
    if (typeof value === "string") return value === "" ? '""' : value;
    if (typeof value !== "object") return String(value);
    if (Array.isArray(value)) {
        if (value.length > 0 && value.every((item) => item !== null && typeof item === "object" && "name" in item)) {
            return value.map((item: { name: unknown }) => String(item.name)).join(", ");
        }
        return `[${value.map((item) => (typeof item === "object" ? JSON.stringify(item) : String(item))).join(", ")}]`;
    }
    if ("secure" in value) return "(secret)";
    return `{${Object.entries(value)
        .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
        .join(", ")}}`;
}

/** The files this script writes, each with what it would write. */
export function renderAll(root = PROJECT_ROOT): { file: string; current: string; expected: string }[] {
    const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");
    const stacks = readStackFiles(root);
    return [
        { file: "Pulumi.yaml", current: read("Pulumi.yaml"), expected: renderProjectFile(read("Pulumi.yaml")) },
        {
            file: "docs/configuration.md",
            current: read("docs/configuration.md"),
            expected: renderConfigDoc(read("docs/configuration.md"), stacks),
        },
    ];
}

function main(argv: readonly string[]): number {
    const check = argv.includes("--check");
    const unknown = argv.filter((a) => a !== "--check");
    if (unknown.length > 0) {
        console.error(`usage: npm run config:docs [-- --check]  (unknown argument: ${unknown.join(" ")})`);
        return 2;
    }
    let stale = 0;
    for (const { file, current, expected } of renderAll()) {
        if (current === expected) continue;
        stale++;
        if (check) {
            console.error(`${file} differs from what stacks/schema.ts gives: run \`npm run config:docs\``);
        } else {
            fs.writeFileSync(path.join(PROJECT_ROOT, file), expected);
            console.log(`wrote ${file}`);
        }
    }
    if (stale === 0) console.log("Pulumi.yaml and docs/configuration.md are up to date with stacks/schema.ts");
    return check && stale > 0 ? 1 : 0;
}

if (require.main === module) {
    process.exitCode = main(process.argv.slice(2));
}
