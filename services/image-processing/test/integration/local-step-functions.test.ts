import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Invoke,
  type LocalStepFunctions,
  lambdaInvoker,
  loadImageJobStateMachine,
  startLocalStepFunctions,
  taskFunctionNames,
} from '../../local/index.ts';

// The real definition from serverless.yml, run by aws-local-stepfunctions behind the local Step
// Functions endpoint, driven by the real SFNClient the job API uses. The task functions are stubs
// here (the pipeline's own tests run the real ones), so each outcome of Retry/Catch can be forced.

const machine = loadImageJobStateMachine({ stage: 'test' });
const stateOf = Object.fromEntries(Object.entries(taskFunctionNames(machine.definition)).map(([s, f]) => [f, s]));
/** Every task's retries pause a few milliseconds instead of 2, 4, 8 s with jitter. */
const quickRetries = Object.fromEntries(Object.keys(stateOf).map((fn) => [stateOf[fn] ?? fn, 3]));

type Stub = (payload: Record<string, unknown>) => unknown;
const named = (name: string, message: string) => Object.assign(new Error(message), { name });

/** Answers that let every step hand the next what it reads. */
const happy: Record<string, Stub> = {
  Inspect: () => ({ ok: true, width: 4000, height: 3000, format: 'tiff' }),
  Render: () => ({ spec: 'r1', renditions: [{ width: 640, format: 'avif' }] }),
  Tiles: () => ({ spec: 't1', levels: 12 }),
  Placeholder: () => ({ thumbhash: 'abc', dominant: '#7a5c3e' }),
  Publish: () => ({ mediaId: 'm-1' }),
  RecordFailure: () => ({ recorded: true }),
};

interface Running {
  local: LocalStepFunctions;
  sfn: SFNClient;
  calls: { state: string; payload: Record<string, unknown> }[];
  lines: string[];
}

const started: Running[] = [];
const fakes: Server[] = [];
afterEach(async () => {
  for (const { local, sfn } of started.splice(0)) {
    sfn.destroy();
    await local.close();
  }
  for (const fake of fakes.splice(0)) {
    fake.closeAllConnections();
    await new Promise((done) => fake.close(done));
  }
});

async function run(stubs: Partial<Record<string, Stub>>, invoke?: Invoke): Promise<Running> {
  const calls: Running['calls'] = [];
  const lines: string[] = [];
  const local = await startLocalStepFunctions({
    port: 0,
    definition: machine.definition,
    stateMachineArn: machine.arn,
    retryIntervalOverrides: quickRetries,
    log: (line) => lines.push(line),
    invoke:
      invoke ??
      (async (functionName, payload) => {
        const state = stateOf[functionName];
        const stub = state ? { ...happy, ...stubs }[state] : undefined;
        if (!state || !stub) throw new Error(`no stub for ${functionName}`);
        calls.push({ state, payload: payload as Record<string, unknown> });
        return stub(payload as Record<string, unknown>);
      }),
  });
  const sfn = new SFNClient({
    endpoint: local.endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const running = { local, sfn, calls, lines };
  started.push(running);
  return running;
}

const jobInput = () => ({
  jobId: randomUUID(),
  attempt: 1,
  artworkId: randomUUID(),
  uploadKey: 'originals/plate.tif',
  alt: 'Harbour',
  watermark: false,
});

/** Starts one execution through the API and waits for it to end; its description, also through the API. */
async function execute({ local, sfn }: Running, input: object): Promise<DescribeExecutionCommandOutput> {
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn: machine.arn, name: randomUUID(), input: JSON.stringify(input) }),
  );
  if (!executionArn) throw new Error('no executionArn');
  await local.executions.get(executionArn)?.done;
  return sfn.send(new DescribeExecutionCommand({ executionArn }));
}

