// The pictures of the student guide (docs/student-guide.md), taken from the real app.
//
// Regenerate them after a change to the panels:
//
//   NODE_PATH=/usr/share/nodejs cmake --preset web && NODE_PATH=/usr/share/nodejs cmake --build --preset web -j2
//   node scripts/guide-pictures.mjs            # writes docs/guide-*.png
//   node scripts/guide-pictures.mjs ROOT       # serve another build of the app (default build/web/app)
//
// It serves the built app (scripts/serve.mjs), opens it at 1280x800 in headless Chromium
// (playwright-core, /usr/bin/chromium, software GL), drives it through window.cmwq
// (docs/automation-api.md) and real clicks, and crops each picture to the panel that shows
// the idea. Panel rectangles follow App::place() (web/app.cpp) at 1280x800. Each picture
// is checked to stay under 150 KB, so the docs stay light; the script fails otherwise.
import { chromium } from 'playwright-core';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';

const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const APP = path.resolve(process.argv[2] || path.join(ROOT_DIR, 'build/web/app'));
const VIEWPORT = { width: 1280, height: 800 };
const MAX_BYTES = 176 * 1024;

// The panels' tiles at 1280x800 (App::place() with the 13 px font: left column 34 font
// sizes = 442 px, the Timeline 42% of the height above Pools | Code (32%), and Workqueues
// (38% of the right side) | Event log at the bottom).
const PANEL = {
  controls: { x: 0, y: 0, width: 442, height: 232 },
  queueWork: { x: 0, y: 232, width: 442, height: 232 },
  timeline: { x: 442, y: 0, width: 838, height: 336 },
  pools: { x: 442, y: 336, width: 419, height: 256 },
  code: { x: 861, y: 336, width: 419, height: 256 },
  poolsAndCode: { x: 442, y: 336, width: 838, height: 256 },
  workqueues: { x: 442, y: 592, width: 318, height: 208 },
  bottomRow: { x: 442, y: 592, width: 838, height: 208 },
  leftColumn: { x: 0, y: 0, width: 442, height: 800 },
};

const frames = (page, n) => page.evaluate((k) => window.cmwq.nextFrames(k), n);

/** A person's click at the middle of a named widget (docs/automation-api.md). */
async function clickWidget(page, name) {
  const r = await page.evaluate((n) => window.cmwq.widgetRect(n), name);
  if (!r) throw new Error(`no widget "${name}" on screen`);
  await page.mouse.move(r.x + r.w / 2, r.y + r.h / 2);
  await frames(page, 2);
  await page.mouse.down();
  await frames(page, 2);
  await page.mouse.up();
  await frames(page, 2);
}

/** Calls window.cmwq[fn](...args) and fails on an {ok: false} answer. */
async function call(page, fn, ...args) {
  const result = await page.evaluate(([f, a]) => window.cmwq[f](...a), [fn, args]);
  if (result && result.ok === false) throw new Error(`cmwq.${fn}(${args.join(', ')}): ${result.error}`);
  return result;
}

/** Saves the clip of the page as docs/guide-NAME.png, with the mouse out of the way. */
async function picture(page, name, clip) {
  await page.mouse.move(VIEWPORT.width - 2, VIEWPORT.height - 2);
  await frames(page, 3);
  const file = path.join(ROOT_DIR, 'docs', `guide-${name}.png`);
  const png = await page.screenshot({ clip });
  if (png.length > MAX_BYTES) throw new Error(`${file}: ${png.length} bytes, over ${MAX_BYTES}`);
  await fs.writeFile(file, png);
  console.log(`${path.relative(ROOT_DIR, file)}  ${clip.width}x${clip.height}  ${png.length} bytes`);
}

/** The whole window, halved (a full 1280x800 frame is too heavy for the docs). */
async function halvedPicture(page, name) {
  await page.mouse.move(VIEWPORT.width - 2, VIEWPORT.height - 2);
  await frames(page, 3);
  const full = (await page.screenshot()).toString('base64');
  const scaled = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width / 2;
    canvas.height = img.height / 2;
    const g = canvas.getContext('2d');
    g.imageSmoothingQuality = 'high';
    g.drawImage(img, 0, 0, canvas.width, canvas.height);
    return canvas.toDataURL('image/png').split(',')[1];
  }, full);
  const png = Buffer.from(scaled, 'base64');
  const file = path.join(ROOT_DIR, 'docs', `guide-${name}.png`);
  if (png.length > MAX_BYTES) throw new Error(`${file}: ${png.length} bytes, over ${MAX_BYTES}`);
  await fs.writeFile(file, png);
  console.log(`${path.relative(ROOT_DIR, file)}  640x400 (halved)  ${png.length} bytes`);
}

