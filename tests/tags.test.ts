import * as assert from "assert";
import { runStack } from "../offline/run";

/** AWS resource types that take no tags (associations, inline policies, rules of other resources). */
const UNTAGGABLE = new Set([
    "aws:ec2/route:Route",
    "aws:ec2/routeTableAssociation:RouteTableAssociation",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
    "aws:ecr/lifecyclePolicy:LifecyclePolicy",
    "aws:appautoscaling/policy:Policy",
    "aws:sns/topicSubscription:TopicSubscription",
    "aws:cloudwatch/dashboard:Dashboard",
    "aws:kms/alias:Alias",
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    "aws:codebuild/webhook:Webhook",
    "aws:cloudwatch/eventTarget:EventTarget",
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    "aws:s3/bucketPolicy:BucketPolicy",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:wafv2/webAclAssociation:WebAclAssociation",
    "aws:acm/certificateValidation:CertificateValidation",
    "aws:route53/record:Record",
    "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration",
    "aws:sns/topicPolicy:TopicPolicy",
    "aws:sqs/queuePolicy:QueuePolicy",
    "aws:guardduty/detectorFeature:DetectorFeature",
    "aws:ec2/tag:Tag",
    "aws:appautoscaling/scheduledAction:ScheduledAction",
    "aws:autoscaling/schedule:Schedule",
    "aws:s3/bucketVersioning:BucketVersioning",
    "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
]);

for (const stack of ["dev", "prd"]) {
    describe(`tags (${stack})`, () => {
        it("every taggable AWS resource carries environment, owner, cost-center and a Name", async () => {
            const run = await runStack(stack);
            const aws = run.graph.resources.filter((r) => r.custom && r.type.startsWith("aws:"));
            const untagged = aws
                .filter((r) => !UNTAGGABLE.has(r.type))
                .flatMap((r) => {
                    const tags = (r.inputs.tags ?? {}) as Record<string, string>;
                    const ok =
                        tags.environment === stack &&
                        tags.owner === "platform-team" &&
                        tags["cost-center"] === "cc-1001" &&
                        Boolean(tags.Name);
                    return ok ? [] : [`${r.type} ${r.name} ${JSON.stringify(tags)}`];
                });
            assert.deepStrictEqual(untagged, []);
            assert.ok(aws.length > 20, "the scan found too few resources to mean anything");
        });
    });
}
