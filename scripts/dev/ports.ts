import { createServer } from 'node:net';

/** True when nothing listens on 127.0.0.1:port, tried by binding it for a moment. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const server = createServer();
    server.once('error', () => resolvePromise(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      server.close(() => resolvePromise(true));
    });
  });
}

/** The ports among `wanted` that are taken, with who wanted them. */
export async function takenPorts(wanted: Record<string, number>): Promise<string[]> {
  const checks = await Promise.all(
    Object.entries(wanted).map(async ([who, port]) => ((await isPortFree(port)) ? undefined : `${port} (${who})`)),
  );
  return checks.filter((entry): entry is string => entry !== undefined);
}
