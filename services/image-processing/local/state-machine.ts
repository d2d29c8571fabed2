// The image job state machine, run locally: its one definition, read from serverless.yml, and a small
// Step Functions endpoint in front of aws-local-stepfunctions so that the job API's SFNClient starts
// and reads executions exactly as it does against AWS. The interpreting is aws-local-stepfunctions'.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import {
  ExecutionAbortedError,
  ExecutionError,
  ExecutionTimeoutError,
  type RunOptions,
  StateMachine,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import { type CollectionTag, Pair, parse, Scalar, type ScalarTag, YAMLMap } from 'yaml';

export type { StateMachineDefinition };

type JSONValue = Parameters<StateMachine['run']>[0];
type Overrides = NonNullable<RunOptions['overrides']>;
type TaskHandlers = NonNullable<Overrides['taskResourceLocalHandlers']>;
type EventLog = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

const SERVERLESS_YML = resolve(import.meta.dirname, '../serverless.yml');

// serverless.yml is CloudFormation-flavoured YAML: its short-form intrinsics (`!Ref`, `!GetAtt a.b`…)
// become the long form CloudFormation itself reads, so no tag trips the parser anywhere in the file.
const INTRINSICS = ['Ref', 'Condition', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::ImportValue', 'Fn::Select']
  .concat(['Fn::Split', 'Fn::If', 'Fn::Equals', 'Fn::Not', 'Fn::And', 'Fn::Or', 'Fn::FindInMap', 'Fn::Base64'])
  .concat(['Fn::Cidr', 'Fn::GetAZs', 'Fn::Transform']);

function longForm(key: string, node: unknown): YAMLMap {
  const map = new YAMLMap();
  map.items.push(new Pair(new Scalar(key), node));
  return map;
}

const CLOUDFORMATION_TAGS: (ScalarTag | CollectionTag)[] = INTRINSICS.flatMap((key) => {
  const tag = `!${key.replace('Fn::', '')}`;
  return [
    {
      tag,
      resolve: (value: string) => ({ [key]: key === 'Fn::GetAtt' ? value.split('.') : value }),
    } satisfies ScalarTag,
    { tag, collection: 'seq', resolve: (value) => longForm(key, value) } satisfies CollectionTag,
    { tag, collection: 'map', resolve: (value) => longForm(key, value) } satisfies CollectionTag,
  ];
});

type Fields = Record<string, unknown>;
const isRecord = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function at(root: unknown, path: string[]): unknown {
  let node = root;
  for (const key of path) {
    if (!isRecord(node) || !(key in node)) throw new Error(`serverless.yml has no ${path.join('.')}`);
    node = node[key];
  }
  return node;
}

/** The only variable the state machine's names use; anything else would need the framework to resolve. */
function withStage(text: unknown, what: string, stage: string): string {
  if (typeof text !== 'string') throw new Error(`serverless.yml: ${what} is not a string`);
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a Serverless variable, not a JavaScript template
  const resolved = text.replaceAll('${sls:stage}', stage);
  if (resolved.includes('${'))
    throw new Error(`serverless.yml: ${what} uses a variable this loader cannot resolve: ${text}`);
  return resolved;
}

interface AnyState {
  Type?: unknown;
  Resource?: unknown;
  Branches?: { States?: Record<string, AnyState> }[];
  ItemProcessor?: { States?: Record<string, AnyState> };
  Iterator?: { States?: Record<string, AnyState> };
}

/** Every state, nested ones (Parallel branches, Map processors) included, with its name. */
function* statesOf(definition: { States?: Record<string, AnyState> }): Generator<[string, AnyState]> {
  for (const [name, state] of Object.entries(definition.States ?? {})) {
    yield [name, state];
    for (const branch of state.Branches ?? []) yield* statesOf(branch);
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) yield* statesOf(processor);
  }
}

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:([A-Za-z0-9_-]+)(?::[A-Za-z0-9_$-]+)?$/;

export interface ImageJobStateMachine {
  /** `copper-image-job-<stage>`, as serverless.yml names it. */
  name: string;
  arn: string;
  /** Plain ASL, Task resources resolved to Lambda ARNs. */
  definition: StateMachineDefinition;
}

export interface LoadOptions {
  stage?: string;
  region?: string;
  account?: string;
  /** Another serverless.yml (tests); the service's own by default. */
  file?: string;
}

