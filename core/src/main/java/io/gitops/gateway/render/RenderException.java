package io.gitops.gateway.render;

/** A render that cannot produce the app's objects; the message is for a person to act on. */
public class RenderException extends Exception {
  public RenderException(String message) {
    super(message);
  }

  public RenderException(String message, Throwable cause) {
    super(message, cause);
  }
}
