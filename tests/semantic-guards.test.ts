// Guards that decide on meaning, not spelling: "open to the internet" is how much of the public
// address space a set of CIDRs admits (lib/cidr.ts), for the config check and the policy pack
// alike; IAM principals and tag keys compare as IAM compares them.

import * as assert from "assert";
import { addressRangeOf, INTERNET_WIDE_THRESHOLD, mergeRanges, publicReach } from "../lib/cidr";
import { iamPrincipalKey, parseArn, sameIamPrincipal } from "../lib/arns";
import { policies } from "../policy/policies";
import { isProduction } from "../policy/rules/util";
import { runPolicies } from "../offline/policy-runner";
import { compliantPlatform, FixtureGraph } from "./policy-fixtures";
import { runStack } from "../offline/run";
import { configIssueList, configIssues } from "./harness/config-issues";

const wide = (cidrs: string[]) => publicReach(cidrs).internetWide;

/** 2^(32-bits) consecutive /bits blocks starting at `first` (an IPv4 octet), e.g. slices(3, 9, 2). */
function slices(firstOctet: number, prefix: number, count: number): string[] {
    const size = 2 ** (32 - prefix);
    return Array.from({ length: count }, (_, i) => {
        const base = firstOctet * 2 ** 24 + i * size;
        return `${[24, 16, 8, 0].map((s) => Math.floor(base / 2 ** s) % 256).join(".")}/${prefix}`;
    });
}

