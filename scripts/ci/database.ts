// CI's own database on the PostgreSQL server, when one answers:
//   tsx scripts/ci/database.ts create   prints a DATABASE_URL for a fresh, uniquely named database
//   tsx scripts/ci/database.ts drop URL drops it again
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

const SERVER = process.env.CI_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const [command, target] = process.argv.slice(2);

const admin = postgres(SERVER, { max: 1, connect_timeout: 3, onnotice: () => {} });
try {
  if (command === 'create') {
    const name = `copper_ci_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    await admin.unsafe(`create database "${name}"`);
    const url = new URL(SERVER);
    url.pathname = `/${name}`;
    process.stdout.write(`${url.toString()}\n`);
  } else if (command === 'drop' && target) {
    const name = new URL(target).pathname.slice(1);
    if (!/^copper_ci_[a-z0-9_]+$/.test(name)) throw new Error(`refusing to drop ${name}: not a CI database`);
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
  } else {
    throw new Error('usage: database.ts create | drop <url>');
  }
} finally {
  await admin.end({ timeout: 5 });
}
