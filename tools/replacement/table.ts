// Which input changes replace a resource, per type the program declares (both stacks) and the
// types being added. Read from the providers' source, not guessed: every entry cites the Terraform
// schema (`ForceNew: true`, `RequiresReplace()`, a CustomizeDiff that forces new) and the pulumi-aws
// auto-naming of the type. Pulumi input names are those of @pulumi/aws 7.48.0 (Terraform's
// snake_case in camelCase; `load_balancer` is `loadBalancers`, `alarm_name` is `name`, ...).
// Component types (platform:*, the stack) have no provider behind them and are not listed.
// A type missing here makes the forecast say "unknown": add it, with its sources, when the program
// starts using it (tests/replacement-forecast.test.ts fails until then).

import { AutoName, ReplacementRule, ReplacementTable } from "./rules";

const tf = (file: string): string => `hashicorp/terraform-provider-aws internal/service/${file}`;
/** Types whose only auto-naming is pulumi-aws's default for an input called `name` (255 characters). */
const DEFAULT_NAME: AutoName = { property: "name", maxLength: 255 };
const DEFAULT_NAME_SOURCE = "pulumi/pulumi-aws provider/autonaming.go (setAutonaming: every `name` input, 255)";
const OVERRIDES = "pulumi/pulumi-aws provider/resource_overrides.go";
const NO_AUTONAME = "pulumi/pulumi-aws provider/autonaming.go (no input called `name`, no override)";
/** A security group rule's peer: exactly one is set, and switching to another kind of peer replaces the rule. */
const RULE_PEERS = ["cidrIpv4", "cidrIpv6", "prefixListId", "referencedSecurityGroupId"];

