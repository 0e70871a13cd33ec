#!/usr/bin/env python3
"""Writes grafana/gitops-gateway{,-tenant,-cluster}.json and grafana/dashboards-configmap.yaml.

The panels are listed here once, as (title, unit, [queries]) rows, so the three dashboards share
one layout and datasource and stay valid Grafana JSON; edit here, run `python3
scripts/grafana-dashboards.py`, commit the output. GrafanaDashboardsTest runs every query against
the real Prometheus after a demo-like workload.
"""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
DS = {"type": "prometheus", "uid": "${DS_PROMETHEUS}"}
R = "$__rate_interval"


def q(expr, legend="__auto"):
    return (expr, legend)


def hist(metric, sel, by, quantile="0.9"):
    """histogram_quantile over a Micrometer timer's buckets, by the given labels."""
    by_le = ", ".join(["le"] + by)
    legend = " ".join("{{%s}}" % b for b in by) or "all"
    return q(f"histogram_quantile({quantile}, sum by ({by_le}) (rate({metric}_bucket{sel}[{R}])))",
             f"p{int(float(quantile) * 100)} {legend}")


# Shared rows: (title, unit, [queries], kind). kind: timeseries or stat.
def overview():
    return [
        ("Row: Applications", None, [], "row"),
        ("Apps by sync status", "short", [q('sum by (sync_status) (gitops_apps)', "{{sync_status}}")], "timeseries"),
        ("Apps by health", "short", [q('sum by (health_status) (gitops_apps)', "{{health_status}}")], "timeseries"),
        ("Apps by tenant", "short", [q('sum by (tenant) (gitops_apps)', "{{tenant}}")], "timeseries"),
        ("Syncs per minute by phase", "short",
         [q(f'sum by (phase) (rate(gitops_sync_total[{R}])) * 60', "{{phase}}")], "timeseries"),
        ("Sync duration p90 by cluster", "s",
         [hist("gitops_sync_duration_seconds", "", ["cluster"])], "timeseries"),
        ("Commit to synced p50 / p90", "s",
         [hist("gitops_commit_to_synced_seconds", "", [], "0.5"),
          hist("gitops_commit_to_synced_seconds", "", [], "0.9")], "timeseries"),
        ("Drift detected per minute by tenant", "short",
         [q(f'sum by (tenant) (rate(gitops_drift_detected_total[{R}])) * 60', "{{tenant}}")], "timeseries"),
        ("Drift to healed p90", "s", [hist("gitops_drift_to_healed_seconds", "", [])], "timeseries"),
        ("Self-heal backoffs per minute", "short",
         [q(f'sum by (tenant, cluster) (rate(gitops_self_heal_backoffs_total[{R}])) * 60',
            "{{tenant}} on {{cluster}}")], "timeseries"),
        ("Row: Pipeline", None, [], "row"),
        ("Git fetch p90 by result", "s", [hist("gitops_git_fetch_duration_seconds", "", ["result"])], "timeseries"),
        ("Git fetches per minute by result", "short",
         [q(f'sum by (result) (rate(gitops_git_fetch_duration_seconds_count[{R}])) * 60', "{{result}}")],
         "timeseries"),
        ("Render p90 by source type", "s",
         [hist("gitops_render_duration_seconds", "", ["source_type"])], "timeseries"),
        ("Compare p99 and max", "s",
         [hist("gitops_compare_duration_seconds", "", [], "0.99"),
          q('max(gitops_compare_duration_seconds_max)', "max")], "timeseries"),
        ("Row: Clusters", None, [], "row"),
        ("Clusters connected", "short", [q('gitops_cluster_connected', "{{cluster}}")], "stat"),
        ("Managed objects watched", "short", [q('gitops_cluster_watched_objects', "{{cluster}}")], "timeseries"),
        ("Row: API, webhooks and feeds", None, [], "row"),
        ("Webhook deliveries per minute", "short",
         [q(f'sum by (provider, result) (rate(gitops_webhook_deliveries_total[{R}])) * 60',
            "{{provider}} {{result}}")], "timeseries"),
        ("Refused tokens per minute by reason", "short",
         [q(f'sum by (reason) (rate(gitops_auth_failures_total[{R}])) * 60', "{{reason}}")], "timeseries"),
        ("Denied callers per minute by tenant", "short",
         [q(f'sum by (tenant) (rate(gitops_authz_denials_total[{R}])) * 60', "{{tenant}}")], "timeseries"),
        ("Feed clients by transport", "short", [q('sum by (transport) (gitops_feed_clients)', "{{transport}}")],
         "timeseries"),
        ("Feed messages per second", "short",
         [q(f'sum by (transport, outcome) (rate(gitops_feed_messages_total[{R}]))', "{{transport}} {{outcome}}")],
         "timeseries"),
        ("GraphQL p90 by operation", "s",
         [hist("gitops_graphql_request_duration_seconds", "", ["operation"])], "timeseries"),
        ("HTTP requests per second by code", "reqps",
         [q(f'sum by (code) (rate(vertx_http_server_requests_total[{R}]))', "{{code}}")], "timeseries"),
        ("HTTP mean response time", "s",
         [q(f'sum(rate(vertx_http_server_response_time_seconds_sum[{R}]))'
            f' / sum(rate(vertx_http_server_response_time_seconds_count[{R}]))', "mean")], "timeseries"),
        ("HTTP active connections", "short",
         [q('sum(vertx_http_server_active_connections)', "connections")], "timeseries"),
        ("Row: Event loops, worker pools and JVM", None, [], "row"),
        ("Event loop delay p99 by loop", "s",
         [hist("gitops_event_loop_delay_seconds", "", ["loop"], "0.99"),
          q('max(gitops_event_loop_delay_seconds_max)', "max")], "timeseries"),
        ("Event loop blocked (probes a second late)", "short",
         [q(f'sum(increase(gitops_event_loop_blocked_total[5m]))', "blocked in 5m")], "stat"),
        ("Worker pools in use", "short", [q('sum by (pool_name) (vertx_pool_in_use)', "{{pool_name}}")],
         "timeseries"),
        ("Worker pool queue", "short",
         [q('sum by (pool_name) (vertx_pool_queue_pending)', "{{pool_name}}")], "timeseries"),
        ("JVM heap used / max", "bytes",
         [q('sum(jvm_memory_used_bytes{area="heap"})', "used"),
          q('sum(jvm_memory_max_bytes{area="heap"})', "max")], "timeseries"),
        ("GC pause time per second", "s",
         [q(f'sum by (gc) (rate(jvm_gc_pause_seconds_sum[{R}]))', "{{gc}}")], "timeseries"),
        ("JVM threads", "short", [q('jvm_threads_live_threads', "live")], "timeseries"),
        ("CPU usage", "percentunit",
         [q('process_cpu_usage', "process"), q('system_cpu_usage', "system")], "timeseries"),
    ]


