// The interface endpoints private Fargate tasks and EKS nodes use to reach AWS without a NAT
// gateway. Names are the service suffix of com.amazonaws.<region>.<name>.

export interface InterfaceEndpointSpec {
    readonly name: string;
    readonly usedBy: string;
}

export const INTERFACE_ENDPOINTS: readonly InterfaceEndpointSpec[] = [
    { name: "ecr.api", usedBy: "image pulls (ECS tasks, EKS nodes, Fargate pods): registry API and auth token" },
    { name: "ecr.dkr", usedBy: "image pulls: the Docker registry endpoint (layers then come from S3 through the gateway endpoint)" },
    { name: "logs", usedBy: "awslogs driver, FireLens and the Fargate Fluent Bit log router, VPC-internal CloudWatch agent" },
    { name: "monitoring", usedBy: "CloudWatch metrics from the CloudWatch agent (Container Insights)" },
    { name: "sts", usedBy: "IRSA: AssumeRoleWithWebIdentity from pods" },
    { name: "ssm", usedBy: "SSM parameters in ECS task secrets; SSM agent on EKS nodes" },
    { name: "ssmmessages", usedBy: "ECS Exec and Session Manager channels" },
    { name: "ec2messages", usedBy: "SSM agent on EKS nodes (Session Manager, Run Command)" },
    { name: "secretsmanager", usedBy: "Secrets Manager secrets injected into ECS tasks" },
    { name: "kms", usedBy: "decrypting customer-managed-key secrets and parameters" },
    { name: "ec2", usedBy: "EKS nodes: VPC CNI (ENI and IP management) and node bootstrap" },
    { name: "elasticloadbalancing", usedBy: "AWS Load Balancer Controller running on private nodes" },
    { name: "autoscaling", usedBy: "Cluster Autoscaler running on private nodes" },
    { name: "eks", usedBy: "private nodes calling the EKS API (node bootstrap, DescribeCluster)" },
    { name: "eks-auth", usedBy: "EKS Pod Identity credential exchange" },
];

export const INTERFACE_ENDPOINT_NAMES: readonly string[] = INTERFACE_ENDPOINTS.map((e) => e.name);
