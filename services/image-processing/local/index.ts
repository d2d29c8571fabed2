// What `pnpm dev` and the tests use to run the image job workflow without AWS.
export { lambdaInvoker } from './lambda-invoker.ts';
export {
  type ExecutionStatus,
  type ImageJobStateMachine,
  type Invoke,
  type LoadOptions,
  type LocalExecution,
  type LocalStepFunctions,
  type LocalStepFunctionsOptions,
  loadImageJobStateMachine,
  type StateMachineDefinition,
  startLocalStepFunctions,
  taskFunctionNames,
} from './state-machine.ts';
