package io.gitops.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;

/** SnakeYAML's errors run over several lines with a source snippet; a config error is one line. */
public final class YamlErrors {
  private YamlErrors() {}

  public static String describe(JsonProcessingException e) {
    var loc = e.getLocation();
    String where =
        loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    String message = String.valueOf(e.getOriginalMessage());
    int snippet = message.indexOf("\n in ");
    if (snippet >= 0) {
      message = message.substring(0, snippet);
    }
    return "invalid YAML" + where + ": " + message.replaceAll("\\s*\\R\\s*", "; ").trim();
  }
}
