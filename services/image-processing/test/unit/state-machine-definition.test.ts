import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { loadImageJobStateMachine, taskFunctionNames } from '../../local/index.ts';

// The definition in serverless.yml is the one AWS runs and the one `pnpm dev` runs: these pin what
// both rely on, on the loaded (anchors resolved, resources resolved) form.

interface TaskState {
  Type: string;
  Resource?: string;
  TimeoutSeconds?: number;
  Retry?: { ErrorEquals: string[]; MaxAttempts?: number }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
}

const { name, arn, definition } = loadImageJobStateMachine({
  stage: 'test',
  region: 'eu-central-1',
  account: '123456789012',
});
const states = definition.States as unknown as Record<string, TaskState>;
const tasks = Object.entries(states).filter(([, state]) => state.Type === 'Task');

describe('the image job definition from serverless.yml', () => {
  it('is named per stage and addressed by a Step Functions ARN', () => {
    expect(name).toBe('copper-image-job-test');
    expect(arn).toBe('arn:aws:states:eu-central-1:123456789012:stateMachine:copper-image-job-test');
  });

  it('calls each task function by the name serverless gives it', () => {
    expect(taskFunctionNames(definition)).toEqual({
      Inspect: 'copper-image-processing-test-inspect',
      Render: 'copper-image-processing-test-render',
      Tiles: 'copper-image-processing-test-tiles',
      Placeholder: 'copper-image-processing-test-placeholder',
      Publish: 'copper-image-processing-test-publish',
      RecordFailure: 'copper-image-processing-test-recordFailure',
    });
    expect(states.Inspect?.Resource).toBe(
      'arn:aws:lambda:eu-central-1:123456789012:function:copper-image-processing-test-inspect',
    );
  });

  it.each(tasks)('%s has a timeout, retries and a catch', (stateName, state) => {
    expect(state.TimeoutSeconds).toBeGreaterThan(0);
    expect(state.Retry?.some((retrier) => retrier.ErrorEquals.includes('States.ALL'))).toBe(true);
    expect(state.Catch?.[0]?.ErrorEquals).toEqual(['States.ALL']);
    expect(state.Catch?.[0]?.Next).toBe(stateName === 'RecordFailure' ? 'Failed' : 'RecordFailure');
  });

  it('never retries a refusal, in any step that can refuse', () => {
    for (const [stateName, state] of tasks) {
      if (stateName === 'RecordFailure') continue;
      expect(state.Retry?.[0]).toEqual({ ErrorEquals: ['JobRefusedError'], MaxAttempts: 0 });
    }
  });

  it('is valid ASL for aws-local-stepfunctions, paths and ARNs included', () => {
    expect(
      () => new StateMachine(definition, { validationOptions: { checkPaths: true, checkArn: true } }),
    ).not.toThrow();
  });

  it('names the state whose resource it cannot resolve', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'copper-sm-'));
    try {
      const file = join(dir, 'serverless.yml');
      await writeFile(
        file,
        `service: s
custom:
  stateMachineName: m-\${sls:stage}
functions: { real: { handler: h.h } }
stepFunctions:
  stateMachines:
    imageJob:
      definition:
        StartAt: Ok
        States:
          Ok: { Type: Task, Resource: !GetAtt real.Arn, Next: Typo }
          Typo: { Type: Task, Resource: !GetAtt missing.Arn, End: true }
`,
      );
      expect(() => loadImageJobStateMachine({ file })).toThrow(/state "Typo": cannot resolve Resource/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a Task whose resource is not a Lambda function', () => {
    const odd = {
      StartAt: 'Q',
      States: { Q: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true } },
    };
    expect(() => taskFunctionNames(odd as unknown as typeof definition)).toThrow(/state "Q"/);
  });
});