def scoped(scope, by):
    """The reconcile rows of one tenant (by cluster) or one cluster (by tenant): the same charts, mirrored."""
    f = scope + '=~"$' + scope + '"'
    sel = "{" + f + "}"
    return [
        (f"Syncs per minute by {by} and phase", "short",
         [q(f'sum by ({by}, phase) (rate(gitops_sync_total{sel}[{R}])) * 60', "{{%s}} {{phase}}" % by)],
         "timeseries"),
        (f"Sync duration p90 by {by}", "s", [hist("gitops_sync_duration_seconds", sel, [by])], "timeseries"),
        (f"Commit to synced p90 by {by}", "s", [hist("gitops_commit_to_synced_seconds", sel, [by])], "timeseries"),
        (f"Drift detected per minute by {by}", "short",
         [q(f'sum by ({by}) (rate(gitops_drift_detected_total{sel}[{R}])) * 60', "{{%s}}" % by)], "timeseries"),
        (f"Drift to healed p90 by {by}", "s", [hist("gitops_drift_to_healed_seconds", sel, [by])], "timeseries"),
        (f"Self-heal backoffs per minute by {by}", "short",
         [q(f'sum by ({by}) (rate(gitops_self_heal_backoffs_total{sel}[{R}])) * 60', "{{%s}}" % by)],
         "timeseries"),
    ]


def tenant():
    t = 'tenant=~"$tenant"'
    return [
        ("Apps by sync status", "short", [q(f'sum by (sync_status) (gitops_apps{{{t}}})', "{{sync_status}}")],
         "timeseries"),
        ("Apps by health", "short", [q(f'sum by (health_status) (gitops_apps{{{t}}})', "{{health_status}}")],
         "timeseries"),
        ("Degraded apps", "short", [q(f'sum(gitops_apps{{{t},health_status="Degraded"}})', "degraded")], "stat"),
        ("Denied callers per minute", "short",
         [q(f'sum(rate(gitops_authz_denials_total{{{t}}}[{R}])) * 60', "denied")], "timeseries"),
    ] + scoped("tenant", "cluster")


