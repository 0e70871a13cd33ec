package io.gitops.gateway.codec;

/** A spec field that is missing or wrong; {@link #field()} is the dotted path a user can fix. */
public class InvalidSpecException extends IllegalArgumentException {
  private final String field;

  public InvalidSpecException(String field, String reason) {
    super(field + ": " + reason);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