describe('the image job state machine under the local Step Functions endpoint', () => {
  it('runs every step in order, each result at its ResultPath, and SUCCEEDS', async () => {
    const running = await run({});
    const input = jobInput();
    const before = Date.now();
    const described = await execute(running, input);

    expect(described.status).toBe('SUCCEEDED');
    expect(described.stateMachineArn).toBe(machine.arn);
    expect(described.executionArn).toMatch(/^arn:aws:states:eu-west-1:000000000000:execution:copper-image-job-test:/);
    expect(JSON.parse(described.input ?? '')).toEqual(input);
    expect(JSON.parse(described.output ?? '')).toEqual({
      ...input,
      source: happy.Inspect?.({}),
      renditions: happy.Render?.({}),
      tiles: happy.Tiles?.({}),
      placeholder: happy.Placeholder?.({}),
      media: happy.Publish?.({}),
    });
    // Dates travel as epoch seconds and come back as Dates, as with AWS.
    expect(described.startDate).toBeInstanceOf(Date);
    expect(described.startDate?.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(described.stopDate?.getTime()).toBeGreaterThanOrEqual(described.startDate?.getTime() ?? Infinity);

    expect(running.calls.map((call) => call.state)).toEqual(['Inspect', 'Render', 'Tiles', 'Placeholder', 'Publish']);
    expect(running.calls[1]?.payload).toEqual({ ...input, source: happy.Inspect?.({}) });
    expect(running.lines).toContain(`${described.name}: started`);
    expect(running.lines).toContain(`${described.name}: → Publish`);
    expect(running.lines).toContain(`${described.name}: SUCCEEDED`);
  });

  it('does not retry a JobRefusedError: it records the failure once and ends FAILED', async () => {
    const running = await run({
      Render: () => {
        throw named('JobRefusedError', 'The scan is 16-bit CMYK.');
      },
    });
    const described = await execute(running, jobInput());

    expect(running.calls.map((call) => call.state)).toEqual(['Inspect', 'Render', 'RecordFailure']);
    expect(running.calls[2]?.payload.error).toEqual({ Error: 'JobRefusedError', Cause: 'The scan is 16-bit CMYK.' });
    expect(described.status).toBe('FAILED');
    expect(described.error).toBe('ImageJobFailed');
    expect(described.cause).toBe('A step failed after its retries; the job records why.');
    expect(described.output).toBeUndefined();
  });

  it('retries any other error with the definition’s attempts, then carries on', async () => {
    let failures = 0;
    const running = await run({
      Tiles: () => {
        failures += 1;
        if (failures <= 3) throw named('S3ServiceError', `SlowDown ${failures}`);
        return happy.Tiles?.({});
      },
    });
    const described = await execute(running, jobInput());

    expect(described.status).toBe('SUCCEEDED');
    expect(running.calls.filter((call) => call.state === 'Tiles')).toHaveLength(4);
    expect(running.calls.some((call) => call.state === 'RecordFailure')).toBe(false);
    expect(running.lines).toContain(`${described.name}: ↻ Tiles retry 3`);
    expect(running.lines).toContain(`${described.name}: ✖ Tiles failed: S3ServiceError: SlowDown 1`);
  });

  it('gives up after MaxAttempts retries and records the last error', async () => {
    const running = await run({
      Publish: () => {
        throw named('S3ServiceError', 'still down');
      },
    });
    const described = await execute(running, jobInput());

    expect(running.calls.filter((call) => call.state === 'Publish')).toHaveLength(4);
    expect(running.calls.at(-1)).toMatchObject({
      state: 'RecordFailure',
      payload: { error: { Error: 'S3ServiceError' } },
    });
    expect(described.status).toBe('FAILED');
    expect(described.error).toBe('ImageJobFailed');
  });

  it('ends FAILED through Refused, without rendering, when Inspect refuses the source', async () => {
    const running = await run({ Inspect: () => ({ ok: false, reason: 'not an image' }) });
    const described = await execute(running, jobInput());

    expect(running.calls.map((call) => call.state)).toEqual(['Inspect']);
    expect(described.status).toBe('FAILED');
    expect(described.error).toBe('SourceRefused');
    expect(described.cause).toBe('The scan was refused; the job records why.');
  });

  it('treats a second start of the same name and input as the same execution, and refuses other input', async () => {
    let release = () => {};
    const held = new Promise<void>((done) => {
      release = done;
    });
    const running = await run({
      Inspect: async () => {
        await held;
        return happy.Inspect?.({});
      },
    });
    const name = randomUUID();
    const input = JSON.stringify(jobInput());
    const start = (body: string) =>
      running.sfn.send(new StartExecutionCommand({ stateMachineArn: machine.arn, name, input: body }));

    const first = await start(input);
    const again = await start(input);
    expect(again.executionArn).toBe(first.executionArn);
    expect(again.startDate).toEqual(first.startDate);
    await expect(start(JSON.stringify(jobInput()))).rejects.toBeInstanceOf(ExecutionAlreadyExists);

    release();
    await running.local.executions.get(first.executionArn ?? '')?.done;
    expect(running.calls.filter((call) => call.state === 'Inspect')).toHaveLength(1);
    // As on AWS, a Standard execution's name cannot be reused once it has ended, whatever the input.
    await expect(start(input)).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it('answers for unknown state machines and executions with the API’s own errors', async () => {
    const { sfn } = await run({});
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: `${machine.arn}-other`, input: '{}' })),
    ).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    await expect(
      sfn.send(
        new DescribeExecutionCommand({ executionArn: `${machine.arn.replace(':stateMachine:', ':execution:')}:x` }),
      ),
    ).rejects.toBeInstanceOf(ExecutionDoesNotExist);
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: machine.arn, input: 'not json' })),
    ).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
  });

  it('stops a running execution: ABORTED, and the step that was running changes nothing', async () => {
    let release = () => {};
    const held = new Promise<void>((done) => {
      release = done;
    });
    const running = await run({
      Render: async () => {
        await held;
        return happy.Render?.({});
      },
    });
    const { executionArn } = await running.sfn.send(
      new StartExecutionCommand({ stateMachineArn: machine.arn, input: JSON.stringify(jobInput()) }),
    );
    while (!running.calls.some((call) => call.state === 'Render')) await new Promise((done) => setTimeout(done, 5));

    const stopped = await running.sfn.send(
      new StopExecutionCommand({ executionArn, error: 'Cancelled', cause: 'test' }),
    );
    expect(stopped.stopDate).toBeInstanceOf(Date);
    release();
    await running.local.executions.get(executionArn ?? '')?.done;
    const described = await running.sfn.send(new DescribeExecutionCommand({ executionArn }));

    expect(described).toMatchObject({ status: 'ABORTED', error: 'Cancelled', cause: 'test' });
    expect(running.calls.map((call) => call.state)).toEqual(['Inspect', 'Render']);
  });
});

