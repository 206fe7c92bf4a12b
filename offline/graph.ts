// A small query API over the recorded resource graph.

import { RecordedResource } from "./engine";

export class Graph {
    constructor(readonly resources: readonly RecordedResource[]) {}

    byType(type: string): RecordedResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    /** The one resource of `type` (named `name`, when given); throws listing what exists otherwise. */
    one(type: string, name?: string): RecordedResource {
        const matches = this.byType(type).filter((r) => name === undefined || r.name === name);
        if (matches.length !== 1) {
            const names =
                this.byType(type)
                    .map((r) => r.name)
                    .join(", ") || "none";
            throw new Error(
                `expected exactly one ${type}${name ? ` named ${name}` : ""}, found ${matches.length} (${type} here: ${names})`,
            );
        }
        return matches[0];
    }

    byName(name: string): RecordedResource[] {
        return this.resources.filter((r) => r.name === name);
    }

    byUrn(urn: string): RecordedResource | undefined {
        return this.resources.find((r) => r.urn === urn);
    }

    childrenOf(parent: RecordedResource): RecordedResource[] {
        return this.resources.filter((r) => r.parent === parent.urn);
    }

    /** Resources below `ancestor`, at any depth. */
    descendantsOf(ancestor: RecordedResource): RecordedResource[] {
        const out: RecordedResource[] = [];
        const walk = (r: RecordedResource) => {
            for (const child of this.childrenOf(r)) {
                out.push(child);
                walk(child);
            }
        };
        walk(ancestor);
        return out;
    }

    /** The graph below one component (e.g. the network), for assertions that must not see the rest. */
    within(type: string, name?: string): Graph {
        return new Graph(this.descendantsOf(this.one(type, name)));
    }

    /** Resources whose `input` equals the id (or ARN) of `target`: who references it. */
    referencing(target: RecordedResource, input: string): RecordedResource[] {
        return this.resources.filter((r) => {
            const value = r.inputs[input];
            const refs = Array.isArray(value) ? value : [value];
            return refs.some((v) => v !== undefined && (v === target.id || v === target.outputs.arn));
        });
    }

    countsByType(): Record<string, number> {
        const counts: Record<string, number> = {};
        for (const r of this.resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
        return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
    }
}
