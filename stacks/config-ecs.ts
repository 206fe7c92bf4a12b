// ECS settings: read and validated with the rest of the stack config (see ./config.ts).

import { FARGATE_CPU_MEMORY, describeFargateMemory } from "../lib/aws-facts";
import { ConfigReader, key } from "./config-reader";
import { EcsSettings } from "./environment";

export function readEcsSettings(r: ConfigReader, _context: { production: boolean }): EcsSettings {
    const taskCpu = r.integer("taskCpu", (v) => FARGATE_CPU_MEMORY.has(v), [...FARGATE_CPU_MEMORY.keys()].join(", "));
    const taskMemory = r.integer("taskMemory", () => true, "");
    const memories = FARGATE_CPU_MEMORY.get(taskCpu);
    if (memories && !r.hasIssue(key("taskMemory")) && !memories.includes(taskMemory)) {
        r.issue(key("taskMemory"), String(taskMemory), `Fargate does not run ${taskCpu} CPU units with ${taskMemory} MiB`, `with taskCpu ${taskCpu}: ${describeFargateMemory(taskCpu)}`);
    }

    return { taskCpu, taskMemory };
}
