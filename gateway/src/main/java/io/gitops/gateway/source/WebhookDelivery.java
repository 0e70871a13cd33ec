package io.gitops.gateway.source;

/** What became of one webhook delivery. */
public sealed interface WebhookDelivery {
  String provider();

  /** A label for metrics: accepted, ignored, unauthorized, bad_request. */
  String result();

  record Push(PushEvent event) implements WebhookDelivery {
    public String provider() {
      return event.provider();
    }

    public String result() {
      return "accepted";
    }
  }

  /** Signed correctly but not a push (a ping, an issue event): 200, nothing done. */
  record Ignored(String provider, String reason) implements WebhookDelivery {
    public String result() {
      return "ignored";
    }
  }

  record Unauthorized(String provider, String reason) implements WebhookDelivery {
    public String result() {
      return "unauthorized";
    }
  }

  record Invalid(String provider, String field, String reason) implements WebhookDelivery {
    public String result() {
      return "bad_request";
    }
  }
}
