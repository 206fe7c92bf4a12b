// Storage the cluster offers workloads: the default gp3 StorageClass of the EBS CSI driver, and the
// EFS CSI driver's controller role (EKS Pod Identity).

import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { StorageSettings } from "./addons";

export const DEFAULT_STORAGE_CLASS = "gp3";
export const EBS_CSI_PROVISIONER = "ebs.csi.aws.com";
export const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

/** The StorageClass object as declared: also what tests validate against the Kubernetes schema. */
export function gp3StorageClassSpec(s: StorageSettings): {
    metadata: { name: string; annotations: Record<string, string> };
    provisioner: string;
    parameters: Record<string, string>;
    reclaimPolicy: "Delete" | "Retain";
    volumeBindingMode: "WaitForFirstConsumer";
    allowVolumeExpansion: boolean;
} {
    return {
        metadata: { name: DEFAULT_STORAGE_CLASS, annotations: { [DEFAULT_CLASS_ANNOTATION]: "true" } },
        provisioner: EBS_CSI_PROVISIONER,
        // Encrypted here, not only by the account's EBS default: that default is per region and can be off.
        parameters: { type: "gp3", encrypted: "true", ...(s.kmsKeyArn ? { kmsKeyId: s.kmsKeyArn } : {}) },
        reclaimPolicy: s.reclaimPolicy,
        // The volume is created in the zone the pod is scheduled to, not in one picked before it.
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
    };
}

export function gp3StorageClass(
    name: string,
    s: StorageSettings,
    provider: k8s.Provider,
    parent: pulumi.Resource,
    dependsOn: pulumi.Resource[],
): k8s.storage.v1.StorageClass {
    return new k8s.storage.v1.StorageClass(name, gp3StorageClassSpec(s), {
        parent,
        provider,
        dependsOn,
        // Provisioner, parameters, reclaim policy and binding mode are immutable, and the name is
        // fixed: a change must delete the old class first. Existing volumes keep what they were made with.
        deleteBeforeReplace: true,
    });
}
