// Physical names of the ECS platform's cluster-wide log groups. Kept apart from the per-service
// names (lib/names.ts `serviceLogGroup`: /<prefix>/ecs/<service>) so that no service name can
// collide with them: these sit beside that path, not under it.

/** Transcripts of ECS Exec sessions into this cluster's tasks. */
export function execAuditLogGroup(namePrefix: string): string {
    return `/${namePrefix}/ecs-exec`;
}

/** ECS task state changes to STOPPED, with the stop reason and each container's exit code. */
export function stoppedTasksLogGroup(namePrefix: string): string {
    return `/${namePrefix}/ecs-events/task-stopped`;
}

/** CloudWatch Logs resource policies are per account and region (10 at most): one per stack, by name. */
export function eventsLogPolicyName(namePrefix: string): string {
    return `${namePrefix}-ecs-task-events`;
}
