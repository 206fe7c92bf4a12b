// Values AWS itself accepts, kept in one place so validation errors can list them.

import { regionFacts } from "./regions";

/** The only values CloudWatch Logs accepts for retentionInDays (0, "never expire", is refused on purpose). */
export const LOG_RETENTION_DAYS: readonly number[] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** Fargate (Linux) task sizes: CPU units -> memory MiB values that Fargate accepts with it. */
export const FARGATE_CPU_MEMORY: ReadonlyMap<number, readonly number[]> = new Map<number, number[]>([
    [256, [512, 1024, 2048]],
    [512, range(1024, 4096, 1024)],
    [1024, range(2048, 8192, 1024)],
    [2048, range(4096, 16384, 1024)],
    [4096, range(8192, 30720, 1024)],
    [8192, range(16384, 61440, 4096)],
    [16384, range(32768, 122880, 8192)],
]);

export function describeFargateMemory(cpu: number): string {
    const memories = FARGATE_CPU_MEMORY.get(cpu);
    if (!memories) {
        return `cpu must be one of ${[...FARGATE_CPU_MEMORY.keys()].join(", ")}`;
    }
    const first = memories[0];
    const last = memories[memories.length - 1];
    const step = memories.length > 1 ? memories[1] - first : 0;
    return memories.length <= 3 ? `memory ${memories.join(", ")}` : `memory ${first}..${last} in steps of ${step}`;
}

/** family+generation[+attributes] "." size, e.g. t3.medium, m7g.2xlarge, c6in.metal, u-6tb1.metal, m7i-flex.large. */
export const EC2_INSTANCE_TYPE_PATTERN = /^[a-z][a-z0-9-]*[0-9][a-z0-9-]*\.(nano|micro|small|medium|large|[0-9]*xlarge|metal(-[0-9]+xl)?)$/;

/** The shape of an EKS version; which ones EKS offers, and until when, is lib/kubernetes-versions.ts's table. */
export const KUBERNETES_VERSION_PATTERN = /^1\.[0-9]{2}$/;

/** EKS cluster names: 1-100 chars, start alphanumeric, then alphanumerics, - and _. */
export const EKS_CLUSTER_NAME_PATTERN = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;

function range(from: number, to: number, step: number): number[] {
    const values: number[] = [];
    for (let v = from; v <= to; v += step) {
        values.push(v);
    }
    return values;
}

/** The partition an ARN in this region must name: aws, aws-cn (China) or aws-us-gov (GovCloud). */
export function partitionOfRegion(region: string): string {
    const known = regionFacts(region);
    if (known) return known.partition;
    // A region missing from the table (refused by validation) still gets its partition's ARNs offline.
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    return "aws";
}

/** IAM role or user ARNs: what an EKS access entry takes as its principal (an STS session ARN is not one). */
export const IAM_PRINCIPAL_ARN_PATTERN = /^arn:(aws[a-z-]*):iam::([0-9]{12}):(role|user)\/[A-Za-z0-9+=,.@_/-]+$/;
