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
set -euo pipefail

stack_args=()
if [[ "${1:-}" == "-s" ]]; then
  stack_args=(--stack "$2")
  shift 2
fi
task_key="${1:?usage: scripts/run-oneoff.sh [-s <stack>] <service>/<task> [-- <command...>]}"
shift
[[ "${1:-}" == "--" ]] && shift

outputs=$(pulumi stack output --json "${stack_args[@]}")
if ! jq -e --arg k "$task_key" '.ecsOneOffTasks[$k]' >/dev/null <<<"$outputs"; then
  echo "no one-off task \"$task_key\"; the stack has: $(jq -r '.ecsOneOffTasks // {} | keys | join(", ")' <<<"$outputs")" >&2
  exit 2
fi
get() { jq -er --arg k "$task_key" "$1" <<<"$outputs"; }
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
  --query 'tasks[0].taskArn' --output text)
echo "started $task_arn" >&2

aws ecs wait tasks-stopped --region "$region" --cluster "$cluster" --tasks "$task_arn"
result=$(aws ecs describe-tasks --region "$region" --cluster "$cluster" --tasks "$task_arn")
jq -r --arg name "$container" '.tasks[0] | "stopped: \(.stoppedReason // "-")", (.containers[] | select(.name == $name) | "exit code: \(.exitCode // "none")")' <<<"$result" >&2
exit "$(jq -r --arg name "$container" '[.tasks[0].containers[] | select(.name == $name) | .exitCode // 1][0] // 1' <<<"$result")"
