// Output models for EKS: KMS, the cluster (endpoint, CA, OIDC issuer), access entries, OIDC
// provider, launch templates, node groups and Fargate profiles.

import { AwsContext, hex, partitionOf, ResourceModel } from "./model-kit";

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
        return { id: keyId, state: { keyId, arn: arn(ctx, "kms", `key/${keyId}`), keyUsage: "ENCRYPT_DECRYPT", customerMasterKeySpec: "SYMMETRIC_DEFAULT", tagsAll: inputs.tags ?? {} } };
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
                certificateAuthority: { data: Buffer.from(`-----BEGIN CERTIFICATE-----\n${hex(64, "ca", name)}\n-----END CERTIFICATE-----\n`).toString("base64") },
                identities: [{ oidcs: [{ issuer: `https://oidc.eks.${ctx.region}.amazonaws.com/id/${id}` }] }],
                platformVersion: "eks.1",
                status: "ACTIVE",
                clusterId: uuid("cluster-id", clusterName),
                vpcConfig: { ...(inputs.vpcConfig as object), clusterSecurityGroupId: `sg-${hex(17, "eks-cluster-sg", clusterName)}`, vpcId: `vpc-${hex(17, "vpc", clusterName)}` },
                tagsAll: inputs.tags ?? {},
            },
        };
    },
    "aws:eks/accessEntry:AccessEntry": (_name, inputs, ctx) => ({
        id: `${String(inputs.clusterName)}:${String(inputs.principalArn)}`,
        state: { accessEntryArn: arn(ctx, "eks", `access-entry/${String(inputs.clusterName)}/role/${ctx.accountId}/${uuid("ae", String(inputs.principalArn))}`), kubernetesGroups: [], tagsAll: inputs.tags ?? {} },
    }),
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": (_name, inputs) => ({
        id: `${String(inputs.clusterName)}#${String(inputs.principalArn)}#${String(inputs.policyArn)}`,
        state: { associatedAt: "2026-01-01T00:00:00Z" },
    }),
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (_name, inputs, ctx) => {
        const host = String(inputs.url).replace(/^https:\/\//, "");
        const providerArn = `arn:${partitionOf(ctx.region)}:iam::${ctx.accountId}:oidc-provider/${host}`;
        return { id: providerArn, state: { arn: providerArn, thumbprintLists: ["9e99a48a9960b14926bb7f3b02e22da2b0ab7280"], tagsAll: inputs.tags ?? {} } };
    },
    "aws:ec2/launchTemplate:LaunchTemplate": (name, inputs, ctx) => {
        const id = `lt-${hex(17, "lt", name)}`;
        return { id, state: { arn: arn(ctx, "ec2", `launch-template/${id}`), latestVersion: 1, defaultVersion: 1, tagsAll: inputs.tags ?? {} } };
    },
    "aws:eks/nodeGroup:NodeGroup": (name, inputs, ctx) => {
        const groupName = String(inputs.nodeGroupName);
        return {
            id: `${String(inputs.clusterName)}:${groupName}`,
            state: {
                arn: arn(ctx, "eks", `nodegroup/${String(inputs.clusterName)}/${groupName}/${uuid("ng", name)}`),
                status: "ACTIVE",
                version: "1.35",
                releaseVersion: "1.35.0-20261101",
                resources: [{ autoscalingGroups: [{ name: `eks-${groupName}-${uuid("asg", name)}` }], remoteAccessSecurityGroupId: "" }],
                tagsAll: inputs.tags ?? {},
            },
        };
    },
    "aws:eks/fargateProfile:FargateProfile": (name, inputs, ctx) => ({
        id: `${String(inputs.clusterName)}:${String(inputs.fargateProfileName)}`,
        state: { arn: arn(ctx, "eks", `fargateprofile/${String(inputs.clusterName)}/${String(inputs.fargateProfileName)}/${uuid("fp", name)}`), status: "ACTIVE", tagsAll: inputs.tags ?? {} },
    }),
};
