// Bundle size and module init time of every function, built exactly as serverless-esbuild
// deploys it, beside a bare one-line handler built and measured the same way in the same run.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build } from 'esbuild';
import { parse } from 'yaml';
import { median, percentile } from '../lib/stats.ts';
import { printTable } from '../lib/table.ts';

const repoRoot = resolve(import.meta.dirname, '../..');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const GOAL_BYTES = 300 * 1024;
const GOAL_INIT_MS = 150;
const BASELINE_SOURCE = "export const handler = async () => ({ statusCode: 200, body: 'ok' });\n";
// Inside node_modules (git-ignored) of the service, so the bundle's externals (sharp, @aws-sdk/*)
// resolve from that service's own dependencies, as they do in the deployed artifact.
const CACHE = 'node_modules/.cache/copper-bench';

// What the handlers read at cold start; the database is only contacted on a request.
const HANDLER_ENV = {
  STAGE: 'bench',
  SERVICE_VERSION: '0.0.0',
  LOG_LEVEL: 'ERROR',
  CORS_ORIGINS: 'http://localhost:3000',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
  // The authorizer checks its issuer settings at cold start; nothing is fetched at import.
  AUTH_ISSUER: 'https://issuer.invalid/',
  AUTH_AUDIENCE: 'https://api.invalid',
  AUTH_ARTIST_SUBJECT: 'auth0|bench',
};

// Options serverless-esbuild reads itself and strips before calling esbuild (its bundle.js).
const PLUGIN_ONLY_OPTIONS = new Set([
  'concurrency',
  'zipConcurrency',
  'exclude',
  'nativeZip',
  'packager',
  'packagePath',
  'watch',
  'keepOutputDirectory',
  'packagerOptions',
  'installExtraArgs',
  'outputFileExtension',
  'outputBuildFolder',
  'outputWorkFolder',
  'nodeExternals',
  'skipBuild',
  'skipRebuild',
  'skipBuildExcludeFns',
  'stripEntryResolveExtensions',
  'disposeContext',
]);

// Runs in a fresh node per sample: the time to import the bundle is what a cold start pays
// before the first invocation, on top of starting node itself.
const PROBE = `
const [url, name] = process.argv.slice(1);
const start = performance.now();
// Caught so the report shows the error, not node's echo of the minified line that threw it.
const mod = await import(url).catch((error) => {
  console.error(error instanceof Error ? error.name + ': ' + error.message : String(error));
  process.exit(2);
});
const initMs = performance.now() - start;
if (typeof mod[name] !== 'function') {
  console.error('the bundle exports no function ' + name);
  process.exit(3);
}
process.stdout.write(JSON.stringify({ initMs, maxRssKb: process.resourceUsage().maxRSS }) + '\\n', () => process.exit(0));
`;

interface Target {
  service: string;
  fn: string;
  /** Absolute path of the handler's source, or the baseline's source text. */
  entry: { file: string } | { source: string };
  exportName: string;
  cwd: string;
  options: BuildOptions;
  outfile: string;
}

interface Measured {
  rawBytes: number;
  gzipBytes: number;
  initMs: number[];
  maxRssKb: number;
}