const AWS: ReplacementTable = {
    // The ALB's edge: a requested certificate (ACM, its DNS record), access-log bucket, WAF.
    "aws:acm/certificate:Certificate": {
        provider: "aws-sdkv2",
        forceNew: [
            "certificateAuthorityArn",
            "domainName",
            "keyAlgorithm",
            "subjectAlternativeNames",
            "validationMethod",
            "validationOptions",
        ],
        note: "A replacement is created before the old certificate is deleted, so the listener moves to the new one first.",
        sources: [tf("acm/certificate.go"), NO_AUTONAME],
    },
    "aws:acm/certificateValidation:CertificateValidation": {
        provider: "aws-sdkv2",
        forceNew: ["certificateArn", "validationRecordFqdns"],
        refs: { certificateArn: "aws:acm/certificate:Certificate" },
        sources: [tf("acm/certificate_validation.go"), NO_AUTONAME],
    },
    "aws:appautoscaling/policy:Policy": {
        provider: "aws-sdkv2",
        forceNew: ["name", "resourceId", "scalableDimension", "serviceNamespace"],
        autoName: DEFAULT_NAME,
        sources: [tf("appautoscaling/policy.go"), DEFAULT_NAME_SOURCE],
    },
    "aws:appautoscaling/target:Target": {
        provider: "aws-sdkv2",
        forceNew: ["resourceId", "scalableDimension", "serviceNamespace"],
        refs: { resourceId: "aws:ecs/service:Service" },
        sources: [tf("appautoscaling/target.go"), NO_AUTONAME],
    },
    "aws:appautoscaling/scheduledAction:ScheduledAction": {
        provider: "aws-sdkv2",
        forceNew: ["name", "resourceId", "scalableDimension", "serviceNamespace"],
        refs: { resourceId: "aws:appautoscaling/target:Target" },
        autoName: DEFAULT_NAME,
        note: "schedule, timezone and scalableTargetAction are updated in place (PutScheduledAction). Deregistering the scalable target deletes its scheduled actions on AWS's side.",
        sources: [tf("appautoscaling/scheduled_action.go"), DEFAULT_NAME_SOURCE],
    },
    "aws:autoscaling/schedule:Schedule": {
        provider: "aws-sdkv2",
        forceNew: ["autoscalingGroupName", "scheduledActionName"],
        note: "recurrence, timeZone and the sizes are updated in place (PutScheduledUpdateGroupAction). A node group replaced by a new one brings a new Auto Scaling group name, so its actions are replaced with it.",
        sources: [tf("autoscaling/schedule.go"), NO_AUTONAME],
    },
    "aws:cloudwatch/dashboard:Dashboard": {
        provider: "aws-sdkv2",
        forceNew: ["dashboardName"],
        sources: [tf("cloudwatch/dashboard.go"), NO_AUTONAME],
    },
    "aws:cloudwatch/eventRule:EventRule": {
        provider: "aws-sdkv2",
        forceNew: ["eventBusName", "name", "namePrefix"],
        autoName: DEFAULT_NAME,
        sources: [tf("events/rule.go"), DEFAULT_NAME_SOURCE],
    },
    "aws:cloudwatch/eventTarget:EventTarget": {
        provider: "aws-sdkv2",
        forceNew: ["eventBusName", "rule", "targetId"],
        refs: { rule: "aws:cloudwatch/eventRule:EventRule" },
        sources: [tf("events/target.go"), NO_AUTONAME],
    },
    "aws:cloudwatch/logGroup:LogGroup": {
        provider: "aws-sdkv2",
        forceNew: ["name", "namePrefix", "logGroupClass"],
        autoName: DEFAULT_NAME,
        note: "Replacing a log group deletes its log events unless retainOnDelete is set.",
        sources: [tf("logs/group.go"), DEFAULT_NAME_SOURCE],
    },
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": {
        provider: "aws-sdkv2",
        forceNew: ["policyName", "resourceArn"],
        fixedName: ["policyName"],
        note: "Account- and region-wide, at most 10 per region: one per stack, named after the stack.",
        sources: [tf("logs/resource_policy.go"), NO_AUTONAME],
    },
    "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter": {
        provider: "aws-sdkv2",
        forceNew: ["name", "logGroup", "destinationArn"],
        refs: { logGroup: "aws:cloudwatch/logGroup:LogGroup", destinationArn: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream" },
        autoName: DEFAULT_NAME,
        note: "At most two filters per log group: a create-before-delete replacement briefly holds the group's second slot.",
        sources: [tf("logs/subscription_filter.go"), DEFAULT_NAME_SOURCE],
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": {
        provider: "aws-sdkv2",
        forceNew: ["name"],
        autoName: { property: "name", maxLength: 255 },
        sources: [tf("cloudwatch/metric_alarm.go"), `${OVERRIDES} (alarm_name → name, AutoName 255)`],
    },
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": {
        provider: "aws-sdkv2",
        forceNew: ["vpcId"],
        refs: { vpcId: "aws:ec2/vpc:Vpc" },
        sources: [tf("ec2/vpc_default_security_group.go"), NO_AUTONAME],
    },
    "aws:ec2/eip:Eip": {
        provider: "aws-sdkv2",
        forceNew: ["address", "customerOwnedIpv4Pool", "domain", "ipamPoolId", "networkBorderGroup", "publicIpv4Pool"],
        note: "A new Elastic IP is a new public address: allow-lists that name the NAT's address must follow.",
        sources: [tf("ec2/ec2_eip.go"), NO_AUTONAME],
    },
    "aws:ec2/flowLog:FlowLog": {
        provider: "aws-sdkv2",
        forceNew: [
            "deliverCrossAccountRole",
            "destinationOptions",
            "eniId",
            "iamRoleArn",
            "logDestination",
            "logDestinationType",
            "logFormat",
            "maxAggregationInterval",
            "subnetId",
            "trafficType",
            "transitGatewayAttachmentId",
            "transitGatewayId",
            "vpcId",
        ],
        refs: { vpcId: "aws:ec2/vpc:Vpc", iamRoleArn: "aws:iam/role:Role", logDestination: "aws:cloudwatch/logGroup:LogGroup" },
        note: "Everything but tags forces a new flow log.",
        sources: [tf("ec2/vpc_flow_log.go"), NO_AUTONAME],
    },
    "aws:ec2/internetGateway:InternetGateway": {
        provider: "aws-sdkv2",
        forceNew: [],
        note: "vpcId is updated by detaching and attaching the gateway.",
        sources: [tf("ec2/vpc_internet_gateway.go"), NO_AUTONAME],
    },
    "aws:ec2/launchTemplate:LaunchTemplate": {
        provider: "aws-sdkv2",
        forceNew: ["name", "namePrefix"],
        autoName: DEFAULT_NAME,
        note: "Every other change makes a new template version (an update); node groups that pin the version roll their nodes.",
        sources: [tf("ec2/ec2_launch_template.go"), DEFAULT_NAME_SOURCE],
    },
    "aws:ec2/natGateway:NatGateway": {
        provider: "aws-sdkv2",
        forceNew: ["allocationId", "availabilityMode", "connectivityType", "privateIp", "subnetId", "vpcId"],
        refs: { allocationId: "aws:ec2/eip:Eip", subnetId: "aws:ec2/subnet:Subnet" },
        sources: [tf("ec2/vpc_nat_gateway.go"), NO_AUTONAME],
    },
    "aws:ec2/route:Route": {
        provider: "aws-sdkv2",
        forceNew: ["routeTableId", "destinationCidrBlock", "destinationIpv6CidrBlock", "destinationPrefixListId"],
        refs: { routeTableId: "aws:ec2/routeTable:RouteTable" },
        note: "Targets (natGatewayId, gatewayId, ...) are updated in place.",
        sources: [tf("ec2/vpc_route.go"), NO_AUTONAME],
    },
    "aws:ec2/routeTable:RouteTable": {
        provider: "aws-sdkv2",
        forceNew: ["vpcId"],
        refs: { vpcId: "aws:ec2/vpc:Vpc" },
        sources: [tf("ec2/vpc_route_table.go"), NO_AUTONAME],
    },
    "aws:ec2/routeTableAssociation:RouteTableAssociation": {
        provider: "aws-sdkv2",
        forceNew: ["subnetId", "gatewayId"],
        refs: { subnetId: "aws:ec2/subnet:Subnet" },
        fixedName: ["subnetId"],
        note: "routeTableId is updated in place (ReplaceRouteTableAssociation).",
        sources: [tf("ec2/vpc_route_table_association.go"), NO_AUTONAME],
    },
    "aws:ec2/securityGroup:SecurityGroup": {
        provider: "aws-sdkv2",
        forceNew: ["name", "namePrefix", "description", "vpcId"],
        refs: { vpcId: "aws:ec2/vpc:Vpc" },
        autoName: DEFAULT_NAME,
        sources: [tf("ec2/vpc_security_group.go"), DEFAULT_NAME_SOURCE],
    },
    "aws:ec2/tag:Tag": {
        provider: "aws-sdkv2",
        forceNew: ["key", "resourceId"],
        fixedName: ["resourceId", "key"],
        note: "value is updated in place; a replacement that keeps the key deletes the tag the new resource just wrote (delete runs last).",
        sources: [tf("ec2/ec2_tag.go"), NO_AUTONAME],
    },
    "aws:ec2/subnet:Subnet": {
        provider: "aws-sdkv2",
        forceNew: ["availabilityZone", "availabilityZoneId", "cidrBlock", "outpostArn", "vpcId"],
        refs: { vpcId: "aws:ec2/vpc:Vpc" },
        sources: [tf("ec2/vpc_subnet.go"), NO_AUTONAME],
    },
    "aws:ec2/vpc:Vpc": {
        provider: "aws-sdkv2",
        forceNew: ["cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength"],
        sources: [tf("ec2/vpc_.go"), NO_AUTONAME],
    },
    "aws:ec2/vpcEndpoint:VpcEndpoint": {
        provider: "aws-sdkv2",
        forceNew: ["resourceConfigurationArn", "serviceName", "serviceNetworkArn", "serviceRegion", "vpcEndpointType", "vpcId"],
        refs: { vpcId: "aws:ec2/vpc:Vpc" },
        note: "Subnets, security groups and route tables are updated in place.",
        sources: [tf("ec2/vpc_endpoint.go"), NO_AUTONAME],
    },
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": {
        provider: "aws-sdkv2",
        forceNew: ["policy", "repository"],
        refs: { repository: "aws:ecr/repository:Repository" },
        alwaysDeleteBeforeReplace: true,
        sources: [tf("ecr/lifecycle_policy.go"), `${OVERRIDES} (aws_ecr_lifecycle_policy: DeleteBeforeReplace)`],
    },
    "aws:ecr/repository:Repository": {
        provider: "aws-sdkv2",
        forceNew: ["name", "encryptionConfigurations"],
        autoName: DEFAULT_NAME,
        note: "Deleting a repository that holds images fails unless forceDelete is true.",
        sources: [tf("ecr/repository.go"), DEFAULT_NAME_SOURCE],
    },
    "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration": {
        provider: "aws-sdkv2",
        forceNew: [],
        note: "One per account and region, keyed by the registry: every change, scan type included, is an update in place; deleting it puts the registry back on basic scanning without rules.",
        sources: [tf("ecr/registry_scanning_configuration.go"), NO_AUTONAME],
    },
    "aws:guardduty/detector:Detector": {
        provider: "aws-sdkv2",
        forceNew: [],
        note: "One per account and region; enable, publishing frequency and tags update in place. Deleting it turns GuardDuty off in the account-region and drops its findings (protected in prd).",
        sources: [tf("guardduty/detector.go"), NO_AUTONAME],
    },
    "aws:guardduty/detectorFeature:DetectorFeature": {
        provider: "aws-sdkv2",
        forceNew: ["detectorId", "name"],
        fixedName: ["detectorId", "name"],
        note: "status and additional configurations update in place. Deleting the resource only removes it from state: the feature stays as it was (the resource's documentation), so set DISABLED before removing it.",
        sources: [
            tf("guardduty/detector_feature.go"),
            "hashicorp/terraform-provider-aws website/docs/r/guardduty_detector_feature.html.markdown",
            NO_AUTONAME,
        ],
    },
    "aws:ecs/cluster:Cluster": {
        provider: "aws-sdkv2",
        forceNew: ["name"],
        autoName: DEFAULT_NAME,
        sources: [tf("ecs/cluster.go"), DEFAULT_NAME_SOURCE],
    },
    "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": {
        provider: "aws-sdkv2",
        forceNew: ["clusterName"],
        refs: { clusterName: "aws:ecs/cluster:Cluster" },
        fixedName: ["clusterName"],
        note: "Capacity providers and the default strategy are updated in place.",
        sources: [tf("ecs/cluster_capacity_providers.go"), NO_AUTONAME],
    },
    "aws:ecs/service:Service": {
        provider: "aws-sdkv2",
        forceNew: ["cluster", "deploymentController.type", "iamRole", "launchType", "name", "schedulingStrategy"],
        refs: { cluster: "aws:ecs/cluster:Cluster" },
        autoName: DEFAULT_NAME,
        conditions: [
            {
                kind: "requires",
                path: "capacityProviderStrategies",
                input: "forceNewDeployment",
                equals: true,
                // Older provider versions forced a new service here; the one under @pulumi/aws 7.48.0
                // fails the plan instead ("force_new_deployment should be true when
                // capacity_provider_strategy is being updated"), as its SDK documentation says.
                source: `${tf("ecs/service.go")} (capacityProviderStrategyCustomizeDiff); node_modules/@pulumi/aws/ecs/service.d.ts`,
            },
        ],
        note: "Load balancers, network configuration, task definition and desired count are updated in place.",
        sources: [tf("ecs/service.go"), DEFAULT_NAME_SOURCE],
    },
    "aws:ecs/taskDefinition:TaskDefinition": {
        provider: "aws-sdkv2",
        forceNew: [
            "containerDefinitions",
            "cpu",
            "enableFaultInjection",
            "ephemeralStorage",
            "executionRoleArn",
            "family",
            "ipcMode",
            "memory",
            "networkMode",
            "pidMode",
            "placementConstraints",
            "proxyConfiguration",
            "requiresCompatibilities",
            "runtimePlatform",
            "taskRoleArn",
            "volumes",
        ],
        refs: { executionRoleArn: "aws:iam/role:Role", taskRoleArn: "aws:iam/role:Role" },
        note: "A replacement registers a new revision of the family (the old one is deregistered): routine, not an outage.",
        sources: [tf("ecs/task_definition.go"), NO_AUTONAME],
    },
    "aws:eks/accessEntry:AccessEntry": {
        provider: "aws-sdkv2",
        forceNew: ["clusterName", "principalArn", "type"],
        refs: { clusterName: "aws:eks/cluster:Cluster" },
        fixedName: ["clusterName", "principalArn"],
        sources: [tf("eks/access_entry.go"), NO_AUTONAME],
    },
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": {
        provider: "aws-sdkv2",
        forceNew: ["accessScope", "clusterName", "policyArn", "principalArn"],
        refs: { clusterName: "aws:eks/cluster:Cluster" },
        fixedName: ["clusterName", "principalArn", "policyArn"],
        sources: [tf("eks/access_policy_association.go"), NO_AUTONAME],
    },
    "aws:eks/addon:Addon": {
        provider: "aws-sdkv2",
        forceNew: ["addonName", "clusterName"],
        refs: { clusterName: "aws:eks/cluster:Cluster" },
        fixedName: ["clusterName", "addonName"],
        note: "addonVersion, configurationValues and the service account role are updated in place.",
        sources: [tf("eks/addon.go"), NO_AUTONAME],
    },
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": {
        provider: "tf-framework",
        forceNew: ["clusterName", "namespace", "serviceAccount"],
        refs: { clusterName: "aws:eks/cluster:Cluster" },
        fixedName: ["clusterName", "namespace", "serviceAccount"],
        note: "roleArn, targetRoleArn and disableSessionTags are updated in place (UpdatePodIdentityAssociation); EKS allows one association per service account.",
        sources: [tf("eks/pod_identity_association.go") + " (RequiresReplace)", NO_AUTONAME],
    },
    "aws:eks/cluster:Cluster": {
        provider: "aws-sdkv2",
        forceNew: [
            "accessConfig.bootstrapClusterCreatorAdminPermissions",
            "bootstrapSelfManagedAddons",
            "kubernetesNetworkConfig.ipFamily",
            "kubernetesNetworkConfig.serviceIpv4Cidr",
            "name",
            "outpostConfig",
            "remoteNetworkConfig",
            "roleArn",
        ],
        conditions: [
            {
                kind: "replace-if-removed",
                path: "encryptionConfig",
                source: `${tf("eks/cluster.go")} (ForceNewIfChange encryption_config)`,
            },
        ],
        autoName: DEFAULT_NAME,
        note: "version, vpcConfig (subnets too), logging and the access mode are updated in place.",
        sources: [tf("eks/cluster.go"), DEFAULT_NAME_SOURCE],
    },
    "aws:eks/fargateProfile:FargateProfile": {
        provider: "aws-sdkv2",
        forceNew: ["clusterName", "fargateProfileName", "podExecutionRoleArn", "selectors", "subnetIds"],
        refs: { clusterName: "aws:eks/cluster:Cluster", podExecutionRoleArn: "aws:iam/role:Role", subnetIds: "aws:ec2/subnet:Subnet" },
        autoName: { property: "fargateProfileName", maxLength: 255 },
        note: "Everything but tags forces a new profile.",
        sources: [tf("eks/fargate_profile.go"), `${OVERRIDES} (fargate_profile_name: AutoName 255)`],
    },
    "aws:eks/nodeGroup:NodeGroup": {
        provider: "aws-sdkv2",
        forceNew: [
            "amiType",
            "capacityType",
            "clusterName",
            "diskSize",
            "instanceTypes",
            "launchTemplate.id",
            "launchTemplate.name",
            "nodeGroupName",
            "nodeGroupNamePrefix",
            "nodeRoleArn",
            "remoteAccess",
            "subnetIds",
        ],
        ordered: ["instanceTypes"],
        refs: {
            clusterName: "aws:eks/cluster:Cluster",
            "launchTemplate.id": "aws:ec2/launchTemplate:LaunchTemplate",
            nodeRoleArn: "aws:iam/role:Role",
            subnetIds: "aws:ec2/subnet:Subnet",
        },
        autoName: { property: "nodeGroupName", maxLength: 255 },
        note: "scalingConfig, labels, taints, updateConfig, version, releaseVersion and launchTemplate.version are updated in place.",
        sources: [tf("eks/node_group.go"), `${OVERRIDES} (node_group_name: AutoName 255)`],
    },
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
        provider: "aws-sdkv2",
        forceNew: ["url"],
        sources: [tf("iam/openid_connect_provider.go"), NO_AUTONAME],
    },
    "aws:iam/policy:Policy": {
        provider: "aws-sdkv2",
        forceNew: ["description", "name", "namePrefix", "path"],
        autoName: { property: "name", maxLength: 128 },
        note: "A replacement has a new ARN: attachments made outside this program (people's roles) do not follow it.",
        sources: [tf("iam/policy.go"), `${OVERRIDES} (aws_iam_policy: AutoName 128)`],
    },
    "aws:iam/role:Role": {
        provider: "aws-sdkv2",
        forceNew: ["name", "namePrefix", "path"],
        autoName: { property: "name", maxLength: 64 },
        sources: [tf("iam/role.go"), `${OVERRIDES} (aws_iam_role name: AutoName 64)`],
    },
    "aws:iam/rolePolicy:RolePolicy": {
        provider: "aws-sdkv2",
        forceNew: ["name", "namePrefix", "role"],
        refs: { role: "aws:iam/role:Role" },
        autoName: DEFAULT_NAME,
        sources: [tf("iam/role_policy.go"), DEFAULT_NAME_SOURCE],
    },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
        provider: "aws-sdkv2",
        forceNew: ["policyArn", "role"],
        refs: { role: "aws:iam/role:Role" },
        alwaysDeleteBeforeReplace: true,
        sources: [tf("iam/role_policy_attachment.go"), `${OVERRIDES} (aws_iam_role_policy_attachment: DeleteBeforeReplace)`],
    },
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": {
        provider: "aws-sdkv2",
        forceNew: [
            "name",
            "destination",
            "kinesisSourceConfiguration",
            "mskSourceConfiguration",
            "extendedS3Configuration.dynamicPartitioningConfiguration",
        ],
        autoName: DEFAULT_NAME,
        note: "Firehose allows 64 characters; the auto-name stays well under it. Replacing the stream replaces every subscription filter pointing at it.",
        sources: [tf("firehose/delivery_stream.go"), DEFAULT_NAME_SOURCE],
    },
    "aws:kms/alias:Alias": {
        provider: "aws-sdkv2",
        forceNew: ["name", "namePrefix"],
        autoName: { property: "name", maxLength: 238 },
        note: "The auto-name is prefixed with alias/ after it is cut to 238 characters.",
        sources: [tf("kms/alias.go"), `${OVERRIDES} (aws_kms_alias name: Maxlen 238, alias/ prefix)`],
    },
    "aws:kms/key:Key": {
        provider: "aws-sdkv2",
        forceNew: ["customKeyStoreId", "customerMasterKeySpec", "keyUsage", "multiRegion", "xksKeyId"],
        note: "A new key cannot decrypt what the old one encrypted (EKS secrets envelope encryption).",
        sources: [tf("kms/key.go"), NO_AUTONAME],
    },
    "aws:lb/listener:Listener": {
        provider: "aws-sdkv2",
        forceNew: ["loadBalancerArn"],
        refs: { loadBalancerArn: "aws:lb/loadBalancer:LoadBalancer" },
        note: "Port, protocol, certificate and default actions are updated in place.",
        sources: [tf("elbv2/listener.go"), NO_AUTONAME],
    },
    "aws:lb/listenerRule:ListenerRule": {
        provider: "aws-sdkv2",
        forceNew: ["listenerArn"],
        refs: { listenerArn: "aws:lb/listener:Listener" },
        sources: [tf("elbv2/listener_rule.go"), NO_AUTONAME],
    },
    "aws:lb/loadBalancer:LoadBalancer": {
        provider: "aws-sdkv2",
        forceNew: ["customerOwnedIpv4Pool", "internal", "loadBalancerType", "name", "namePrefix"],
        autoName: DEFAULT_NAME,
        note: "An application load balancer updates subnets and security groups in place; deletion protection makes the delete of a replacement fail.",
        sources: [tf("elbv2/load_balancer.go"), DEFAULT_NAME_SOURCE],
    },
    "aws:lb/targetGroup:TargetGroup": {
        provider: "aws-sdkv2",
        forceNew: ["ipAddressType", "name", "namePrefix", "port", "protocol", "protocolVersion", "targetType", "vpcId"],
        refs: { vpcId: "aws:ec2/vpc:Vpc" },
        autoName: { property: "name", maxLength: 32 },
        note: "Health check, deregistration delay and stickiness are updated in place. A target group in use by a listener rule or service cannot be deleted, so a delete-before-replace fails at the delete.",
        sources: [tf("elbv2/target_group.go"), "pulumi/pulumi-aws provider/aliases.go (aws_lb_target_group name: AutoName 32)"],
    },
    "aws:route53/record:Record": {
        provider: "aws-sdkv2",
        forceNew: ["name", "zoneId"],
        note: "A new type or set identifier is applied in place (delete and create in one change batch).",
        sources: [tf("route53/record.go"), NO_AUTONAME],
    },
    "aws:s3/bucket:Bucket": {
        provider: "aws-sdkv2",
        forceNew: ["bucket", "bucketPrefix", "objectLockEnabled"],
        autoName: { property: "bucket", maxLength: 63 },
        note: "Replacing a bucket that holds objects fails unless forceDestroy is set (prd keeps it: protect and retainOnDelete).",
        sources: [tf("s3/bucket.go"), `${OVERRIDES} (aws_s3_bucket: AutoName 63, lower case)`],
    },
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": {
        provider: "tf-framework",
        forceNew: ["bucket", "expectedBucketOwner"],
        refs: { bucket: "aws:s3/bucket:Bucket" },
        sources: [tf("s3/bucket_lifecycle_configuration.go") + " (RequiresReplace)", NO_AUTONAME],
    },
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": {
        provider: "aws-sdkv2",
        forceNew: ["bucket"],
        refs: { bucket: "aws:s3/bucket:Bucket" },
        sources: [tf("s3/bucket_ownership_controls.go"), NO_AUTONAME],
    },
    "aws:s3/bucketPolicy:BucketPolicy": {
        provider: "aws-sdkv2",
        forceNew: ["bucket"],
        refs: { bucket: "aws:s3/bucket:Bucket" },
        sources: [tf("s3/bucket_policy.go"), NO_AUTONAME],
    },
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": {
        provider: "aws-sdkv2",
        forceNew: ["bucket"],
        refs: { bucket: "aws:s3/bucket:Bucket" },
        sources: [tf("s3/bucket_public_access_block.go"), NO_AUTONAME],
    },
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": {
        provider: "aws-sdkv2",
        forceNew: ["bucket", "expectedBucketOwner"],
        refs: { bucket: "aws:s3/bucket:Bucket" },
        sources: [tf("s3/bucket_server_side_encryption_configuration.go"), NO_AUTONAME],
    },
    "aws:s3/bucketVersioning:BucketVersioning": {
        provider: "aws-sdkv2",
        forceNew: ["bucket", "expectedBucketOwner"],
        refs: { bucket: "aws:s3/bucket:Bucket" },
        note: "Deleting it suspends versioning; S3 never returns a versioned bucket to unversioned.",
        sources: [tf("s3/bucket_versioning.go"), NO_AUTONAME],
    },
    "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": {
        provider: "aws-sdkv2",
        forceNew: ["name", "vpc"],
        refs: { vpc: "aws:ec2/vpc:Vpc" },
        autoName: DEFAULT_NAME,
        sources: [tf("servicediscovery/private_dns_namespace.go"), DEFAULT_NAME_SOURCE],
    },
    "aws:servicediscovery/service:Service": {
        provider: "aws-sdkv2",
        forceNew: ["dnsConfig.namespaceId", "dnsConfig.routingPolicy", "healthCheckCustomConfig", "name", "namespaceId", "type"],
        refs: { "dnsConfig.namespaceId": "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace" },
        autoName: DEFAULT_NAME,
        sources: [tf("servicediscovery/service.go"), DEFAULT_NAME_SOURCE],
    },
    "aws:sqs/queue:Queue": {
        provider: "aws-sdkv2",
        forceNew: ["fifoQueue", "name", "namePrefix"],
        autoName: { property: "name", maxLength: 80 },
        note: "Every other attribute (retention, SSE, policy) is SetQueueAttributes in place. A deleted queue's name is refused for 60 s.",
        sources: [tf("sqs/queue.go"), `${OVERRIDES} (aws_sqs_queue name: Maxlen 80)`],
    },
    "aws:sqs/queuePolicy:QueuePolicy": {
        provider: "aws-sdkv2",
        forceNew: ["queueUrl"],
        refs: { queueUrl: "aws:sqs/queue:Queue" },
        sources: [tf("sqs/queue_policy.go"), NO_AUTONAME],
    },
    "aws:sns/topic:Topic": {
        provider: "aws-sdkv2",
        forceNew: ["fifoTopic", "name", "namePrefix"],
        autoName: { property: "name", maxLength: 80 },
        sources: [tf("sns/topic.go"), `${OVERRIDES} (aws_sns_topic name: Maxlen 80)`],
    },
    "aws:sns/topicPolicy:TopicPolicy": {
        provider: "aws-sdkv2",
        forceNew: ["arn"],
        refs: { arn: "aws:sns/topic:Topic" },
        note: "Deleting it writes an owner-only default policy back onto the topic; the event rules lose their right to publish.",
        sources: [tf("sns/topic_policy.go"), NO_AUTONAME],
    },
    "aws:sns/topicSubscription:TopicSubscription": {
        provider: "aws-sdkv2",
        forceNew: ["endpoint", "protocol", "topic"],
        refs: { topic: "aws:sns/topic:Topic" },
        note: "A new email subscription must be confirmed again by its recipient.",
        sources: [tf("sns/topic_subscription.go"), NO_AUTONAME],
    },
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": {
        provider: "tf-framework",
        forceNew: ["securityGroupId"],
        refs: { securityGroupId: "aws:ec2/securityGroup:SecurityGroup" },
        conditions: [
            {
                kind: "replace-if-switched",
                among: RULE_PEERS,
                source: `${tf("ec2/vpc_security_group_ingress_rule.go")} (ModifyPlan: the rule's source type changes)`,
            },
        ],
        note: "Ports, protocol, description and a peer of the same kind are updated in place (ModifySecurityGroupRules).",
        sources: [tf("ec2/vpc_security_group_ingress_rule.go") + " (shared ingress/egress schema)", NO_AUTONAME],
    },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {
        provider: "tf-framework",
        forceNew: ["securityGroupId"],
        refs: { securityGroupId: "aws:ec2/securityGroup:SecurityGroup" },
        conditions: [
            {
                kind: "replace-if-switched",
                among: RULE_PEERS,
                source: `${tf("ec2/vpc_security_group_ingress_rule.go")} (ModifyPlan: the rule's source type changes)`,
            },
        ],
        note: "Ports, protocol, description and a peer of the same kind are updated in place (ModifySecurityGroupRules).",
        sources: [tf("ec2/vpc_security_group_ingress_rule.go"), NO_AUTONAME],
    },
    // The deploy runner.
    "aws:wafv2/webAcl:WebAcl": {
        provider: "aws-sdkv2",
        forceNew: ["name", "namePrefix", "scope"],
        autoName: { property: "name", maxLength: 128 },
        sources: [tf("wafv2/web_acl.go"), `${OVERRIDES} (aws_wafv2_web_acl: AutoName)`],
    },
    "aws:wafv2/webAclAssociation:WebAclAssociation": {
        provider: "aws-sdkv2",
        forceNew: ["resourceArn", "webAclArn"],
        refs: { webAclArn: "aws:wafv2/webAcl:WebAcl", resourceArn: "aws:lb/loadBalancer:LoadBalancer" },
        note: "Deletion disassociates by the ALB's ARN alone: the program replaces it delete-first (deleteBeforeReplace), or deleting the old association would remove the new one.",
        sources: [tf("wafv2/web_acl_association.go"), NO_AUTONAME],
    },
    "aws:codebuild/project:Project": {
        provider: "aws-sdkv2",
        forceNew: ["name"],
        autoName: DEFAULT_NAME,
        sources: [tf("codebuild/project.go"), DEFAULT_NAME_SOURCE],
    },
    "aws:codebuild/webhook:Webhook": {
        provider: "aws-sdkv2",
        forceNew: ["projectName"],
        refs: { projectName: "aws:codebuild/project:Project" },
        fixedName: ["projectName"],
        note: "A replacement gets a new payload URL and secret: the repository's webhook settings must follow.",
        sources: [tf("codebuild/webhook.go"), NO_AUTONAME],
    },
};

