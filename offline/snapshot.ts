// The offline graph as stable JSON: resources sorted by URN, keys sorted, secrets masked,
// nothing time- or run-dependent, so two runs (or two commits) can be diffed line by line.

import * as pulumi from "@pulumi/pulumi";
import { RecordedResource } from "./engine";
import { ProgramRun, runStack } from "./run";

export const SECRET_MASK = "[secret]";
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export interface GraphSnapshot {
    readonly project: string;
    readonly stack: string;
    readonly region: string;
    readonly resourceCount: number;
    readonly counts: Record<string, number>;
    readonly outputs: unknown;
    readonly resources: readonly SnapshotResource[];
}

export interface SnapshotResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent: string | null;
    readonly kind: "resource" | "component" | "remote-component";
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    /** Present (true) only when the program sets the deleteBeforeReplace option, so older graphs read the same. */
    readonly deleteBeforeReplace?: true;
    readonly ignoreChanges: readonly string[];
    readonly dependencies: readonly string[];
    readonly inputs: unknown;
}

export function isSecretValue(value: unknown): value is { value: unknown } {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG;
}

/** Replaces secret values with a mask, resources with their URN, unknowns with a marker; sorts object keys. */
export function stable(value: unknown): unknown {
    if (isSecretValue(value)) return SECRET_MASK;
    if (pulumi.Resource.isInstance(value)) return "[resource reference]";
    if (pulumi.Output.isInstance(value)) return "[output]";
    if (Array.isArray(value)) return value.map(stable);
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(
            Object.keys(value)
                .sort()
                .map((k) => [k, stable((value as Record<string, unknown>)[k])]),
        );
    }
    return value;
}

function kindOf(r: RecordedResource): SnapshotResource["kind"] {
    return r.custom ? "resource" : r.remote ? "remote-component" : "component";
}

export function snapshotOf(run: ProgramRun): GraphSnapshot {
    const resources = [...run.graph.resources]
        .sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0))
        .map((r): SnapshotResource => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            parent: r.parent ?? null,
            kind: kindOf(r),
            protect: r.protect,
            retainOnDelete: r.retainOnDelete,
            ...(r.deleteBeforeReplace ? { deleteBeforeReplace: true as const } : {}),
            ignoreChanges: [...r.ignoreChanges].sort(),
            dependencies: [...r.dependencies].sort(),
            inputs: stable(r.inputs),
        }));
    const outputs = Object.fromEntries(
        Object.keys(run.outputs)
            .sort()
            .map((k) => [k, run.secretOutputs.includes(k) ? SECRET_MASK : stable(run.outputs[k])]),
    );
    return {
        project: run.config.project,
        stack: run.config.stack,
        region: run.engine.context.region,
        resourceCount: resources.length,
        counts: run.graph.countsByType(),
        outputs,
        resources,
    };
}

/** The graph of `stack` as the offline preview writes it to its JSON file (round-tripped through JSON). */
export async function previewGraph(stack: string, overrides: Record<string, unknown> = {}): Promise<GraphSnapshot> {
    return JSON.parse(JSON.stringify(snapshotOf(await runStack(stack, overrides)))) as GraphSnapshot;
}
