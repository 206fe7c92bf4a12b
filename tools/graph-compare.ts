// Compares two offline preview graphs (the JSON of tools/offline-preview.ts, GraphSnapshot) and
// renders the difference as Markdown for a pull request. Needs no credentials: a PR from a fork
// gets it too. Noise is removed before comparing so that only changes AWS would act on show:
// object keys are unordered (tag maps), lists of scalars are compared as sets (subnet ids,
// security groups, route tables: AWS treats them as sets), JSON documents held in strings (IAM
// policies) are compared parsed, and secret values stay masked as they are in the snapshot.
// Each changed resource carries the replacement forecast (./replacement/): update, replace or
// delete-before-replace, and which inputs force it; capacity that is replaced or deleted is called
// out first.

import { isCapacityType } from "../lib/capacity";
import { GraphSnapshot, SECRET_MASK, SnapshotResource } from "../offline/snapshot";
import { Forecast, forecastChanges, ORDERED_LIST_KEYS, ResourceForecast, valueAt } from "./replacement/forecast";
import { ReplacementTable } from "./replacement/rules";
import { REPLACEMENT_TABLE } from "./replacement/table";

export interface InputChange {
    /** Dotted path inside the resource's inputs, e.g. `tags.Name` or `subnetIds`. */
    readonly path: string;
    readonly before: unknown;
    readonly after: unknown;
}

export interface ChangedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly inputs: readonly InputChange[];
    /** Resource options that changed: protect, retainOnDelete, ignoreChanges, parent. */
    readonly options: readonly InputChange[];
    /** What the real preview is expected to do with it. */
    readonly forecast: ResourceForecast;
}

export interface GraphDiff {
    readonly stack: string;
    readonly baseCount: number;
    readonly headCount: number;
    readonly added: readonly SnapshotResource[];
    readonly removed: readonly SnapshotResource[];
    readonly changed: readonly ChangedResource[];
    readonly outputs: readonly InputChange[];
    readonly forecast: Forecast;
}

/** A value with noise removed: sets sorted, JSON strings parsed, keys sorted. */
export function normalize(value: unknown, key = ""): unknown {
    if (typeof value === "string" && /^\s*[[{]/.test(value)) {
        try {
            return { "[json]": normalize(JSON.parse(value)) };
        } catch {
            return value; // not JSON after all: compare as text
        }
    }
    if (Array.isArray(value)) {
        const items = value.map((v) => normalize(v));
        const scalars = items.every((v) => v === null || typeof v !== "object");
        if (scalars && !ORDERED_LIST_KEYS.has(key)) {
            return [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
        }
        return items;
    }
    if (value !== null && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        return Object.fromEntries(
            Object.keys(obj)
                .sort()
                .map((k) => [k, normalize(obj[k], k)]),
        );
    }
    return value;
}

/** Leaf-level differences between two normalized values, by dotted path; lists of scalars compare whole. */
function compare(before: unknown, after: unknown, path: string, out: InputChange[]): void {
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
    if (isObj(before) && isObj(after)) {
        const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
        for (const k of keys) compare(before[k], after[k], path ? `${path}.${k}` : k, out);
        return;
    }
    const objectList = (v: unknown): v is unknown[] => Array.isArray(v) && v.some((x) => x !== null && typeof x === "object");
    if (objectList(before) && objectList(after) && before.length === after.length) {
        before.forEach((b, i) => compare(b, after[i], `${path}[${i}]`, out));
        return;
    }
    out.push({ path, before, after });
}

function changesOf(before: unknown, after: unknown): InputChange[] {
    const out: InputChange[] = [];
    compare(normalize(before), normalize(after), "", out);
    return out;
}

const optionsOf = (r: SnapshotResource) => ({
    protect: r.protect,
    retainOnDelete: r.retainOnDelete,
    deleteBeforeReplace: r.deleteBeforeReplace,
    ignoreChanges: r.ignoreChanges,
    parent: r.parent,
});

/** `table` stands in for the replacement table in tests. */
export function diffGraphs(base: GraphSnapshot, head: GraphSnapshot, table: ReplacementTable = REPLACEMENT_TABLE): GraphDiff {
    const baseByUrn = new Map(base.resources.map((r) => [r.urn, r]));
    const headByUrn = new Map(head.resources.map((r) => [r.urn, r]));
    const added = head.resources.filter((r) => !baseByUrn.has(r.urn));
    const removed = base.resources.filter((r) => !headByUrn.has(r.urn));
    const forecast = forecastChanges(base, head, table);
    const changed: ChangedResource[] = [];
    for (const after of head.resources) {
        const before = baseByUrn.get(after.urn);
        if (!before) continue;
        const predicted = forecast.resources.get(after.urn);
        let inputs = changesOf(before.inputs, after.inputs);
        if (inputs.length === 0 && predicted && predicted.how !== "update") {
            // Only the provider sees this change: a reordered ordered list, or a new id it takes
            // from a replaced resource. Show the inputs concerned as they are.
            inputs = predicted.keys
                .map((path) => ({ path, before: valueAt(before.inputs, path), after: valueAt(after.inputs, path) }))
                .filter((c) => JSON.stringify(c.before) !== JSON.stringify(c.after));
        }
        const options = changesOf(optionsOf(before), optionsOf(after));
        if (inputs.length > 0 || options.length > 0 || predicted) {
            changed.push({ urn: after.urn, type: after.type, name: after.name, inputs, options, forecast: predicted ?? updateOf(after) });
        }
    }
    return {
        stack: head.stack,
        baseCount: base.resourceCount,
        headCount: head.resourceCount,
        added,
        removed,
        changed,
        outputs: changesOf(base.outputs, head.outputs),
        forecast,
    };
}

function updateOf(r: SnapshotResource): ResourceForecast {
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        how: "update",
        keys: [],
        why: [],
        collision: [],
        causedBy: [],
        protectedReplace: false,
    };
}

export function hasChanges(diff: GraphDiff): boolean {
    return diff.added.length + diff.removed.length + diff.changed.length + diff.outputs.length > 0;
}

/** Short inline rendering of a value; JSON documents shown compactly, long values cut. */
export function formatValue(value: unknown): string {
    if (value === undefined) return "(unset)";
    if (value === SECRET_MASK) return SECRET_MASK;
    const shown =
        value !== null && typeof value === "object" && "[json]" in value
            ? JSON.stringify((value as Record<string, unknown>)["[json]"])
            : JSON.stringify(value);
    const cut = shown.length > 120 ? `${shown.slice(0, 117)}...` : shown;
    return `\`${cut.replace(/`/g, "'")}\``;
}

