// Every policy of the pack, in report order. index.ts serves them; the tests import this module
// directly (constructing a PolicyPack starts the analyzer's gRPC server).

import { Policies } from "@pulumi/policy";
import { ecsPolicies } from "./rules/ecs";
import { ecsWorkloadPolicies } from "./rules/ecs-workloads";
import { eksPolicies } from "./rules/eks";
import { imagePolicies } from "./rules/images";
import { logPolicies } from "./rules/logs";
import { namePolicies } from "./rules/names";
import { networkPolicies } from "./rules/network";
import { tagPolicies } from "./rules/tags";

export const POLICY_PACK_NAME = "platform-guardrails";

export const policies: Policies = [
    ...ecsPolicies,
    ...ecsWorkloadPolicies,
    ...eksPolicies,
    ...logPolicies,
    ...networkPolicies,
    ...imagePolicies,
    ...tagPolicies,
    ...namePolicies,
];
