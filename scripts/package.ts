// `pnpm package --stage <dev|staging|prod>`: Serverless Compose packages the three services
// for one stage, with no AWS account, and each service's artifacts and CloudFormation
// templates are kept under dist/<stage>/<service>/ so several stages can be compared.
import { spawnSync } from 'node:child_process';
import { cp, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { repoRoot } from './dev/config.ts';

export const STAGES = ['dev', 'staging', 'prod'] as const;
export const SERVICES = ['content', 'search', 'image-processing'] as const;

const { values } = parseArgs({ options: { stage: { type: 'string' } }, strict: true });
const parsed = z.enum(STAGES).safeParse(values.stage);
if (!parsed.success) {
  console.error(`usage: pnpm package --stage <${STAGES.join('|')}> (got ${values.stage ?? 'no stage'})`);
  process.exit(2);
}
const stage = parsed.data;

const compose = spawnSync(resolve(repoRoot, 'node_modules/.bin/osls-compose'), ['package', '--stage', stage], {
  cwd: repoRoot,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, FORCE_COLOR: '0' },
  // A failed serverless build can leave esbuild's service process holding the CLI open.
  timeout: 10 * 60_000,
  killSignal: 'SIGKILL',
});
if (compose.status !== 0) {
  console.error(`serverless-compose package --stage ${stage} failed (${compose.signal ?? `exit ${compose.status}`})`);
  process.exit(1);
}

for (const service of SERVICES) {
  const target = resolve(repoRoot, 'dist', stage, service);
  await rm(target, { recursive: true, force: true });
  await cp(resolve(repoRoot, 'services', service, '.serverless'), target, { recursive: true });
}
console.log(`packaged ${SERVICES.join(', ')} for ${stage}: dist/${stage}/<service>/`);
