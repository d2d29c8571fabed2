// `pnpm db:migrate`: applies the committed migrations to DATABASE_URL.
import { migrateUrl, redact } from '../migrate.ts';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error(
    'DATABASE_URL is not set. Example: DATABASE_URL=postgres://postgres@127.0.0.1:5432/copper pnpm db:migrate',
  );
  process.exit(2);
}
try {
  await migrateUrl(url);
  console.log(`migrations applied to ${redact(url)}`);
} catch (error) {
  console.error(error instanceof Error ? `${error.message}: ${String(error.cause)}` : error);
  process.exit(1);
}
