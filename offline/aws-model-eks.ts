// Output models for EKS: KMS, the cluster (endpoint, CA, OIDC issuer), access entries, OIDC
// provider, launch templates, node groups and Fargate profiles.

import { autoName, AwsContext, hex, InvokeModel, NotFoundError, offlineWorld, partitionOf, prefixedName, ResourceModel } from "./model-kit";

function arn(ctx: AwsContext, service: string, resource: string): string {
    return `arn:${partitionOf(ctx.region)}:${service}:${ctx.region}:${ctx.accountId}:${resource}`;
}

function uuid(...parts: string[]): string {
    const h = hex(32, ...parts);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const EKS_RESOURCE_MODELS: Readonly<Record<string, ResourceModel>> = {
    "aws:kms/key:Key": (name, inputs, ctx) => {
        const keyId = uuid("kms", name);
        return {
            id: keyId,
            state: {
                keyId,
                arn: arn(ctx, "kms", `key/${keyId}`),
                keyUsage: "ENCRYPT_DECRYPT",
                customerMasterKeySpec: "SYMMETRIC_DEFAULT",
                tagsAll: inputs.tags ?? {},
            },
        };
    },
    "aws:kms/alias:Alias": (_name, inputs, ctx) => ({
        id: String(inputs.name),
        state: { arn: arn(ctx, "kms", String(inputs.name)), targetKeyArn: arn(ctx, "kms", `key/${String(inputs.targetKeyId)}`) },
    }),
    "aws:eks/cluster:Cluster": (name, inputs, ctx) => {
        const clusterName = String(inputs.name);
        const id = hex(32, "eks", clusterName).toUpperCase();
        return {
            id: clusterName,
            state: {
                arn: arn(ctx, "eks", `cluster/${clusterName}`),
                endpoint: `https://${id}.gr7.${ctx.region}.eks.amazonaws.com`,
                certificateAuthority: {
                    data: Buffer.from(`-----BEGIN CERTIFICATE-----\n${hex(64, "ca", name)}\n-----END CERTIFICATE-----\n`).toString(
                        "base64",
                    ),
                },
                identities: [{ oidcs: [{ issuer: `https://oidc.eks.${ctx.region}.amazonaws.com/id/${id}` }] }],
                platformVersion: "eks.1",
                status: "ACTIVE",
                clusterId: uuid("cluster-id", clusterName),
                vpcConfig: {
                    ...(inputs.vpcConfig as object),
                    clusterSecurityGroupId: `sg-${hex(17, "eks-cluster-sg", clusterName)}`,
                    vpcId: `vpc-${hex(17, "vpc", clusterName)}`,
                },
                tagsAll: inputs.tags ?? {},
            },
        };
    },
    "aws:eks/accessEntry:AccessEntry": (_name, inputs, ctx) => ({
        id: `${String(inputs.clusterName)}:${String(inputs.principalArn)}`,
        state: {
            accessEntryArn: arn(
                ctx,
                "eks",
                `access-entry/${String(inputs.clusterName)}/role/${ctx.accountId}/${uuid("ae", String(inputs.principalArn))}`,
            ),
            kubernetesGroups: [],
            tagsAll: inputs.tags ?? {},
        },
    }),
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": (_name, inputs) => ({
        id: `${String(inputs.clusterName)}#${String(inputs.principalArn)}#${String(inputs.policyArn)}`,
        state: { associatedAt: "2026-01-01T00:00:00Z" },
    }),
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": (name, inputs, ctx) => {
        const associationId = `a-${hex(17, "pia", name)}`;
        return {
            id: associationId,
            state: {
                associationId,
                associationArn: arn(ctx, "eks", `podidentityassociation/${String(inputs.clusterName)}/${associationId}`),
                disableSessionTags: false,
                externalId: "",
                tagsAll: inputs.tags ?? {},
            },
        };
    },
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (_name, inputs, ctx) => {
        const host = String(inputs.url).replace(/^https:\/\//, "");
        const providerArn = `arn:${partitionOf(ctx.region)}:iam::${ctx.accountId}:oidc-provider/${host}`;
        return {
            id: providerArn,
            state: { arn: providerArn, thumbprintLists: ["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"], tagsAll: inputs.tags ?? {} },
        };
    },
    "aws:ec2/launchTemplate:LaunchTemplate": (name, inputs, ctx) => {
        const id = `lt-${hex(17, "lt", name)}`;
        return {
            id,
            state: { arn: arn(ctx, "ec2", `launch-template/${id}`), latestVersion: 1, defaultVersion: 1, tagsAll: inputs.tags ?? {} },
        };
    },
    "aws:eks/nodeGroup:NodeGroup": (name, inputs, ctx) => {
        const groupName = String(inputs.nodeGroupName ?? prefixedName(String(inputs.nodeGroupNamePrefix), name));
        return {
            id: `${String(inputs.clusterName)}:${groupName}`,
            state: {
                arn: arn(ctx, "eks", `nodegroup/${String(inputs.clusterName)}/${groupName}/${uuid("ng", name)}`),
                nodeGroupName: groupName,
                status: "ACTIVE",
                releaseVersion: "1.35.0-20261101",
                resources: [{ autoscalingGroups: [{ name: `eks-${groupName}-${uuid("asg", name)}` }], remoteAccessSecurityGroupId: "" }],
                tagsAll: inputs.tags ?? {},
            },
        };
    },
    // The provider's id is the action's name (autoscaling/schedule.go); unset sizes read back as -1.
    "aws:autoscaling/schedule:Schedule": (name, inputs, ctx) => ({
        id: String(inputs.scheduledActionName),
        state: {
            arn: arn(
                ctx,
                "autoscaling",
                `scheduledUpdateGroupAction:${uuid("schedule", name)}:autoScalingGroupName/${String(inputs.autoscalingGroupName)}:scheduledActionName/${String(inputs.scheduledActionName)}`,
            ),
            minSize: inputs.minSize ?? -1,
            maxSize: inputs.maxSize ?? -1,
            desiredCapacity: inputs.desiredCapacity ?? -1,
        },
    }),
    "aws:eks/fargateProfile:FargateProfile": (name, inputs, ctx) => {
        const profileName = String(inputs.fargateProfileName ?? autoName(name, "fargate-profile"));
        return {
            id: `${String(inputs.clusterName)}:${profileName}`,
            state: {
                fargateProfileName: profileName,
                arn: arn(ctx, "eks", `fargateprofile/${String(inputs.clusterName)}/${profileName}/${uuid("fp", name)}`),
                status: "ACTIVE",
                tagsAll: inputs.tags ?? {},
            },
        };
    },
    "time:index/sleep:Sleep": (_name, inputs) => ({ id: "2026-01-01T00:00:00Z", state: { createDuration: inputs.createDuration } }),
};

