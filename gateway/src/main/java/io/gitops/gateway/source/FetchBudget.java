package io.gitops.gateway.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.transport.HttpTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;
import org.eclipse.jgit.transport.http.HttpConnectionFactory2;

/**
 * What one fetch may still spend: time until its deadline and bytes up to the mirror limit. JGit's
 * own timeout is per read, so a server that sends one byte a second never trips it; here every read
 * of an HTTP response checks the whole fetch's deadline and byte count, and at the deadline a
 * watchdog closes the fetch's transports (git://, ssh, file), so the git thread comes back either
 * way. Opened on the fetching thread around one fetch; HTTP responses opened on that thread carry
 * it.
 */
final class FetchBudget implements AutoCloseable {
  private static final ThreadLocal<FetchBudget> CURRENT = new ThreadLocal<>();
  private static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "git-fetch-deadline");
            t.setDaemon(true);
            return t;
          });

  static {
    HttpConnectionFactory current = HttpTransport.getConnectionFactory();
    if (current instanceof HttpConnectionFactory2 jgits && !(current instanceof BoundedFactory)) {
      HttpTransport.setConnectionFactory(new BoundedFactory(jgits));
    }
  }

  private final FetchLimits limits;
  private final long deadline;
  private final List<Transport> transports = new CopyOnWriteArrayList<>();
  private final ScheduledFuture<?> watchdog;
  private volatile long bytes;
  private volatile String exceeded;

  private FetchBudget(FetchLimits limits) {
    this.limits = limits;
    this.deadline = System.nanoTime() + limits.timeout().toNanos();
    this.watchdog =
        WATCHDOG.schedule(this::expire, limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Starts the budget of a fetch on this thread; close it when the fetch ends. */
  static FetchBudget open(FetchLimits limits) {
    FetchBudget budget = new FetchBudget(limits);
    CURRENT.set(budget);
    return budget;
  }

  /** A transport of this fetch: closed at the deadline, which ends a read blocked on its socket. */
  void watch(Transport transport) {
    transports.add(transport);
    if (exceeded != null) {
      transport.close();
    }
  }

  /** Why the fetch was cut short (deadline or size), or null when it was not. */
  String exceeded() {
    return exceeded;
  }

  private void expire() {
    exceeded =
        "the fetch took longer than its deadline of "
            + limits.timeout().toSeconds()
            + " s (git.fetch-timeout-seconds)";
    transports.forEach(
        t -> {
          try {
            t.close();
          } catch (RuntimeException e) {
            // closing from another thread may fail in the transport's own way; the fetch fails
            // anyway
          }
        });
  }

  private void counted(int n) throws IOException {
    if (n > 0) {
      bytes += n;
    }
    if (bytes > limits.maxMirrorBytes()) {
      exceeded =
          "the repository is larger than the limit of "
              + limits.maxMirrorBytes()
              + " bytes (git.max-mirror-bytes)";
    } else if (System.nanoTime() - deadline > 0 && exceeded == null) {
      expire();
    }
    if (exceeded != null) {
      throw new InterruptedIOException(exceeded);
    }
  }

  @Override
  public void close() {
    watchdog.cancel(false);
    CURRENT.remove();
  }

  /** An HTTP response body whose every read spends from the budget. */
  private static final class Counted extends FilterInputStream {
    private final FetchBudget budget;

    Counted(InputStream in, FetchBudget budget) {
      super(in);
      this.budget = budget;
    }

    @Override
    public int read() throws IOException {
      budget.counted(0);
      int b = super.read();
      budget.counted(b < 0 ? 0 : 1);
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      budget.counted(0);
      int n = super.read(buf, off, len);
      budget.counted(n);
      return n;
    }
  }

  /** Lets a wrapped connection reach the one it wraps (JGit's session configures the real one). */
  private interface Wrapped {
    HttpConnection delegate();
  }

  /**
   * JGit's HTTP connections, each response stream counted against the budget of the thread that
   * opened it. Without a budget (no fetch of ours) a connection is JGit's own, unchanged.
   */
  private record BoundedFactory(HttpConnectionFactory2 delegate) implements HttpConnectionFactory2 {
    @Override
    public HttpConnection create(URL url) throws IOException {
      return bounded(delegate.create(url));
    }

    @Override
    public HttpConnection create(URL url, java.net.Proxy proxy) throws IOException {
      return bounded(delegate.create(url, proxy));
    }

    @Override
    public GitSession newSession() {
      GitSession session = delegate.newSession();
      return new GitSession() {
        @Override
        public HttpConnection configure(HttpConnection c, boolean sslVerify)
            throws IOException, java.security.GeneralSecurityException {
          session.configure(c instanceof Wrapped w ? w.delegate() : c, sslVerify);
          return c;
        }

        @Override
        public void close() {
          session.close();
        }
      };
    }

    private static HttpConnection bounded(HttpConnection connection) {
      FetchBudget budget = CURRENT.get();
      if (budget == null) {
        return connection;
      }
      return (HttpConnection)
          Proxy.newProxyInstance(
              FetchBudget.class.getClassLoader(),
              new Class<?>[] {HttpConnection.class, Wrapped.class},
              (proxy, method, args) -> {
                if (method.getName().equals("delegate") && method.getParameterCount() == 0) {
                  return connection;
                }
                try {
                  Object result = method.invoke(connection, args);
                  return method.getName().equals("getInputStream")
                      ? new Counted((InputStream) result, budget)
                      : result;
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }
  }
}
