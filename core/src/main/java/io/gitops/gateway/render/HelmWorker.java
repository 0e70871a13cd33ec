package io.gitops.gateway.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The main class of a Helm worker process ({@link HelmWorkers} starts it). Helm runs as native Go
 * code through JNA: in the gateway's own process a looping or allocating template could neither be
 * stopped nor bounded, so it runs here, where the gateway can kill it (as Argo CD keeps Helm in its
 * repo-server, away from the controller).
 *
 * <p>Protocol, repeated until stdin closes: the gateway writes a 4-byte length and a {@link
 * HelmJob} as JSON; the worker answers a status byte ({@link #OK}, {@link #HELM_FAILED}), a 4-byte
 * length and that many bytes (Helm's output, or Helm's error message), all in UTF-8.
 */
public final class HelmWorker {
  static final int OK = 0;
  static final int HELM_FAILED = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private HelmWorker() {}

  public static void main(String[] args) throws IOException {
    DataOutputStream answers =
        new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));
    System.setOut(System.err); // nothing but answers may reach the answer stream
    DataInputStream jobs = new DataInputStream(new BufferedInputStream(System.in));
    while (true) {
      int length;
      try {
        length = jobs.readInt();
      } catch (EOFException e) {
        return; // the gateway closed our stdin: it is done with us
      }
      HelmJob job = JSON.readValue(jobs.readNBytes(length), HelmJob.class);
      int status;
      byte[] body;
      try {
        body = job.run().getBytes(StandardCharsets.UTF_8);
        status = OK;
      } catch (HelmJob.Failed e) {
        body = e.getMessage().getBytes(StandardCharsets.UTF_8);
        status = HELM_FAILED;
      }
      // An OutOfMemoryError is not caught: the process dies and the gateway names the memory limit.
      answers.writeByte(status);
      answers.writeInt(body.length);
      answers.write(body);
      answers.flush();
    }
  }
}
