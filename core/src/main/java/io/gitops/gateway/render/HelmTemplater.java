package io.gitops.gateway.render;

/**
 * Where {@code helm template} runs: in a killable worker process (the gateway) or in this process
 * (tests and benchmarks of pure rendering, where nothing hostile is rendered).
 */
public sealed interface HelmTemplater permits HelmTemplater.InProcess, HelmWorkers {
  /**
   * Helm's output for the job; a RenderException naming the limit when the render passes its
   * deadline, its memory or {@code maxOutputBytes}.
   */
  String template(HelmJob job, RenderDeadline deadline, long maxOutputBytes)
      throws RenderException, HelmJob.Failed;

  /** In this process, with no bound but the output size checked after the fact. */
  record InProcess() implements HelmTemplater {
    @Override
    public String template(HelmJob job, RenderDeadline deadline, long maxOutputBytes)
        throws RenderException, HelmJob.Failed {
      String output = job.run();
      if (output.length() > maxOutputBytes) {
        throw new RenderException(HelmWorkers.outputMessage(maxOutputBytes));
      }
      return output;
    }
  }
}
