// The replacement forecast: for each resource that changes between two offline graphs, whether the
// real `pulumi preview` will update it, replace it (create the new one, then delete the old:
// Pulumi's default) or delete it before replacing it, from the rules in ./table.ts. Offline the
// ids of a replaced resource do not change, so what a replacement drags along (a node group on a
// replaced subnet) is derived from the table's `refs` and the graph's dependencies.

import { GraphSnapshot, SnapshotResource } from "../../offline/snapshot";
import { ReplacementRule, ReplacementTable } from "./rules";
import { PER_RESOURCE_REGION, REPLACEMENT_TABLE, ruleFor } from "./table";

export type ForecastHow = "update" | "replace" | "delete-before-replace" | "unknown" | "fails";

export interface ResourceForecast {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly how: ForecastHow;
    /** The inputs that force the replacement (or make the preview fail), as table paths. */
    readonly keys: readonly string[];
    /** Why it deletes first, fails or is unknown; empty for a plain update or replace. */
    readonly why: readonly string[];
    /** Fixed-name inputs a create-before-delete replacement keeps: the new resource collides with the old. */
    readonly collision: readonly string[];
    /** Replaced resources whose new id this one takes in a forcing input. */
    readonly causedBy: readonly string[];
    /** Replacing a protected resource: the real preview refuses. */
    readonly protectedReplace: boolean;
}

/** A removed resource whose successor is added under another URN (same type, same parent). */
export interface Successor {
    readonly removed: SnapshotResource;
    readonly added: SnapshotResource;
}

export interface Forecast {
    /** By URN, every resource present in both graphs that changes, in head order. */
    readonly resources: ReadonlyMap<string, ResourceForecast>;
    /** Types that change but have no rules: the forecast cannot say. */
    readonly unknownTypes: readonly string[];
    readonly successors: readonly Successor[];
}

/** Inputs whose list order carries meaning everywhere (the same keys the graph diff keeps in order). */
export const ORDERED_LIST_KEYS: ReadonlySet<string> = new Set(["command", "entryPoint", "args", "containerDefinitions"]);

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => v !== null && typeof v === "object" && !Array.isArray(v);

/** The value at a table path; `a[].b` collects `b` of every element of list `a`. */
export function valueAt(value: unknown, path: string): unknown {
    let current: unknown[] = [value];
    let many = false;
    for (const segment of path.split(".")) {
        const each = segment.endsWith("[]");
        const key = each ? segment.slice(0, -2) : segment;
        const next: unknown[] = [];
        for (const v of current) {
            const child = isPlain(v) ? v[key] : undefined;
            if (child === undefined || child === null) continue;
            if (each && Array.isArray(child)) next.push(...(child as unknown[]));
            else if (!each) next.push(child);
        }
        many ||= each;
        current = next;
    }
    return many ? (current.length > 0 ? current : undefined) : current[0];
}

const byJson = (a: unknown, b: unknown): number => JSON.stringify(a).localeCompare(JSON.stringify(b));

/**
 * A value as the provider compares it: JSON documents parsed, object keys unordered, lists as sets
 * unless ordered, and an empty list or object the same as unset (Terraform reads them alike).
 */