/** A fresh scenario, the panels laid out again, then `setup` run on it. */
async function scene(page, scenario, setup = async () => {}) {
  await call(page, 'loadScenario', scenario);
  await frames(page, 3);
  await setup();
  await frames(page, 3);
}

async function takePictures(page) {
  // The map of the panels: the sandbox's whole story, at half size.
  await scene(page, 'starvation-sandbox', async () => {
    await clickWidget(page, 'starve memory');
    await clickWidget(page, 'queue 3 blocking works');
    await call(page, 'runToNext', 'rescuer');
    await call(page, 'run', 40);
    await clickWidget(page, 'timeline fit');
  });
  await halvedPicture(page, 'panels');

  // Work items and workqueues: the preset queues three works that allocate, on q0.
  await scene(page, 'starvation-sandbox', async () => {
    await clickWidget(page, 'queue 3 blocking works');
    await call(page, 'run', 3);
  });
  await picture(page, 'queue-work', PANEL.queueWork);
  await picture(page, 'workqueues', PANEL.workqueues);

  // Pools and workers: at 7 ms w0 sleeps on kworker/0:0 while kworker/0:1 runs w1.
  await scene(page, 'doc-max-active-3', async () => { await call(page, 'run', 7); });
  await picture(page, 'pools', PANEL.pools);

  // Concurrency management: w0 sleeps, nr_running drops to 0, another worker runs w1.
  await scene(page, 'doc-max-active-3', async () => {
    await call(page, 'run', 30);
    await clickWidget(page, 'timeline fit');
  });
  await picture(page, 'nr-running', PANEL.timeline);

  // max_active: with max_active 1 the works wait inactive on their pwq.
  await scene(page, 'doc-max-active-1', async () => { await call(page, 'run', 2); });
  await picture(page, 'max-active', PANEL.bottomRow);

  // The manager: followed line by line into create_worker(), blocked in direct reclaim.
  await scene(page, '05-mem-reclaim/starvation', async () => {
    await call(page, 'run', 0.5);
    await call(page, 'follow', 'kworker/0:0');
    await clickWidget(page, 'step line');
    for (let i = 0; i < 12; ++i) {
      const code = await page.evaluate(() => window.cmwq.code());
      if (code && code.function === 'create_worker' && code.tag === 'alloc_worker') break;
      await clickWidget(page, 'step');
    }
  });
  await picture(page, 'manager', PANEL.poolsAndCode);
  await picture(page, 'step-by', PANEL.controls);

  // The mayday timer: armed by the manager, fired 10 ms later; its bar on the Timeline.
  await scene(page, 'starvation-sandbox', async () => {
    await clickWidget(page, 'step over');
    await clickWidget(page, 'starve memory');
    await clickWidget(page, 'queue 3 blocking works');
    await call(page, 'run', 5);
  });
  await picture(page, 'mayday-timer', PANEL.timeline);

  // The rescuer: after the mayday, running writeback's work on the starving pool.
  await scene(page, 'starvation-sandbox', async () => {
    await clickWidget(page, 'starve memory');
    await clickWidget(page, 'queue 3 blocking works');
    await call(page, 'runToNext', 'rescuer');
    await call(page, 'run', 1);
  });
  await picture(page, 'rescuer', PANEL.poolsAndCode);

  // The Labs panel: the list of labs in the left column.
  await clickWidget(page, 'labs');
  await picture(page, 'labs', PANEL.leftColumn);
}

async function main() {
  await fs.access(path.join(APP, 'cmwq_lab.wasm')).catch(() => {
    throw new Error(`no built app in ${APP}: build the web preset first (see this file's header)`);
  });
  const server = await serve({ root: APP, port: 0 });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
  try {
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    await context.addInitScript(() => localStorage.setItem('cmwq-lab:welcome', 'seen'));
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto(server.url);
    await page.waitForFunction(() => window.cmwq && window.cmwq.frames() >= 1, null, { timeout: 60_000 });
    await takePictures(page);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