function resourceLine(r: { type: string; name: string }): string {
    return `\`${r.type}\` **${r.name}**`;
}

const scalarList = (v: unknown): v is unknown[] => Array.isArray(v) && v.every((x) => x === null || typeof x !== "object");

function changeLine(c: InputChange): string {
    if (scalarList(c.before) && scalarList(c.after)) {
        // A set-like list: say what joined and what left rather than printing both lists.
        const had = new Set(c.before.map((x) => JSON.stringify(x)));
        const has = new Set(c.after.map((x) => JSON.stringify(x)));
        const plus = [...has].filter((x) => !had.has(x)).map((x) => `+${formatValue(JSON.parse(x))}`);
        const minus = [...had].filter((x) => !has.has(x)).map((x) => `-${formatValue(JSON.parse(x))}`);
        if (plus.length + minus.length > 0) return `  - \`${c.path || "(value)"}\`: ${[...plus, ...minus].join(", ")}`;
    }
    return `  - \`${c.path || "(value)"}\`: ${formatValue(c.before)} → ${formatValue(c.after)}`;
}

/** The hidden marker by which the PR workflow finds and updates its own comment. */
export function graphDiffMarker(stack: string): string {
    return `<!-- platform-graph-diff:${stack} -->`;
}

const code = (paths: readonly string[]): string => paths.map((p) => `\`${p}\``).join(", ");

/** How a changed resource is expected to change, as one Markdown phrase. */
export function forecastPhrase(f: ResourceForecast): string {
    switch (f.how) {
        case "update":
            return "update";
        case "unknown":
            return "❓ **unknown**: no replacement rules for this type (tools/replacement/table.ts), so the forecast cannot say update or replace";
        case "fails":
            return `⛔ **preview fails**: ${f.why.join("; ")}`;
        default: {
            const how = f.how === "replace" ? "**replace** (create, then delete)" : "**delete-before-replace**";
            const cause = f.causedBy.length > 0 ? ` (new id of replaced ${f.causedBy.map((n) => `**${n}**`).join(", ")})` : "";
            const parts = [`${how} forced by ${code(f.keys)}${cause}`, ...f.why];
            if (f.collision.length > 0) parts.push(`⚠️ replace would collide on the fixed name (${code(f.collision)})`);
            if (f.protectedReplace) parts.push("⚠️ protected: the real preview will refuse to replace it");
            return parts.join("; ");
        }
    }
}

