// Runs the policy pack against a recorded graph the way the Pulumi engine's analyzer does
// (@pulumi/policy's server.js): every resource policy sees each resource's deserialized inputs,
// every stack policy sees all resources (their outputs) with parent, dependencies and
// propertyDependencies linked as objects. Mirrors: secrets arrive unwrapped; reading an unknown
// value turns the policy's result into an advisory "can't run during preview"; notApplicable()
// skips; isType/asType compare the class's __pulumiType; disabled policies are skipped; "remediate"
// reports as mandatory. What it cannot mirror is listed in the README (children of remote
// components, provider Check defaults, preview-time unknowns).

import {
    EnforcementLevel,
    Policies,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { RecordedResource } from "./engine";
import { WIRE } from "./sdk-internals";

/** The parts of a recorded resource a policy can see; fixtures build these directly. */
export type PolicyInputResource = Pick<
    RecordedResource,
    "urn" | "type" | "name" | "inputs" | "outputs" | "parent" | "dependencies" | "protect" | "ignoreChanges"
> & {
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
};

export interface Violation {
    readonly policy: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly message: string;
    readonly urn?: string;
}

export interface PolicyRunOptions {
    /** Like `--policy-pack-config`: per policy, an enforcement level (or { enforcementLevel, ...config }). */
    readonly config?: Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;
    /** Default level of the pack (PolicyPackArgs.enforcementLevel; the SDK's default is advisory). */
    readonly packEnforcementLevel?: EnforcementLevel;
}

class UnknownValueError extends Error {}
class NotApplicableError extends Error {}

/** Plain values as the analyzer deserializes them: secrets unwrapped, unknowns kept as the sentinel. */
function plain(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(plain);
    if (value !== null && typeof value === "object") {
        const record = value as Record<string, unknown>;
        if (record[WIRE.specialSigKey] === WIRE.specialSecretSig) return plain(record.value);
        return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, plain(v)]));
    }
    return value;
}

/** Like @pulumi/policy's unknownCheckingProxy: reading an unknown throws. */
function unknownChecking<T>(value: T, path: string): T {
    if (value === WIRE.unknownValue) throw new UnknownValueError(`${path} is unknown during preview`);
    if (value === null || typeof value !== "object") return value;
    return new Proxy(value, {
        get: (target, key) => {
            const v: unknown = Reflect.get(target, key);
            return typeof key === "string" ? unknownChecking(v, `${path}.${key}`) : v;
        },
    });
}

/** isType as the analyzer implements it: the class's __pulumiType, else its isInstance. */
function isTypeOf(type: string, resourceClass: unknown): boolean {
    // A Pulumi resource class carries a static __pulumiType (and isInstance); the typings hide both.
    const cls = resourceClass as { __pulumiType?: unknown; isInstance?: (o: unknown) => boolean };
    if (typeof cls.__pulumiType === "string" && cls.__pulumiType !== "") return cls.__pulumiType === type;
    return typeof cls.isInstance === "function" && cls.isInstance({ __pulumiType: type }) === true;
}

function optionsOf(r: PolicyInputResource): PolicyResourceOptions {
    return {
        protect: r.protect,
        ignoreChanges: [...r.ignoreChanges],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        ...(r.parent ? { parent: r.parent } : {}),
    };
}

function levelOf(policy: { name: string; enforcementLevel?: EnforcementLevel }, options: PolicyRunOptions): EnforcementLevel {
    const configured = options.config?.[policy.name];
    const fromConfig = typeof configured === "string" ? configured : configured?.enforcementLevel;
    const level = fromConfig ?? policy.enforcementLevel ?? options.packEnforcementLevel ?? "advisory";
    return level === "remediate" ? "mandatory" : level;
}

function configOf(policyName: string, options: PolicyRunOptions): <T extends object>() => T {
    return <T extends object>() => {
        const configured = options.config?.[policyName];
        if (configured === undefined || typeof configured === "string") return {} as T;
        const { enforcementLevel: _level, ...rest } = configured;
        return rest as T;
    };
}

const notApplicable = (reason?: string): never => {
    throw new NotApplicableError(reason ?? "Policy does not apply");
};

function isStackPolicy(p: ResourceValidationPolicy | StackValidationPolicy): p is StackValidationPolicy {
    return typeof (p as StackValidationPolicy).validateStack === "function";
}

