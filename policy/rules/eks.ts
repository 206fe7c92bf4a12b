// EKS: API authentication, private endpoint, public endpoint limited in prd, secrets encryption,
// control-plane logs, Fargate profiles in private subnets, IMDSv2 on launch templates.
// Cluster rules read both aws.eks.Cluster and the @pulumi/eks component (eks:index:Cluster), whose
// inputs have different shapes; normalizing both to one view keeps the checks in one place.

import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { describeReach, publicReach } from "../../lib/cidr";
import { asRecord, asStrings, isProduction, knownLength, Props, referencedThrough } from "./util";

export const AWS_EKS_CLUSTER = "aws:eks/cluster:Cluster";
export const EKS_COMPONENT_CLUSTER = "eks:index:Cluster";
export const EKS_FARGATE_PROFILE = "aws:eks/fargateProfile:FargateProfile";
export const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
export const SUBNET = "aws:ec2/subnet:Subnet";

export const ALL_CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

interface ClusterView {
    authenticationMode?: unknown;
    endpointPrivateAccess?: unknown;
    /** AWS's default is a public endpoint. */
    endpointPublicAccess: boolean;
    /** AWS's default is 0.0.0.0/0. */
    publicAccessCidrs: string[];
    secretsKeyArn?: unknown;
    logTypes: string[];
}

function clusterView(type: string, props: Props): ClusterView | undefined {
    if (type === AWS_EKS_CLUSTER) {
        const vpc = asRecord(props.vpcConfig) ?? {};
        const encryption = asRecord(props.encryptionConfig);
        const encryptsSecrets = asStrings(encryption?.resources).includes("secrets");
        return {
            authenticationMode: asRecord(props.accessConfig)?.authenticationMode,
            endpointPrivateAccess: vpc.endpointPrivateAccess,
            endpointPublicAccess: vpc.endpointPublicAccess !== false,
            publicAccessCidrs: vpc.publicAccessCidrs === undefined ? ["0.0.0.0/0"] : asStrings(vpc.publicAccessCidrs),
            secretsKeyArn: encryptsSecrets ? asRecord(encryption?.provider)?.keyArn : undefined,
            logTypes: asStrings(props.enabledClusterLogTypes),
        };
    }
    if (type === EKS_COMPONENT_CLUSTER) {
        return {
            authenticationMode: props.authenticationMode,
            endpointPrivateAccess: props.endpointPrivateAccess,
            endpointPublicAccess: props.endpointPublicAccess !== false,
            publicAccessCidrs: props.publicAccessCidrs === undefined ? ["0.0.0.0/0"] : asStrings(props.publicAccessCidrs),
            secretsKeyArn: props.encryptionConfigKeyArn,
            logTypes: asStrings(props.enabledClusterLogTypes),
        };
    }
    return undefined;
}

/** `accessConfig.authenticationMode` on aws.eks.Cluster, `authenticationMode` on eks.Cluster. */
function field(type: string, awsField: string, componentField: string): string {
    return type === AWS_EKS_CLUSTER ? awsField : componentField;
}

export const eksAuthenticationMode: ResourceValidationPolicy = {
    name: "eks-authentication-mode-api",
    description: "EKS clusters authenticate with access entries only (authentication mode API).",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        const view = clusterView(args.type, args.props);
        if (view && view.authenticationMode !== "API") {
            report(
                `EKS cluster ${args.name}: authentication mode is ${String(view.authenticationMode ?? "unset (CONFIG_MAP)")}; set ${field(args.type, "accessConfig.authenticationMode", "authenticationMode")}: "API" and grant access with access entries, not the aws-auth ConfigMap.`,
            );
        }
    },
};

export const eksPrivateEndpoint: ResourceValidationPolicy = {
    name: "eks-private-endpoint",
    description: "EKS clusters have private endpoint access on.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        const view = clusterView(args.type, args.props);
        if (view && view.endpointPrivateAccess !== true) {
            report(
                `EKS cluster ${args.name}: private endpoint access is off, so nodes reach the API over the internet; set ${field(args.type, "vpcConfig.endpointPrivateAccess", "endpointPrivateAccess")}: true.`,
            );
        }
    },
};