export async function bundles(): Promise<void> {
  if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`BENCH_RUNS must be a positive integer, not ${RUNS}`);
  const targets = discover();
  const baseline = targets[0];
  if (!baseline) throw new Error('no baseline');
  const failures: string[] = [];
  const results = new Map<Target, Measured>();

  for (const dir of new Set(targets.map((target) => resolve(target.cwd, CACHE)))) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
  }
  const built = await Promise.all(
    targets.map(async (target) => {
      try {
        await buildTarget(target);
        const code = await readFile(target.outfile);
        results.set(target, {
          rawBytes: code.length,
          gzipBytes: gzipSync(code, { level: 9 }).length,
          initMs: [],
          maxRssKb: 0,
        });
        return target;
      } catch (error) {
        failures.push(`${label(target)}: build failed: ${message(error)}`);
        return undefined;
      }
    }),
  );

  // Samples go round-robin over the targets, so drift on a noisy machine hits every row alike;
  // the first round only warms the file cache and is dropped.
  let measurable = built.filter((target) => target !== undefined);
  for (let round = 0; round <= RUNS; round++) {
    for (const target of measurable) {
      const sample = probe(target);
      const result = results.get(target);
      if (!result) continue;
      if ('error' in sample) {
        failures.push(`${label(target)}: import failed: ${sample.error}`);
        results.delete(target);
      } else if (round > 0) {
        result.initMs.push(sample.initMs);
        result.maxRssKb = Math.max(result.maxRssKb, sample.maxRssKb);
      }
    }
    measurable = measurable.filter((target) => results.has(target));
  }

  report(targets, results, baseline);
  for (const failure of failures) console.error(failure);
  if (failures.length > 0) throw new Error(`${failures.length} row(s) could not be built or imported`);
}

/** The baseline first, then every function of every service, from its serverless.yml. */
function discover(): Target[] {
  const config = createRequire(import.meta.url)('../../config/esbuild.cjs') as Record<string, Record<string, unknown>>;
  const targets: Target[] = [
    {
      service: '(baseline)',
      fn: 'one-line handler',
      entry: { source: BASELINE_SOURCE },
      exportName: 'handler',
      cwd: repoRoot,
      options: toEsbuildOptions(config.base),
      outfile: resolve(repoRoot, CACHE, 'baseline.mjs'),
    },
  ];
  const servicesDir = resolve(repoRoot, 'services');
  for (const service of readdirSync(servicesDir).sort()) {
    const cwd = resolve(servicesDir, service);
    const ymlPath = resolve(cwd, 'serverless.yml');
    if (!statSync(cwd).isDirectory() || !existsSync(ymlPath)) continue;
    const yml = parse(readFileSync(ymlPath, 'utf8')) as {
      custom?: { esbuild?: unknown };
      functions?: Record<string, { handler?: unknown }>;
    };
    // Only the form the services use is understood; anything else must fail, not be guessed.
    const key = /^\$\{file\(\.\.\/\.\.\/config\/esbuild\.cjs\):(\w+)\}$/.exec(String(yml.custom?.esbuild))?.[1];
    const options = key === undefined ? undefined : config[key];
    if (!options) throw new Error(`${service}: custom.esbuild is not a key of config/esbuild.cjs`);
    for (const [fn, definition] of Object.entries(yml.functions ?? {})) {
      const handler = String(definition.handler);
      const dot = handler.lastIndexOf('.');
      const base = resolve(cwd, handler.slice(0, Math.max(dot, 0)));
      const file = ['.ts', '.mts', '.js', '.mjs'].map((ext) => base + ext).find((candidate) => existsSync(candidate));
      if (dot <= 0 || !file) throw new Error(`${service}/${fn}: no source file for handler ${handler}`);
      targets.push({
        service,
        fn,
        entry: { file },
        exportName: handler.slice(dot + 1),
        cwd,
        options: toEsbuildOptions(options),
        outfile: resolve(cwd, CACHE, `${fn}.mjs`),
      });
    }
  }
  return targets;
}

/** What serverless-esbuild hands esbuild: its own options dropped, `exclude` made external. */
function toEsbuildOptions(config: Record<string, unknown> | undefined): BuildOptions {
  if (!config) throw new Error('config/esbuild.cjs has no such export');
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((item) => typeof item === 'string') : []);
  const exclude = strings(config.exclude);
  // esbuild rejects unknown options, so a new plugin-only key fails the build instead of passing silently.
  return {
    ...Object.fromEntries(Object.entries(config).filter(([key]) => !PLUGIN_ONLY_OPTIONS.has(key))),
    external: [...strings(config.external), ...(exclude.includes('*') ? [] : exclude)],
  } as BuildOptions;
}

