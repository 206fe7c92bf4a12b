// Helpers shared by the rules. The pack reads resources by type token and plain props rather than
// through @pulumi/aws classes, so it does not load the AWS SDK (and runs against any @pulumi/aws 7.x).

import { PolicyResource } from "@pulumi/policy";

/** Props as the engine hands them to a policy: deserialized inputs (resource rules) or outputs (stack rules). */
export type Props = Record<string, unknown>;

export function asRecord(value: unknown): Props | undefined {
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Props) : undefined;
}

export function asArray(value: unknown): unknown[] {
    return Array.isArray(value) ? value : [];
}

export function asStrings(value: unknown): string[] {
    return asArray(value).filter((v): v is string => typeof v === "string");
}

/**
 * prd is read from the resource's own `environment` tag (set from `platform:environment` on every
 * taggable resource and enforced by the tags rule). The policy API hands a policy no stack name or
 * stack config, and a tag travels with the resource into every engine (offline, preview, CI).
 */
export function isProduction(props: Props): boolean {
    // Tag values are free text elsewhere: "PRD " is prd too.
    const environment = asRecord(props.tags)?.environment;
    return typeof environment === "string" && environment.trim().toLowerCase() === "prd";
}

/** prd for a stack rule: any resource of the stack tagged environment=prd. */
export function stackIsProduction(resources: readonly PolicyResource[]): boolean {
    return resources.some((r) => isProduction(r.props));
}

/**
 * Reads a value that may be unknown: during a preview, outputs not yet known (ids of resources to be
 * created) throw UnknownValueError when read, which would turn a whole stack rule into an advisory
 * "can't run during preview". Rules read such values through this and fall back to propertyDependencies.
 */
export function known<T>(read: () => T): T | undefined {
    try {
        return read();
    } catch (e) {
        if (e instanceof Error && e.constructor.name === "UnknownValueError") return undefined;
        throw e;
    }
}

/**
 * Resources `r` references through `property`: its propertyDependencies (known in preview too), plus
 * resources whose id equals the value when both are known (references passed as plain strings).
 */
export function referencedThrough(r: PolicyResource, property: string, all: readonly PolicyResource[]): PolicyResource[] {
    const found = new Set<PolicyResource>((r.propertyDependencies[property] ?? []).filter((d) => all.includes(d)));
    const raw = known((): unknown => r.props[property]);
    const ids = typeof raw === "string" ? [raw] : asStrings(known(() => [...asArray(raw)]));
    for (const candidate of all) {
        const id = known((): unknown => candidate.props.id);
        if (typeof id === "string" && ids.includes(id)) found.add(candidate);
    }
    return [...found];
}

/** How many values `property` holds, or undefined while it is unknown. */
export function knownLength(r: PolicyResource, property: string): number | undefined {
    return known(() => {
        const value: unknown = r.props[property];
        return Array.isArray(value) ? [...(value as unknown[])].length : value === undefined ? 0 : 1;
    });
}
