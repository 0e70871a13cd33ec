package io.gitops.gateway.api;

/** An error with its HTTP status, answered as RFC 7807 problem JSON. */
public class ApiException extends RuntimeException {
  private final int status;
  private final String field;

  public ApiException(int status, String detail) {
    this(status, detail, null);
  }

  public ApiException(int status, String detail, String field) {
    super(detail, null, false, false);
    this.status = status;
    this.field = field;
  }

  public int status() {
    return status;
  }

  public String field() {
    return field;
  }

  public static ApiException notFound(String what) {
    return new ApiException(404, what + " not found");
  }
}