const KUBERNETES_SOURCES = [
    "pulumi/pulumi-kubernetes provider/pkg/provider/provider.go (Diff: .metadata.name, .metadata.namespace; deleteBeforeReplace)",
    "pulumi/pulumi-kubernetes provider/pkg/provider/diff.go (forceNewProperties)",
];

const OTHERS: ReplacementTable = {
    "kubernetes:helm.sh/v3:Release": {
        provider: "kubernetes",
        forceNew: ["name", "namespace"],
        fixedName: ["name", "namespace"],
        note: "chart, version and values are a helm upgrade in place (atomic: a failed upgrade rolls back).",
        sources: ["pulumi/pulumi-kubernetes provider/pkg/provider/helm_release.go (Diff: a new name or namespace replaces the release)"],
    },
    "kubernetes:core/v1:ConfigMap": {
        provider: "kubernetes",
        forceNew: ["metadata.name", "metadata.namespace", "data", "binaryData"],
        autoName: { property: "metadata.name", maxLength: 253 },
        note: "data and binaryData replace the ConfigMap unless the provider sets enableConfigMapMutable (it does not here).",
        sources: KUBERNETES_SOURCES,
    },
    "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass": {
        provider: "kubernetes",
        forceNew: ["metadata.name", "metadata.namespace"],
        autoName: { property: "metadata.name", maxLength: 253 },
        note: "Spec changes are applied in place; Karpenter then drifts (replaces) the nodes launched from the old spec, within the NodePool's disruption budget.",
        sources: KUBERNETES_SOURCES,
    },
    "kubernetes:karpenter.sh/v1:NodePool": {
        provider: "kubernetes",
        forceNew: ["metadata.name", "metadata.namespace"],
        autoName: { property: "metadata.name", maxLength: 253 },
        note: "Deleting a NodePool makes Karpenter drain and terminate every node it launched for it.",
        sources: KUBERNETES_SOURCES,
    },
    "kubernetes:core/v1:ServiceAccount": {
        provider: "kubernetes",
        forceNew: ["metadata.name", "metadata.namespace"],
        autoName: { property: "metadata.name", maxLength: 253 },
        sources: KUBERNETES_SOURCES,
    },
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole": {
        provider: "kubernetes",
        forceNew: ["metadata.name"],
        autoName: { property: "metadata.name", maxLength: 253 },
        sources: KUBERNETES_SOURCES,
    },
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding": {
        provider: "kubernetes",
        forceNew: ["metadata.name", "roleRef"],
        autoName: { property: "metadata.name", maxLength: 253 },
        note: "roleRef is immutable in the API: pointing the binding at another role replaces it.",
        sources: KUBERNETES_SOURCES,
    },
    "kubernetes:apps/v1:Deployment": {
        provider: "kubernetes",
        forceNew: ["metadata.name", "metadata.namespace", "spec.selector"],
        autoName: { property: "metadata.name", maxLength: 253 },
        note: "spec.selector is immutable in apps/v1; the pod template (image, config map, resources) is a rollout, not a replacement.",
        sources: KUBERNETES_SOURCES,
    },
    "kubernetes:core/v1:Namespace": {
        provider: "kubernetes",
        forceNew: ["metadata.name"],
        autoName: { property: "metadata.name", maxLength: 253 },
        note: "Deleting a namespace deletes everything in it.",
        sources: KUBERNETES_SOURCES,
    },
    "kubernetes:storage.k8s.io/v1:StorageClass": {
        provider: "kubernetes",
        forceNew: ["metadata.name", "provisioner", "parameters", "reclaimPolicy", "volumeBindingMode"],
        autoName: { property: "metadata.name", maxLength: 253 },
        note: "The API refuses changes to those fields; the class has a fixed name and deleteBeforeReplace, and volumes already provisioned keep what they were made with.",
        sources: KUBERNETES_SOURCES,
    },
    "pulumi:providers:kubernetes": {
        provider: "kubernetes-provider",
        forceNew: ["clusterIdentifier", "renderYamlToDirectory", "kubeconfig", "context", "cluster"],
        note: "kubeconfig, context and cluster replace the provider only when the active cluster changes; offline the kubeconfig is a secret and never shows a change. Replacing the provider replaces every Kubernetes resource it manages.",
        sources: ["pulumi/pulumi-kubernetes provider/pkg/provider/provider.go (DiffConfig)"],
    },
    "time:index/sleep:Sleep": {
        provider: "tf-framework",
        forceNew: ["triggers"],
        note: "createDuration and destroyDuration are updated in place.",
        sources: [
            "hashicorp/terraform-provider-time internal/provider/resource_time_sleep.go (triggers: RequiresReplace)",
            "pulumiverse/pulumi-time provider/resources.go (no auto-naming)",
        ],
    },
};

export const REPLACEMENT_TABLE: ReplacementTable = { ...AWS, ...OTHERS };

/**
 * Every regional AWS type also has @pulumi/aws 7's per-resource `region` input, and changing it
 * replaces the resource (unless it only moves between unset and the provider's region). The
 * forecast applies this to all `aws:` types rather than repeating it in each entry.
 */
export const PER_RESOURCE_REGION = {
    path: "region",
    source: "hashicorp/terraform-provider-aws internal/provider/sdkv2/region.go (forceNewIfRegionChanges)",
} as const;

export function ruleFor(type: string, table: ReplacementTable = REPLACEMENT_TABLE): ReplacementRule | undefined {
    return Object.prototype.hasOwnProperty.call(table, type) ? table[type] : undefined;
}
