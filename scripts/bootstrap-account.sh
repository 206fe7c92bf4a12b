#!/usr/bin/env bash
# Prepares an AWS account for one stack's GitHub Actions delivery (docs/running-for-real.md):
# the Pulumi state bucket and secrets key, GitHub's OIDC provider, and the stack's deploy and
# preview roles with the exact trust each job's OIDC subject needs. Safe to run again: what exists
# is kept (roles get their trust and inline policy rewritten to what is below); every call is printed.
#
#   scripts/bootstrap-account.sh <stack> <owner>/<repo> [--state-bucket <name>] [--kms-alias <alias/name>]
#                                [--region <region>] [--subject-repo <owner@id>/<repo@id>]
#
#   --state-bucket  default <project>-pulumi-state-<account id> (one bucket for every stack)
#   --kms-alias     default alias/<project>-pulumi-secrets
#   --region        where the bucket and key are created; default the stack's aws:region
#   --subject-repo  the repository as the OIDC `sub` spells it when the repository uses immutable
#                   subject claims (created after 2026-07-15, or opted in), e.g. octo@123/app@456
#
# Needs the AWS CLI and jq, and an identity that may create IAM roles (an administrator, once).
set -euo pipefail

usage() {
  echo "usage: scripts/bootstrap-account.sh <stack> <owner>/<repo> [--state-bucket <name>] [--kms-alias <alias/name>] [--region <region>] [--subject-repo <owner@id>/<repo@id>]" >&2
  exit 64
}
say() { printf 'bootstrap: %s\n' "$*" >&2; }
run() { say "aws $*"; aws "$@"; }

[[ $# -ge 2 ]] || usage
stack=$1 repo=$2
shift 2
[[ "$stack" =~ ^[a-z0-9][a-z0-9-]*$ ]] || { echo "not a stack name: $stack" >&2; exit 64; }
[[ "$repo" =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] || { echo "not <owner>/<repo>: $repo" >&2; exit 64; }
state_bucket='' kms_alias='' region='' subject_repo=$repo
while [[ $# -gt 0 ]]; do
  case "$1" in
    --state-bucket) state_bucket=${2:?}; shift 2 ;;
    --kms-alias) kms_alias=${2:?}; shift 2 ;;
    --region) region=${2:?}; shift 2 ;;
    --subject-repo) subject_repo=${2:?}; shift 2 ;;
    *) usage ;;
  esac
done

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
stack_file="$root/Pulumi.$stack.yaml"
[[ -f "$stack_file" ]] || { echo "no $stack_file: create the stack first (pulumi stack init $stack) and commit its file" >&2; exit 2; }
# The two keys read here are plain scalars; the program validates the whole file.
config_value() { sed -n "s/^  $1:[[:space:]]*\\([^#[:space:]]*\\).*/\\1/p" "$stack_file" | tr -d "\"'" | head -n 1; }
project=$(sed -n 's/^name:[[:space:]]*\([^#[:space:]]*\).*/\1/p' "$root/Pulumi.yaml" | head -n 1)
environment=$(config_value 'platform:environment')
[[ -n "$region" ]] || region=$(config_value 'aws:region')
[[ -n "$project" && -n "$environment" && -n "$region" ]] || { echo "$stack_file: needs aws:region and platform:environment" >&2; exit 2; }
name_prefix="$project-$environment"

identity=$(aws sts get-caller-identity --output json)
account=$(jq -r .Account <<<"$identity")
partition=$(jq -r '.Arn | split(":")[1]' <<<"$identity")
[[ -n "$state_bucket" ]] || state_bucket="$project-pulumi-state-$account"
[[ -n "$kms_alias" ]] || kms_alias="alias/$project-pulumi-secrets"
say "account $account ($partition), stack $stack ($name_prefix), repository $repo, region $region"

# State backend: versioned (every checkpoint recoverable), private, encrypted.
if aws s3api head-bucket --bucket "$state_bucket" >/dev/null 2>&1; then
  say "state bucket $state_bucket exists"
else
  if [[ "$region" == us-east-1 ]]; then
    run s3api create-bucket --bucket "$state_bucket" --region "$region" >/dev/null
  else
    run s3api create-bucket --bucket "$state_bucket" --region "$region" --create-bucket-configuration "LocationConstraint=$region" >/dev/null
  fi
fi
run s3api put-bucket-versioning --bucket "$state_bucket" --versioning-configuration Status=Enabled
run s3api put-public-access-block --bucket "$state_bucket" --public-access-block-configuration \
  BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
run s3api put-bucket-encryption --bucket "$state_bucket" --server-side-encryption-configuration \
  '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}'