/**
 * Replacements and deletions of capacity (lib/capacity.ts), each with how and why. Deleting
 * capacity before its replacement exists is an outage; a removal whose successor appears under
 * another URN is an add and a delete, not a replacement.
 */
function capacityLines(diff: GraphDiff, isCapacity: (type: string) => boolean): string[] {
    const lines: string[] = [];
    for (const r of diff.changed) {
        const f = r.forecast;
        if (!isCapacity(r.type) || (f.how !== "replace" && f.how !== "delete-before-replace")) continue;
        const outage = f.how === "delete-before-replace" ? "⚠️ **outage** " : "";
        lines.push(`- ${outage}${resourceLine(r)}: ${forecastPhrase(f)}`);
    }
    for (const r of diff.removed) {
        if (!isCapacity(r.type)) continue;
        lines.push(`- ${resourceLine(r)}: **delete**${r.protect ? " ⚠️ protected: the real preview will refuse to delete it" : ""}`);
        const successors = diff.forecast.successors.filter((s) => s.removed.urn === r.urn).map((s) => `**${s.added.name}**`);
        if (successors.length > 0) {
            lines.push(
                `  - ${successors.join(", ")} (same type and parent) is added under a new URN: Pulumi creates it, then deletes this one; an add and a delete, not a replacement`,
            );
        }
    }
    return lines;
}

/**
 * `costSection`: Markdown placed under the headline (the estimated monthly cost change).
 * `isCapacity`: which types the Capacity section covers (lib/capacity.ts; tests pass their own).
 */
export function renderGraphDiffMarkdown(
    diff: GraphDiff,
    costSection?: string,
    isCapacity: (type: string) => boolean = isCapacityType,
): string {
    const lines: string[] = [graphDiffMarker(diff.stack), `### Offline graph diff: \`${diff.stack}\``, ""];
    if (!hasChanges(diff)) {
        lines.push(`No changes (${diff.headCount} resources).`);
        return lines.join("\n") + "\n";
    }
    lines.push(
        `${diff.baseCount} → ${diff.headCount} resources: ${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed.`,
        "",
    );
    const failing = diff.changed.filter((r) => r.forecast.how === "fails");
    if (failing.length > 0) {
        lines.push(`**⛔ The real preview will fail (${failing.length})**`);
        for (const r of failing) lines.push(`- ${resourceLine(r)}: ${r.forecast.why.join("; ")}`);
        lines.push("");
    }
    if (diff.forecast.unknownTypes.length > 0) {
        lines.push(`**❓ No replacement rules (${diff.forecast.unknownTypes.length}): whether these changes replace anything is unknown**`);
        for (const t of diff.forecast.unknownTypes) lines.push(`- \`${t}\`: add it to tools/replacement/table.ts`);
        lines.push("");
    }
    const capacity = capacityLines(diff, isCapacity);
    if (capacity.length > 0) {
        lines.push(`**Capacity (${capacity.filter((l) => l.startsWith("- ")).length})**`, ...capacity, "");
    }
    // What can take workloads down or stop the deploy comes first, then what it costs.
    if (costSection) lines.push(costSection.trimEnd(), "");
    if (diff.removed.length > 0) {
        lines.push(`**Removed (${diff.removed.length})**`);
        for (const r of diff.removed)
            lines.push(`- ${resourceLine(r)}${r.protect ? " ⚠️ protected: the real preview will refuse to delete it" : ""}`);
        lines.push("");
    }
    if (diff.added.length > 0) {
        lines.push(`**Added (${diff.added.length})**`);
        for (const r of diff.added) lines.push(`- ${resourceLine(r)}`);
        lines.push("");
    }
    if (diff.changed.length > 0) {
        lines.push(`**Changed (${diff.changed.length})**`);
        for (const r of diff.changed) {
            lines.push(`- ${resourceLine(r)}: ${forecastPhrase(r.forecast)}`);
            for (const c of r.inputs) lines.push(changeLine(c));
            for (const c of r.options) lines.push(changeLine({ ...c, path: `(option) ${c.path}` }));
        }
        lines.push("");
    }
    if (diff.outputs.length > 0) {
        lines.push(`**Stack outputs changed (${diff.outputs.length})**`);
        for (const c of diff.outputs) lines.push(changeLine(c).replace(/^ {2}/, ""));
        lines.push("");
    }
    lines.push(
        "_Offline: computed from the program under mocks, without AWS; ids are placeholders. Update or replace is forecast from the providers' schemas (tools/replacement/table.ts); the real preview has the last word._",
    );
    return lines.join("\n") + "\n";
}
