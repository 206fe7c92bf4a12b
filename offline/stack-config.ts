// Builds the config a stack's program would see from Pulumi.yaml (project defaults) and
// Pulumi.<stack>.yaml, the way the Pulumi CLI does (lib/stack-file.ts): each value as the CLI's
// text, lists and maps as its JSON, `secure:` values kept secret (offline they cannot be
// decrypted, so a placeholder stands in).

import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import {
    listStacks as stacksIn,
    readProjectFile as projectFileIn,
    readStackFile,
    SECRET_PLACEHOLDER,
    stackFile,
    YamlNote,
} from "../lib/stack-file";

export { noteText, readConfigText, SECRET_PLACEHOLDER, StackFileError, YamlNote } from "../lib/stack-file";

export const PROJECT_ROOT = path.resolve(__dirname, "..");

export interface StackConfig {
    readonly project: string;
    readonly stack: string;
    /** Full key -> value as the program receives it. */
    readonly values: Record<string, string>;
    readonly secretKeys: string[];
    /** Where the CLI's reading of the stack file changes a value's text (none when absent); print with noteText. */
    readonly notes?: readonly YamlNote[];
}

/**
 * An override the program receives decrypted and marked secret, as the CLI hands it a value set
 * with `pulumi config set --secret`: the plain value (a string, or a list or map given as JSON).
 */
export class SecretOverride {
    constructor(readonly value: unknown) {}
}

/** Pulumi.yaml as written: its name and config declarations. */
export function readProjectFile(root = PROJECT_ROOT): { name: string; config?: Record<string, unknown> } {
    return parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as { name: string; config?: Record<string, unknown> };
}

function overrideText(value: unknown): string {
    return typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
}

/**
 * Loads the config of `stack`, with `overrides` applied last: full keys; a value as the program
 * would receive it (strings as they are, lists and maps as JSON), null to unset the key, a
 * {secure: ...} map for a secret that cannot be decrypted, a SecretOverride for one that can.
 */
export function loadStackConfig(stack: string, overrides: Record<string, unknown> = {}, root = PROJECT_ROOT): StackConfig {
    const project = projectFileIn(root);
    const file = readStackFile(stackFile(root, stack), project.name);
    const values: Record<string, string> = { ...project.defaults, ...file.values };
    const secretKeys = new Set(file.secretKeys);
    for (const [rawKey, value] of Object.entries(overrides)) {
        const fullKey = rawKey.includes(":") ? rawKey : `${project.name}:${rawKey}`;
        secretKeys.delete(fullKey);
        if (value === null || value === undefined) {
            delete values[fullKey];
        } else if (value instanceof SecretOverride) {
            values[fullKey] = overrideText(value.value);
            secretKeys.add(fullKey);
        } else if (typeof value === "object" && !Array.isArray(value) && "secure" in value) {
            values[fullKey] = SECRET_PLACEHOLDER;
            secretKeys.add(fullKey);
        } else {
            values[fullKey] = overrideText(value);
        }
    }
    return { project: project.name, stack, values, secretKeys: [...secretKeys], notes: file.notes };
}

export function listStacks(root = PROJECT_ROOT): string[] {
    return stacksIn(root);
}