/** Runs every policy over `resources`; returns the violations in policy order. */
export async function runPolicies(
    policies: Policies,
    resources: readonly PolicyInputResource[],
    options: PolicyRunOptions = {},
): Promise<Violation[]> {
    const violations: Violation[] = [];
    const stackTags: ReadonlyMap<string, string> = new Map();
    for (const policy of policies) {
        const enforcementLevel = levelOf(policy, options);
        if (enforcementLevel === "disabled") continue;
        const report = (defaultUrn?: string) => (message: string, urn?: string) => {
            violations.push({ policy: policy.name, enforcementLevel, message, urn: urn ?? defaultUrn });
        };
        const guarded = async (urn: string | undefined, run: () => Promise<void> | void) => {
            try {
                await run();
            } catch (e) {
                if (e instanceof NotApplicableError) return;
                if (e instanceof UnknownValueError) {
                    violations.push({
                        policy: policy.name,
                        enforcementLevel: "advisory",
                        message: `can't run policy '${policy.name}' during preview: ${e.message}`,
                        urn,
                    });
                    return;
                }
                throw new Error(`Error validating resource with policy '${policy.name}': ${(e as Error).message}`);
            }
        };
        if (isStackPolicy(policy)) {
            const args: StackValidationArgs = {
                resources: stackResources(resources),
                stackTags,
                getConfig: configOf(policy.name, options),
                notApplicable,
            };
            await guarded(undefined, () => policy.validateStack(args, report()));
            continue;
        }
        if (!policy.validateResource) continue;
        const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
        for (const r of resources) {
            for (const validate of validations) {
                // A fresh proxy per validation, as the analyzer deserializes per call (a policy may mutate props).
                const props = unknownChecking(plain(r.inputs) as Record<string, unknown>, "props");
                const args: ResourceValidationArgs = {
                    type: r.type,
                    props,
                    urn: r.urn,
                    name: r.name,
                    opts: optionsOf(r),
                    stackTags,
                    isType: (cls) => isTypeOf(r.type, cls),
                    // asType's typing is generic over the resource class; at runtime it is the props themselves.
                    asType: ((cls: unknown) => (isTypeOf(r.type, cls) ? props : undefined)) as ResourceValidationArgs["asType"],
                    getConfig: configOf(policy.name, options),
                    notApplicable,
                };
                await guarded(r.urn, () => validate(args, report(r.urn)));
            }
        }
    }
    return violations;
}

/** StackValidationArgs.resources: outputs as props, parent/dependencies/propertyDependencies as linked objects. */
function stackResources(resources: readonly PolicyInputResource[]): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    const linked = resources.map((r) => {
        const props = unknownChecking(plain(r.outputs) as Record<string, unknown>, "props");
        const resource: PolicyResource = {
            type: r.type,
            props,
            urn: r.urn,
            name: r.name,
            opts: optionsOf(r),
            dependencies: [],
            propertyDependencies: {},
            isType: (cls) => isTypeOf(r.type, cls),
            asType: ((cls: unknown) => (isTypeOf(r.type, cls) ? props : undefined)) as PolicyResource["asType"],
        };
        byUrn.set(r.urn, resource);
        return { r, resource };
    });
    const lookup = (urns: readonly string[]) => urns.map((u) => byUrn.get(u)).filter((x): x is PolicyResource => x !== undefined);
    for (const { r, resource } of linked) {
        const parent = r.parent ? byUrn.get(r.parent) : undefined;
        if (parent) resource.parent = parent;
        resource.dependencies = lookup(r.dependencies);
        for (const [key, urns] of Object.entries(r.propertyDependencies ?? {})) {
            resource.propertyDependencies[key] = lookup(urns);
        }
    }
    return linked.map((l) => l.resource);
}

/** Violations that block a deployment. */
export function mandatory(violations: readonly Violation[]): Violation[] {
    return violations.filter((v) => v.enforcementLevel === "mandatory");
}

export function formatViolations(violations: readonly Violation[]): string {
    return violations.map((v) => `[${v.enforcementLevel}] ${v.policy}: ${v.message}${v.urn ? ` (${v.urn})` : ""}`).join("\n");
}
