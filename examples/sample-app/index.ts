// A sample web application on the platform's EKS cluster: what an app team writes. Everything it
// knows about the platform comes from the platform stack's outputs (a StackReference), never from
// hard-coded names, so the platform team can rename or move things without breaking it silently:
// a missing output fails this program's preview by name.

import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { fargatePlacement, FargateProfiles, podIdentityTrust, restrictedPodSecurity, webObjects, workerObjects } from "./app";
import { readSettings, secretRegion } from "./settings";

const settings = readSettings(new pulumi.Config());
const platform = new pulumi.StackReference("platform", { name: settings.platformStack });

const region = platform.requireOutput("region") as pulumi.Output<string>;
const clusterName = platform.requireOutput("eksClusterName") as pulumi.Output<string>;
const ingressClassName = platform.requireOutput("eksIngressClassName") as pulumi.Output<string>;
const fargateProfiles = platform.requireOutput("eksFargateProfiles") as pulumi.Output<FargateProfiles>;

// The platform's region, not this stack's aws:region: the role and its association must sit with the cluster.
const awsProvider = new aws.Provider("platform-region", {
    region: region.apply((r) => {
        const secretIn = secretRegion(settings.secretArn);
        if (secretIn !== r)
            throw new pulumi.RunError(
                `secretArn is in ${secretIn}, the platform's cluster in ${r}: the secret must be in the cluster's region`,
            );
        return r as aws.Region;
    }),
});
const kubernetes = new k8s.Provider("platform-cluster", { kubeconfig: platform.requireOutput("kubeconfig") });

const accountId = aws.getCallerIdentityOutput({}, { provider: awsProvider }).accountId;

const WEB_NAMESPACE = "sample-web";
const WEB_SERVICE_ACCOUNT = "web";

// The web pods' own role: read this one secret, nothing else; only this service account on this cluster may assume it.
const webRole = new aws.iam.Role(
    "web",
    {
        description: "sample-app web pods (EKS Pod Identity)",
        assumeRolePolicy: pulumi
            .all([accountId, clusterName])
            .apply(([account, cluster]) => JSON.stringify(podIdentityTrust(account, cluster, WEB_NAMESPACE, WEB_SERVICE_ACCOUNT))),
    },
    { provider: awsProvider },
);
new aws.iam.RolePolicy(
    "web-secret",
    {
        role: webRole.id,
        policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Sid: "ReadApiKey", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: settings.secretArn }],
        }),
    },
    { provider: awsProvider },
);
const association = new aws.eks.PodIdentityAssociation(
    "web",
    { clusterName, namespace: WEB_NAMESPACE, serviceAccount: WEB_SERVICE_ACCOUNT, roleArn: webRole.arn },
    { provider: awsProvider },
);

const webNamespace = new k8s.core.v1.Namespace(
    "web",
    { metadata: { name: WEB_NAMESPACE, labels: restrictedPodSecurity() } },
    { provider: kubernetes },
);
const web = webObjects({
    namespace: webNamespace.metadata.name,
    serviceAccountName: WEB_SERVICE_ACCOUNT,
    image: settings.image,
    ingressClassName,
    internetFacing: settings.internetFacing,
    maxReplicas: settings.maxReplicas,
    provider: kubernetes,
    // Pod Identity hands credentials to pods created after the association exists: a pod started
    // earlier runs without them until it is restarted.
    podsAfter: [association],
});

// The profile's namespace is the platform's (it creates and labels the namespaces its Fargate profiles
// select): the app only places its pods there, with the labels the selector asks for.
const placement = fargateProfiles.apply((profiles) => fargatePlacement(profiles, settings.fargateProfile));
workerObjects({ namespace: placement.namespace, podLabels: placement.labels, image: settings.image, provider: kubernetes });

export const webRoleArn = webRole.arn;
export const webNamespaceName = webNamespace.metadata.name;
export const workerNamespaceName = placement.namespace;
export const ingressName = web.ingress.metadata.name;
