// What `npm run bench` runs: the two stacks as they are, and the dev stack grown to N generated
// ECS services or N EKS node groups plus Fargate profiles, each config valid as written, within
// AWS's default quotas (lib/aws-quotas.ts) as validation requires.

import { AWS_QUOTAS } from "../../lib/aws-quotas";

/** One offline preview to time: a stack file plus `--set` overrides (full keys). */
export interface Scenario {
    readonly label: string;
    readonly stack: string;
    readonly overrides: Readonly<Record<string, unknown>>;
}

/** A family of scenarios that differ only in N, to see how cost grows with the graph. */
export interface Series {
    readonly id: string;
    readonly title: string;
    readonly baseStack: string;
    readonly configKeys: readonly string[];
    readonly counts: readonly number[];
    readonly scenario: (n: number) => Scenario;
}

export const PREVIEW_STACKS = ["dev", "prd"] as const;

const SCALING_BASE_STACK = "dev";

/** "007": names sort the same way as their numbers, up to 999. */
function ordinal(i: number): string {
    return String(i).padStart(3, "0");
}

/** One service with the shape of dev's "web" service (public image, ALB path rule, autoscaling). */
export interface GeneratedEcsService {
    readonly name: string;
    readonly image: string;
    readonly port: number;
    readonly desiredCount: number;
    readonly pathPattern: string;
    readonly healthCheckPath: string;
    readonly autoscaling: { readonly min: number; readonly max: number; readonly cpuTargetPercent: number };
}

/** N services, svc-001..; each routes its own path, since the ALB rejects two services on one pattern. */
export function generateEcsServices(n: number): GeneratedEcsService[] {
    return Array.from({ length: n }, (_, i) => {
        const name = `svc-${ordinal(i + 1)}`;
        return {
            name,
            image: "public.ecr.aws/nginx/nginx:stable",
            port: 80,
            desiredCount: 1,
            pathPattern: `/${name}/*`,
            healthCheckPath: `/${name}/health`,
            autoscaling: { min: 1, max: 2, cpuTargetPercent: 70 },
        };
    });
}

export interface GeneratedNodeGroup {
    readonly name: string;
    readonly instanceTypes: readonly string[];
    readonly minSize: number;
    readonly desiredSize: number;
    readonly maxSize: number;
    readonly labels: Readonly<Record<string, string>>;
}

export function generateNodeGroups(n: number): GeneratedNodeGroup[] {
    return Array.from({ length: n }, (_, i) => {
        const name = `ng-${ordinal(i + 1)}`;
        return { name, instanceTypes: ["m7i.large"], minSize: 1, desiredSize: 1, maxSize: 3, labels: { workload: name } };
    });
}

export interface GeneratedFargateProfile {
    readonly name: string;
    readonly selectors: readonly { readonly namespace: string }[];
}

export function generateFargateProfiles(n: number): GeneratedFargateProfile[] {
    return Array.from({ length: n }, (_, i) => ({ name: `fp-${ordinal(i + 1)}`, selectors: [{ namespace: `apps-${ordinal(i + 1)}` }] }));
}

export const ECS_SERIES: Series = {
    id: "ecsServices",
    title: "ECS services",
    baseStack: SCALING_BASE_STACK,
    configKeys: ["platform:ecsServices"],
    counts: [1, 10, 50, 100],
    scenario: (n) => ({
        label: `${SCALING_BASE_STACK} with ${n} ECS service${n === 1 ? "" : "s"}`,
        stack: SCALING_BASE_STACK,
        overrides: { "platform:ecsServices": generateEcsServices(n) },
    }),
};

/** Fargate profiles beside N node groups: N, up to the profiles a cluster may have, less the Fargate metrics collector's own. */
export function fargateProfileCount(n: number): number {
    return Math.min(n, AWS_QUOTAS.eksFargateProfiles.value - 1);
}

export const EKS_SERIES: Series = {
    id: "eksNodeGroupsAndFargateProfiles",
    title: "EKS node groups + Fargate profiles",
    baseStack: SCALING_BASE_STACK,
    configKeys: ["platform:eksNodeGroups", "platform:eksFargateProfiles"],
    // 1, 5 and 20 as issue #8 asks, and 30, the managed node groups a cluster may have (Fargate
    // profiles stop at their own quota, 10): beyond that AWS refuses the config, so validation does.
    counts: [1, 5, 20, AWS_QUOTAS.eksManagedNodeGroups.value],
    scenario: (n) => ({
        label: `${SCALING_BASE_STACK} with ${n} node group${n === 1 ? "" : "s"} + ${fargateProfileCount(n)} Fargate profile${fargateProfileCount(n) === 1 ? "" : "s"}`,
        stack: SCALING_BASE_STACK,
        overrides: {
            "platform:eksNodeGroups": generateNodeGroups(n),
            "platform:eksFargateProfiles": generateFargateProfiles(fargateProfileCount(n)),
        },
    }),
};

export const SCALING_SERIES: readonly Series[] = [ECS_SERIES, EKS_SERIES];

/** The offline preview's arguments for the overrides: JSON is valid YAML, so `--set key=<JSON>`. */
export function setArguments(overrides: Readonly<Record<string, unknown>>): string[] {
    return Object.entries(overrides).flatMap(([key, value]) => ["--set", `${key}=${JSON.stringify(value)}`]);
}
