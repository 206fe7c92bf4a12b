// Trust policies of the EKS roles: the control plane, nodes, Fargate pods, and IRSA service accounts.

import * as pulumi from "@pulumi/pulumi";

export function serviceTrust(service: string, actions: string[] = ["sts:AssumeRole"], condition?: object): object {
    return {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: actions, ...(condition ? { Condition: condition } : {}) }],
    };
}

/** IRSA: only the named service account of this cluster may assume the role, for STS only. */
export function irsaTrust(
    oidcProviderArn: pulumi.Input<string>,
    issuerUrl: pulumi.Input<string>,
    namespace: string,
    serviceAccount: string,
): pulumi.Output<string> {
    return pulumi.all([oidcProviderArn, issuerUrl]).apply(([arn, url]) => {
        const issuer = url.replace(/^https:\/\//, "");
        return JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { Federated: arn },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: {
                        StringEquals: {
                            [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
                            [`${issuer}:aud`]: "sts.amazonaws.com",
                        },
                    },
                },
            ],
        });
    });
}

/**
 * EKS Pod Identity: the trust EKS documents (pods.eks.amazonaws.com; AssumeRole and TagSession),
 * narrowed by the session tags Pod Identity sets, so only this service account in this namespace
 * of this cluster, in this account, can assume the role.
 */
export function podIdentityTrust(accountId: string, clusterArn: string, namespace: string, serviceAccount: string): object {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "EksPodIdentity",
                Effect: "Allow",
                Principal: { Service: POD_IDENTITY_PRINCIPAL },
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Condition: {
                    StringEquals: {
                        "aws:SourceAccount": accountId,
                        "aws:RequestTag/eks-cluster-arn": clusterArn,
                        "aws:RequestTag/kubernetes-namespace": namespace,
                        "aws:RequestTag/kubernetes-service-account": serviceAccount,
                    },
                },
            },
        ],
    };
}

/** The service principal of EKS Pod Identity (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html). */
export const POD_IDENTITY_PRINCIPAL = "pods.eks.amazonaws.com";
