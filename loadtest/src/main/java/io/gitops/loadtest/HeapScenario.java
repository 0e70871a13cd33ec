package io.gitops.loadtest;

/** The gateway's heap after a full GC (jcmd GC.run + GC.heap_info) per managed app, and its RSS. */
public final class HeapScenario {
  private HeapScenario() {}

  public static void run(Bench b) throws Exception {
    long live = ProcStats.liveHeapBytes(b.gateway.pid());
    long rss = ProcStats.rssBytes(b.gateway.pid());
    double perApp = (live - b.baselineHeap) / 1024.0 / b.o.apps();
    b.report.add(
        "gateway heap per managed app, after a full GC",
        String.format("%.1f KB", perApp),
        "≤ 100 KB",
        String.format(
            "live heap %.0f MB with %,d apps, %.0f MB with none (jcmd GC.run; GC.heap_info); %.1f"
                + " KB per app counting the whole heap",
            live / 1048576.0, b.o.apps(), b.baselineHeap / 1048576.0, live / 1024.0 / b.o.apps()));
    b.report.add(
        "gateway resident set (RSS)",
        String.format("%.0f MB", rss / 1048576.0),
        "",
        "VmRSS of the gateway process with -Xmx" + b.o.gatewayHeap());
  }
}
