// One JSON line per event on stdout, as the services log, so the same tools read both.
type Level = 'info' | 'warn' | 'error';

export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(
    `${JSON.stringify({ level, time: new Date().toISOString(), service: 'web', message, ...fields })}\n`,
  );
}
