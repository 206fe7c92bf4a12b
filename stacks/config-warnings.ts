// Choices AWS accepts but that cost money or resilience: reported as warnings (readEnvironment
// logs them, so `pulumi preview` and the offline preview show them), never as errors.

import { acceleratorOf, architectureOf } from "../lib/instance-types";
import { EKS_CLUSTER_HOURLY_USD, extendedSupportSurchargePerMonth, kubernetesVersionStatus } from "../lib/kubernetes-versions";
import { regionFacts } from "../lib/regions";
import { key } from "./config-reader";
import { Environment } from "./environment";
import { AWS_REGION_KEY } from "./schema";

export interface ConfigWarning {
    readonly key: string;
    readonly value: string;
    readonly problem: string;
    /** What to do about it. */
    readonly allowed: string;
}

/** The warnings for a validated environment on `today` (YYYY-MM-DD, UTC). */
export function configWarnings(env: Environment, today: string): ConfigWarning[] {
    const warnings: ConfigWarning[] = [];
    const facts = regionFacts(env.region);
    if (facts?.optIn) {
        warnings.push({
            key: AWS_REGION_KEY,
            value: env.region,
            problem: `${facts.name} is an opt-in region: every call fails until the account enables it`,
            allowed: `aws account enable-region --region-name ${env.region}, once per account`,
        });
    }
    if (!env.eks.enabled) return warnings;
    const status = kubernetesVersionStatus(env.eks.kubernetesVersion, today);
    if (status.kind === "extended") {
        warnings.push({
            key: key("kubernetesVersion"),
            value: env.eks.kubernetesVersion,
            problem:
                `standard support for Kubernetes ${env.eks.kubernetesVersion} ended on ${status.dates.standardSupportEnds}: the cluster is billed ` +
                `extended support, $${EKS_CLUSTER_HOURLY_USD.extended.toFixed(2)} instead of $${EKS_CLUSTER_HOURLY_USD.standard.toFixed(2)} an hour ` +
                `(about $${extendedSupportSurchargePerMonth()} more per month), until EKS upgrades it on ${status.dates.extendedSupportEnds}`,
            allowed: "upgrade to a version in standard support",
        });
    }
    env.eks.nodeGroups.forEach((ng, i) => {
        const at = `${key("eksNodeGroups")}[${i}]`;
        if (ng.capacityType === "SPOT" && ng.instanceTypes.length === 1) {
            warnings.push({
                key: `${at}.instanceTypes`,
                value: JSON.stringify(ng.instanceTypes),
                problem: `a Spot node group with one instance type: when ${ng.instanceTypes[0]} Spot capacity runs out in a zone, the group cannot replace interrupted nodes`,
                allowed: `several instance types of one size and architecture (e.g. ${spotSiblings(ng.instanceTypes[0])}), so Spot can draw on more capacity pools`,
            });
        }
        if (/STANDARD$/.test(ng.amiType)) {
            const accelerated = ng.instanceTypes.filter((t) => acceleratorOf(t) === "nvidia" || acceleratorOf(t) === "neuron");
            if (accelerated.length > 0)
                warnings.push({
                    key: `${at}.instanceTypes`,
                    value: JSON.stringify(accelerated),
                    problem: `${accelerated.join(", ")} carry ${accelerated
                        .map((t) => (acceleratorOf(t) === "nvidia" ? "NVIDIA GPUs" : "AWS Neuron accelerators"))
                        .filter((v, j, all) => all.indexOf(v) === j)
                        .join(" and ")}, which ${ng.amiType} has no drivers for: you pay for accelerators pods cannot use`,
                    allowed: "general-purpose instance types, or an accelerated AMI type for such groups",
                });
        }
    });
    return warnings;
}

/** Two more instance types like `instanceType` (same size and architecture), for the advice. */
function spotSiblings(instanceType: string): string {
    const size = instanceType.split(".")[1] ?? "large";
    const pool = architectureOf(instanceType) === "arm64" ? ["m7g", "m6g", "c7g", "r7g"] : ["m7i", "m6i", "m7a", "m6a"];
    const family = instanceType.split(".")[0];
    return [
        instanceType,
        ...pool
            .filter((f) => f !== family)
            .slice(0, 2)
            .map((f) => `${f}.${size}`),
    ].join(", ");
}
