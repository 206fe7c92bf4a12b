// prd requires an ALB certificate, and a load balancer takes only a certificate of its own region:
// moving prd to another region moves its certificate too.

/** Overrides that move a stack to `region`, with an ACM certificate of that region. */
export function inRegion(region: string): Record<string, string> {
    return {
        "aws:region": region,
        "platform:albCertificateArn": `arn:aws:acm:${region}:123456789012:certificate/3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f`,
    };
}
