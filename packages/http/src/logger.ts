import { Logger } from '@aws-lambda-powertools/logger';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';

export function createLogger(serviceName: string, logLevel: LogLevel): Logger {
  return new Logger({ serviceName, logLevel });
}
