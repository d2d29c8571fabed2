// `pnpm dev:token`: prints a fresh token for the dev artist, so `curl -H "Authorization: Bearer $(pnpm -s dev:token)"`
// reaches the artist routes of `pnpm dev`. This entry point is the only place that reads ISSUER_PORT.
import { DEFAULT_ISSUER_PORT } from '../dev-defaults.ts';
import { IssuerNotRunningError } from '../errors.ts';
import { fetchDevToken } from '../token-client.ts';

const rawPort = process.env.ISSUER_PORT?.trim() || String(DEFAULT_ISSUER_PORT);
const port = Number(rawPort);
if (!Number.isInteger(port) || port < 1 || port > 65_535) {
  console.error(`ISSUER_PORT must be a port number, not "${rawPort}"`);
  process.exit(2);
}
try {
  console.log(await fetchDevToken({ port }));
} catch (error) {
  console.error(error instanceof IssuerNotRunningError ? error.message : error);
  process.exit(1);
}