/**
 * Add-on versions EKS names as default for a Kubernetes version. Offline they are placeholders that
 * follow the version (so an upgrade visibly moves every unpinned add-on); `aws eks
 * describe-addon-versions` gives the real ones.
 */
export function offlineAddonVersion(addonName: string, kubernetesVersion: string, mostRecent: boolean): string {
    const minor = Number(kubernetesVersion.split(".")[1] ?? 0);
    return `v${(addonName.length % 3) + 1}.${minor}.${mostRecent ? 9 : 0}-eksbuild.1`;
}

export const EKS_INVOKE_MODELS: Readonly<Record<string, InvokeModel>> = {
    "aws:eks/getAddonVersion:getAddonVersion": (args) => ({
        id: String(args.addonName),
        addonName: args.addonName,
        kubernetesVersion: args.kubernetesVersion,
        mostRecent: args.mostRecent,
        version: offlineAddonVersion(String(args.addonName), String(args.kubernetesVersion), Boolean(args.mostRecent)),
    }),
    "aws:eks/getNodeGroups:getNodeGroups": (args) => {
        const groups = offlineWorld.nodeGroups[String(args.clusterName)];
        if (!groups) throw new NotFoundError(`ResourceNotFoundException: No cluster found for name: ${String(args.clusterName)}.`);
        return { id: String(args.clusterName), clusterName: args.clusterName, names: Object.keys(groups) };
    },
    "aws:eks/getNodeGroup:getNodeGroup": (args) => {
        const desired = offlineWorld.nodeGroups[String(args.clusterName)]?.[String(args.nodeGroupName)];
        if (desired === undefined)
            throw new NotFoundError(`ResourceNotFoundException: No node group found for name: ${String(args.nodeGroupName)}.`);
        return {
            id: `${String(args.clusterName)}:${String(args.nodeGroupName)}`,
            clusterName: args.clusterName,
            nodeGroupName: args.nodeGroupName,
            scalingConfigs: [{ desiredSize: desired, minSize: 0, maxSize: desired }],
        };
    },
};