/**
 * The `imageJob` state machine exactly as serverless.yml defines it (anchors and merges applied), with
 * each Task's `Fn::GetAtt: [<function key>, Arn]` turned into the ARN of the function serverless names
 * `<service>-<stage>-<key>`, which is also the name serverless-offline invokes it by.
 */
export function loadImageJobStateMachine(options: LoadOptions = {}): ImageJobStateMachine {
  const { stage = 'dev', region = 'eu-west-1', account = '000000000000', file = SERVERLESS_YML } = options;
  const config: unknown = parse(readFileSync(file, 'utf8'), {
    merge: true,
    customTags: CLOUDFORMATION_TAGS,
    maxAliasCount: -1,
  });
  const service = withStage(at(config, ['service']), 'service', stage);
  const functions = at(config, ['functions']);
  const name = withStage(at(config, ['custom', 'stateMachineName']), 'custom.stateMachineName', stage);
  // Aliases (`*retry`) come back as shared objects; the copy is the caller's to keep or change.
  const definition = structuredClone(at(config, ['stepFunctions', 'stateMachines', 'imageJob', 'definition']));
  if (!isRecord(definition) || typeof definition.StartAt !== 'string' || !isRecord(definition.States)) {
    throw new Error('serverless.yml: stepFunctions.stateMachines.imageJob.definition is not a state machine');
  }
  if (!isRecord(functions)) throw new Error('serverless.yml: functions is not a map');

  const functionArn = (state: string, resource: unknown): string => {
    if (typeof resource === 'string' && LAMBDA_ARN.test(resource)) return resource;
    const getAtt = isRecord(resource) ? resource['Fn::GetAtt'] : undefined;
    const [key, attribute] = Array.isArray(getAtt) ? getAtt : [];
    const fn = typeof key === 'string' ? functions[key] : undefined;
    if (attribute !== 'Arn' || !isRecord(fn)) {
      throw new Error(
        `state "${state}": cannot resolve Resource ${JSON.stringify(resource)}; ` +
          'expected { Fn::GetAtt: [<key of functions:>, Arn] } or a Lambda function ARN',
      );
    }
    const functionName =
      fn.name === undefined ? `${service}-${stage}-${key}` : withStage(fn.name, `${key}.name`, stage);
    return `arn:aws:lambda:${region}:${account}:function:${functionName}`;
  };
  for (const [stateName, state] of statesOf(definition)) {
    if (state.Type === 'Task') state.Resource = functionArn(stateName, state.Resource);
  }
  return {
    name,
    arn: `arn:aws:states:${region}:${account}:stateMachine:${name}`,
    definition: definition as unknown as StateMachineDefinition,
  };
}

/** State name → Lambda function name, for every Task state; a Task calling anything else is an error. */
export function taskFunctionNames(definition: StateMachineDefinition): Record<string, string> {
  const names: Record<string, string> = {};
  for (const [stateName, state] of statesOf(definition as { States?: Record<string, AnyState> })) {
    if (state.Type !== 'Task') continue;
    const match = typeof state.Resource === 'string' ? LAMBDA_ARN.exec(state.Resource) : null;
    if (!match?.[1]) {
      throw new Error(`state "${stateName}": Resource ${JSON.stringify(state.Resource)} is not a Lambda function ARN`);
    }
    names[stateName] = match[1];
  }
  return names;
}

// ---------------------------------------------------------------------------------------------------
// The Step Functions endpoint (AWS JSON 1.0: POST /, `X-Amz-Target: AWSStepFunctions.<Operation>`).

export type Invoke = (functionName: string, payload: unknown) => Promise<unknown>;

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface LocalExecution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  /** The input as StartExecution received it (a JSON string). */
  input: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  output?: string;
  error?: string;
  cause?: string;
  /** Settles when the execution has ended, whichever way. */
  done: Promise<void>;
}

export interface LocalStepFunctionsOptions {
  port: number;
  host?: string;
  definition: StateMachineDefinition;
  stateMachineArn: string;
  /** Runs a Task state's Lambda function; a thrown Error's `name` is what Retry and Catch match. */
  invoke: Invoke;
  /** Milliseconds per state instead of the definition's backoff (aws-local-stepfunctions' override). */
  retryIntervalOverrides?: Record<string, number | number[]>;
  log?: (line: string) => void;
}

export interface LocalStepFunctions {
  server: Server;
  /** `http://<host>:<port>`, the port being the one bound (useful with port 0). */
  endpoint: string;
  executions: ReadonlyMap<string, LocalExecution>;
  /** Aborts running executions and stops listening. */
  close(): Promise<void>;
}