describe('lambdaInvoker against a Lambda endpoint answering as serverless-offline does', () => {
  /** serverless-offline 14's answers: the result, or an unhandled error always typed "Error". */
  async function fakeOffline(
    answer: (functionName: string, event: unknown) => { status: number; headers?: object; body: unknown },
  ) {
    const requests: { path: string; authorization?: string }[] = [];
    const server = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const path = request.url ?? '';
      requests.push({
        path,
        ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
      });
      const functionName = decodeURIComponent(/\/functions\/([^/]+)\/invocations/.exec(path)?.[1] ?? '');
      const { status, headers, body } = answer(functionName, JSON.parse(Buffer.concat(chunks).toString('utf8')));
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    fakes.push(server);
    return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
  }

  const unhandled = (error: Error) => ({
    status: 200,
    headers: { 'X-Amz-Function-Error': 'Unhandled' },
    // What offline sends once the error has crossed its worker thread: the name survives only in the stack.
    body: { errorMessage: error.message, errorType: 'Error', trace: (error.stack ?? '').split('\n') },
  });

  it('invokes by function name and returns the parsed result', async () => {
    const offline = await fakeOffline((functionName, event) => ({ status: 200, body: { functionName, event } }));
    const invoke = lambdaInvoker({ endpoint: offline.endpoint });

    await expect(invoke('copper-image-processing-dev-inspect', { jobId: 'j' })).resolves.toEqual({
      functionName: 'copper-image-processing-dev-inspect',
      event: { jobId: 'j' },
    });
    expect(offline.requests[0]?.path).toBe('/2015-03-31/functions/copper-image-processing-dev-inspect/invocations');
    expect(offline.requests[0]?.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=local\//);
  });

  it('throws the function’s error under its own name, so Retry and Catch match it', async () => {
    const offline = await fakeOffline((functionName) =>
      functionName.endsWith('-handled')
        ? {
            status: 200,
            headers: { 'X-Amz-Function-Error': 'Unhandled' },
            body: { errorType: 'S3ServiceError', errorMessage: 'SlowDown' },
          }
        : unhandled(named('JobRefusedError', 'Not an image: text/plain.')),
    );
    const invoke = lambdaInvoker({ endpoint: offline.endpoint });

    await expect(invoke('f', {})).rejects.toMatchObject({
      name: 'JobRefusedError',
      message: 'Not an image: text/plain.',
    });
    await expect(invoke('f-handled', {})).rejects.toMatchObject({ name: 'S3ServiceError', message: 'SlowDown' });
  });

  it('names Lambda API failures as Step Functions does', async () => {
    const offline = await fakeOffline(() => ({
      status: 404,
      headers: { 'x-amzn-ErrorType': 'ResourceNotFoundException' },
      body: { Message: 'Function not found: f', Type: 'User' },
    }));
    await expect(lambdaInvoker({ endpoint: offline.endpoint })('f', {})).rejects.toMatchObject({
      name: 'Lambda.ResourceNotFoundException',
    });
    await expect(lambdaInvoker({ endpoint: 'http://127.0.0.1:9' })('f', {})).rejects.toMatchObject({
      name: 'Lambda.SdkClientException',
    });
  });

  it('lets the state machine see a refusal from offline as JobRefusedError: no retry, straight to RecordFailure', async () => {
    const seen: string[] = [];
    const offline = await fakeOffline((functionName, event) => {
      const state = stateOf[functionName] ?? functionName;
      seen.push(state);
      if (state === 'Inspect') return unhandled(named('JobRefusedError', 'Not an image.'));
      return { status: 200, body: state === 'RecordFailure' ? { recorded: (event as { error: unknown }).error } : {} };
    });
    const running = await run({}, lambdaInvoker({ endpoint: offline.endpoint }));
    const described = await execute(running, jobInput());

    expect(seen).toEqual(['Inspect', 'RecordFailure']);
    expect(described.status).toBe('FAILED');
    expect(JSON.parse(described.input ?? '{}')).toHaveProperty('jobId');
    expect(running.lines.some((line) => line.endsWith('✖ Inspect failed: JobRefusedError: Not an image.'))).toBe(true);
  });
});
