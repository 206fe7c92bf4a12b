// The CrossGuard policy pack of the platform: `pulumi preview --policy-pack policy` (from the repo root).

import { PolicyPack } from "@pulumi/policy";
import { POLICY_PACK_NAME, policies } from "./policies";

new PolicyPack(POLICY_PACK_NAME, {
    description: "Guardrails of the AWS container platform: ECS, EKS, logs, network, images and keys, tags.",
    provider: "aws",
    policies,
});