/** An answer Step Functions would give as a 400 with `{"__type", "message"}`. */
class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

// What AWS refuses in an execution name: white space, brackets, wildcards, these specials, control characters.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
const INVALID_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

const epochSeconds = (date: Date) => date.getTime() / 1000;

function describeCause(cause: unknown): string {
  if (typeof cause === 'string') return cause;
  if (cause instanceof Error) return cause.message;
  return JSON.stringify(cause) ?? String(cause);
}

function requireString(body: Fields, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') throw new ApiError('ValidationException', `${field} is required`);
  return value;
}

function optionalString(body: Fields, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ApiError('ValidationException', `${field} must be a string`);
  return value;
}

export async function startLocalStepFunctions(options: LocalStepFunctionsOptions): Promise<LocalStepFunctions> {
  const { definition, stateMachineArn, invoke, retryIntervalOverrides } = options;
  const log = options.log ?? (() => {});
  // Built once so that an invalid definition stops `pnpm dev` at start, not at the first job.
  const machine = new StateMachine(definition, { validationOptions: { checkPaths: true, checkArn: true } });
  const taskResourceLocalHandlers: TaskHandlers = Object.fromEntries(
    Object.entries(taskFunctionNames(definition)).map(([state, functionName]) => [
      state,
      async (input: JSONValue) => ((await invoke(functionName, input)) ?? null) as JSONValue,
    ]),
  );
  const stateMachineName = stateMachineArn.split(':').at(-1) ?? stateMachineArn;
  const executions = new Map<string, LocalExecution>();
  const aborts = new Map<string, () => void>();

  function finish(execution: LocalExecution, status: ExecutionStatus, fields: Partial<LocalExecution>): void {
    if (execution.status !== 'RUNNING') return;
    Object.assign(execution, { status, stopDate: new Date(), ...fields });
    aborts.delete(execution.executionArn);
  }

  async function follow(name: string, events: AsyncGenerator<EventLog>): Promise<void> {
    for await (const event of events) {
      if (event.type === 'StateEntered') log(`${name}: → ${event.state.name}`);
      // A Fail state "fails" by design; the execution's own end line says how it ended.
      else if (event.type === 'StateFailed' && event.state.type !== 'Fail') {
        log(`${name}: ✖ ${event.state.name} failed: ${event.Error}: ${describeCause(event.Cause)}`);
      } else if (event.type === 'StateRetried') log(`${name}: ↻ ${event.state.name} retry ${event.retry.attempt}`);
      else if (event.type === 'StateCaught') log(`${name}: ${event.state.name} caught → ${event.catch.catcher.Next}`);
    }
  }

  function startExecution(body: Fields) {
    const arn = requireString(body, 'stateMachineArn');
    if (arn !== stateMachineArn)
      throw new ApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    const name = optionalString(body, 'name') ?? randomUUID();
    if (name.length > 80 || INVALID_NAME.test(name)) throw new ApiError('InvalidName', `Invalid Name: '${name}'`);
    const input = optionalString(body, 'input') ?? '{}';
    let parsed: JSONValue;
    try {
      parsed = JSON.parse(input) as JSONValue;
    } catch {
      throw new ApiError('InvalidExecutionInput', 'Invalid State Machine Execution Input: not JSON');
    }
    const executionArn = `${arn.replace(':stateMachine:', ':execution:')}:${name}`;
    const existing = executions.get(executionArn);
    if (existing) {
      // Standard workflows: the same name and input while running is the same start; anything else is refused.
      if (existing.status === 'RUNNING' && existing.input === input) {
        return { executionArn, startDate: epochSeconds(existing.startDate) };
      }
      throw new ApiError('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
    }

    const startDate = new Date();
    const run = machine.run(parsed, {
      overrides: { taskResourceLocalHandlers, ...(retryIntervalOverrides ? { retryIntervalOverrides } : {}) },
      context: {
        Execution: { Id: executionArn, Name: name, StartTime: startDate.toISOString(), Input: parsed },
        StateMachine: { Id: stateMachineArn, Name: stateMachineName },
      },
    });
    const execution: LocalExecution = {
      executionArn,
      stateMachineArn,
      name,
      input,
      status: 'RUNNING',
      startDate,
      done: Promise.resolve(),
    };
    executions.set(executionArn, execution);
    aborts.set(executionArn, run.abort);
    log(`${name}: started`);
    const following = follow(name, run.eventLogs).catch((error: unknown) => {
      log(`${name}: event log ended: ${describeCause(error)}`);
    });
    const ending = run.result.then(
      (output) => finish(execution, 'SUCCEEDED', { output: JSON.stringify(output) }),
      (error: unknown) => {
        if (error instanceof ExecutionAbortedError) return finish(execution, 'ABORTED', {});
        if (error instanceof ExecutionTimeoutError) {
          return finish(execution, 'TIMED_OUT', { error: 'States.Timeout', cause: 'The execution timed out.' });
        }
        // aws-local-stepfunctions wraps what ended the run (a Fail state, an uncaught task error) as `cause`.
        const ended = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
        if (ended instanceof Error) return finish(execution, 'FAILED', { error: ended.name, cause: ended.message });
        finish(execution, 'FAILED', { error: 'States.Runtime', cause: describeCause(ended) });
      },
    );
    // Said once the state lines are out, so the console reads in order.
    execution.done = Promise.all([ending, following]).then(() => {
      const why = execution.error ? `: ${execution.error}${execution.cause ? ` (${execution.cause})` : ''}` : '';
      log(`${name}: ${execution.status}${why}`);
    });
    return { executionArn, startDate: epochSeconds(startDate) };
  }

  function executionOf(body: Fields): LocalExecution {
    const arn = requireString(body, 'executionArn');
    const execution = executions.get(arn);
    if (!execution) throw new ApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return execution;
  }

  function describeExecution(body: Fields) {
    const execution = executionOf(body);
    return {
      executionArn: execution.executionArn,
      stateMachineArn: execution.stateMachineArn,
      name: execution.name,
      status: execution.status,
      startDate: epochSeconds(execution.startDate),
      ...(execution.stopDate ? { stopDate: epochSeconds(execution.stopDate) } : {}),
      input: execution.input,
      inputDetails: { included: true },
      ...(execution.output === undefined ? {} : { output: execution.output, outputDetails: { included: true } }),
      ...(execution.error === undefined ? {} : { error: execution.error }),
      ...(execution.cause === undefined ? {} : { cause: execution.cause }),
    };
  }

  function stopExecution(body: Fields) {
    const execution = executionOf(body);
    const error = optionalString(body, 'error');
    const cause = optionalString(body, 'cause');
    const abort = aborts.get(execution.executionArn);
    finish(execution, 'ABORTED', { ...(error ? { error } : {}), ...(cause ? { cause } : {}) });
    abort?.();
    return { stopDate: epochSeconds(execution.stopDate ?? new Date()) };
  }

  const operations: Record<string, (body: Fields) => unknown> = {
    StartExecution: startExecution,
    DescribeExecution: describeExecution,
    StopExecution: stopExecution,
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() });
      response.end(JSON.stringify(body));
    };
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const target = request.headers['x-amz-target'];
      const operation = typeof target === 'string' && target.startsWith('AWSStepFunctions.') ? target.slice(17) : '';
      const run = operations[operation];
      if (request.method !== 'POST' || !run) {
        throw new ApiError('UnknownOperationException', `Operation not supported locally: ${String(target)}`);
      }
      let body: unknown;
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      } catch {
        throw new ApiError('SerializationException', 'The request body is not JSON');
      }
      if (!isRecord(body)) throw new ApiError('SerializationException', 'The request body is not a JSON object');
      reply(200, run(body));
    } catch (error) {
      if (error instanceof ApiError) reply(400, { __type: error.type, message: error.message });
      else {
        log(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        reply(500, { __type: 'InternalServerError', message: 'The local Step Functions endpoint failed' });
      }
    }
  }

  const host = options.host ?? '127.0.0.1';
  const server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((listening, failed) => {
    server.once('error', failed);
    server.listen(options.port, host, () => {
      server.off('error', failed);
      listening();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    server,
    endpoint: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    executions,
    async close() {
      for (const execution of executions.values()) {
        if (execution.status !== 'RUNNING') continue;
        const abort = aborts.get(execution.executionArn);
        finish(execution, 'ABORTED', { error: 'States.Aborted', cause: 'The local Step Functions endpoint stopped.' });
        abort?.();
      }
      await Promise.allSettled([...executions.values()].map((execution) => execution.done));
      server.closeAllConnections();
      await new Promise<void>((closed) => server.close(() => closed()));
    },
  };
}
