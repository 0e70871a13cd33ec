package io.gitops.gateway.config;

/** Bad or missing configuration: the message names the key and is printed as one line. */
public class ConfigException extends RuntimeException {
  public ConfigException(String key, String reason) {
    super(key + ": " + reason.replaceAll("\\s*\\R\\s*", " "));
  }
}
