#!/usr/bin/env bash
# Runs one of the stack's one-off ECS tasks (e.g. api/migrate) on Fargate in the private subnets,
# waits for it to stop and exits with the container's exit code.
#
#   scripts/run-oneoff.sh [-s <stack>] <service>/<task> [-- <command override...>]
#
# Everything comes from `pulumi stack output --json` (ecsClusterArn, region, ecsOneOffTasks):
# task definition, container, subnets and security group. Words after `--` replace the command.
# Needs pulumi, AWS CLI v2 and jq; the caller needs ecs:RunTask, ecs:DescribeTasks and
# iam:PassRole on the task's two roles.
#
# Exit statuses (docs/commands.md): the container's exit code once the task ran; before that,
# 2 for bad usage, a stack whose outputs cannot be read or a task it does not have, and 1 when a
# tool is missing or fails (starting or following the task). Each says which on stderr.
# PLATFORM_DEBUG=1 traces every command (set -x).
set -euo pipefail
if [[ -n "${PLATFORM_DEBUG:-}" && "${PLATFORM_DEBUG}" != "0" && "${PLATFORM_DEBUG}" != "false" ]]; then
  set -x
fi

usage="usage: scripts/run-oneoff.sh [-s <stack>] <service>/<task> [-- <command...>]"
fail() {
  local status="$1"
  shift
  echo "run-oneoff: $*" >&2
  exit "$status"
}

stack_args=()
if [[ "${1:-}" == "-s" ]]; then
  [[ $# -ge 2 && -n "$2" && "$2" != -* ]] || fail 2 "-s takes a stack name"$'\n'"$usage"
  stack_args=(--stack "$2")
  shift 2
fi
[[ $# -ge 1 ]] || fail 2 "$usage"
task_key="$1"
shift
[[ "$task_key" =~ ^[a-z0-9-]+/[a-z0-9-]+$ ]] || fail 2 "\"$task_key\" is not a <service>/<task> name (e.g. api/migrate)"$'\n'"$usage"
if [[ $# -gt 0 ]]; then
  [[ "$1" == "--" ]] || fail 2 "unexpected argument $1 (a command override goes after --)"$'\n'"$usage"
  shift
fi

missing=()
for tool in pulumi aws jq; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
[[ ${#missing[@]} -eq 0 ]] || fail 1 "needs pulumi, AWS CLI v2 and jq on PATH; missing: ${missing[*]}"

if ! outputs=$(pulumi stack output --json "${stack_args[@]}"); then
  fail 2 "cannot read the outputs of stack ${stack_args[1]:-(the selected one)}: pulumi stack output failed (above); is it the right stack, and deployed?"
fi
jq -e 'type == "object"' >/dev/null 2>&1 <<<"$outputs" || fail 2 "pulumi stack output --json gave no JSON object"
if ! jq -e --arg k "$task_key" '.ecsOneOffTasks[$k]' >/dev/null 2>&1 <<<"$outputs"; then
  fail 2 "no one-off task \"$task_key\"; the stack has: $(jq -r '.ecsOneOffTasks // {} | keys | join(", ")' <<<"$outputs")"
fi
get() { jq -er --arg k "$task_key" "$1" <<<"$outputs" || fail 2 "the stack's outputs lack $1 for \"$task_key\""; }
cluster=$(get '.ecsClusterArn')
region=$(get '.region')
task_definition=$(get '.ecsOneOffTasks[$k].taskDefinitionArn')
container=$(get '.ecsOneOffTasks[$k].containerName')
subnets=$(get '.ecsOneOffTasks[$k].subnetIds | join(",")')
security_group=$(get '.ecsOneOffTasks[$k].securityGroupId')

overrides='{}'
if [[ $# -gt 0 ]]; then
  # One --arg per word, so arguments with spaces or leading dashes reach the container unchanged.
  command_json='[]'
  for word in "$@"; do
    command_json=$(jq -c --arg word "$word" '. + [$word]' <<<"$command_json")
  done
  overrides=$(jq -cn --arg name "$container" --argjson command "$command_json" '{containerOverrides: [{name: $name, command: $command}]}')
fi

task_arn=$(aws ecs run-task \
  --region "$region" \
  --cluster "$cluster" \
  --task-definition "$task_definition" \
  --capacity-provider-strategy capacityProvider=FARGATE,weight=1 \
  --network-configuration "awsvpcConfiguration={subnets=[$subnets],securityGroups=[$security_group],assignPublicIp=DISABLED}" \
  --overrides "$overrides" \
  --started-by run-oneoff \
  --query 'tasks[0].taskArn' --output text) || fail 1 "aws ecs run-task failed (above); nothing was started"
[[ -n "$task_arn" && "$task_arn" != "None" ]] || fail 1 "aws ecs run-task started no task (see the failures in its answer)"
echo "started $task_arn" >&2

aws ecs wait tasks-stopped --region "$region" --cluster "$cluster" --tasks "$task_arn" ||
  fail 1 "could not wait for $task_arn to stop (above); it may still be running"
result=$(aws ecs describe-tasks --region "$region" --cluster "$cluster" --tasks "$task_arn") ||
  fail 1 "could not describe $task_arn (above)"
jq -r --arg name "$container" '.tasks[0] | "stopped: \(.stoppedReason // "-")", (.containers[] | select(.name == $name) | "exit code: \(.exitCode // "none")")' <<<"$result" >&2
exit "$(jq -r --arg name "$container" '[.tasks[0].containers[] | select(.name == $name) | .exitCode // 1][0] // 1' <<<"$result")"
