// `pnpm dev:token` as a newcomer runs it: a real process against a real issuer, or none.
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_ARTIST_SUBJECT } from '../../src/dev-defaults.ts';
import { IssuerNotRunningError } from '../../src/errors.ts';
import { fetchDevToken } from '../../src/token-client.ts';
import { createArtistVerifier } from '../../src/verifier.ts';
import { AUDIENCE, bearer, startTestIssuer, type TestIssuer } from '../support/issuer.ts';

const packageDir = join(import.meta.dirname, '..', '..');
const cli = join(packageDir, 'src', 'cli', 'token.ts');

async function runCli(issuerPort: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli], {
      cwd: packageDir,
      env: { ...process.env, ISSUER_PORT: issuerPort },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let test: TestIssuer;

beforeAll(async () => {
  test = await startTestIssuer();
});

afterAll(async () => {
  await test?.stop();
});

describe('pnpm dev:token', () => {
  it('prints a token for the dev artist that the verifier admits', async () => {
    const { code, stdout } = await runCli(String(test.issuer.port));
    expect(code).toBe(0);
    const verifier = createArtistVerifier({
      issuer: test.issuer.issuer,
      audience: AUDIENCE,
      jwksUrl: test.issuer.jwksUrl,
      artistSubject: DEV_ARTIST_SUBJECT,
    });
    expect(await verifier.verify(bearer(stdout.trim()))).toMatchObject({
      ok: true,
      principal: { subject: DEV_ARTIST_SUBJECT },
    });
  });

  it('gives TOKEN=$(pnpm -s dev:token) the token and nothing else, run from the repository root', async () => {
    // As the README has a newcomer type it: through pnpm, whose own warnings (say, about its
    // version) or a nested `pnpm --filter` banner would otherwise land in $TOKEN.
    const { stdout } = await promisify(execFile)('pnpm', ['-s', 'dev:token'], {
      cwd: join(packageDir, '..', '..'),
      env: { ...process.env, ISSUER_PORT: String(test.issuer.port) },
    });
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  });

  it('tells the newcomer to start pnpm dev when no issuer is running', async () => {
    const gone = await startTestIssuer();
    const port = String(gone.issuer.port);
    await gone.stop();
    const { code, stdout, stderr } = await runCli(port);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`no local issuer answers at http://127.0.0.1:${port}/token`);
    expect(stderr).toContain('start `pnpm dev` first');
  });

  it('refuses an ISSUER_PORT that is not a port', async () => {
    const { code, stderr } = await runCli('not-a-port');
    expect(code).toBe(2);
    expect(stderr).toContain('ISSUER_PORT must be a port number');
  });
});

describe('fetchDevToken', () => {
  it('says so when something other than the issuer holds the port', async () => {
    const server = createServer((_request, response) => {
      response.writeHead(404).end('nothing here');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const outcome = fetchDevToken({ port });
      await expect(outcome).rejects.toThrowError(IssuerNotRunningError);
      await expect(outcome).rejects.toThrowError(/answered HTTP 404 but not with a token/);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
