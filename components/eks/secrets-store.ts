// The Secrets Store CSI driver with the AWS provider (ASCP), as the EKS add-on
// aws-secrets-store-csi-driver-provider (https://docs.aws.amazon.com/secretsmanager/latest/userguide/ascp-eks-installation.html):
// one add-on installs both DaemonSets, the kubernetes-sigs driver and AWS's provider, and EKS
// upgrades them with the cluster. Pods mount Secrets Manager secrets (and SSM parameters) as files
// through a SecretProviderClass with `usePodIdentity: "true"`: the provider fetches with the pod's
// own Pod Identity role (./pod-identity.ts), so the add-on itself needs no IAM role.
//
// EC2 nodes only: Fargate runs no DaemonSets, so a Fargate pod cannot mount a CSI secrets volume
// (the Fargate nodes' taint keeps both DaemonSets off them). Fargate workloads read secrets with
// their own SDK call or from an ECS-style env injection outside this driver.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { tagsFor } from "../../lib/tags";

export const SECRETS_STORE_ADDON = "aws-secrets-store-csi-driver-provider";

/**
 * The driver's chart values, under the key the add-on passes to its driver subchart.
 * - syncSecret off: mirroring a mounted secret into a Kubernetes Secret puts its value in etcd and
 *   within reach of anyone who may read Secrets in the namespace (the edit and admin levels may),
 *   which is what mounting from Secrets Manager avoids; a workload that needs an env variable can read the file.
 * - rotation on, every 5 minutes: a rotated secret reaches mounted files without a pod restart; each
 *   poll is a GetSecretValue per mounted object (billed per 10,000 calls), 5 minutes keeps that to
 *   about 8,600 calls a month per mounted secret.
 */
export const SECRETS_STORE_VALUES = {
    "secrets-store-csi-driver": {
        syncSecret: { enabled: false },
        enableSecretRotation: true,
        rotationPollInterval: "5m",
    },
} as const;

export interface SecretsStoreArgs {
    readonly namePrefix: string;
    readonly clusterName: pulumi.Input<string>;
    /** Resolved like every add-on: pinned in eksAddonVersions, or EKS's default for the cluster version. */
    readonly addonVersion?: string;
    /** Node groups (its DaemonSets report healthy only once nodes run them) and the Pod Identity agent. */
    readonly dependsOn: pulumi.Input<pulumi.Resource>[];
    readonly tags: Readonly<Record<string, string>>;
}

export class SecretsStoreCsi extends pulumi.ComponentResource {
    readonly addon: aws.eks.Addon;

    constructor(name: string, args: SecretsStoreArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:eks:SecretsStoreCsi", name, {}, opts);
        this.addon = new aws.eks.Addon(
            name,
            {
                clusterName: args.clusterName,
                addonName: SECRETS_STORE_ADDON,
                addonVersion: args.addonVersion,
                configurationValues: JSON.stringify(SECRETS_STORE_VALUES),
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "OVERWRITE",
                tags: tagsFor(args.tags, `${args.namePrefix}-secrets-store-csi`),
            },
            { parent: this, dependsOn: args.dependsOn },
        );
        // Stryker disable next-line ObjectLiteral: a component's registered outputs only reach the state; nothing reads them
        this.registerOutputs({});
    }
}
