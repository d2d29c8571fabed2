// The database as a Lambda sees it: the URL from the environment locally, from an SSM SecureString
// in the cloud, connected on first use and kept for the container's life.
import { createPostgresDb, type DbHandle } from './client.ts';

export interface DatabaseSource {
  DATABASE_URL?: string | undefined;
  DATABASE_URL_PARAMETER?: string | undefined;
}

async function readSecureParameter(name: string): Promise<string> {
  // Loaded only in the cloud path, so local runs and tests never pay for the SDK.
  const { SSMClient, GetParameterCommand } = await import('@aws-sdk/client-ssm');
  const out = await new SSMClient({}).send(new GetParameterCommand({ Name: name, WithDecryption: true }));
  const value = out.Parameter?.Value;
  if (!value) throw new Error(`SSM parameter ${name} is empty`);
  return value;
}

/**
 * The database, connected on first use and then kept for the container's life.
 * A failed connection is not cached, so the next request tries again.
 */
export function lazyDatabase(
  source: DatabaseSource,
  applicationName: string,
): { get(): Promise<DbHandle>; ping(): Promise<boolean> } {
  let pending: Promise<DbHandle> | undefined;
  const get = () => {
    pending ??= (async () => {
      const url = source.DATABASE_URL ?? (await readSecureParameter(source.DATABASE_URL_PARAMETER ?? ''));
      return createPostgresDb({ url, applicationName });
    })().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
  return {
    get,
    async ping() {
      try {
        return await (await get()).ping();
      } catch {
        return false;
      }
    },
  };
}
