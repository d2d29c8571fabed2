import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { JobInput } from '../domain/pipeline.ts';
import type { Job, Workflow } from '../domain/ports.ts';

/**
 * Starts one Standard execution per job attempt, named `<job id>-<attempt>`: Step Functions refuses
 * a second execution of the same name, which makes a double start of one attempt harmless.
 */
export function createWorkflow(options: { stateMachineArn: string; endpoint?: string | undefined }): Workflow {
  const client = new SFNClient({ ...(options.endpoint ? { endpoint: options.endpoint } : {}) });
  return {
    async start(job: Job) {
      const input: JobInput = {
        jobId: job.id,
        attempt: job.attempt,
        artworkId: job.artworkId,
        uploadKey: job.uploadKey,
        alt: job.alt,
        watermark: job.watermark,
      };
      try {
        await client.send(
          new StartExecutionCommand({
            stateMachineArn: options.stateMachineArn,
            name: `${job.id}-${job.attempt}`,
            input: JSON.stringify(input),
          }),
        );
      } catch (error) {
        if (error instanceof ExecutionAlreadyExists) return;
        throw error;
      }
    },
  };
}
