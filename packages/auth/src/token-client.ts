import * as z from 'zod';
import { DEFAULT_ISSUER_PORT } from './dev-defaults.ts';
import { IssuerNotRunningError } from './errors.ts';

const tokenResponseSchema = z.object({ access_token: z.string().min(1) });

/** Asks the local issuer that `pnpm dev` runs for a fresh token for the dev artist. */
export async function fetchDevToken(options: { port?: number } = {}): Promise<string> {
  const url = `http://127.0.0.1:${options.port ?? DEFAULT_ISSUER_PORT}/token`;
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(5_000) });
  } catch (error) {
    throw new IssuerNotRunningError(`no local issuer answers at ${url}: start \`pnpm dev\` first`, { cause: error });
  }
  const body: unknown = await response.json().catch(() => undefined);
  const parsed = tokenResponseSchema.safeParse(body);
  if (!response.ok || !parsed.success) {
    throw new IssuerNotRunningError(
      `${url} answered HTTP ${response.status} but not with a token: is something else on that port? Start \`pnpm dev\` first`,
      { cause: parsed.error },
    );
  }
  return parsed.data.access_token;
}
