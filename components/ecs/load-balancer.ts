// The public Application Load Balancer in front of the ECS services: HTTP, or HTTPS with HTTP
// redirecting to it when a certificate is given. Unmatched paths get a 404 from the ALB itself.

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { names } from "../../lib/names";
import { tagger } from "../../lib/tags";

export interface LoadBalancerArgs {
    readonly namePrefix: string;
    readonly vpcId: pulumi.Input<string>;
    readonly publicSubnetIds: pulumi.Input<string>[];
    /** HTTPS on 443 with HTTP redirecting to it; undefined: HTTP only. */
    readonly certificateArn?: pulumi.Input<string>;
    readonly accessLogsBucket?: pulumi.Input<string>;
    /** What must exist before the ALB may write its access logs (the bucket policy, ...). */
    readonly accessLogsReady?: pulumi.Resource[];
    /** Deletion protection on the ALB (it serves traffic) and Pulumi protection. */
    readonly protect: boolean;
    readonly tags: Readonly<Record<string, string>>;
}

/** TLS 1.3 with 1.2 fallback: the current recommended ALB policy. */
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

export class LoadBalancer extends pulumi.ComponentResource {
    readonly arn: pulumi.Output<string>;
    readonly arnSuffix: pulumi.Output<string>;
    readonly dnsName: pulumi.Output<string>;
    readonly securityGroupId: pulumi.Output<string>;
    /** The listener services attach their routing rules to (HTTPS when a certificate is set). */
    readonly listenerArn: pulumi.Output<string>;
    readonly https: boolean;

    constructor(name: string, args: LoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:ecs:LoadBalancer", name, {}, opts);
        const parent = { parent: this };
        const tagged = tagger(args.tags);

        const sg = new aws.ec2.SecurityGroup(
            `${name}-alb`,
            {
                vpcId: args.vpcId,
                description: "Public ALB: HTTP and HTTPS from anywhere",
                tags: tagged(`${args.namePrefix}-alb`),
            },
            parent,
        );
        const certificateArn = args.certificateArn;
        const ports = certificateArn ? [80, 443] : [80];
        for (const port of ports) {
            for (const [family, cidr] of [
                ["ipv4", "0.0.0.0/0"],
                ["ipv6", "::/0"],
            ] as const) {
                new aws.vpc.SecurityGroupIngressRule(
                    `${name}-alb-${port}-${family}`,
                    {
                        securityGroupId: sg.id,
                        description: `${port === 443 ? "HTTPS" : "HTTP"} from the internet`,
                        ipProtocol: "tcp",
                        fromPort: port,
                        toPort: port,
                        ...(family === "ipv4" ? { cidrIpv4: cidr } : { cidrIpv6: cidr }),
                        tags: tagged(`${args.namePrefix}-alb-${port}-${family}`),
                    },
                    parent,
                );
            }
        }

        const alb = new aws.lb.LoadBalancer(
            `${name}-alb`,
            {
                // Fixed on purpose: only `internal` or the type would replace an ALB, and config sets neither.
                name: names.loadBalancer(args.namePrefix),
                loadBalancerType: "application",
                internal: false,
                subnets: args.publicSubnetIds,
                securityGroups: [sg.id],
                enableDeletionProtection: args.protect,
                dropInvalidHeaderFields: true,
                idleTimeout: 60,
                ...(args.accessLogsBucket ? { accessLogs: { bucket: args.accessLogsBucket, prefix: args.namePrefix, enabled: true } } : {}),
                tags: tagged(`${args.namePrefix}-alb`),
            },
            { parent: this, protect: args.protect, dependsOn: args.accessLogsReady ?? [] },
        );

        const notFound = {
            type: "fixed-response",
            fixedResponse: { contentType: "text/plain", messageBody: "Not Found", statusCode: "404" },
        };
        let listener: aws.lb.Listener;
        if (certificateArn) {
            listener = new aws.lb.Listener(
                `${name}-https`,
                {
                    loadBalancerArn: alb.arn,
                    port: 443,
                    protocol: "HTTPS",
                    sslPolicy: TLS_POLICY,
                    certificateArn,
                    defaultActions: [notFound],
                    tags: tagged(`${args.namePrefix}-https`),
                },
                parent,
            );
            new aws.lb.Listener(
                `${name}-http`,
                {
                    loadBalancerArn: alb.arn,
                    port: 80,
                    protocol: "HTTP",
                    defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
                    tags: tagged(`${args.namePrefix}-http`),
                },
                parent,
            );
        } else {
            listener = new aws.lb.Listener(
                `${name}-http`,
                {
                    loadBalancerArn: alb.arn,
                    port: 80,
                    protocol: "HTTP",
                    defaultActions: [notFound],
                    tags: tagged(`${args.namePrefix}-http`),
                },
                parent,
            );
        }

        this.https = certificateArn !== undefined;
        this.arn = alb.arn;
        this.arnSuffix = alb.arnSuffix;
        this.dnsName = alb.dnsName;
        this.securityGroupId = sg.id;
        this.listenerArn = listener.arn;
        // Stryker disable next-line ObjectLiteral: a component's registered outputs only reach the state; nothing reads them
        this.registerOutputs({ arn: this.arn, dnsName: this.dnsName });
    }
}
