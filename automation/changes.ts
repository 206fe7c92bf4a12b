// Turns the engine's event stream into the list of resource steps the summaries show. Steps come
// from ResourcePreEvent (emitted in preview and update alike); `same` and `read` steps are not changes.

import type { EngineEvent, OpType } from "@pulumi/pulumi/automation";
import { isCapacityType } from "../lib/capacity";

export interface ResourceStep {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly op: OpType;
    /** True when the resource is protected in the current state (the engine's old state). */
    readonly protect: boolean;
    /** Properties forcing a replacement, when the engine reports them. */
    readonly replaceKeys: readonly string[];
}

const NOT_A_CHANGE: ReadonlySet<OpType> = new Set<OpType>(["same", "read", "refresh"]);
/** Steps that replace a resource (Pulumi emits create-replacement/replace/delete-replaced for one replacement). */
export const REPLACE_OPS: ReadonlySet<OpType> = new Set<OpType>([
    "replace",
    "create-replacement",
    "delete-replaced",
    "import-replacement",
    "read-replacement",
]);

export function nameOfUrn(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}

export function resourceSteps(events: readonly EngineEvent[]): ResourceStep[] {
    const byUrn = new Map<string, ResourceStep>();
    for (const event of events) {
        const meta = event.resourcePreEvent?.metadata;
        if (!meta || NOT_A_CHANGE.has(meta.op)) continue;
        const previous = byUrn.get(meta.urn);
        // One replacement is several steps for one URN; keep the one that says "replace".
        const op: OpType = REPLACE_OPS.has(meta.op) || (previous && REPLACE_OPS.has(previous.op)) ? "replace" : meta.op;
        byUrn.set(meta.urn, {
            urn: meta.urn,
            type: meta.type,
            name: nameOfUrn(meta.urn),
            op,
            protect: Boolean(meta.old?.protect) || Boolean(previous?.protect),
            replaceKeys: [...new Set([...(previous?.replaceKeys ?? []), ...(meta.keys ?? [])])].sort(),
        });
    }
    return [...byUrn.values()].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
}

export function isDestructive(step: ResourceStep): boolean {
    return step.op === "replace" || step.op === "delete";
}

/** Replacements and deletions of protected resources: what `up` on a protected stack refuses without --allow-protected-replace. */
export function destructiveProtectedSteps(steps: readonly ResourceStep[]): ResourceStep[] {
    return steps.filter((s) => s.protect && isDestructive(s));
}

/**
 * Replacements and deletions of resources that carry capacity (lib/capacity.ts), protected or not:
 * what `up` on a protected stack refuses without --allow-capacity-replace. Most of them (node
 * groups, target groups, services) are not `protect`ed, yet replacing one takes workloads down.
 */
export function destructiveCapacitySteps(steps: readonly ResourceStep[]): ResourceStep[] {
    return steps.filter((s) => isCapacityType(s.type) && isDestructive(s));
}

export interface PolicyViolation {
    readonly pack: string;
    readonly policy: string;
    readonly enforcement: "warning" | "mandatory";
    /** The resource's URN; absent for a stack-level policy. */
    readonly urn?: string;
    readonly message: string;
}

/** The policy packs' findings, from the engine's policy events; a mandatory one fails the operation. */
export function policyViolations(events: readonly EngineEvent[]): PolicyViolation[] {
    return events.flatMap((e) => {
        const p = e.policyEvent;
        if (!p) return [];
        return [
            {
                pack: p.policyPackName,
                policy: p.policyName,
                enforcement: p.enforcementLevel,
                ...(p.resourceUrn ? { urn: p.resourceUrn } : {}),
                message: p.message.trim(),
            },
        ];
    });
}
