// `pnpm bench web`: the gallery as a visitor on a phone meets it. Lighthouse (its default mobile
// emulation and simulated throttling, Debian's Chromium) on the front page, the catalogue, a print page
// and a search page of the seeded gallery, served by the production build that `pnpm dev` runs; and the
// server render of a print page beside the one API call it makes, timed in the same run.
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { type BenchStack, benchStack } from '../lib/stack.ts';
import { percentile } from '../lib/stats.ts';
import { printTable } from '../lib/table.ts';

const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const RENDER_ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);
const GOALS = {
  performance: 95,
  others: 100,
  cls: 0,
  printJsKb: 30,
  catalogueJsKb: 0,
  renderP50Ms: 30,
  renderOverheadMs: 5,
};

interface PageFigures {
  name: string;
  scores: Record<'performance' | 'accessibility' | 'best-practices' | 'seo', number>;
  lcpMs: number;
  cls: number;
  tbtMs: number;
  /** Transferred bytes by resource type (Script, Stylesheet, Document, Image, Font, …). */
  bytes: Record<string, number>;
}

interface NetworkRequest {
  resourceType?: string;
  transferSize?: number;
}

async function audit(url: string, name: string, port: number): Promise<PageFigures> {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
  });
  if (!result) throw new Error(`lighthouse gave no result for ${url}`);
  const { lhr } = result;
  if (lhr.runtimeError) throw new Error(`lighthouse on ${url}: ${lhr.runtimeError.message}`);
  const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  const numeric = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
  const requests = ((lhr.audits['network-requests']?.details as { items?: NetworkRequest[] } | undefined)?.items ??
    []) as NetworkRequest[];
  const bytes: Record<string, number> = {};
  for (const request of requests) {
    const type = request.resourceType ?? 'Other';
    bytes[type] = (bytes[type] ?? 0) + (request.transferSize ?? 0);
  }
  return {
    name,
    scores: {
      performance: score('performance'),
      accessibility: score('accessibility'),
      'best-practices': score('best-practices'),
      seo: score('seo'),
    },
    lcpMs: numeric('largest-contentful-paint'),
    cls: numeric('cumulative-layout-shift'),
    tbtMs: numeric('total-blocking-time'),
    bytes,
  };
}

/** p50 of the print page's server render beside the one API call it makes, interleaved. */
async function renderBesideApi(base: string, slug: string) {
  const page: number[] = [];
  const api: number[] = [];
  const time = async (url: string, into: number[]) => {
    const started = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    into.push(performance.now() - started);
  };
  for (let i = 0; i < 10; i += 1) {
    await time(`${base}/artworks/${slug}`, []);
    await time(`${base}/v1/artworks/${slug}`, []);
  }
  for (let i = 0; i < RENDER_ITERATIONS; i += 1) {
    await time(`${base}/artworks/${slug}`, page);
    await time(`${base}/v1/artworks/${slug}`, api);
  }
  return { pageP50: percentile(page, 0.5), apiP50: percentile(api, 0.5) };
}

const kb = (bytes: number | undefined) => ((bytes ?? 0) / 1024).toFixed(1);

export async function web(): Promise<void> {
  let stack: BenchStack | undefined;
  let chrome: chromeLauncher.LaunchedChrome | undefined;
  try {
    stack = await benchStack();
    const { base } = stack;
    const list = (await (await fetch(`${base}/v1/artworks?limit=1`)).json()) as { items: { slug: string }[] };
    const slug = list.items[0]?.slug;
    if (!slug) throw new Error('the stack holds no published artwork');
    const pages = [
      { name: 'front page', path: '/' },
      { name: 'catalogue', path: '/artworks' },
      { name: 'print page', path: `/artworks/${slug}` },
      { name: 'search', path: '/search?q=harbour' },
    ];
    chrome = await chromeLauncher.launch({
      chromePath: CHROME,
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'],
    });
    const figures: PageFigures[] = [];
    for (const page of pages) figures.push(await audit(`${base}${page.path}`, page.name, chrome.port));

    printTable(
      [
        { header: 'page' },
        { header: 'perf', align: 'right' },
        { header: 'a11y', align: 'right' },
        { header: 'best pr.', align: 'right' },
        { header: 'SEO', align: 'right' },
        { header: 'LCP', align: 'right' },
        { header: 'CLS', align: 'right' },
        { header: 'TBT', align: 'right' },
        { header: 'JS KB', align: 'right' },
        { header: 'CSS KB', align: 'right' },
        { header: 'HTML KB', align: 'right' },
        { header: 'img KB', align: 'right' },
        { header: 'font KB', align: 'right' },
      ],
      figures.map((f) => [
        f.name,
        String(f.scores.performance),
        String(f.scores.accessibility),
        String(f.scores['best-practices']),
        String(f.scores.seo),
        `${f.lcpMs.toFixed(0)} ms`,
        f.cls.toFixed(3),
        `${f.tbtMs.toFixed(0)} ms`,
        kb(f.bytes.Script),
        kb(f.bytes.Stylesheet),
        kb(f.bytes.Document),
        kb(f.bytes.Image),
        kb(f.bytes.Font),
      ]),
    );
    console.log('(bytes as transferred, compressed where the server compresses)');

    const render = await renderBesideApi(base, slug);
    console.log(
      `\nprint page server render p50 ${render.pageP50.toFixed(1)} ms beside its API call ` +
        `${render.apiP50.toFixed(1)} ms: overhead ${(render.pageP50 - render.apiP50).toFixed(1)} ms ` +
        `(${RENDER_ITERATIONS} interleaved requests each through the base URL)`,
    );

    console.log('\nGoals:');
    for (const f of figures) {
      const { performance: perf, ...rest } = f.scores;
      const othersHold = Object.values(rest).every((value) => value >= GOALS.others);
      console.log(
        `  ${f.name}: performance ${perf} ${perf >= GOALS.performance ? 'holds' : 'does NOT hold'} (≥ ${GOALS.performance}); ` +
          `a11y/best practices/SEO ${othersHold ? 'hold' : 'do NOT hold'} (100); ` +
          `CLS ${f.cls.toFixed(3)} ${f.cls <= GOALS.cls ? 'holds' : 'does NOT hold'}`,
      );
    }
    const printJs = (figures.find((f) => f.name === 'print page')?.bytes.Script ?? 0) / 1024;
    const catalogueJs = (figures.find((f) => f.name === 'catalogue')?.bytes.Script ?? 0) / 1024;
    console.log(
      `  print page JavaScript before zoom ${printJs.toFixed(1)} KB: ${printJs <= GOALS.printJsKb ? 'holds' : 'does NOT hold'} (≤ ${GOALS.printJsKb} KB)`,
    );
    console.log(
      `  catalogue JavaScript ${catalogueJs.toFixed(1)} KB: ${catalogueJs <= GOALS.catalogueJsKb ? 'holds' : 'does NOT hold'} (0)`,
    );
    console.log(
      `  print page render p50 ${render.pageP50.toFixed(1)} ms ${render.pageP50 <= GOALS.renderP50Ms ? 'holds' : 'does NOT hold'} (≤ ${GOALS.renderP50Ms} ms); ` +
        `overhead ${(render.pageP50 - render.apiP50).toFixed(1)} ms ${render.pageP50 - render.apiP50 <= GOALS.renderOverheadMs ? 'holds' : 'does NOT hold'} (≤ ${GOALS.renderOverheadMs} ms)`,
    );
  } finally {
    chrome?.kill();
    await stack?.stop();
  }
}