# Secrets provider key (awskms://): encrypts the stacks' secret config and outputs.
if key_arn=$(aws kms describe-key --region "$region" --key-id "$kms_alias" --query KeyMetadata.Arn --output text 2>/dev/null); then
  say "secrets key $kms_alias exists: $key_arn"
else
  key_arn=$(run kms create-key --region "$region" --description "Pulumi secrets of $project" --query KeyMetadata.Arn --output text)
  run kms create-alias --region "$region" --alias-name "$kms_alias" --target-key-id "$key_arn"
fi
run kms enable-key-rotation --region "$region" --key-id "$key_arn"

# GitHub's OIDC provider, one per account. No thumbprint: IAM trusts GitHub's certificate through
# its own library of root CAs (IAM API reference, CreateOpenIDConnectProvider, ThumbprintList).
provider_arn="arn:$partition:iam::$account:oidc-provider/token.actions.githubusercontent.com"
if aws iam get-open-id-connect-provider --open-id-connect-provider-arn "$provider_arn" >/dev/null 2>&1; then
  say "OIDC provider token.actions.githubusercontent.com exists"
else
  run iam create-open-id-connect-provider --url https://token.actions.githubusercontent.com --client-id-list sts.amazonaws.com >/dev/null
fi

# Trust: GitHub's token for this repository with this exact subject, for STS.
# The deploy job names the stack's environment, so its `sub` is repo:<owner>/<repo>:environment:<stack>;
# the PR preview job names none and runs on pull_request, so its `sub` is repo:<owner>/<repo>:pull_request
# (GitHub docs, OpenID Connect reference, "Example subject claims").
trust_policy() {
  jq -cn --arg provider "$provider_arn" --arg sub "$1" '{
    Version: "2012-10-17",
    Statement: [{
      Effect: "Allow",
      Principal: { Federated: $provider },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": $sub } }
    }]
  }'
}

permission_policy() {
  jq -c --arg partition "$partition" --arg account "$account" --arg prefix "$name_prefix" --arg bucket "$state_bucket" --arg key "$key_arn" '
    walk(if type == "string" then
      gsub("\\{\\{PARTITION\\}\\}"; $partition) | gsub("\\{\\{ACCOUNT\\}\\}"; $account) | gsub("\\{\\{NAME_PREFIX\\}\\}"; $prefix)
      | gsub("\\{\\{STATE_BUCKET\\}\\}"; $bucket) | gsub("\\{\\{SECRETS_KEY_ARN\\}\\}"; $key)
    else . end)' "$1"
}

# Outside <project>-<environment>-*, the names the deploy role may manage: it cannot rewrite itself.
ensure_role() {
  local name=$1 sub=$2 policy_file=$3 description=$4
  local trust
  trust=$(trust_policy "$sub")
  if aws iam get-role --role-name "$name" >/dev/null 2>&1; then
    run iam update-assume-role-policy --role-name "$name" --policy-document "$trust"
    run iam update-role --role-name "$name" --max-session-duration 7200 --description "$description"
  else
    run iam create-role --role-name "$name" --assume-role-policy-document "$trust" --max-session-duration 7200 \
      --description "$description" >/dev/null
  fi
  run iam put-role-policy --role-name "$name" --policy-name "$name" --policy-document "$(permission_policy "$policy_file")"
}

stack_variable=$(tr '[:lower:]-' '[:upper:]_' <<<"$stack")
deploy_role="gha-$name_prefix-deploy"
preview_role="gha-$name_prefix-preview"
ensure_role "$deploy_role" "repo:$subject_repo:environment:$stack" "$here/bootstrap-deploy-policy.json" "pulumi up of $stack from GitHub Actions ($repo, environment $stack)"
ensure_role "$preview_role" "repo:$subject_repo:pull_request" "$here/bootstrap-preview-policy.json" "pulumi preview of $stack for pull requests ($repo)"

cat <<EOF

Done. Next (docs/running-for-real.md):
  repository variables:  PULUMI_BACKEND_URL=s3://$state_bucket
                         PULUMI_SECRETS_PROVIDER=awskms://$kms_alias?region=$region
                         AWS_PREVIEW_ROLE_ARN_${stack_variable}=arn:$partition:iam::$account:role/$preview_role
  environment $stack:     AWS_DEPLOY_ROLE_ARN=arn:$partition:iam::$account:role/$deploy_role
  stack config:          pulumi config set platform:eksDeployRoleArn arn:$partition:iam::$account:role/$deploy_role --stack $stack
                         pulumi config set platform:eksPreviewRoleArn arn:$partition:iam::$account:role/$preview_role --stack $stack
EOF