export function canonical(value: unknown, keepOrder = false, key = ""): unknown {
    if (typeof value === "string" && /^\s*[[{]/.test(value)) {
        try {
            return { "[json]": canonical(JSON.parse(value), keepOrder) };
        } catch {
            return value;
        }
    }
    if (Array.isArray(value)) {
        const items = value.map((v) => canonical(v, keepOrder)).filter((v) => v !== undefined);
        if (items.length === 0) return undefined;
        return keepOrder || ORDERED_LIST_KEYS.has(key) ? items : [...items].sort(byJson);
    }
    if (isPlain(value)) {
        const entries = Object.keys(value)
            .sort()
            .map((k) => [k, canonical(value[k], keepOrder, k)] as const)
            .filter(([, v]) => v !== undefined);
        return entries.length > 0 ? Object.fromEntries(entries) : undefined;
    }
    return value === null ? undefined : value;
}

function differs(before: unknown, after: unknown, path: string, keepOrder: boolean): boolean {
    return JSON.stringify(canonical(valueAt(before, path), keepOrder)) !== JSON.stringify(canonical(valueAt(after, path), keepOrder));
}

const isOrdered = (rule: ReplacementRule, path: string): boolean => (rule.ordered ?? []).includes(path);

interface Verdict {
    how: ForecastHow;
    keys: string[];
    why: string[];
    causedBy: string[];
}

/** Whether the per-resource region of an AWS resource moves (unset means the provider's region). */
function regionMoves(before: SnapshotResource, after: SnapshotResource, providerRegion: string): boolean {
    if (!after.type.startsWith("aws:")) return false;
    const region = (r: SnapshotResource) => valueAt(r.inputs, PER_RESOURCE_REGION.path) ?? providerRegion;
    return region(before) !== region(after);
}

/** What the provider does with a change from `before` to `after`, before any cascade. */
function judge(rule: ReplacementRule, before: SnapshotResource, after: SnapshotResource, providerRegion: string): Verdict {
    const keys = rule.forceNew.filter((p) => differs(before.inputs, after.inputs, p, isOrdered(rule, p)));
    if (regionMoves(before, after, providerRegion)) keys.push(PER_RESOURCE_REGION.path);
    const why: string[] = [];
    const failing: string[] = [];
    for (const c of rule.conditions ?? []) {
        if (c.kind === "requires") {
            const requirementMet = JSON.stringify(valueAt(after.inputs, c.input)) === JSON.stringify(c.equals);
            if (differs(before.inputs, after.inputs, c.path, false) && !requirementMet) {
                failing.push(c.path);
                why.push(`\`${c.path}\` changes only with \`${c.input}: ${JSON.stringify(c.equals)}\``);
            }
        } else if (c.kind === "replace-if-removed") {
            if (canonical(valueAt(before.inputs, c.path)) !== undefined && canonical(valueAt(after.inputs, c.path)) === undefined)
                keys.push(c.path);
        } else {
            const set = (r: SnapshotResource) => c.among.filter((p) => canonical(valueAt(r.inputs, p)) !== undefined);
            const [was, is] = [set(before), set(after)];
            if (JSON.stringify(was) !== JSON.stringify(is)) keys.push(...new Set([...was, ...is]));
        }
    }
    if (failing.length > 0) return { how: "fails", keys: failing, why, causedBy: [] };
    return { how: keys.length > 0 ? "replace" : "update", keys, why, causedBy: [] };
}

/** Whether a replacement deletes first, and why; undefined for create-before-delete. */
function deleteFirstBecause(rule: ReplacementRule, before: SnapshotResource, after: SnapshotResource): string | undefined {
    if (after.deleteBeforeReplace) return "the resource has the `deleteBeforeReplace` option";
    if (rule.alwaysDeleteBeforeReplace) return "the provider always deletes this type before replacing it";
    const name = rule.autoName?.property;
    if (!name || valueAt(after.inputs, name) === undefined) return undefined;
    if (rule.provider === "aws-sdkv2") {
        return `\`${name}\` is set by the program, not auto-named: the old resource is deleted first so the new one can take the name`;
    }
    if (
        rule.provider === "kubernetes" &&
        !differs(before.inputs, after.inputs, name, false) &&
        !differs(before.inputs, after.inputs, "metadata.namespace", false)
    ) {
        return `\`${name}\` is set by the program and stays the same`;
    }
    return undefined;
}

function finish(rule: ReplacementRule, before: SnapshotResource, after: SnapshotResource, verdict: Verdict): ResourceForecast {
    let { how } = verdict;
    const why = [...verdict.why];
    let collision: string[] = [];
    if (how === "replace") {
        const because = deleteFirstBecause(rule, before, after);
        if (because) {
            how = "delete-before-replace";
            why.push(because);
        } else if (
            rule.fixedName &&
            rule.fixedName.every((p) => valueAt(after.inputs, p) !== undefined && !differs(before.inputs, after.inputs, p, false))
        ) {
            collision = [...rule.fixedName];
        }
    }
    const replaced = how === "replace" || how === "delete-before-replace";
    return {
        urn: after.urn,
        type: after.type,
        name: after.name,
        how,
        keys: verdict.keys,
        why,
        collision,
        causedBy: verdict.causedBy,
        protectedReplace: replaced && (before.protect || after.protect),
    };
}

function inputsChanged(before: SnapshotResource, after: SnapshotResource): boolean {
    return JSON.stringify(canonical(before.inputs)) !== JSON.stringify(canonical(after.inputs));
}

export function forecastChanges(base: GraphSnapshot, head: GraphSnapshot, table: ReplacementTable = REPLACEMENT_TABLE): Forecast {
    const baseByUrn = new Map(base.resources.map((r) => [r.urn, r]));
    const pairs = head.resources
        .filter((r) => r.kind === "resource" && baseByUrn.get(r.urn)?.kind === "resource")
        .map((after) => ({ before: baseByUrn.get(after.urn)!, after, rule: ruleFor(after.type, table) }));

    const verdicts = new Map<string, Verdict>();
    const unknownTypes = new Set<string>();
    // A multi-language component's children are invisible offline: what it replaces inside is unknown.
    for (const after of head.resources.filter((r) => r.kind === "remote-component")) {
        const before = baseByUrn.get(after.urn);
        if (before?.kind === "remote-component" && inputsChanged(before, after)) {
            unknownTypes.add(after.type);
            verdicts.set(after.urn, {
                how: "unknown",
                keys: [],
                why: ["a multi-language component: its children are not visible offline"],
                causedBy: [],
            });
        }
    }
    for (const { before, after, rule } of pairs) {
        if (!rule) {
            if (inputsChanged(before, after)) {
                unknownTypes.add(after.type);
                verdicts.set(after.urn, { how: "unknown", keys: [], why: ["no replacement rules for this type"], causedBy: [] });
            }
            continue;
        }
        const verdict = judge(rule, before, after, head.region);
        // A reordered ordered list is no change to the graph diff, but is one to the provider.
        if (verdict.how !== "update" || inputsChanged(before, after)) verdicts.set(after.urn, verdict);
    }

    // A replaced resource gets new ids: whoever holds one of them in a forcing input is replaced too.
    const byUrn = new Map(head.resources.map((r) => [r.urn, r]));
    for (let grew = true; grew;) {
        grew = false;
        const replaced = [...verdicts].filter(([, v]) => v.how === "replace").map(([urn]) => byUrn.get(urn)!);
        for (const { after, rule } of pairs) {
            if (!rule?.refs) continue;
            for (const source of replaced) {
                if (source.urn === after.urn || !after.dependencies.includes(source.urn)) continue;
                const paths = Object.entries(rule.refs)
                    .filter(([path, type]) => type === source.type && valueAt(after.inputs, path) !== undefined)
                    .map(([path]) => path);
                if (paths.length === 0) continue;
                const current = verdicts.get(after.urn) ?? { how: "update", keys: [], why: [], causedBy: [] };
                if (current.how === "fails" || current.how === "unknown" || current.causedBy.includes(source.name)) continue;
                verdicts.set(after.urn, {
                    how: "replace",
                    keys: [...new Set([...current.keys, ...paths])],
                    why: current.why,
                    causedBy: [...current.causedBy, source.name],
                });
                grew = true;
            }
        }
    }

    const resources = new Map<string, ResourceForecast>();
    for (const after of head.resources) {
        const verdict = verdicts.get(after.urn);
        if (after.kind === "remote-component" && verdict) {
            resources.set(after.urn, {
                urn: after.urn,
                type: after.type,
                name: after.name,
                ...verdict,
                collision: [],
                protectedReplace: false,
            });
        }
    }
    for (const { before, after, rule } of pairs) {
        const verdict = verdicts.get(after.urn);
        if (!verdict) continue;
        resources.set(
            after.urn,
            rule
                ? finish(rule, before, after, verdict)
                : { urn: after.urn, type: after.type, name: after.name, ...verdict, collision: [], protectedReplace: false },
        );
    }

    const headUrns = new Set(head.resources.map((r) => r.urn));
    const added = head.resources.filter((r) => r.kind === "resource" && !baseByUrn.has(r.urn));
    const successors = base.resources
        .filter((r) => r.kind === "resource" && !headUrns.has(r.urn))
        .flatMap((removed) =>
            added.filter((a) => a.type === removed.type && a.parent === removed.parent).map((a) => ({ removed, added: a })),
        );

    return { resources, unknownTypes: [...unknownTypes].sort(), successors };
}
