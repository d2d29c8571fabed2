// `pnpm bench [suite ...]`: each suite prints its figures beside a baseline measured in the same
// run, with peak memory. Timings are reported, never asserted: they vary with the machine.
import { bundles } from './suites/bundles.ts';
import { catalogue } from './suites/catalogue.ts';
import { jobs } from './suites/jobs.ts';
import { load } from './suites/load.ts';
import { render } from './suites/render.ts';
import { search } from './suites/search.ts';
import { web } from './suites/web.ts';

// Later issues append their own suite here.
const suites: Record<string, () => Promise<void>> = { bundles, catalogue, render, jobs, search, load, web };

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !(name in suites));
if (unknown.length > 0) {
  console.error(`unknown suite ${unknown.join(', ')}; known: ${Object.keys(suites).join(', ')}`);
  process.exit(2);
}

for (const [name, run] of Object.entries(suites)) {
  if (requested.length > 0 && !requested.includes(name)) continue;
  console.log(`\n## ${name}\n`);
  try {
    await run();
  } catch (error) {
    // One failed suite still lets the others report.
    console.error(`suite ${name} failed:`, error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