describe("semantic guards: how much of the internet a set of CIDRs admits", () => {
    it("0.0.0.0/0 in any disguise is the internet: halves, quarters, host bits set, 512 /9s", () => {
        for (const set of [
            ["0.0.0.0/0"],
            ["0.0.0.0/1", "128.0.0.0/1"],
            ["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2"],
            ["1.2.3.4/0"],
            slices(0, 9, 512),
        ])
            assert.ok(wide(set), `${set.length} CIDRs starting ${set[0]}`);
        assert.strictEqual(publicReach(["0.0.0.0/1", "128.0.0.0/1"]).ipv4, publicReach(["0.0.0.0/0"]).ipv4);
    });

    it("the threshold is a /8's worth of public IPv4: a /8 crosses it, a /9 does not, two /9s together do", () => {
        assert.strictEqual(INTERNET_WIDE_THRESHOLD[4], 2n ** 24n);
        assert.ok(wide(["3.0.0.0/8"]));
        assert.ok(!wide(["3.0.0.0/9"]));
        assert.ok(wide(["3.0.0.0/9", "3.128.0.0/9"]));
        assert.ok(wide(["3.0.0.0/9", "4.0.0.0/9"]), "disjoint pieces add up");
        assert.ok(!wide(["3.0.0.0/9", "3.0.0.0/9", "3.0.0.0/10"]), "overlaps count once");
        assert.ok(!wide(slices(3, 16, 255)), "255 /16s stay below");
        assert.ok(wide(slices(3, 16, 256)), "256 /16s are a /8");
    });

    it("private, shared, loopback, documentation and multicast space admits no one from the internet", () => {
        for (const c of ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8", "203.0.113.0/24", "224.0.0.0/3"])
            assert.strictEqual(publicReach([c]).ipv4, 0n, c);
        // 0.0.0.0/4 holds 10/8 and 0/8: what is left is public.
        assert.strictEqual(publicReach(["0.0.0.0/4"]).ipv4, 2n ** 28n - 2n * 2n ** 24n);
    });

    it("IPv6: ::/0 and its halves are the internet, a /32's worth is the threshold, ULA and link-local are not public", () => {
        assert.ok(wide(["::/0"]));
        assert.ok(wide(["::/1", "8000::/1"]));
        assert.ok(wide(["2000::/3"]));
        assert.ok(wide(["2600::/32"]));
        assert.ok(!wide(["2600::/33"]));
        assert.ok(!wide(["fc00::/7", "fe80::/10", "2001:db8::/32"]));
        assert.ok(!wide(["2600:1f18::/48"]));
    });

    it("parses what AWS writes and refuses what it would refuse", () => {
        assert.deepStrictEqual(addressRangeOf("10.0.0.0/8"), { family: 4, start: 10n * 2n ** 24n, end: 11n * 2n ** 24n });
        assert.strictEqual(addressRangeOf("10.0.0.1/8"), undefined, "host bits set");
        assert.strictEqual(addressRangeOf("10.0.0.1/8", { lenient: true })?.start, 10n * 2n ** 24n);
        for (const bad of ["10.0.0.0", "10.0.0.0/33", "300.0.0.0/8", "::/129", "1::2::3/64", "g::/16", "10.0.0.0/-1", ""])
            assert.strictEqual(addressRangeOf(bad), undefined, bad);
        assert.strictEqual(addressRangeOf("::ffff:10.0.0.0/104")?.family, 6);
        assert.deepStrictEqual(publicReach(["anywhere", "0.0.0.0/0"]).unparsed, ["anywhere"]);
        assert.deepStrictEqual(
            mergeRanges([addressRangeOf("10.0.0.0/9")!, addressRangeOf("10.128.0.0/9")!, addressRangeOf("10.64.0.0/10")!]),
            [addressRangeOf("10.0.0.0/8")],
        );
    });
});

describe("semantic guards: the prd EKS public endpoint, in config and in the policy pack", () => {
    const variants: [string, string[], boolean][] = [
        ["0.0.0.0/0", ["0.0.0.0/0"], true],
        ["two halves", ["0.0.0.0/1", "128.0.0.0/1"], true],
        ["a /7", ["4.0.0.0/7"], true],
        ["two /9s that make a /8", ["3.0.0.0/9", "3.128.0.0/9"], true],
        ["an office /24", ["198.51.100.0/24"], false],
        ["a /9", ["3.0.0.0/9"], false],
        ["three offices", ["198.51.100.0/24", "192.0.2.0/24", "8.8.8.0/24"], false],
    ];

    for (const [what, cidrs, open] of variants) {
        it(`${what}: ${open ? "refused" : "accepted"} by config, ${open ? "a violation" : "clean"} for the policy pack`, async () => {
            const issues = configIssueList("prd", { "platform:eksPublicAccessCidrs": cidrs });
            assert.strictEqual(issues.length > 0, open, JSON.stringify(issues));
            if (open) assert.ok(issues.every((i) => i.key === "platform:eksPublicAccessCidrs" && /whole internet/.test(i.problem)));
            for (const name of ["eks", "eks-component"]) {
                const g = compliantPlatform("prd").edit(name, (p) => {
                    if (name === "eks") {
                        const vpc = p.vpcConfig as Record<string, unknown>;
                        vpc.endpointPublicAccess = true;
                        vpc.publicAccessCidrs = cidrs;
                    } else {
                        p.endpointPublicAccess = true;
                        p.publicAccessCidrs = cidrs;
                    }
                });
                const violations = (await runPolicies(policies, g.resources)).filter(
                    (v) => v.policy === "eks-public-endpoint-limited-in-prd",
                );
                assert.strictEqual(violations.length > 0, open, `${name}: ${JSON.stringify(violations)}`);
            }
        });
    }

    it("dev may open its endpoint wider; only prd is held to it", () => {
        assert.deepStrictEqual(configIssues("dev", { "platform:eksPublicAccessCidrs": ["0.0.0.0/1", "128.0.0.0/1"] }), []);
    });

    it("each CIDR that is the internet on its own is named; pieces are named together", () => {
        assert.deepStrictEqual(
            configIssueList("prd", { "platform:eksPublicAccessCidrs": ["0.0.0.0/1", "128.0.0.0/1"] }).map((i) => i.value),
            ["0.0.0.0/1", "128.0.0.0/1"],
        );
        assert.deepStrictEqual(
            configIssueList("prd", { "platform:eksPublicAccessCidrs": ["3.0.0.0/9", "3.128.0.0/9"] }).map((i) => i.value),
            ['["3.0.0.0/9","3.128.0.0/9"]'],
        );
    });

    it("one network written two ways is listed twice", () => {
        assert.match(
            configIssues("dev", { "platform:eksApiAccessCidrs": ["10.0.0.0/8", "010.000.0.0/8"] })[0],
            /^platform:eksApiAccessCidrs = 010\.000\.0\.0\/8: the same network as 10\.0\.0\.0\/8/,
        );
        assert.match(configIssues("dev", { "platform:eksPublicAccessCidrs": ["198.51.100.0/24", "198.51.100.0/24"] })[0], /listed twice/);
        assert.deepStrictEqual(configIssues("dev", { "platform:eksApiAccessCidrs": ["10.0.0.0/8", "10.1.0.0/16"] }), []);
    });

    it("an IPv6 CIDR is refused: the endpoint takes IPv4 only", () => {
        assert.match(configIssues("dev", { "platform:eksPublicAccessCidrs": ["2600::/32"] })[0], /IPv4 CIDRs only/);
    });
});

describe("semantic guards: security group ingress from the internet (policy pack)", () => {
    const ingressPolicy = async (g: FixtureGraph) =>
        (await runPolicies(policies, g.resources)).filter((v) => v.policy === "no-internet-ingress").map((v) => v.message);

    it("0.0.0.0/1 + 128.0.0.0/1 inline counts as anywhere", async () => {
        const g = compliantPlatform("dev").edit("app-sg", (p) => {
            p.ingress = [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/1", "128.0.0.0/1"] }];
        });
        const messages = await ingressPolicy(g);
        assert.strictEqual(messages.length, 1);
        assert.match(messages[0], /app-sg: ingress tcp 22 from 0\.0\.0\.0\/1, 128\.0\.0\.0\/1 opens app-sg to the internet/);
    });

    it("pieces spread over several rules of one group add up", async () => {
        const g = compliantPlatform("dev");
        const appSg = g.byName("app-sg");
        g.edit("app-from-vpc", (p) => {
            p.cidrIpv4 = "3.0.0.0/9";
        });
        g.add(
            "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            "app-from-partner",
            {
                ipProtocol: "tcp",
                fromPort: 8080,
                toPort: 8080,
                cidrIpv4: "4.0.0.0/9",
                tags: { environment: "dev", owner: "o", "cost-center": "c" },
            },
            { securityGroupId: [appSg] },
        );
        const messages = await ingressPolicy(g);
        assert.strictEqual(messages.length, 2, messages.join("\n"));
        assert.ok(messages.every((m) => /with the group's other rules/.test(m)));
        // Either one alone is a partner network, not the internet.
        g.remove("app-from-partner");
        assert.deepStrictEqual(await ingressPolicy(g), []);
    });

    it("a load balancer stays open on 80/443 whatever the spelling of anywhere; private sources are never the internet", async () => {
        const lb = compliantPlatform("prd").edit("alb-sg", (p) => {
            p.ingress = [
                {
                    protocol: "TCP",
                    fromPort: 443,
                    toPort: "443",
                    cidrBlocks: ["0.0.0.0/1", "128.0.0.0/1"],
                    ipv6CidrBlocks: ["::/1", "8000::/1"],
                },
            ];
        });
        assert.deepStrictEqual(await ingressPolicy(lb), []);
        const internal = compliantPlatform("dev").edit("app-sg", (p) => {
            p.ingress = [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] }];
        });
        assert.deepStrictEqual(await ingressPolicy(internal), []);
    });

    it("IPv6 halves on a non-load-balancer group are the internet; the message names the half that holds public space", async () => {
        const g = compliantPlatform("prd").edit("app-from-alb", (p) => {
            p.ipv6CidrBlocks = ["::/1", "8000::/1"];
        });
        // 2000::/3, all of today's public IPv6, lies in ::/1; 8000::/1 holds none.
        assert.match(
            (await ingressPolicy(g))[0],
            /app-from-alb: ingress tcp 8080 from ::\/1 opens app-sg to the internet \(about 2\^124 public IPv6/,
        );
    });

    it("prd is prd whatever the case or padding of the tag", () => {
        for (const value of ["prd", "PRD", " Prd "]) assert.ok(isProduction({ tags: { environment: value } }), value);
        for (const value of ["dev", "prod", undefined]) assert.ok(!isProduction({ tags: { environment: value } }), String(value));
    });
});

describe("semantic guards: IAM principals and tag keys compare as IAM compares them", () => {
    it("a role's ARN with or without its path, in any case, is one principal", () => {
        assert.ok(sameIamPrincipal("arn:aws:iam::123456789012:role/Deploy", "arn:aws:iam::123456789012:role/ci/deploy"));
        assert.ok(!sameIamPrincipal("arn:aws:iam::123456789012:role/deploy", "arn:aws:iam::123456789012:user/deploy"));
        assert.ok(!sameIamPrincipal("arn:aws:iam::123456789012:role/deploy", "arn:aws:iam::210987654321:role/deploy"));
        assert.strictEqual(iamPrincipalKey("not an arn"), undefined);
        assert.deepStrictEqual(parseArn("arn:aws-cn:s3:::bucket"), {
            partition: "aws-cn",
            service: "s3",
            region: "",
            account: "",
            resource: "bucket",
        });
    });

    it("the preview role is refused when it is the deploy role spelled another way", () => {
        const issues = configIssues("dev", {
            "platform:eksDeployRoleArn": "arn:aws:iam::123456789012:role/gha-platform-dev-deploy",
            "platform:eksPreviewRoleArn": "arn:aws:iam::123456789012:role/ci/GHA-platform-dev-deploy",
        });
        assert.deepStrictEqual(issues.length, 1);
        assert.match(issues[0], /^platform:eksPreviewRoleArn = .*the preview role is the deploy role/);
    });

    it("one principal twice among the admins, or the deploy role spelled differently there, is refused", () => {
        const admin = "arn:aws:iam::123456789012:role/platform-admin";
        assert.match(
            configIssues("dev", { "platform:eksAdminPrincipals": [admin, "arn:aws:iam::123456789012:role/ops/Platform-Admin"] })[0],
            /the same IAM principal as arn:aws:iam::123456789012:role\/platform-admin/,
        );
        assert.match(
            configIssues("dev", { "platform:eksAdminPrincipals": [admin, "arn:aws:iam::123456789012:role/GHA-platform-dev-deploy"] })[0],
            /^platform:eksDeployRoleArn = .*two access entries for one principal/,
        );
        // The very same text twice stays a plain duplicate, and the deploy role may also be an admin.
        assert.match(configIssues("dev", { "platform:eksAdminPrincipals": [admin, admin] })[0], /is listed twice/);
        assert.deepStrictEqual(
            configIssues("dev", { "platform:eksAdminPrincipals": [admin, "arn:aws:iam::123456789012:role/gha-platform-dev-deploy"] }),
            [],
        );
    });

    it("the caller whose role ARN carries a path is recognised as the deploy role configured without it", async () => {
        const warned: string[] = [];
        const warn = console.warn;
        console.warn = (...args: unknown[]) => warned.push(args.map(String).join(" "));
        try {
            await runStack(
                "dev",
                { "platform:eksDeployRoleArn": "arn:aws:iam::123456789012:role/GHA-platform-dev-deploy" },
                { fresh: true },
            );
            await runStack("dev", { "platform:eksDeployRoleArn": "arn:aws:iam::123456789012:role/someone-else" }, { fresh: true });
        } finally {
            console.warn = warn;
        }
        const noEntry = warned.filter((w) => /has no access entry/.test(w));
        assert.strictEqual(noEntry.length, 1, warned.join("\n"));
        assert.match(noEntry[0], /someone-else/);
    });

    it("extra tags may not take the stack's or the platform's keys in another case, nor two keys IAM would merge", () => {
        const refused = (tags: Record<string, string>) => configIssueList("dev", { "platform:extraTags": tags }).map((i) => i.problem);
        for (const tagKey of [
            "Environment",
            "OWNER",
            "Cost-Center",
            "name",
            "Tier",
            "AWS:x",
            "kubernetes.io/cluster/x",
            "K8s.io/cluster-autoscaler/y",
            "eks:cluster-name",
        ])
            assert.strictEqual(refused({ [tagKey]: "v" }).length, 1, tagKey);
        assert.match(refused({ team: "a", Team: "b" })[0], /differ only in case/);
        assert.deepStrictEqual(refused({ team: "a", project: "b", "app.kubernetes/owner": "c" }), []);
    });

    it("service names that differ only in case are one service to DNS", () => {
        const web = { image: "public.ecr.aws/nginx/nginx:stable", port: 80 };
        assert.match(
            configIssues("dev", {
                "platform:ecsServices": [
                    { ...web, name: "api", pathPattern: "/a/*" },
                    { ...web, name: "API", pathPattern: "/b/*" },
                ],
            })[0],
            /duplicate service name "API"/,
        );
    });
});
