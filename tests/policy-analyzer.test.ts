// The real analyzer: starts policy/index.ts the way `pulumi preview --policy-pack policy` does (a
// process that serves @pulumi/policy's gRPC Analyzer and prints its port), sends it the requests
// the engine sends, and checks its diagnostics equal the offline runner's. This proves the pack
// loads and serves, and that offline/policy-runner.ts hands the policies the same arguments.

import * as assert from "assert";
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { policies } from "../policy/policies";
import { compliantPlatform } from "./policy-fixtures";
import { PolicyInputResource, runPolicies } from "../offline/policy-runner";
import { PROJECT_ROOT } from "../offline/stack-config";

const LEVELS = ["advisory", "mandatory", "disabled", "remediate"];

type Finding = [policy: string, level: string, message: string, urn: string];

function optionsOf(r: PolicyInputResource): analyzerPb.AnalyzerResourceOptions {
    const options = new analyzerPb.AnalyzerResourceOptions();
    options.setProtect(r.protect);
    options.setIgnorechangesList([...r.ignoreChanges]);
    if (r.parent) options.setParent(r.parent);
    return options;
}

/** The diagnostics as findings; the analyzer prefixes each message with the policy's description. */
function findings(response: analyzerPb.AnalyzeResponse): Finding[] {
    return response
        .getDiagnosticsList()
        .map((d) => [d.getPolicyname(), LEVELS[d.getEnforcementlevel()], d.getMessage().split("\n").slice(1).join("\n"), d.getUrn()]);
}

describe("policy pack served by the real analyzer (policy/index.ts over gRPC)", () => {
    let pack: ChildProcess | undefined;
    let client: AnalyzerClient;

    before(async () => {
        pack = spawn(path.join(PROJECT_ROOT, "node_modules", ".bin", "ts-node"), ["--transpile-only", "index.ts"], {
            cwd: path.join(PROJECT_ROOT, "policy"),
            stdio: ["ignore", "pipe", "inherit"],
        });
        const port = await new Promise<string>((resolve, reject) => {
            pack?.stdout?.once("data", (d: Buffer) => resolve(d.toString().trim()));
            pack?.once("exit", (code) => reject(new Error(`policy pack exited with ${code}`)));
        });
        assert.match(port, /^\d+$/);
        client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    });

    after(() => {
        client?.close();
        pack?.kill();
    });

    const call = <Req, Res>(method: (req: Req, cb: (e: grpc.ServiceError | null, r: Res) => void) => unknown, req: Req) =>
        new Promise<Res>((resolve, reject) => method.call(client, req, (e, r) => (e ? reject(e) : resolve(r))));

    it("announces every policy of the pack with its enforcement level", async () => {
        // eslint-disable-next-line @typescript-eslint/unbound-method -- call() invokes it with the client as `this`
        const info = await call<Empty, analyzerPb.AnalyzerInfo>(client.getAnalyzerInfo, new Empty());
        assert.deepStrictEqual(
            info.getPoliciesList().map((p) => [p.getName(), LEVELS[p.getEnforcementlevel()]]),
            policies.map((p) => [p.name, p.enforcementLevel]),
        );
    });

    it("reports what the offline runner reports, resource by resource and for the stack", async () => {
        const g = compliantPlatform("prd");
        g.edit("ecs", (p) => {
            delete p.settings;
        });
        g.edit("app", (p) => {
            (p.networkConfiguration as Record<string, unknown>).assignPublicIp = true;
        });
        g.edit("app-sg", (p) => {
            p.ingress = [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }];
        });
        g.edit("eks-component", (p) => {
            p.publicAccessCidrs = ["0.0.0.0/0"];
        });
        g.edit("nodes", (p) => {
            delete p.tags;
        });
        g.edit("app-repo", (p) => {
            p.imageTagMutability = "MUTABLE";
        });
        g.remove("flow-log");

        const served: Finding[] = [];
        for (const r of g.resources) {
            const req = new analyzerPb.AnalyzeRequest();
            req.setType(r.type);
            req.setName(r.name);
            req.setUrn(r.urn);
            req.setProperties(Struct.fromJavaScript(r.inputs as Record<string, never>));
            req.setOptions(optionsOf(r));
            // The engine attributes a resource policy's diagnostics to the analyzed resource.
            // eslint-disable-next-line @typescript-eslint/unbound-method -- call() invokes it with the client as `this`
            served.push(...findings(await call(client.analyze, req)).map(([p, l, m, urn]): Finding => [p, l, m, urn || r.urn]));
        }
        const stack = new analyzerPb.AnalyzeStackRequest();
        stack.setResourcesList(
            g.resources.map((r) => {
                const resource = new analyzerPb.AnalyzerResource();
                resource.setType(r.type);
                resource.setName(r.name);
                resource.setUrn(r.urn);
                resource.setProperties(Struct.fromJavaScript(r.outputs as Record<string, never>));
                resource.setOptions(optionsOf(r));
                resource.setDependenciesList([...r.dependencies]);
                for (const [key, urns] of Object.entries(r.propertyDependencies)) {
                    resource.getPropertydependenciesMap().set(key, new analyzerPb.AnalyzerPropertyDependencies().setUrnsList(urns));
                }
                return resource;
            }),
        );
        // eslint-disable-next-line @typescript-eslint/unbound-method -- call() invokes it with the client as `this`
        served.push(...findings(await call(client.analyzeStack, stack)));

        const offline: Finding[] = (await runPolicies(policies, g.resources)).map((v) => [
            v.policy,
            v.enforcementLevel,
            v.message,
            v.urn ?? "",
        ]);
        const sort = (f: Finding[]) => [...f].sort((a, b) => a.join("|").localeCompare(b.join("|")));
        assert.deepStrictEqual(sort(served), sort(offline));
        assert.deepStrictEqual(
            [...new Set(offline.map((f) => f[0]))].sort(),
            [
                "ecr-immutable-tags-in-prd",
                "ecs-awsvpc-no-public-ip",
                "ecs-container-insights",
                "eks-public-endpoint-limited-in-prd",
                "no-internet-ingress",
                "required-tags",
                "vpc-flow-logs",
            ].sort(),
        );
    });
});
