package io.gitops.cli.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The config file's content: named contexts and the one in use. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CliConfig(
    @JsonProperty("current-context") String currentContext, List<Context> contexts) {
  public CliConfig {
    contexts = contexts == null ? List.of() : List.copyOf(contexts);
  }

  public static CliConfig empty() {
    return new CliConfig(null, List.of());
  }

  public Optional<Context> context(String name) {
    return contexts.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** Adds or replaces the context of that name and makes it the current one. */
  public CliConfig with(Context context) {
    List<Context> all = new ArrayList<>();
    contexts.stream().filter(c -> !c.name().equals(context.name())).forEach(all::add);
    all.add(context);
    all.sort((a, b) -> a.name().compareTo(b.name()));
    return new CliConfig(context.name(), all);
  }

  public CliConfig using(String name) {
    return new CliConfig(name, contexts);
  }

  public CliConfig without(String name) {
    List<Context> rest = contexts.stream().filter(c -> !c.name().equals(name)).toList();
    return new CliConfig(name.equals(currentContext) ? null : currentContext, rest);
  }
}