export const eksPublicEndpoint: ResourceValidationPolicy = {
    name: "eks-public-endpoint-limited-in-prd",
    description:
        "In prd the EKS public endpoint is off, or limited to CIDRs that together admit less than a /8's worth of public addresses (never 0.0.0.0/0, nor its pieces).",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        const view = clusterView(args.type, args.props);
        if (!view || !isProduction(args.props) || !view.endpointPublicAccess) return;
        // AWS's default (no CIDRs) is 0.0.0.0/0; otherwise what counts is how much of the internet the list admits.
        const cidrs = view.publicAccessCidrs.length === 0 ? ["0.0.0.0/0"] : view.publicAccessCidrs;
        const reach = publicReach(cidrs);
        if (reach.internetWide) {
            report(
                `EKS cluster ${args.name} (prd): the public endpoint is open to the internet (${cidrs.join(", ")} admit ${describeReach(reach)}); set ${field(args.type, "vpcConfig.endpointPublicAccess", "endpointPublicAccess")}: false, or ${field(args.type, "vpcConfig.publicAccessCidrs", "publicAccessCidrs")} to the office/VPN CIDRs.`,
            );
        }
    },
};

export const eksSecretsEncryption: ResourceValidationPolicy = {
    name: "eks-secrets-encryption",
    description: "EKS clusters encrypt Kubernetes secrets with a KMS key.",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        const view = clusterView(args.type, args.props);
        if (view && !view.secretsKeyArn) {
            report(
                `EKS cluster ${args.name}: Kubernetes secrets are not envelope-encrypted; set ${field(args.type, 'encryptionConfig { provider: { keyArn }, resources: ["secrets"] }', "encryptionConfigKeyArn")} to a KMS key with rotation on.`,
            );
        }
    },
};

export const eksControlPlaneLogs: ResourceValidationPolicy = {
    name: "eks-control-plane-logs",
    description: "EKS control-plane logs include audit (all five types in prd).",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        const view = clusterView(args.type, args.props);
        if (!view) return;
        const required = isProduction(args.props) ? [...ALL_CONTROL_PLANE_LOG_TYPES] : ["audit"];
        const missing = required.filter((t) => !view.logTypes.includes(t));
        if (missing.length > 0) {
            report(
                `EKS cluster ${args.name}: control-plane log types ${missing.join(", ")} are off; set enabledClusterLogTypes: ${JSON.stringify(required)}${isProduction(args.props) ? " (all five are required in prd)" : ""}.`,
            );
        }
    },
};

export const launchTemplateImdsv2: ResourceValidationPolicy = {
    name: "launch-template-imdsv2",
    description: "EC2 launch templates require IMDSv2 (session tokens).",
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
        if (args.type !== LAUNCH_TEMPLATE) return;
        if (asRecord(args.props.metadataOptions)?.httpTokens !== "required") {
            report(
                `Launch template ${args.name}: IMDSv1 is allowed; set metadataOptions { httpTokens: "required", httpPutResponseHopLimit: 2 } so pods cannot steal node credentials without a session token.`,
            );
        }
    },
};

/** A subnet counts as private when it is tagged as one (tier=private or the internal-elb role) and maps no public IPs. */
function isPrivateSubnet(props: Props): boolean {
    const tags = asRecord(props.tags) ?? {};
    return (tags.tier === "private" || tags["kubernetes.io/role/internal-elb"] === "1") && props.mapPublicIpOnLaunch !== true;
}

export const fargateProfilePrivateSubnets: StackValidationPolicy = {
    name: "eks-fargate-private-subnets",
    description: "EKS Fargate profiles use private subnets of this stack only.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const subnets = args.resources.filter((r) => r.type === SUBNET);
        for (const profile of args.resources.filter((r) => r.type === EKS_FARGATE_PROFILE)) {
            // While subnet ids are unknown (preview of new subnets) the profile's propertyDependencies still name them.
            const count = knownLength(profile, "subnetIds");
            const referenced = referencedThrough(profile, "subnetIds", subnets);
            if (count === 0 || referenced.length === 0 || (count !== undefined && referenced.length < count)) {
                report(
                    `EKS Fargate profile ${profile.name}: ${count === 0 ? "no subnetIds" : "some subnetIds are not subnets of this stack"}; pass the network's privateSubnetIds so the pods are provably private.`,
                    profile.urn,
                );
            }
            for (const subnet of referenced.filter((s) => !isPrivateSubnet(s.props))) {
                report(
                    `EKS Fargate profile ${profile.name}: subnet ${subnet.name} is not private; Fargate pods must run in the private subnets (network.privateSubnetIds).`,
                    profile.urn,
                );
            }
        }
    },
};

export const eksPolicies = [
    eksAuthenticationMode,
    eksPrivateEndpoint,
    eksPublicEndpoint,
    eksSecretsEncryption,
    eksControlPlaneLogs,
    launchTemplateImdsv2,
    fargateProfilePrivateSubnets,
];
