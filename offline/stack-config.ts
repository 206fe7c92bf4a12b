// Builds the config a stack's program would see from Pulumi.yaml (project defaults) and
// Pulumi.<stack>.yaml, the way the Pulumi CLI does: scalars as strings, lists and maps as JSON,
// `secure:` values kept secret (offline they cannot be decrypted, so a placeholder stands in).

import * as fs from "fs";
import * as path from "path";
import { isMap, isNode, isScalar, parse, parseDocument } from "yaml";

export const PROJECT_ROOT = path.resolve(__dirname, "..");
export const SECRET_PLACEHOLDER = "[secret]";

export interface StackConfig {
    readonly project: string;
    readonly stack: string;
    /** Full key -> value as the program receives it. */
    readonly values: Record<string, string>;
    readonly secretKeys: string[];
}

interface ProjectFile {
    name: string;
    config?: Record<string, unknown>;
}

export function readProjectFile(root = PROJECT_ROOT): ProjectFile {
    return parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as ProjectFile;
}

/** Loads the config of `stack`, with `overrides` (full keys, YAML-like values) applied last. */
export function loadStackConfig(stack: string, overrides: Record<string, unknown> = {}, root = PROJECT_ROOT): StackConfig {
    const project = readProjectFile(root);
    const stackPath = path.join(root, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(stackPath)) {
        throw new StackFileError(
            `no stack file ${path.relative(process.cwd(), stackPath) || stackPath}; stacks here: ${listStacks(root).join(", ")}`,
        );
    }
    const stackConfig = readStackFileConfig(stackPath);
    const values: Record<string, string> = {};
    const secretKeys: string[] = [];
    const set = (rawKey: string, value: unknown) => {
        const fullKey = rawKey.includes(":") ? rawKey : `${project.name}:${rawKey}`;
        if (value === null || value === undefined) {
            delete values[fullKey];
        } else if (typeof value === "object" && !Array.isArray(value) && "secure" in value) {
            values[fullKey] = SECRET_PLACEHOLDER;
            secretKeys.push(fullKey);
        } else {
            values[fullKey] = typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
        }
    };
    for (const [rawKey, declaration] of Object.entries(project.config ?? {})) {
        // Project keys are declared as {type, description, default}; other namespaces as plain values.
        if (declaration !== null && typeof declaration === "object" && !Array.isArray(declaration) && "type" in declaration) {
            const fallback = (declaration as { default?: unknown }).default;
            if (fallback !== undefined) set(rawKey, fallback);
        } else {
            set(rawKey, declaration);
        }
    }
    for (const [rawKey, value] of stackConfig) set(rawKey, value);
    for (const [rawKey, value] of Object.entries(overrides)) set(rawKey, value);
    return { project: project.name, stack, values, secretKeys };
}

export function listStacks(root = PROJECT_ROOT): string[] {
    return fs
        .readdirSync(root)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** A stack file that is missing (the message names the stacks there are) or not valid YAML (with the line and column). */
export class StackFileError extends Error {}

/** The stack file's config entries, as parsed values. */
export function readStackFileConfig(file: string): [string, unknown][] {
    const doc = parseDocument(fs.readFileSync(file, "utf8"));
    const error = doc.errors[0];
    if (error) {
        const where = error.linePos?.[0];
        const at = where ? `:${where.line}:${where.col}` : "";
        throw new StackFileError(`${path.relative(process.cwd(), file) || file}${at}: ${error.message.split("\n")[0]}`);
    }
    const config = doc.get("config", true);
    if (config === undefined || config === null) return [];
    if (!isMap(config)) throw new StackFileError(`${path.relative(process.cwd(), file) || file}: config is not a map`);
    return config.items.map((item) => {
        const key = isScalar(item.key) ? String(item.key.value) : String(item.key);
        const node = item.value;
        return [key, isNode(node) ? (node.toJSON() as unknown) : node];
    });
}
