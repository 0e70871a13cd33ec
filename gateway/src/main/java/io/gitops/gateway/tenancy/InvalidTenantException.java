package io.gitops.gateway.tenancy;

/** A tenant definition that breaks the schema: which field, and why. */
public class InvalidTenantException extends RuntimeException {
  private final String field;

  public InvalidTenantException(String field, String reason) {
    super(reason, null, false, false);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