async function buildTarget(target: Target): Promise<void> {
  const entry =
    'file' in target.entry
      ? { entryPoints: [target.entry.file] }
      : {
          stdin: {
            contents: target.entry.source,
            loader: 'ts' as const,
            resolveDir: target.cwd,
            sourcefile: 'baseline.ts',
          },
        };
  await build({ ...target.options, ...entry, absWorkingDir: target.cwd, outfile: target.outfile, logLevel: 'warning' });
}

function probe(target: Target): { initMs: number; maxRssKb: number } | { error: string } {
  const child = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', PROBE, pathToFileURL(target.outfile).href, target.exportName],
    // Only what the handlers need, so the developer's NODE_OPTIONS or compile cache cannot skew a row.
    { cwd: target.cwd, env: { PATH: process.env.PATH, ...HANDLER_ENV }, encoding: 'utf8', timeout: 30_000 },
  );
  const last = child.stdout?.trim().split('\n').at(-1);
  if (child.status !== 0 || !last) {
    const why = child.error?.message ?? child.stderr?.trim().split('\n').slice(0, 5).join(' | ');
    return { error: `${child.signal ?? `exit ${child.status}`}: ${why}` };
  }
  return JSON.parse(last) as { initMs: number; maxRssKb: number };
}

function report(targets: readonly Target[], results: ReadonlyMap<Target, Measured>, baseline: Target): void {
  const baselineMedian = median(results.get(baseline)?.initMs ?? [Number.NaN]);
  const kb = (bytes: number) => (bytes / 1024).toFixed(1);
  const rows: string[][] = [];
  const over: string[] = [];
  let failed = 0;
  for (const target of targets) {
    const result = results.get(target);
    if (!result || result.initMs.length === 0) {
      rows.push([target.service, target.fn, 'FAILED']);
      if (target !== baseline) failed++;
      continue;
    }
    const initMedian = median(result.initMs);
    const misses = [...(result.rawBytes > GOAL_BYTES ? ['size'] : []), ...(initMedian > GOAL_INIT_MS ? ['init'] : [])];
    if (target !== baseline && misses.length > 0) over.push(`${label(target)} (${misses.join('+')})`);
    rows.push([
      target.service,
      target.fn,
      kb(result.rawBytes),
      kb(result.gzipBytes),
      initMedian.toFixed(1),
      percentile(result.initMs, 0.9).toFixed(1),
      (result.maxRssKb / 1024).toFixed(1),
      `${(initMedian / baselineMedian).toFixed(2)}x`,
      misses.length === 0 ? 'OK' : `OVER ${misses.join('+')}`,
    ]);
  }
  printTable(
    [
      { header: 'service' },
      { header: 'function' },
      { header: 'raw KB', align: 'right' },
      { header: 'gzip KB', align: 'right' },
      { header: 'init ms p50', align: 'right' },
      { header: 'init ms p90', align: 'right' },
      { header: 'peak RSS MB', align: 'right' },
      { header: 'init/baseline', align: 'right' },
      { header: 'goal' },
    ],
    rows,
  );
  const externals = [...new Set(targets.flatMap((target) => target.options.external ?? []))].join(', ');
  console.log(
    `\n${RUNS} fresh node ${process.version} processes per row (BENCH_RUNS), round-robin after one dropped warm-up; ` +
      `init = time to import the built handler; sizes of the .mjs alone, externals (${externals}) not counted; 1 KB = 1024 B.`,
  );
  const functions = targets.length - 1;
  const ok = functions - over.length - failed;
  console.log(
    `Goals ≤ ${GOAL_BYTES / 1024} KB raw and ≤ ${GOAL_INIT_MS} ms init median: ${ok} of ${functions} functions OK` +
      `${over.length > 0 ? `, OVER: ${over.join(', ')}` : ''}${failed > 0 ? `, ${failed} FAILED` : ''}.`,
  );
}

function label(target: Target): string {
  return `${target.service}/${target.fn}`;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message.replaceAll('\n', ' ') : String(error);
}
