package io.gitops.gateway.model.archviolation;

import com.fasterxml.jackson.databind.JsonNode;

/** Deliberate violation (test only): a model record holding a library type. */
public record ModelUsesJackson(JsonNode node) {}
