// How EKS Fargate sizes a pod: the sum of its long-running containers' requests (or the largest init
// container's, if larger), plus 256 MB for the kubelet, kube-proxy and containerd, rounded up to the
// next vCPU/memory combination Fargate offers.
// Source: https://docs.aws.amazon.com/eks/latest/userguide/fargate-pod-configuration.html

/** Memory Fargate adds to every pod for its Kubernetes components. */
export const FARGATE_KUBERNETES_OVERHEAD_MIB = 256;

/** vCPU and the memory sizes (GB) Fargate offers with it. */
const COMBINATIONS: readonly { readonly vcpu: number; readonly memoryGb: readonly number[] }[] = [
    { vcpu: 0.25, memoryGb: [0.5, 1, 2] },
    { vcpu: 0.5, memoryGb: [1, 2, 3, 4] },
    { vcpu: 1, memoryGb: range(2, 8, 1) },
    { vcpu: 2, memoryGb: range(4, 16, 1) },
    { vcpu: 4, memoryGb: range(8, 30, 1) },
    { vcpu: 8, memoryGb: range(16, 60, 4) },
    { vcpu: 16, memoryGb: range(32, 120, 8) },
];

function range(from: number, to: number, step: number): number[] {
    const out: number[] = [];
    for (let v = from; v <= to; v += step) out.push(v);
    return out;
}

export interface FargatePodSize {
    readonly vcpu: number;
    readonly memoryGb: number;
}

/** The combination Fargate provisions for a pod requesting `vcpu` and `memoryMiB` (its containers' requests). */
export function fargatePodSize(vcpu: number, memoryMiB: number): FargatePodSize | undefined {
    const neededGb = (memoryMiB + FARGATE_KUBERNETES_OVERHEAD_MIB) / 1024;
    for (const c of COMBINATIONS) {
        if (c.vcpu < vcpu) continue;
        const memoryGb = c.memoryGb.find((m) => m >= neededGb);
        if (memoryGb !== undefined) return { vcpu: c.vcpu, memoryGb };
    }
    return undefined;
}

/** Kubernetes CPU quantity ("500m", "1", "0.5") in vCPU; undefined for anything else. */
export function cpuQuantity(q: unknown): number | undefined {
    const text = typeof q === "number" ? String(q) : q;
    if (typeof text !== "string") return undefined;
    const m = /^([0-9]+(?:\.[0-9]+)?)(m?)$/.exec(text);
    if (!m) return undefined;
    return m[2] === "m" ? Number(m[1]) / 1000 : Number(m[1]);
}

/** Kubernetes memory quantity ("2Gi", "400Mi", "512M") in MiB; undefined for anything else. */
export function memoryQuantityMiB(q: unknown): number | undefined {
    if (typeof q !== "string") return undefined;
    const m = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|K|M|G)$/.exec(q);
    if (!m) return undefined;
    const bytes: Record<string, number> = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, K: 1e3, M: 1e6, G: 1e9 };
    return (Number(m[1]) * bytes[m[2]]) / 1024 ** 2;
}
