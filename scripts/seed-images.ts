// `pnpm seed:images`: gives every artwork that has no image job yet a generated plate scan, through
// the running `pnpm dev` stack (upload, job, workflow), as the first `pnpm dev` does for the samples.
import { fetchDevToken } from '@copper/auth/token-client';
import { devEnvSchema } from './dev/config.ts';
import { describeImageSummary, seedImages } from './seed/images.ts';
import { progressDisplay } from './seed/run.ts';

const env = devEnvSchema.parse(process.env);
const base = `http://localhost:${env.PORT}`;
const progress = progressDisplay('[seed:images] ');
try {
  const token = await fetchDevToken({ port: env.ISSUER_PORT });
  const summary = await seedImages({ baseUrl: base, token, onProgress: progress.update });
  progress.finish();
  process.stdout.write(`[seed:images] ${describeImageSummary(summary)}\n`);
  if (summary.failed.length > 0) process.exitCode = 1;
} catch (error) {
  progress.finish();
  process.stderr.write(`[seed:images] ✖ ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