def cluster():
    c = 'cluster=~"$cluster"'
    return [
        ("Connected", "short", [q(f'gitops_cluster_connected{{{c}}}', "{{cluster}}")], "stat"),
        ("Managed objects watched", "short", [q(f'gitops_cluster_watched_objects{{{c}}}', "{{cluster}}")],
         "timeseries"),
    ] + scoped("cluster", "tenant")


def variable(name, metric):
    return {"name": name, "label": name, "type": "query", "datasource": DS,
            "query": {"query": f"label_values({metric}, {name})", "refId": f"{name}-values"},
            "definition": f"label_values({metric}, {name})", "refresh": 2, "sort": 1,
            "includeAll": False, "multi": False, "current": {}}


def panels(rows):
    out, x, y, pid = [], 0, 0, 1
    for title, unit, queries, kind in rows:
        if kind == "row":
            y += 8 if x else 0
            x = 0
            out.append({"id": pid, "type": "row", "title": title[len("Row: "):], "collapsed": False,
                        "gridPos": {"h": 1, "w": 24, "x": 0, "y": y}, "panels": []})
            y += 1
            pid += 1
            continue
        panel = {"id": pid, "type": kind, "title": title, "datasource": DS,
                 "gridPos": {"h": 8, "w": 12, "x": x, "y": y},
                 "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
                 "options": {"legend": {"displayMode": "list", "placement": "bottom", "showLegend": True}},
                 "targets": [{"refId": chr(ord("A") + i), "datasource": DS, "expr": e, "legendFormat": legend,
                              "range": True}
                             for i, (e, legend) in enumerate(queries)]}
        out.append(panel)
        pid += 1
        x = 12 - x
        y += 8 if x == 0 else 0
    return out


def dashboard(uid, title, rows, variables, links):
    return {
        "__inputs": [{"name": "DS_PROMETHEUS", "label": "Prometheus", "description": "",
                      "type": "datasource", "pluginId": "prometheus", "pluginName": "Prometheus"}],
        "__requires": [{"type": "grafana", "id": "grafana", "name": "Grafana", "version": "9.0.0"},
                       {"type": "datasource", "id": "prometheus", "name": "Prometheus", "version": "1.0.0"}],
        "uid": uid, "title": title, "tags": ["gitops-gateway"], "schemaVersion": 39, "version": 1,
        "editable": True, "graphTooltip": 1, "refresh": "30s", "time": {"from": "now-6h", "to": "now"},
        "timezone": "", "annotations": {"list": []},
        "links": [{"title": t, "type": "link", "url": f"/d/{u}", "keepTime": True, "includeVars": False}
                  for t, u in links],
        "templating": {"list": variables},
        "panels": panels(rows),
    }


LINKS = [("Overview", "gitops-gateway"), ("Tenant", "gitops-gateway-tenant"), ("Cluster", "gitops-gateway-cluster")]
BOARDS = {
    "gitops-gateway.json": dashboard("gitops-gateway", "GitOps gateway — overview", overview(), [], LINKS),
    "gitops-gateway-tenant.json": dashboard("gitops-gateway-tenant", "GitOps gateway — tenant", tenant(),
                                            [variable("tenant", "gitops_apps")], LINKS),
    "gitops-gateway-cluster.json": dashboard("gitops-gateway-cluster", "GitOps gateway — cluster", cluster(),
                                             [variable("cluster", "gitops_cluster_connected")], LINKS),
}

for name, board in BOARDS.items():
    (ROOT / "grafana" / name).write_text(json.dumps(board, indent=2, ensure_ascii=False) + "\n")

# The Grafana sidecar (kube-prometheus-stack) loads every ConfigMap labelled grafana_dashboard=1.
lines = ["# Generated by scripts/grafana-dashboards.py: the dashboards for Grafana's sidecar",
         "# (kube-prometheus-stack: sidecar.dashboards.enabled, label grafana_dashboard=\"1\").",
         "apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: gitops-gateway-dashboards",
         "  labels:", "    grafana_dashboard: \"1\"", "data:"]
for name in BOARDS:
    lines.append(f"  {name}: |")
    text = (ROOT / "grafana" / name).read_text()
    lines.extend("    " + line if line else "" for line in text.splitlines())
(ROOT / "grafana" / "dashboards-configmap.yaml").write_text("\n".join(lines) + "\n")
