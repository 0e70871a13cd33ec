package io.gitops.gateway.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The simulator's view of the CRUD mock's storage: read one object, store one, and number versions.
 */
interface ObjectStore {
  Optional<ObjectNode> read(ResourcePath objectPath);

  /** Stores the object at its path and sends the watch events (ADDED or MODIFIED). */
  void put(ResourcePath objectPath, ObjectNode object);

  long nextResourceVersion();

  /** The objects of a collection path (no name), e.g. the ReplicaSets of one namespace. */
  java.util.List<ObjectNode> list(ResourcePath collection);
}
