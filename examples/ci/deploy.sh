#!/usr/bin/env bash
# One CI pipeline step from CI to CD (README, "From CI to CD"). CI has built and pushed the image
# IMAGE:IMAGE_TAG; this step commits the new tag to the deployment repository (it never touches a
# cluster: Git is the only way in), asks the gateway to fetch now, and waits for the rollout of
# exactly that commit. It fails the pipeline when the app turns Degraded, its sync fails, or time
# runs out.
#
# Environment:
#   DEPLOY_REPO     Git URL of the deployment repository (CI's push credentials in the URL or git config)
#   DEPLOY_BRANCH   the branch the app follows (default: main)
#   MANIFEST        the file in that repository naming the image, e.g. apps/web/deployment.yaml
#   IMAGE           the image without its tag, e.g. registry.example.com/shop/web
#   IMAGE_TAG       the tag CI just built and pushed, e.g. the source commit's SHA
#   APP             the gateway's app, TENANT/APP
#   GITOPS_SERVER, GITOPS_TOKEN   the gateway, and an API token with the deployer role
#                   (gitops token create ci-deploy --role deployer), kept in CI's secrets
#   GITOPS_TIMEOUT  how long the rollout may take (default: 5m)
#   GITOPS          the gitops command (default: gitops on PATH)
# Exit: 0 deployed, Synced and Healthy; otherwise gitops's code (1 Degraded or sync failed, 3 auth,
# 4 no such app, 5 timeout; docs/cli.md), 2 for a bad input here, or git's.
set -euo pipefail

: "${DEPLOY_REPO:?DEPLOY_REPO is not set}" "${MANIFEST:?MANIFEST is not set}"
: "${IMAGE:?IMAGE is not set}" "${IMAGE_TAG:?IMAGE_TAG is not set}" "${APP:?APP is not set}"
branch=${DEPLOY_BRANCH:-main}
gitops=${GITOPS:-gitops}
if ! [[ $IMAGE_TAG =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]]; then
  echo "deploy: IMAGE_TAG '$IMAGE_TAG' is not a valid image tag" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git_ci() {
  git -c user.name="${GIT_AUTHOR_NAME:-ci}" -c user.email="${GIT_AUTHOR_EMAIL:-ci@example.invalid}" "$@"
}

# 1. Commit the new tag. Another pipeline may push first: rebase on it and try again.
git clone --quiet --branch "$branch" "$DEPLOY_REPO" "$work/repo"
cd "$work/repo"
image_re=$(printf '%s' "$IMAGE" | sed 's/[].[\*^$]/\\&/g')
if ! grep -Eq "image: *\"?${image_re}:" "$MANIFEST"; then
  echo "deploy: $MANIFEST names no $IMAGE image" >&2
  exit 2
fi
sed -i -E "s#(image: *\"?)${image_re}:[^\"[:space:]]+#\1${IMAGE}:${IMAGE_TAG}#" "$MANIFEST"
if git diff --quiet; then
  echo "deploy: $MANIFEST already names $IMAGE:$IMAGE_TAG"
else
  git_ci commit --quiet -am "deploy $IMAGE:$IMAGE_TAG"
  for attempt in 1 2 3; do
    if git push --quiet origin "HEAD:$branch"; then
      break
    fi
    [ "$attempt" -lt 3 ] || exit 1
    git_ci pull --quiet --rebase origin "$branch"
  done
fi
sha=$(git rev-parse HEAD)
echo "deploy: $APP should run $IMAGE:$IMAGE_TAG from commit $sha"

# 2. The Git host's webhook tells the gateway about the push; a refresh as well costs one fetch
#    and covers a lost delivery.
"$gitops" app refresh "$APP" -o json >/dev/null

# 3. Wait for exactly this commit to be applied and Healthy; Degraded fails at once.
"$gitops" app wait "$APP" --revision "$sha" --health Healthy --sync Synced \
  --timeout "${GITOPS_TIMEOUT:-5m}"
