#!/usr/bin/env bash
# Prepares a TARGET cluster for the gateway and prints the kubeconfig entries (cluster, user, context)
# to put into the gateway's clusters Secret. Run it with kubectl pointed at the target cluster:
#
#   scripts/target-cluster-token.sh prod-eu payments-web payments-api > prod-eu.kubeconfig
#
#   1. kubectl apply -k k8s/target: the read-only ClusterRole (bound cluster-wide), the deployer
#      ClusterRole, a service account and its long-lived token Secret, in gitops-gateway-target;
#   2. one RoleBinding of the deployer role per NAMESPACE given (the namespaces tenants deploy to;
#      created if missing): writes are allowed there and nowhere else;
#   3. waits for the control plane to fill in the token and prints a kubeconfig with one context named
#      CLUSTER-NAME (the gateway's `clusters[].context`). The token is printed, never logged: redirect
#      the output to a file and keep it out of Git.
set -euo pipefail

usage() { echo "usage: $0 CLUSTER-NAME NAMESPACE..." >&2; exit 2; }
[[ $# -ge 2 ]] || usage
name=$1; shift
dns='^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'
[[ $name =~ $dns ]] || { echo "cluster name '$name' must be a DNS label" >&2; exit 2; }
for ns in "$@"; do [[ $ns =~ $dns ]] || { echo "namespace '$ns' must be a DNS label" >&2; exit 2; }; done

here=$(cd "$(dirname "$0")/.." && pwd)
kubectl apply -k "$here/k8s/target" >&2
for ns in "$@"; do
  kubectl create namespace "$ns" --dry-run=client -o yaml | kubectl apply -f - >&2
  kubectl create rolebinding gitops-gateway-deployer --clusterrole=gitops-gateway-deployer \
    --serviceaccount=gitops-gateway-target:gitops-gateway -n "$ns" --dry-run=client -o yaml | kubectl apply -f - >&2
done

token=""
for _ in $(seq 1 30); do
  token=$(kubectl -n gitops-gateway-target get secret gitops-gateway-token -o jsonpath='{.data.token}' 2>/dev/null || true)
  [[ -n $token ]] && break
  sleep 1
done
[[ -n $token ]] || { echo "the token Secret was not filled in within 30 s (is the token controller running?)" >&2; exit 1; }
ca=$(kubectl -n gitops-gateway-target get secret gitops-gateway-token -o jsonpath='{.data.ca\.crt}')
server=$(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}')

cat <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
  - name: $name
    cluster: {server: "$server", certificate-authority-data: "$ca"}
users:
  - name: gitops-gateway@$name
    user: {token: "$(printf '%s' "$token" | base64 -d)"}
contexts:
  - name: $name
    context: {cluster: $name, user: gitops-gateway@$name}
KUBECONFIG
