package io.gitops.gateway.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The outcome of one write: HTTP code, the object as stored, and whether its generation moved. */
record WriteResult(
    int code,
    ObjectNode object,
    ResourcePath path,
    ApiResource resource,
    boolean generationChanged) {}
