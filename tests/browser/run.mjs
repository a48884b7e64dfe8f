// Browser tests: the built web app (build/web/app) in Debian's chromium, driven headless by
// playwright-core over a WebGL2 software renderer (SwiftShader through ANGLE).
//
//   node tests/browser/run.mjs        (or: npm test)   after `cmake --build --preset web`
//
// Each case opens the page in a fresh page of a browser with a fresh temporary profile.
// The rendering cases fail on any console error, page error, failed request or wasm
// abort, wait for frames, check the canvas backing store follows devicePixelRatio, take a
// screenshot into test-results/browser/ and fail if it is blank (one colour). The error
// cases check that the page explains a missing WebGL2 or a broken module in words.
// Environment: CMWQ_APP_DIR (default build/web/app), CHROMIUM (default /usr/bin/chromium).
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/serve.mjs';
import { colourStats, decodePng } from './png.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const APP_DIR = path.resolve(ROOT, process.env.CMWQ_APP_DIR || 'build/web/app');
const OUT_DIR = path.join(ROOT, 'test-results/browser');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const VIEWPORT = { width: 1280, height: 800 };
const START_TIMEOUT_MS = 60_000;   // download + compile + first frame under software GL
const FRAMES_TO_WAIT = 12;

// Flags that give a working WebGL2 canvas headless on these machines (shared/TOOLCHAIN.md).
const CHROMIUM_ARGS = [
  '--no-sandbox', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

class TestFailure extends Error {}
const check = (ok, message) => { if (!ok) throw new TestFailure(message); };

/** Launches chromium with a fresh temporary profile; returns { context, dispose }. */
async function launch(deviceScaleFactor) {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'cmwq-lab-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: VIEWPORT,
    deviceScaleFactor,
    timeout: 30_000,
  });
  return {
    context,
    dispose: async () => {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Records everything that should never happen on a healthy page. */
function watchForProblems(page, baseUrl) {
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('crash', () => problems.push('the page crashed'));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
  page.on('response', (res) => {
    if (res.status() >= 400 && res.url().startsWith(baseUrl)) problems.push(`HTTP ${res.status()} for ${res.url()}`);
  });
  return problems;
}

/** Waits until the app runs (status overlay gone) or the page shows its error box. */
async function waitForStart(page) {
  await page.waitForFunction(() => {
    const error = document.getElementById('error');
    const status = document.getElementById('status');
    return (error && error.style.display === 'block') ||
           (window.Module && window.Module.calledRun && status && status.style.display === 'none');
  }, null, { timeout: START_TIMEOUT_MS });
  return page.evaluate(() => {
    const error = document.getElementById('error');
    return error.style.display === 'block' ? error.innerText : null;
  });
}

/** Renders the app at a device pixel ratio, screenshots it and checks it is not blank. */
async function renders(server, dpr) {
  const { context, dispose } = await launch(dpr);
  try {
    const page = context.pages()[0] ?? await context.newPage();
    const problems = watchForProblems(page, server.url);
    await page.goto(server.url, { waitUntil: 'load' });
    const pageError = await waitForStart(page);
    check(!pageError, `the page shows an error instead of the app:\n${pageError}`);

    // Let several frames render (the app draws on requestAnimationFrame too).
    await page.evaluate((n) => new Promise((done) => {
      let left = n;
      const tick = () => (--left <= 0 ? done() : requestAnimationFrame(tick));
      requestAnimationFrame(tick);
    }), FRAMES_TO_WAIT);
    check(problems.length === 0, problems.join('\n'));

    // High-DPI: the backing store must be CSS size x devicePixelRatio, or text is blurry.
    const canvas = await page.evaluate(() => {
      const c = document.getElementById('canvas');
      return { width: c.width, height: c.height, css: [c.clientWidth, c.clientHeight], dpr: devicePixelRatio };
    });
    check(canvas.css[0] === VIEWPORT.width && canvas.css[1] === VIEWPORT.height,
      `the canvas does not fill the window: CSS size ${canvas.css.join('x')}, window ${VIEWPORT.width}x${VIEWPORT.height}`);
    check(canvas.width === Math.round(canvas.css[0] * canvas.dpr) && canvas.height === Math.round(canvas.css[1] * canvas.dpr),
      `the canvas backing store is ${canvas.width}x${canvas.height}, expected CSS size x devicePixelRatio ${canvas.dpr}`);

    const file = path.join(OUT_DIR, `cmwq-lab-dpr${dpr}.png`);
    const png = await page.screenshot({ path: file });
    const stats = colourStats(decodePng(png));
    check(stats.distinct >= 16 && stats.otherFraction >= 0.01,
      `the screenshot ${path.relative(ROOT, file)} is blank: ${stats.distinct} colour(s), ` +
      `${(100 * stats.otherFraction).toFixed(2)}% of pixels differ from ${stats.dominant}`);
    check(problems.length === 0, problems.join('\n'));
    return `${stats.distinct} colours, ${(100 * stats.otherFraction).toFixed(1)}% drawn over ${stats.dominant}, ` +
           `canvas ${canvas.width}x${canvas.height}, screenshot ${path.relative(ROOT, file)}`;
  } finally {
    await dispose();
  }
}

/** Loads the page with something broken and expects a readable error message in it. */
async function explains(server, { breakPage, expect }) {
  const { context, dispose } = await launch(1);
  try {
    const page = context.pages()[0] ?? await context.newPage();
    await breakPage(page);
    await page.goto(server.url, { waitUntil: 'load' });
    const shown = await waitForStart(page);
    check(shown, 'the page started the app instead of showing an error');
    check(expect.test(shown), `the error message does not say what is wrong (${expect}): "${shown}"`);
    return `says "${shown.split('\n').join(' ')}"`;
  } finally {
    await dispose();
  }
}

const CASES = [
  ['renders the ImGui app (devicePixelRatio 1)', (s) => renders(s, 1)],
  ['renders the ImGui app crisply (devicePixelRatio 2)', (s) => renders(s, 2)],
  ['explains a browser without WebGL2', (s) => explains(s, {
    breakPage: (page) => page.addInitScript(() => {
      const original = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
        return kind === 'webgl2' ? null : original.call(this, kind, ...rest);
      };
    }),
    expect: /WebGL2/,
  })],
  ['explains a module that fails to load', (s) => explains(s, {
    breakPage: (page) => page.route('**/cmwq_lab.wasm', (route) =>
      route.fulfill({ status: 200, contentType: 'application/wasm', body: Buffer.from('not wasm') })),
    expect: /WebAssembly module/,
  })],
];

async function main() {
  for (const f of ['index.html', 'cmwq_lab.js', 'cmwq_lab.wasm']) {
    if (!existsSync(path.join(APP_DIR, f))) {
      console.error(`browser: ${path.relative(ROOT, path.join(APP_DIR, f))} is missing: build the web preset first ` +
                    '(cmake --preset web && cmake --build --preset web).');
      return 1;
    }
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`browser: ${CHROMIUM} is missing: the browser tests drive Debian's chromium (scripts/setup installs it).`);
    return 1;
  }
  mkdirSync(OUT_DIR, { recursive: true });
  const server = await serve({ root: APP_DIR, port: 0 });
  let passed = 0, failed = 0;
  const log = [];
  try {
    for (const [name, run] of CASES) {
      const started = Date.now();
      try {
        const detail = await run(server);
        passed++;
        const line = `ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s): ${detail}`;
        console.log(line); log.push(line);
      } catch (e) {
        failed++;
        const line = `FAIL ${name}: ${e instanceof TestFailure ? e.message : e.stack || e}`;
        console.log(line); log.push(line);
      }
    }
  } finally {
    await server.close();
  }
  writeFileSync(path.join(OUT_DIR, 'results.txt'), log.join('\n') + '\n');
  console.log(`browser: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
