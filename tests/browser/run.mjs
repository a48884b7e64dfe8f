// Browser tests: the built web app (build/web/app) in Debian's chromium, driven headless by
// playwright-core over a WebGL2 software renderer (SwiftShader through ANGLE).
//
//   node tests/browser/run.mjs        (or: npm test)   after `cmake --build --preset web`
//
// Each case opens the page in a fresh page of a browser with a fresh temporary profile.
// The rendering cases fail on any console error, page error, failed request or wasm
// abort, wait for frames, check the canvas backing store follows devicePixelRatio, take a
// screenshot into test-results/browser/ and fail if it is blank (one colour). The error
// cases check that the page explains a missing WebGL2 or a broken module in words. The
// lab case drives the starvation sandbox with real mouse clicks at the rectangles the
// automation API (window.cmwq, docs/automation-api.md) reports, checks the mayday, the
// rescuer and step back in window.cmwq.state(), then opens the page's own link (state in
// the URL hash) in a new page and expects the same state; a screenshot of every step is
// saved as test-results/browser/lab-*.png; at the rescuer it also reads the screen-reader
// mirror (window.cmwq.mirror() and the page's live region) and counts the frames of the
// page left alone (at most 3 in 2 s). The labs case opens lab 05-mem-reclaim in the
// Labs panel with real clicks (which loads its scenario), answers a question wrongly ("not
// yet", the next hint) then rightly on the retry by typing (right, not a first try), one
// right on the first try, and one whose answer it asks for; solves the challenge by
// editing the scenario in the editor; and checks the tries and first tries survive a
// reload (local storage), are not bettered by a forged link, and come with the copied link
// opened in a fresh browser; it also opens the docs from the app's Docs button
// (test-results/browser/labs-*.png). The welcome case opens a fresh page (every other case
// opens with local storage saying the welcome was seen), follows the welcome's tour of the
// rescuer with real clicks and checks its text at each step (test-results/browser/welcome-*.png,
// at 1280x800 and 1920x1080). The monkey case
// (monkey.mjs) feeds seeded random input for CMWQ_MONKEY_SECONDS (60) and checks the page,
// the model's invariants and Back after Step as it goes. The compare case
// switches the kernel selector, compares the starvation sandbox with writeback's
// WQ_MEM_RECLAIM removed (chosen in the Compare window), checks the first difference,
// steps both runs, restores them from the link and leaves (test-results/browser/compare-*.png).
// The Timeline-now case zooms the Timeline, runs starvation-no-reclaim to its lockup (the
// red banner), clicks an event-log line to go back and loads another scenario
// (test-results/browser/now-*.png: the cursor in view at each stage). The explains-inputs
// case opens a link with one bad part and a garbage link (the notice, the scenario kept,
// the address as given until a step) and types bad programs into the Queue work panel
// (test-results/browser/inputs-*.png). The layout case opens the page at 1280x800, 1920x1080
// and 2560x1440, picks the starvation sandbox and runs it to its mayday with real clicks, and
// checks window.cmwq.textRects(): no text cut by its window along an axis it cannot scroll,
// none running into other text, the toolbar in one row; at 1280x800 it also checks the A-/A+
// text size control and that a reload keeps it (test-results/browser/layout-*.png).
// Environment: CMWQ_APP_DIR (default build/web/app), CHROMIUM (default /usr/bin/chromium),
// CMWQ_BROWSER_CASES (run only the cases whose name contains this text).
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/serve.mjs';
import { monkey } from './monkey.mjs';
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

/**
 * Launches chromium with a fresh temporary profile; returns { context, dispose }. Unless
 * @p fresh, local storage says the welcome was seen (as for a student who has been here),
 * so the page opens on the panels; the welcome case opens a fresh one.
 */
async function launch(deviceScaleFactor, options = {}, { fresh = false } = {}) {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'cmwq-lab-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: VIEWPORT,
    deviceScaleFactor,
    timeout: 30_000,
    ...options,
  });
  if (!fresh) {
    await context.addInitScript(() => {
      try { localStorage.setItem('cmwq-lab:welcome', 'seen'); } catch { /* about:blank has no storage */ }
    });
  }
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

/** Waits for @p n more frames of the app (window.cmwq.nextFrames). */
async function frames(page, n = 2) {
  await page.evaluate((k) => window.cmwq.nextFrames(k), n);
}

/** Saves a screenshot of a lab step, checks it is not blank; returns its path. */
async function snap(page, name, prefix = 'lab') {
  const file = path.join(OUT_DIR, `${prefix}-${name}.png`);
  const png = await page.screenshot({ path: file });
  const stats = colourStats(decodePng(png));
  check(stats.distinct >= 16 && stats.otherFraction >= 0.01, `the screenshot ${path.relative(ROOT, file)} is blank`);
  return file;
}

/** A real mouse click at the middle of the widget the app reports under @p name. */
async function clickWidget(page, name) {
  const rect = await page.evaluate((n) => window.cmwq.widgetRect(n), name);
  check(rect && rect.w > 0 && rect.h > 0, `the app reports no rectangle for the widget "${name}"`);
  await clickAt(page, rect.x + rect.w / 2, rect.y + rect.h / 2);
}

/**
 * A real mouse click at (x, y), in CSS pixels. Keys are typed as text only (characters
 * queue up): Dear ImGui 1.86 samples which keys are down once per frame, so a key press
 * (an arrow, Home) can be missed where a click or a typed character never is.
 */
async function clickAt(page, x, y) {
  await page.mouse.move(x, y);
  await frames(page, 2);
  await page.mouse.down();
  await frames(page, 2);
  await page.mouse.up();
  await frames(page, 3);  // the click lands, App applies the request, the result draws
}


/**
 * Turns the mouse wheel over the Labs panel (below its "labs list" button) until the
 * widget @p name is drawn whole inside it (at least @p minHeight pixels tall: a button is
 * taller than a line of text): widgets scrolled out of view have no rectangle.
 */
async function scrollLabsTo(page, name, minHeight = 16) {
  for (let turn = 0; turn < 60; ++turn) {
    const r = await page.evaluate((n) => window.cmwq.widgetRect(n), name);
    if (r && r.h >= minHeight && r.y + r.h < VIEWPORT.height - 40) return r;
    const top = await page.evaluate(() => window.cmwq.widgetRect('labs list'));
    check(top, 'the Labs panel shows no lab');
    await page.mouse.move(top.x + 60, top.y + 200);
    await frames(page, 2);
    await page.mouse.wheel(0, r && r.y < top.y + 100 ? -60 : 60);
    await frames(page, 3);
  }
  check(false, `the widget "${name}" never scrolled into view in the Labs panel`);
}

/** Polls window.cmwq.labs() until @p test(labs) holds; returns it. */
async function labsWhere(page, test, what, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const labs = await page.evaluate(() => window.cmwq.labs());
    if (test(labs)) return labs;
    check(Date.now() < until, `timed out waiting for ${what}: ${JSON.stringify(labs).slice(0, 400)}`);
    await frames(page, 2);
  }
}

/** The progress of question or challenge @p id of lab @p dir in a cmwq.labs() result. */
function item(labs, dir, id) {
  const lab = labs.labs.find((l) => l.dir === dir);
  return lab && (lab.questions.find((q) => q.id === id) || lab.challenges.find((c) => c.id === id));
}

/** Polls window.cmwq.state() until @p test(state) holds; returns that state. */
async function stateWhere(page, test, what, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const state = await page.evaluate(() => window.cmwq.state());
    if (test(state)) return state;
    check(Date.now() < until, `timed out waiting for ${what}`);
    await frames(page, 2);
  }
}

/** Opens the app in a fresh page of @p context at @p url and waits until it draws. */
async function openApp(context, url, baseUrl) {
  const page = await context.newPage();
  const problems = watchForProblems(page, baseUrl);
  await page.goto(url, { waitUntil: 'load' });
  const pageError = await waitForStart(page);
  check(!pageError, `the page shows an error instead of the app:\n${pageError}`);
  await page.waitForFunction(() => window.cmwq && window.cmwq.frames() >= 3, null, { timeout: START_TIMEOUT_MS });
  return { page, problems };
}

/**
 * The screen-reader mirror at the rescuer's wake-up (the live region follows
 * window.cmwq.mirror()), then the paused page left alone: after settling it draws at most
 * 3 frames in 2 s (one frame per 700 ms when idle; frames() and mirror() do not wake it).
 */
async function mirrorAndIdle(page) {
  const mirror = await page.evaluate(() => window.cmwq.mirror());
  console.log(`    mirror: ${JSON.stringify(mirror)}`);
  check(/^Code: .+\nPools: .+, why: .+\nLast event: .*kworker\/R-writeback/.test(mirror),
    `the mirror lacks the Code note, a pool's why or the rescuer's event: ${JSON.stringify(mirror)}`);
  await page.waitForFunction((m) => document.getElementById('mirror').textContent === m, mirror, { timeout: 5_000 });
  const region = await page.evaluate(() => {
    const box = document.getElementById('mirror');
    return { role: box.getAttribute('role'), live: box.getAttribute('aria-live'), width: box.getBoundingClientRect().width };
  });
  check(region.role === 'status' && region.live === 'polite' && region.width <= 1,
    `the mirror is not a hidden polite live region: ${JSON.stringify(region)}`);
  await page.waitForTimeout(1000);  // settle: half a second after the last activity
  const before = await page.evaluate(() => window.cmwq.frames());
  await page.waitForTimeout(2000);
  const drawn = (await page.evaluate(() => window.cmwq.frames())) - before;
  console.log(`    idle paused page: ${drawn} frames in 2 s`);
  check(drawn <= 3, `an idle paused page drew ${drawn} frames in 2 s (at most 3 expected)`);
}

/** The window sizes the layout must fit (issue 14): a laptop, a desktop, a large desktop. */
const LAYOUT_SIZES = [[1280, 800], [1920, 1080], [2560, 1440]];

/**
 * What is wrong with the text of the last frame (window.cmwq.textRects()): a run of text
 * cut by its clip rectangle along an axis its window cannot scroll (text fields, which
 * scroll their own text, and the Timeline's time area, whose labels are cut to their bars
 * by design, are exempt), or the shown parts (inside their clips) of two runs of the same
 * window that overlap by more than a pixel each way (everywhere, the time area too).
 */
function layoutProblems(runs) {
  const shownBox = (r) => ({
    x0: Math.max(r.x, r.clip[0]), y0: Math.max(r.y, r.clip[1]),
    x1: Math.min(r.x + r.w, r.clip[2]), y1: Math.min(r.y + r.h, r.clip[3]),
  });
  const problems = [];
  const shown = (r) => `${r.root}${r.window !== r.root ? ` (${r.window})` : ''}: "${r.text.slice(0, 40)}" at ` +
    `${r.x.toFixed(0)},${r.y.toFixed(0)} ${r.w.toFixed(0)}x${r.h.toFixed(0)}`;
  for (const r of runs) {
    const axes = [...r.cut].filter((a) => !r.scroll.includes(a));
    if (axes.length && !r.allowed) problems.push(`cut (${axes.join('')}) by its clip [${r.clip.map((v) => v.toFixed(0))}] in ${shown(r)}`);
  }
  for (let i = 0; i < runs.length; ++i) {
    for (let j = i + 1; j < runs.length; ++j) {
      const a = runs[i], b = runs[j];
      if (a.root !== b.root) continue;
      const p = shownBox(a), q = shownBox(b);
      const ox = Math.min(p.x1, q.x1) - Math.max(p.x0, q.x0);
      const oy = Math.min(p.y1, q.y1) - Math.max(p.y0, q.y0);
      if (ox > 1 && oy > 1) problems.push(`overlap ${ox.toFixed(0)}x${oy.toFixed(0)}: ${shown(a)} and ${shown(b)}`);
    }
  }
  return problems;
}

/**
 * The text size control: A+ makes the font one step (10%) larger, the factor survives a
 * reload (local storage), A- and Ctrl 0 (or setTextSize(1) if the key press was missed:
 * ImGui 1.86 samples keys once a frame) bring it back.
 */
async function textSizeControl(page, context, url) {
  const before = await page.evaluate(() => window.cmwq.textSize());
  check(before.factor === 1 && before.font === before.pixels, `unexpected text size at start: ${JSON.stringify(before)}`);
  await clickWidget(page, 'text bigger');
  const bigger = await page.evaluate(() => window.cmwq.textSize());
  check(bigger.factor === 1.1 && bigger.font === Math.round(before.pixels * 1.1),
    `A+ did not make the text 10% larger: ${JSON.stringify(before)} -> ${JSON.stringify(bigger)}`);
  const { page: again } = await openApp(context, url, url);
  const kept = await again.evaluate(() => window.cmwq.textSize());
  check(kept.factor === 1.1 && kept.font === bigger.font, `a reload forgot the text size: ${JSON.stringify(kept)}`);
  await clickWidget(again, 'text smaller');
  await clickWidget(again, 'text smaller');
  const smaller = await again.evaluate(() => window.cmwq.textSize());
  check(smaller.factor === 0.9, `A- twice from 110% gave ${JSON.stringify(smaller)}`);
  await again.keyboard.press('Control+Digit0');
  await frames(again, 3);
  if ((await again.evaluate(() => window.cmwq.textSize())).factor !== 1) await again.evaluate(() => window.cmwq.setTextSize(1));
  const reset = await again.evaluate(() => window.cmwq.textSize());
  check(reset.factor === 1 && reset.font === before.font, `Ctrl 0 / setTextSize(1) did not reset: ${JSON.stringify(reset)}`);
  await again.close();
}

/** Clicks the scenario picker and, wheeling its list as needed, the item @p file. */
async function pickScenario(page, file) {
  await clickWidget(page, 'scenario picker');
  const name = `scenario item ${file}`;
  for (let turn = 0; turn < 30; ++turn) {
    const r = await page.evaluate((n) => window.cmwq.widgetRect(n), name);
    if (r && r.h >= 10) return clickAt(page, r.x + r.w / 2, r.y + r.h / 2);
    const first = await page.evaluate(() => window.cmwq.widgetRect('scenario item cpu-hog.toml'));
    const anchor = first || await page.evaluate(() => window.cmwq.widgetRect('scenario picker'));
    await page.mouse.move(anchor.x + 40, anchor.y + (first ? 20 : 60));
    await page.mouse.wheel(0, 60);
    await frames(page, 3);
  }
  check(false, `the scenario picker never showed ${file}`);
}

/**
 * The layout fits: at three window sizes, the default scenario and the starvation sandbox
 * at its first mayday (loaded and driven with real clicks) draw no text that is cut by its
 * window or runs into other text (window.cmwq.textRects(), layoutProblems()).
 */
async function layoutFits(server) {
  const summary = [], found = [];
  for (const [width, height] of LAYOUT_SIZES) {
    const { context, dispose } = await launch(1, { viewport: { width, height } });
    try {
      const { page, problems } = await openApp(context, server.url, server.url);
      const textCheck = async (what, shot) => {
        await page.mouse.move(width - 2, height - 2);  // no tooltip over the panels
        await page.evaluate(() => window.cmwq.textRects());  // switches recording on
        await frames(page, 3);
        const runs = await page.evaluate(() => window.cmwq.textRects());
        check(Array.isArray(runs) && runs.length > 100, `too few text runs recorded at ${width}x${height}: ${runs && runs.length}`);
        await snap(page, `${width}x${height}-${shot}`, 'layout');
        const bad = layoutProblems(runs);
        if (bad.length) found.push(`${what} at ${width}x${height}: ${bad.length} text problem(s):\n      ` +
          bad.slice(0, 12).join('\n      '));
        return runs.length;
      };
      const n0 = await textCheck('the default scenario', 'default');
      // The toolbar is one row: Help (its last button) beside Play, not wrapped below it.
      const [play, help] = await page.evaluate(() => [window.cmwq.widgetRect('play'), window.cmwq.widgetRect('help')]);
      if (!(play && help && Math.abs(help.y - play.y) < 2))
        found.push(`the toolbar wraps at ${width}x${height}: Play at ${JSON.stringify(play)}, Help at ${JSON.stringify(help)}`);
      await pickScenario(page, 'starvation-sandbox.toml');
      await stateWhere(page, (s) => s.scenario === 'starvation-sandbox.toml', 'the sandbox picked in the scenario picker');
      await clickWidget(page, 'starve memory');
      await clickWidget(page, 'queue 3 blocking works');
      await clickWidget(page, 'run to next mayday');
      await stateWhere(page, (s) => s.last.mayday !== null, 'a mayday after "run to next mayday"');
      const n1 = await textCheck('the starvation sandbox at its mayday', 'sandbox');
      if (width === 1280) await textSizeControl(page, context, server.url);
      check(problems.length === 0, problems.join('\n'));
      summary.push(`${width}x${height}: ${n0} + ${n1} text runs`);
    } finally {
      await dispose();
    }
  }
  check(found.length === 0, found.join('\n    '));
  return `no text cut or overlapping (${summary.join(', ')}), screenshots test-results/browser/layout-*.png`;
}

/** The starvation sandbox with real clicks: mayday, rescuer, step back, a link. */
async function lab(server) {
  const { context, dispose } = await launch(1);
  try {
    const { page, problems } = await openApp(context, server.url, server.url);
    const shots = [];
    const initial = await page.evaluate(() => window.cmwq.state());
    check(initial.scenario === 'doc-max-active-3.toml', `the page opened ${initial.scenario}, not doc-max-active-3.toml`);

    // A scenario text with a mistake: the error names file:line:column, the editor shows
    // it at its line, and the running world stays.
    const bad = await page.evaluate(() =>
      window.cmwq.loadScenario('title = "broken"\n[machine]\ncpus = 2\nhz = "fast"\n'));
    check(!bad.ok && /^edited\.toml:4:\d+: error: /.test(bad.error), `unexpected parse error: ${bad.error}`);
    const kept = await page.evaluate(() => window.cmwq.state());
    check(JSON.stringify(kept) === JSON.stringify(initial), 'a bad scenario text changed the running world');
    await frames(page, 3);
    shots.push(await snap(page, '0-parse-error'));

    const loaded = await page.evaluate(() => window.cmwq.loadScenario('starvation-sandbox'));
    check(loaded.ok, `loadScenario failed: ${loaded.error}`);
    await frames(page, 3);
    shots.push(await snap(page, '1-sandbox'));

    await clickWidget(page, 'starve memory');
    await stateWhere(page, (s) => s.commands.includes('hog all') && s.memory.free === 0 && s.memory.hogged > 0,
      'the memory hog taking every free page after clicking "starve memory"');
    shots.push(await snap(page, '2-starved'));

    await clickWidget(page, 'queue 3 blocking works');
    await stateWhere(page, (s) => s.commands.some((c) => c.startsWith('queue q0')) &&
      (s.event_counts.workqueue_queue_work || 0) >= 3, 'three works queued after clicking "queue 3 blocking works"');
    shots.push(await snap(page, '3-queued'));
    // The manager armed the pool's mayday timer: its bar is on the Timeline before it fires.
    await frames(page, 2);
    check(await page.evaluate(() => window.cmwq.widgetRect('mayday timer bar')) !== null,
      'no mayday timer bar on the Timeline while the timer is armed');

    await clickWidget(page, 'run to next mayday');
    const mayday = await stateWhere(page, (s) => s.last.mayday !== null, 'a mayday after "run to next mayday"');
    check(mayday.last.mayday.type === 'send_mayday' && mayday.last.mayday.wq === 'writeback',
      `unexpected mayday event: ${JSON.stringify(mayday.last.mayday)}`);
    check(mayday.memory.free === 0 && mayday.memory.reclaim_waiters > 0, 'memory is not starved at the mayday');
    check(mayday.last.rescuer_wake === null, 'the rescuer ran before the mayday');
    await frames(page, 2);
    shots.push(await snap(page, '4-mayday'));

    await clickWidget(page, 'run to next rescuer');
    const rescued = await stateWhere(page, (s) => s.last.rescuer_wake !== null, 'a rescuer event after the mayday');
    check(rescued.last.rescuer_wake.task === 'kworker/R-writeback',
      `unexpected rescuer event: ${JSON.stringify(rescued.last.rescuer_wake)}`);
    await frames(page, 2);
    shots.push(await snap(page, '5-rescuer'));
    await mirrorAndIdle(page);

    // Step, then step back: the state is the one before the step, exactly.
    const before = await page.evaluate(() => window.cmwq.state());
    await clickWidget(page, 'step');
    const stepped = await stateWhere(page, (s) => s.events > before.events, 'a step');
    check(JSON.stringify(stepped) !== JSON.stringify(before), 'a step changed nothing');
    shots.push(await snap(page, '6-step'));
    await clickWidget(page, 'step back');
    const back = await stateWhere(page, (s) => s.events === before.events, 'the step back');
    check(JSON.stringify(back) === JSON.stringify(before),
      'step back did not return to the state before the step:\n' + diffStates(before, back));
    shots.push(await snap(page, '7-step-back'));

    // The page keeps its state in the URL hash; opening that URL elsewhere restores it.
    const link = await page.evaluate(() => window.cmwq.link());
    await page.waitForFunction((l) => location.hash === '#' + l, link, { timeout: 10_000 });
    const url = page.url();
    check(url.includes('scenario=starvation-sandbox') && url.includes('do='), `the URL hash lacks the state: ${url}`);
    const other = await openApp(context, url, server.url);
    const restored = await other.page.evaluate(() => window.cmwq.state());
    check(JSON.stringify(restored) === JSON.stringify(before),
      'the link did not restore the state:\n' + diffStates(before, restored));
    await frames(other.page, 3);
    shots.push(await snap(other.page, '8-link-restored'));

    // Recovery: the writeback work the rescuer runs frees page cache, the manager's
    // create_worker() gets its memory, normal workers run the three works, and the rescuer
    // leaves. (This screenshot, the whole story at a glance, is the README's.)
    await other.page.evaluate(() => window.cmwq.run(300));
    await clickWidget(other.page, 'timeline fit');
    const recovered = await stateWhere(other.page, (s) => s.time_ns >= 300e6, 'the run to 300 ms');
    const pool = recovered.pools.find((p) => p.cpu === 0 && p.title.includes('normal'));
    const writeback = recovered.workqueues.find((q) => q.name === 'writeback');
    check(pool && pool.worklist.length === 0 && pool.nr_workers >= 2 && !pool.mayday_timer_pending,
      `the pool did not recover: ${JSON.stringify(pool)}`);
    check(recovered.memory.free > recovered.memory.wmark_high, `memory still starved: ${JSON.stringify(recovered.memory)}`);
    check(writeback.rescuer && writeback.rescuer.pool < 0 && writeback.stats.rescued >= 1,
      `the rescuer did not rescue then leave: ${JSON.stringify(writeback)}`);
    check((recovered.event_counts.workqueue_execute_end || 0) >= 4, 'wb and the three blocking works did not all run');
    await other.page.mouse.move(550, 760);  // an empty spot of the Workqueues panel: no tooltip in the picture
    await frames(other.page, 3);
    shots.push(await snap(other.page, '9-recovered'));
    check(problems.length === 0 && other.problems.length === 0, [...problems, ...other.problems].join('\n'));
    return `mayday at ${mayday.time}, rescuer at ${rescued.time}, step back and link restore exact; ` +
           `screenshots ${shots.map((f) => path.basename(f)).join(' ')}`;
  } finally {
    await dispose();
  }
}

/**
 * The Timeline keeps "now", the lockup is on screen: starvation-no-reclaim zoomed in, run
 * to next lockup with a real click; the red banner names the pool in the kernel's words;
 * an event-log line clicked goes back in time; another scenario loads. Screenshots
 * test-results/browser/now-*.png show the cursor in view at each stage.
 */
async function timelineNow(server) {
  const { context, dispose } = await launch(1);
  try {
    const { page, problems } = await openApp(context, server.url, server.url);
    const shots = [];
    const loaded = await page.evaluate(() => window.cmwq.loadScenario('starvation-no-reclaim'));
    check(loaded.ok, `loadScenario failed: ${loaded.error}`);
    await frames(page, 3);
    check(!(await page.evaluate(() => window.cmwq.widgetRect('lockup banner'))), 'a lockup banner before any lockup');
    // Zoom the Timeline in (the wheel over its time area): it no longer follows now.
    const fit = await page.evaluate(() => window.cmwq.widgetRect('timeline fit'));
    check(fit, 'the Timeline has no Fit button');
    await page.mouse.move(fit.x + 500, fit.y + 120);
    await frames(page, 2);
    for (let k = 0; k < 4; ++k) {
      await page.mouse.wheel(0, -120);
      await frames(page, 2);
    }
    await clickWidget(page, 'run to next lockup');
    const lockup = await stateWhere(page, (s) => (s.event_counts.workqueue_lockup || 0) >= 1,
      'a lockup after "run to next lockup"', 60_000);
    await page.mouse.move(5, 795);  // no tooltip in the picture
    await frames(page, 3);
    shots.push(await snap(page, '1-lockup', 'now'));
    const banner = await page.evaluate(() => window.cmwq.widgetRect('lockup banner'));
    check(banner && banner.w > 0, 'no lockup banner after "run to next lockup"');

    // Back in time from the event log: the first queued work, found with the filter.
    await clickWidget(page, 'event filter');
    await page.keyboard.type('workqueue_queue_work');
    await frames(page, 4);
    const filter = await page.evaluate(() => window.cmwq.widgetRect('event filter'));
    await clickAt(page, filter.x + 60, filter.y + filter.h * 2.1);
    const back = await stateWhere(page, (s) => s.time_ns < lockup.time_ns, 'the seek back after a log click');
    check(!(await page.evaluate(() => window.cmwq.widgetRect('lockup banner'))), 'the lockup banner stayed after going back');
    await page.mouse.move(5, 795);
    await frames(page, 3);
    shots.push(await snap(page, '2-log-click', 'now'));

    const other = await page.evaluate(() => window.cmwq.loadScenario('doc-max-active-3'));
    check(other.ok, `loadScenario failed: ${other.error}`);
    await page.evaluate(() => window.cmwq.run(50));
    await stateWhere(page, (s) => s.time_ns >= 50e6, 'the run to 50 ms');
    await frames(page, 3);
    shots.push(await snap(page, '3-other-scenario', 'now'));

    // A run that reaches its budget says so where the student looks: above the Timeline.
    const loop = readFileSync(path.join(ROOT, 'tests/scenarios/requeue-loop.toml'), 'utf8') + 'max_events = 3000\n';
    const looped = await page.evaluate((t) => window.cmwq.loadScenario(t), loop);
    check(looped.ok, `loadScenario of the requeue loop failed: ${looped.error}`);
    await clickWidget(page, 'play');
    const stopped = await stateWhere(page, (s) => s.stopped, 'the budget stop while playing');
    await frames(page, 3);
    const stop = await page.evaluate(() => window.cmwq.widgetRect('budget stop'));
    check(stop && stop.w > 0 && stop.y + stop.h <= VIEWPORT.height, `no budget stop in sight: ${JSON.stringify(stop)}`);
    shots.push(await snap(page, '4-budget-stop', 'now'));
    check(problems.length === 0, problems.join('\n'));
    return `lockup at ${lockup.time}, banner shown; log click back to ${back.time}; ` +
           `budget stop shown at ${stopped.time}; ` +
           `screenshots ${shots.map((f) => path.basename(f)).join(' ')}`;
  } finally {
    await dispose();
  }
}

/** Polls window.cmwq.welcome() until @p test(welcome) holds; returns it. */
async function welcomeWhere(page, test, what, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const w = await page.evaluate(() => window.cmwq.welcome());
    if (test(w)) return w;
    check(Date.now() < until, `timed out waiting for ${what}: ${JSON.stringify(w).slice(0, 400)}`);
    await frames(page, 2);
  }
}

/**
 * The welcome on a fresh page, at 1280x800 and 1920x1080: it shows (a modal: a click
 * elsewhere does nothing); "Watch the rescuer save a starving pool" loads the sandbox and
 * starts the tour, whose five steps are each done by real clicks on the widget it points
 * at, its text changing each time, until the rescuer takes the writeback work. Then a new
 * page (local storage says seen) opens without it, Help opens it again, and "Lab 1" opens
 * the Labs panel on lab 01 with its scenario (test-results/browser/welcome-*.png).
 */
async function welcome(server) {
  const shots = [];
  const counts = [];
  for (const viewport of [VIEWPORT, { width: 1920, height: 1080 }]) {
    const size = `${viewport.width}x${viewport.height}`;
    const { context, dispose } = await launch(1, { viewport }, { fresh: true });
    try {
      const { page, problems } = await openApp(context, server.url, server.url);
      const shot = async (p, name) => {
        await p.mouse.move(viewport.width - 4, viewport.height - 4);  // no tooltip in the picture
        await frames(p, 3);
        shots.push(await snap(p, `${size}-${name}`, 'welcome'));
      };
      let w = await welcomeWhere(page, (x) => x.open, 'the welcome on a fresh page', 5_000);
      check(w.tour === null, `a tour runs before any choice: ${JSON.stringify(w)}`);
      await shot(page, '0-welcome');
      const before = await page.evaluate(() => window.cmwq.state());
      await clickWidget(page, 'step');  // behind the welcome: the click must not reach it
      const still = await page.evaluate(() => window.cmwq.state());
      check(still.events === before.events, 'a click behind the welcome stepped the run');

      let clicks = 1;
      await clickWidget(page, 'welcome sandbox');
      await stateWhere(page, (s) => s.scenario === 'starvation-sandbox.toml' && s.time_ns === 0, 'the sandbox');
      const seen = await page.evaluate(() => localStorage.getItem('cmwq-lab:welcome'));
      check(seen === 'seen', `local storage holds ${JSON.stringify(seen)} for the welcome after a choice`);
      let text = '';
      for (let step = 1; step <= 5; ++step) {
        w = await welcomeWhere(page, (x) => !x.open && x.tour && x.tour.step === step, `tour step ${step}`);
        check(w.tour.text.startsWith(`Step ${step} of 5: `) && w.tour.text !== text,
          `the tour's text at step ${step} is ${JSON.stringify(w.tour.text)}`);
        check(await page.evaluate(() => window.cmwq.widgetRect('tour text')), `step ${step}: no tour window drawn`);
        text = w.tour.text;
        await shot(page, `${step}-${w.tour.press.replaceAll(' ', '-')}`);
        // Press what it points at until the step is done ("Step >" may take a few presses).
        for (let n = 0; n < 6 && w.tour && w.tour.step === step; ++n) {
          await clickWidget(page, w.tour.press);
          ++clicks;
          w = await page.evaluate(() => window.cmwq.welcome());
        }
      }
      w = await welcomeWhere(page, (x) => x.tour && x.tour.finished, 'the tour finished');
      check(w.tour.press === 'play' && w.tour.text.startsWith('Done: ') && w.tour.text !== text,
        `the finished tour says ${JSON.stringify(w.tour)}`);
      const rescued = await page.evaluate(() => window.cmwq.state());
      check((rescued.event_counts.rescuer_assign || 0) >= 1 && rescued.last.rescuer_wake !== null,
        `the tour finished without the rescuer taking a work: ${JSON.stringify(rescued.event_counts)}`);
      await shot(page, '6-done');
      counts.push(`${size}: ${clicks} clicks`);

      if (viewport === VIEWPORT) {
        // Seen: a new page without a link opens on the panels; Help shows it again.
        const again = await openApp(context, server.url, server.url);
        await frames(again.page, 3);
        w = await again.page.evaluate(() => window.cmwq.welcome());
        check(!w.open, 'the welcome showed again after it was seen');
        await clickWidget(again.page, 'help');
        await welcomeWhere(again.page, (x) => x.open, 'the welcome after Help');
        await clickWidget(again.page, 'welcome lab');
        const labs = await labsWhere(again.page, (l) => l.shown && l.open === '01-why-cmwq', 'lab 01 open');
        await stateWhere(again.page, (s) => s.scenario.startsWith('01-why-cmwq/'), 'lab 01\'s scenario');
        check(labs.tab === 'Labs', `the Labs tab is not selected: ${labs.tab}`);
        await shot(again.page, '7-lab-1');
        check(again.problems.length === 0, again.problems.join('\n'));
      }
      check(problems.length === 0, problems.join('\n'));
    } finally {
      await dispose();
    }
  }
  return `welcome on a fresh page, modal; rescuer reached by following the tour (${counts.join(', ')}, ` +
         `counting "welcome sandbox"); seen after a choice; Help and Lab 1; ` +
         `screenshots ${shots.map((f) => path.basename(f)).join(' ')}`;
}

/**
 * The Labs panel with real clicks and typing: lab 05-mem-reclaim, a question answered
 * wrongly then correctly, the challenge solved in the editor, progress kept across a
 * reload (local storage) and in the copied link (a fresh browser), and the Docs button.
 */
async function labs(server) {
  const LAB = '05-mem-reclaim';
  const { context, dispose } = await launch(1, { permissions: ['clipboard-read', 'clipboard-write'] });
  let fresh = null;
  try {
    const { page, problems } = await openApp(context, server.url, server.url);
    const shots = [];
    // Screenshots with the mouse away from the buttons it clicked (no tooltips over the panel).
    const shot = async (p, name) => {
      await p.mouse.move(VIEWPORT.width - 4, VIEWPORT.height - 4);
      await frames(p, 3);
      shots.push(await snap(p, name, 'labs'));
    };

    await clickWidget(page, 'labs');
    await labsWhere(page, (l) => l.shown && l.tab === 'Labs' && l.open === null, 'the list of labs');
    const all = await page.evaluate(() => window.cmwq.labs());
    check(all.labs.length >= 9 && all.labs.every((l) => l.error === ''),
      `the labs do not all load: ${JSON.stringify(all.labs.map((l) => [l.dir, l.error]))}`);
    await shot(page, '0-list');

    // Opening a lab loads its scenario, at 0 ms.
    await clickWidget(page, `lab ${LAB}`);
    await labsWhere(page, (l) => l.open === LAB, `lab ${LAB} open`);
    const opened = await stateWhere(page, (s) => s.scenario === `${LAB}/starvation.toml`, 'the lab\'s scenario');
    check(opened.time_ns === 0, `the lab's scenario did not start at 0 ms: ${opened.time}`);
    await shot(page, '1-readme');

    // Load the question's scenario: it runs from 0 ms and nothing is revealed.
    await clickWidget(page, 'labs jump questions');
    await clickWidget(page, 'load first-mayday');
    const loaded = await stateWhere(page, (s) => s.scenario === `${LAB}/starvation.toml`, 'the question\'s scenario');
    check(loaded.time_ns === 0, `the question's scenario did not start at 0 ms: ${loaded.time}`);
    await clickWidget(page, 'hint first-mayday');  // the first hint; the explanation stays locked
    let l = await page.evaluate(() => window.cmwq.labs());
    let q = item(l, LAB, 'first-mayday');
    check(!q.answered && q.tries === 0 && q.first_try === null, `a hint answered the question: ${JSON.stringify(q)}`);
    await shot(page, '2-loaded-hint');

    // A wrong prediction, typed: "not yet", the next hint, a retry; the answer stays hidden.
    await clickWidget(page, 'answer first-mayday');
    await page.keyboard.type('22ms');
    await frames(page, 3);
    await clickWidget(page, 'check first-mayday');
    l = await labsWhere(page, (x) => item(x, LAB, 'first-mayday').answered, 'first-mayday answered');
    q = item(l, LAB, 'first-mayday');
    check(!q.correct && q.tries === 1 && q.first_try === false && !q.revealed,
      `after 22ms first-mayday is ${JSON.stringify(q)}`);
    check(await page.evaluate(() => window.cmwq.widgetRect('show answer first-mayday')),
      'no "Show the answer" after a wrong try');
    check(await page.evaluate(() => window.cmwq.widgetRect('hint first-mayday')),
      'the third hint is not offered (the wrong try should have opened the second)');
    let shown = await page.evaluate(() => window.cmwq.widgetNames());
    check(shown.includes('verdict first-mayday not yet') && shown.includes('hint text first-mayday 2'),
      `after a wrong try the panel shows no "not yet" or no second hint: ${shown.filter((n) => n.includes('first-mayday'))}`);
    check(!shown.includes('verdict first-mayday answer shown') && !shown.includes('why first-mayday'),
      'a wrong try showed the answer or the explanation');
    await shot(page, '3-not-yet');

    // The retry: a click in the field selects the old answer, typing replaces it. Right,
    // but not on the first try.
    await clickWidget(page, 'answer first-mayday');
    await page.keyboard.type('12ms');
    await frames(page, 3);
    await clickWidget(page, 'check first-mayday');
    l = await labsWhere(page, (x) => item(x, LAB, 'first-mayday').correct, 'first-mayday answered correctly');
    q = item(l, LAB, 'first-mayday');
    check(q.tries === 2 && q.first_try === false && !q.revealed, `after the retry first-mayday is ${JSON.stringify(q)}`);
    await frames(page, 2);
    shown = await page.evaluate(() => window.cmwq.widgetNames());
    check(shown.includes('verdict first-mayday right') && shown.includes('why first-mayday'),
      `a right retry shows no verdict or no explanation: ${shown.filter((n) => n.includes('first-mayday'))}`);
    const stored = await page.evaluate((k) => localStorage.getItem(k), `cmwq-lab:${LAB}:first-mayday`);
    check(stored === 'tries=2 first=no revealed=no correct=yes hints=2 answer=12ms',
      `local storage holds ${JSON.stringify(stored)} for first-mayday`);
    await shot(page, '4-retry-correct');

    // A choice right on the first try, and a wrong one whose answer the student asks for.
    await scrollLabsTo(page, 'check who-runs-writeback');
    await clickWidget(page, 'choice who-runs-writeback rescuer');
    await clickWidget(page, 'check who-runs-writeback');
    l = await labsWhere(page, (x) => item(x, LAB, 'who-runs-writeback').correct, 'who-runs-writeback answered');
    q = item(l, LAB, 'who-runs-writeback');
    check(q.tries === 1 && q.first_try === true, `who-runs-writeback is ${JSON.stringify(q)}`);
    await scrollLabsTo(page, 'check second-mayday');
    await clickWidget(page, 'answer second-mayday');
    await page.keyboard.type('212ms');
    await frames(page, 3);
    await clickWidget(page, 'check second-mayday');
    await labsWhere(page, (x) => item(x, LAB, 'second-mayday').answered, 'second-mayday answered');
    await scrollLabsTo(page, 'show answer second-mayday');
    await clickWidget(page, 'show answer second-mayday');
    l = await labsWhere(page, (x) => item(x, LAB, 'second-mayday').revealed, 'second-mayday shown');
    q = item(l, LAB, 'second-mayday');
    check(!q.correct && q.tries === 1 && q.first_try === false, `second-mayday is ${JSON.stringify(q)}`);
    await scrollLabsTo(page, 'why second-mayday', 10);
    shown = await page.evaluate(() => window.cmwq.widgetNames());
    check(shown.includes('verdict second-mayday answer shown') && !shown.includes('show answer second-mayday'),
      `"Show the answer" did not show it: ${shown.filter((n) => n.includes('second-mayday'))}`);
    await shot(page, '5-shown');

    // The challenge: check the starting scenario (not yet), fix it in the editor, check again.
    await clickWidget(page, 'labs jump challenges');
    await clickWidget(page, 'challenge load make-it-recover');
    await stateWhere(page, (s) => s.scenario === `${LAB}/stall.toml`, 'the challenge\'s starting scenario');
    await clickWidget(page, 'challenge check make-it-recover');
    await frames(page, 3);
    l = await page.evaluate(() => window.cmwq.labs());
    check(!item(l, LAB, 'make-it-recover').solved, 'the starting scenario solved the challenge');
    await shot(page, '6-challenge-not-yet');
    await clickWidget(page, 'tab scenario');
    await labsWhere(page, (x) => x.tab === 'Scenario', 'the Scenario tab');
    // Click between the brackets of line 16, `flags = []`, and type the flag. Where the
    // editor drew that line comes from textRects() (font and size follow the window); the
    // font is monospace, so the boundary between `[` and `]` is 9/10 of the run's width,
    // and a click puts the cursor at the nearest boundary.
    const editor = await page.evaluate(() => window.cmwq.widgetRect('scenario editor'));
    check(editor, 'the app reports no rectangle for the scenario editor');
    await page.evaluate(() => window.cmwq.textRects());
    await frames(page, 3);
    const font = (await page.evaluate(() => window.cmwq.textSize())).font;
    const line16 = editor.y + 3 + 15.5 * font;
    const flags = (await page.evaluate(() => window.cmwq.textRects()))
      .filter((r) => r.root === 'Scenario' && r.text === 'flags = []')
      .sort((a, b) => Math.abs(a.y + a.h / 2 - line16) - Math.abs(b.y + b.h / 2 - line16))[0];
    check(flags && Math.abs(flags.y + flags.h / 2 - line16) < font, `the editor shows no \`flags = []\` at line 16`);
    await clickAt(page, flags.x + flags.w * 0.9, flags.y + flags.h / 2);
    await page.keyboard.type('"WQ_MEM_RECLAIM"');
    await frames(page, 3);
    await shot(page, '7-edited');
    await clickWidget(page, 'tab labs');
    await clickWidget(page, 'challenge check make-it-recover');
    l = await labsWhere(page, (x) => item(x, LAB, 'make-it-recover').solved, 'the challenge solved');
    await shot(page, '8-solved');
    // Questions 0-2 answered (7), 0-1 right (3), the challenge solved (1), 1 right on the
    // first try (2), 2 shown (4), tries 2, 1, 1.
    const progress = l.progress;
    check(progress === `${LAB}.7.3.1.2.4.2-1-1`, `unexpected progress ${progress}`);

    // Reload the page without its link: the progress comes back from local storage.
    await page.evaluate(() => history.replaceState(null, '', location.pathname));
    await page.reload({ waitUntil: 'load' });
    check(!await waitForStart(page), 'the page shows an error after the reload');
    await page.waitForFunction(() => window.cmwq && window.cmwq.frames() >= 3, null, { timeout: START_TIMEOUT_MS });
    l = await page.evaluate(() => window.cmwq.labs());
    check(!l.shown && l.progress === progress, `after a reload the progress is ${l.progress}, not ${progress}`);
    q = item(l, LAB, 'first-mayday');
    check(q.tries === 2 && q.first_try === false && q.correct, `after a reload first-mayday is ${JSON.stringify(q)}`);
    await clickWidget(page, 'labs');
    await shot(page, '9-list-progress');
    await clickWidget(page, `lab ${LAB}`);
    await clickWidget(page, 'labs jump questions');
    await shot(page, '10-reloaded');

    // A link that claims first-mayday was right on the first try: it adds nothing better
    // than what this browser recorded.
    const own = await page.evaluate(() => window.cmwq.link());
    const forged = own.replace(/progress=[^&]*/, `progress=${LAB}.7.7.1.7.0.1-1-1`);
    check(forged !== own, `the page's link has no progress: ${own}`);
    await page.evaluate((h) => history.replaceState(null, '', location.pathname + '#' + h), forged);
    await page.reload({ waitUntil: 'load' });
    check(!await waitForStart(page), 'the page shows an error after the reload');
    await page.waitForFunction(() => window.cmwq && window.cmwq.frames() >= 3, null, { timeout: START_TIMEOUT_MS });
    l = await page.evaluate(() => window.cmwq.labs());
    q = item(l, LAB, 'first-mayday');
    check(q.first_try === false && q.tries === 2, `a link made first-mayday's first try better: ${JSON.stringify(q)}`);
    q = item(l, LAB, 'second-mayday');
    check(q.correct && q.first_try === false && q.revealed, `the link's record of second-mayday: ${JSON.stringify(q)}`);
    await page.evaluate((h) => history.replaceState(null, '', location.pathname + '#' + h), own);

    // The copied link, opened in a fresh browser (empty local storage), has the progress.
    // The clipboard is written asynchronously, and the address bar catches up with the
    // state about twice a second: wait for either rather than read a stale one.
    const now = (await page.evaluate(() => window.cmwq.labs())).progress;
    await clickWidget(page, 'copy link');
    let link = null;
    for (const until = Date.now() + 2_000; !link && Date.now() < until;) {
      link = await page.evaluate(() => navigator.clipboard.readText().catch(() => null));
      if (!link) await frames(page, 2);
    }
    let via = 'the clipboard';
    if (!link) {
      via = 'the address bar (the clipboard could not be read)';
      for (const until = Date.now() + 5_000; !page.url().includes(`progress=${now}`) && Date.now() < until;)
        await frames(page, 2);
      link = page.url();
    }
    check(link.includes(`lab=${LAB}`) && link.includes(`progress=${now}`), `the copied link lacks the lab state: ${link}`);
    fresh = await launch(1);
    const other = await openApp(fresh.context, link, server.url);
    l = await other.page.evaluate(() => window.cmwq.labs());
    check(l.shown && l.open === LAB && l.progress === now, `the link restored ${JSON.stringify(l).slice(0, 300)}`);
    const freshStored = await other.page.evaluate((k) => localStorage.getItem(k), `cmwq-lab:${LAB}:first-mayday`);
    check(freshStored === 'tries=2 first=no revealed=no correct=yes hints=0 answer=',
      `the link's progress was not stored: ${JSON.stringify(freshStored)}`);
    await clickWidget(other.page, 'labs jump questions');
    await shot(other.page, '11-link');

    // The Docs button opens the documentation served next to the app, on the student guide
    // (docs/student-guide.md): its pictures load, and its top links the documentation
    // index (the other guides) and the API reference.
    const [docs] = await Promise.all([fresh.context.waitForEvent('page'), clickWidget(other.page, 'docs')]);
    await docs.waitForLoadState('load');
    check(new URL(docs.url()).pathname === '/docs/index.html', `Docs opened ${docs.url()}`);
    const title = await docs.title();
    check(title.includes('Student guide'), `Docs opened "${title}", not the student guide`);
    const hrefs = (page) => page.evaluate(() => [...document.querySelectorAll('a')].map((a) => a.getAttribute('href')));
    const top = await hrefs(docs);
    for (const link of ['md_docs_index.html', 'annotated.html', 'files.html'])
      check(top.includes(link), `the student guide does not link ${link}`);
    const pictures = await docs.evaluate(() => [...document.images].filter((i) => i.src.includes('guide-'))
      .map((i) => ({ src: i.src, ok: i.complete && i.naturalWidth > 0 })));
    check(pictures.length >= 8 && pictures.every((p) => p.ok),
      `the student guide's pictures: ${JSON.stringify(pictures)}`);
    shots.push(await snap(docs, '12-docs', 'labs'));
    await docs.click('a[href="md_docs_index.html"]');
    await docs.waitForLoadState('load');
    const guides = await hrefs(docs);
    for (const guide of ['architecture', 'kernel_map', 'scenario_format', 'lab_authoring', 'json_format', 'automation_api'])
      check(guides.includes(`md_docs_${guide}.html`), `the documentation index does not link md_docs_${guide}.html`);
    check(problems.length === 0 && other.problems.length === 0, [...problems, ...other.problems].join('\n'));
    return `opening the lab loads its scenario; not yet, a hint and a retry right but not first; a first try; ` +
           `an answer shown; challenge solved in the editor; progress ${progress} kept by local storage, not ` +
           `bettered by a forged link, carried by the link (read from ${via}); docs open on the student guide; ` +
           `screenshots ${shots.map((f) => path.basename(f)).join(' ')}`;
  } finally {
    if (fresh) await fresh.dispose();
    await dispose();
  }
}

/**
 * Compare mode with real clicks: the kernel selector, then the starvation sandbox compared
 * with writeback's WQ_MEM_RECLAIM removed (chosen in the Compare window), run to the first
 * difference, stepped, run on, stepped back, restored from its link, and left; screenshots
 * test-results/browser/compare-*.png at 1280x800 and one at 1920x1080.
 */
async function compare(server) {
  const { context, dispose } = await launch(1);
  let wide = null;
  try {
    const { page, problems } = await openApp(context, server.url, server.url);
    const shots = [];
    const shot = async (p, name) => {
      await p.mouse.move(VIEWPORT.width - 4, VIEWPORT.height - 4);  // no tooltip in the picture
      await frames(p, 3);
      shots.push(await snap(p, name, 'compare'));
    };
    const loaded = await page.evaluate(() => window.cmwq.loadScenario('starvation-sandbox'));
    check(loaded.ok, `loadScenario failed: ${loaded.error}`);
    await frames(page, 3);

    // The kernel selector: 2.6.35 (the workqueue before CMWQ), then back to 6.12.118.
    await clickWidget(page, 'kernel');
    await clickWidget(page, 'kernel item 2.6.35');
    const legacy = await stateWhere(page, (s) => s.kernel === '2.6.35', 'kernel 2.6.35 after the selector');
    check(legacy.workqueues.find((q) => q.name === 'writeback').rescuer === null,
      'the workqueue of 2.6.35 has a rescuer');
    await shot(page, '0-kernel-2.6.35');
    await clickWidget(page, 'kernel');
    await clickWidget(page, 'kernel item 6.12.118');
    await stateWhere(page, (s) => s.kernel === '6.12.118', 'kernel 6.12.118 again');

    // Starve memory and queue three blocking works in the first run, then compare.
    await clickWidget(page, 'starve memory');
    await clickWidget(page, 'queue 3 blocking works');
    await stateWhere(page, (s) => s.commands.length === 2, 'the two commands');
    await clickWidget(page, 'compare');
    await clickWidget(page, 'compare kind flag');
    await clickWidget(page, 'compare workqueue');
    await clickWidget(page, 'compare workqueue item writeback');
    await clickWidget(page, 'compare flag');
    await clickWidget(page, 'compare flag item remove WQ_MEM_RECLAIM');
    await shot(page, '1-chooser');
    await clickWidget(page, 'compare start');
    await page.waitForFunction(() => window.cmwq.state(1) !== null, null, { timeout: 30_000 });
    const second = await page.evaluate(() => window.cmwq.state(1));
    check(second && second.commands.length === 2 && second.kernel === '6.12.118',
      `the second run did not start with the first run's commands: ${JSON.stringify(second).slice(0, 300)}`);
    check(second.workqueues.find((q) => q.name === 'writeback').flags === '0', 'writeback kept WQ_MEM_RECLAIM in run B');

    // The first difference: alloc_workqueue() creates the rescuer of a WQ_MEM_RECLAIM
    // workqueue at boot (init_rescuer(): its memory, then its kthread); the second run,
    // without it, has finished booting there and runs the first command, "hog all".
    await clickWidget(page, 'compare difference');
    const diff = await page.evaluate(() => window.cmwq.difference());
    check(diff && diff.time_ns === 0 && diff.a && diff.a.type === 'mem_counters' &&
          diff.b && diff.b.type === 'scripted' && diff.b.text === 'hog all',
      `unexpected first difference: ${JSON.stringify(diff)}`);
    await shot(page, '2-difference');

    // Step both: the two runs move together, to the mayday timer at 11 ms (MAYDAY_INITIAL_TIMEOUT
    // after the manager began waiting) and on. Run A's send_mayday() wakes its rescuer; run B
    // has no rescuer to send one to (send_mayday() returns when !wq->rescuer).
    const before = [await page.evaluate(() => window.cmwq.state()), await page.evaluate(() => window.cmwq.state(1))];
    await clickWidget(page, 'step');
    const stepped = [await page.evaluate(() => window.cmwq.state()), await page.evaluate(() => window.cmwq.state(1))];
    check(stepped[0].events > before[0].events && stepped[1].events > before[1].events,
      `stepping did not move both runs: ${before.map((s) => s.events)} -> ${stepped.map((s) => s.events)}`);
    check(stepped[0].time_ns === 11e6 && stepped[1].time_ns === 11e6,
      `the runs stand at ${stepped[0].time} and ${stepped[1].time}, not both at the mayday timer's 11 ms`);
    check(stepped[0].last.mayday !== null && stepped[1].last.mayday === null && stepped[1].last.mayday_timeout !== null,
      `expected a mayday in run A only: A ${JSON.stringify(stepped[0].last.mayday)}, B ${JSON.stringify(stepped[1].last)}`);
    // Two more steps: A's rescuer at 11 ms (B has nothing more there), then both at the
    // mayday timer's next expiry.
    await clickWidget(page, 'step');
    await clickWidget(page, 'step');
    const two = [await page.evaluate(() => window.cmwq.state()), await page.evaluate(() => window.cmwq.state(1))];
    check(two[0].time_ns === two[1].time_ns && two[0].time_ns > 11e6 && two[0].last.rescuer_wake !== null,
      `after two more steps the runs stand at ${two[0].time} and ${two[1].time}`);
    await shot(page, '3-stepped');

    // Run to the next new worker, in either run: run A's manager gets its memory once the
    // rescuer's writeback work frees page cache (150 ms of I/O) and creates kworker/0:1.
    await clickWidget(page, 'run to next worker');
    const worker = await stateWhere(page, (s) => s.last.worker_created && s.last.worker_created.time_ns > 0,
      'a new worker in run A');
    const noWorker = await page.evaluate(() => window.cmwq.state(1));
    check(noWorker.last.worker_created.time_ns === 0, `run B created a worker: ${JSON.stringify(noWorker.last.worker_created)}`);
    await page.evaluate(() => window.cmwq.run(300 - window.cmwq.state().time_ns / 1e6));
    await clickWidget(page, 'timeline fit');
    const a = await stateWhere(page, (s) => s.time_ns >= 300e6, 'the run to 300 ms');
    const b = await page.evaluate(() => window.cmwq.state(1));
    const poolA = a.pools.find((p) => p.cpu === 0 && p.title.includes('normal'));
    const poolB = b.pools.find((p) => p.cpu === 0 && p.title.includes('normal'));
    check(poolA.worklist.length === 0 && poolB.worklist.length === 4,
      `A should have recovered and B be stuck with blk11..13 and wb: A ${poolA.worklist} B ${poolB.worklist}`);
    await shot(page, '4-recovered-and-stuck');

    // The same state at 1920x1080, opened from its link (the README's picture).
    const wideLink = await page.evaluate(() => window.cmwq.link());
    await page.waitForFunction((l) => location.hash === '#' + l, wideLink, { timeout: 10_000 });
    wide = await launch(1, { viewport: { width: 1920, height: 1080 } });
    const big = await openApp(wide.context, page.url(), server.url);
    await clickWidget(big.page, 'timeline fit');
    await big.page.mouse.move(1916, 1076);
    await frames(big.page, 3);
    shots.push(await snap(big.page, '6-1920x1080', 'compare'));

    // Back steps both; the link keeps the comparison and restores both runs exactly.
    const beforeBack = await page.evaluate(() => [window.cmwq.state(), window.cmwq.state(1)]);
    await clickWidget(page, 'step back');
    const back = await page.evaluate(() => [window.cmwq.state(), window.cmwq.state(1)]);
    check(back[0].events + back[1].events < beforeBack[0].events + beforeBack[1].events, 'Back moved neither run');
    const link = await page.evaluate(() => window.cmwq.link());
    check(link.includes('compare=flags%20writeback%20-WQ_MEM_RECLAIM') && link.includes('bdo='),
      `the link lacks the comparison: ${link}`);
    await page.waitForFunction((l) => location.hash === '#' + l, link, { timeout: 10_000 });
    const other = await openApp(context, page.url(), server.url);
    const restored = await other.page.evaluate(() => [window.cmwq.state(), window.cmwq.state(1)]);
    check(JSON.stringify(restored[0]) === JSON.stringify(back[0]), 'the link did not restore run A:\n' + diffStates(back[0], restored[0]));
    check(JSON.stringify(restored[1]) === JSON.stringify(back[1]), 'the link did not restore run B:\n' + diffStates(back[1], restored[1]));
    await shot(other.page, '5-link-restored');

    // Leave: one run again, where the first run stood.
    await clickWidget(page, 'compare leave');
    const left = await page.evaluate(() => [window.cmwq.state(), window.cmwq.state(1)]);
    check(left[1] === null && JSON.stringify(left[0]) === JSON.stringify(back[0]), 'leaving compare mode changed run A');
    await shot(page, '7-left');
    check(problems.length === 0 && other.problems.length === 0 && big.problems.length === 0,
      [...problems, ...other.problems, ...big.problems].join('\n'));
    return `difference at ${diff.time} (${diff.a.type} in A, ${diff.b.text} in B), mayday at 11 ms and a new ` +
           `worker at ${worker.last.worker_created.time_ns / 1e6} ms in A only, ` +
           `link restores both runs; screenshots ${shots.map((f) => path.basename(f)).join(' ')}`;
  } finally {
    if (wide) await wide.dispose();
    await dispose();
  }
}

/** Holds Ctrl+A over frames (a key tapped between two frames can be missed), selecting a field's text. */
async function selectAll(page) {
  await page.keyboard.down('Control');
  await frames(page, 2);
  await page.keyboard.down('KeyA');
  await frames(page, 2);
  await page.keyboard.up('KeyA');
  await page.keyboard.up('Control');
  await frames(page, 2);
}

/** Polls window.cmwq.notices() until one of them satisfies @p test; returns it. */
async function noticeWhere(page, test, what, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const notices = await page.evaluate(() => window.cmwq.notices());
    const found = notices.find(test);
    if (found) return found;
    check(Date.now() < until, `timed out waiting for ${what}; the notices are ${JSON.stringify(notices)}`);
    await frames(page, 2);
  }
}

/**
 * Links and inputs that explain themselves: a link with one bad part loads its scenario,
 * says "could not restore: ..." and keeps the address until the student acts; a garbage
 * link does the same over the default scenario; the Queue work panel names the operation
 * and column at fault, and refuses an allocation larger than the machine, typed for real.
 */
async function explainsInputs(server) {
  const { context, dispose } = await launch(1);
  try {
    const given = '#scenario=starvation-sandbox&t=99999999999999999';
    const { page, problems } = await openApp(context, server.url + given, server.url);
    const shots = [];
    const opened = await page.evaluate(() => window.cmwq.state());
    check(opened.scenario === 'starvation-sandbox.toml', `the link's valid scenario was not loaded: ${opened.scenario}`);
    check(opened.time_ns === 0, `the bad time moved the run to ${opened.time}`);
    const notice = await noticeWhere(page, (n) => n.startsWith('could not restore: '), 'the link notice');
    check(notice === 'could not restore: `t=99999999999999999`: the time must be a number of ns from 0 to ' +
      '1000000000000000 (1000000 s); the run stays at its start', `the notice says "${notice}"`);
    await page.waitForTimeout(1500);  // the page checks its hash twice a second
    await frames(page, 2);
    const kept = await page.evaluate(() => location.hash);
    check(kept === given, `the address changed before the student acted: ${kept}`);
    await page.mouse.move(5, 795);  // no tooltip in the picture
    await frames(page, 3);
    shots.push(await snap(page, '1-link-notice', 'inputs'));

    // The student acts (Step): the notice goes and the address follows the state again.
    await clickWidget(page, 'step');
    await page.waitForFunction(() => !location.hash.includes('t=99999999999999999'), null, { timeout: 10_000 });
    // notices() is what the last frame drew; the hash is written after that frame's panels.
    await frames(page, 2);
    const after = await page.evaluate(() => window.cmwq.notices());
    check(!after.some((n) => n.startsWith('could not restore')), `the notice stayed after a step: ${JSON.stringify(after)}`);
    const stepped = await page.evaluate(() => window.cmwq.state());
    check(/^-?\d+(\.\d{1,3})? (ns|us|ms|s)$/.test(stepped.time), `a time with more than three decimals: ${stepped.time}`);

    // The Queue work panel: the program typed over the old one, its first mistake named.
    await clickWidget(page, 'queue program');
    await selectAll(page);
    await page.keyboard.type('eat 5 bananas; burn -3ms; alloc lots');
    const eat = await noticeWhere(page, (n) => n.startsWith('column '), 'the Queue work error');
    check(eat.startsWith('column 1 of the program: unknown operation `eat`; expected burn, sleep, alloc'),
      `the Queue work error says "${eat}"`);
    check(await page.evaluate(() => window.cmwq.widgetRect('queue error')), 'the Queue work error is not on screen');
    await page.mouse.move(5, 795);  // no tooltip over the error
    await frames(page, 3);
    shots.push(await snap(page, '2-queue-error', 'inputs'));
    await selectAll(page);
    await page.keyboard.type('burn 1ms; alloc 99999999');
    const alloc = await noticeWhere(page, (n) => n.includes('99999999 pages'), 'the allocation refused');
    check(alloc === 'column 17 of the program: `alloc`: 99999999 pages is more than the machine has ' +
      '([machine] memory_pages = 65536)', `the allocation error says "${alloc}"`);
    const before = await page.evaluate(() => window.cmwq.state().commands.length);
    await clickWidget(page, 'queue custom work');
    check(await page.evaluate(() => window.cmwq.state().commands.length) === before, 'a refused program was queued');
    shots.push(await snap(page, '3-alloc-refused', 'inputs'));

    // A garbage link: the default scenario, the notice, the address as given.
    const garbage = await openApp(context, server.url + '#garbage', server.url);
    const dflt = await garbage.page.evaluate(() => window.cmwq.state());
    check(dflt.scenario === 'doc-max-active-3.toml', `a garbage link opened ${dflt.scenario}`);
    const said = await noticeWhere(garbage.page, (n) => n.startsWith('could not restore: '), 'the garbage link notice');
    check(said === 'could not restore: `garbage`: not a key=value pair; the link names no scenario ' +
      '(scenario=NAME or text=...)', `the garbage link's notice says "${said}"`);
    await garbage.page.waitForTimeout(1500);
    check(await garbage.page.evaluate(() => location.hash) === '#garbage', 'the garbage address was overwritten');
    check(problems.length === 0 && garbage.problems.length === 0, [...problems, ...garbage.problems].join('\n'));
    return `notice "${notice.slice(0, 60)}...", address kept until a step; Queue work names \`eat\` at column 1 ` +
           `and refuses alloc 99999999; screenshots ${shots.map((f) => path.basename(f)).join(' ')}`;
  } finally {
    await dispose();
  }
}

/**
 * Line steps through the rescuer (issue 13), with real clicks: in the starvation sandbox,
 * starve, queue 3 blocking works, see the mayday timer's bar before it fires, run to the
 * mayday, choose "Step by line" and Step through rescuer_thread(): each step moves the
 * rescuer one kernel line (code()), the Pools panel agrees (the rescuer is in the pool's
 * workers from worker_attach_to_pool() on), Back gives each earlier state() exactly, and
 * the link of a point between two lines reopens it (test-results/browser/line-*.png).
 */
async function lineStep(server) {
  const { context, dispose } = await launch(1);
  try {
    const { page, problems } = await openApp(context, `${server.url}#scenario=starvation-sandbox`, server.url);
    const shots = [];
    await clickWidget(page, 'starve memory');
    await stateWhere(page, (s) => s.memory.free === 0, 'memory starved');
    await clickWidget(page, 'queue 3 blocking works');
    await stateWhere(page, (s) => (s.event_counts.workqueue_queue_work || 0) >= 3, 'three works queued');
    await page.evaluate(() => window.cmwq.run(3));
    await frames(page, 3);
    const bar = await page.evaluate(() => window.cmwq.widgetRect('mayday timer bar'));
    check(bar && bar.w > 0 && bar.x >= 0 && bar.x + bar.w <= VIEWPORT.width, `the mayday timer's bar is not on screen: ${JSON.stringify(bar)}`);
    check((await page.evaluate(() => window.cmwq.state())).last.mayday === null, 'the mayday fired before its bar was checked');
    shots.push(await snap(page, '1-timer-armed', 'line'));

    await clickWidget(page, 'run to next mayday');
    await stateWhere(page, (s) => s.last.mayday !== null, 'the mayday');
    await clickWidget(page, 'step line');
    const rescuer = (await page.evaluate(() => window.cmwq.code())).task;
    check(/^kworker\/R-writeback/.test(rescuer), `after the mayday line steps follow ${rescuer}, not the rescuer`);
    const points = [await page.evaluate(() => window.cmwq.state())];
    const seen = [];
    for (let i = 0; i < 14; ++i) {
      await clickWidget(page, 'step');
      const [code, state] = await page.evaluate(() => [window.cmwq.code(), window.cmwq.state()]);
      check(code && code.task === rescuer, `step ${i} follows ${code && code.task}`);
      seen.push(`${code.function}:${code.tag}`);
      const pool = state.pools.find((p) => p.workers.some((w) => w.rescuer));
      const attachedAt = seen.indexOf('rescuer_thread:attach');
      if (attachedAt >= 0) check(pool, `step ${i} (${seen[i]}): the Pools panel does not show the rescuer attached`);
      else check(!pool, `step ${i} (${seen[i]}): the rescuer shows attached before worker_attach_to_pool()`);
      check(typeof code.text === 'string' && code.text.length > 0, `step ${i}: no code text`);
      if (code.function === 'rescuer_thread') check(code.line > 3000, `step ${i}: rescuer_thread line ${code.line}`);
      points.push(state);
      if (i === 1 || i === 6 || i === 12) {
        await page.mouse.move(5, VIEWPORT.height - 5);  // no tooltip over the picture
        await frames(page, 3);
        shots.push(await snap(page, `${2 + shots.length}-${code.tag}`, 'line'));
      }
    }
    const rescuerLines = new Set(seen.filter((l) => l.startsWith('rescuer_thread:') || l.startsWith('assign_rescuer_work:')));
    check(rescuerLines.size >= 6, `only ${rescuerLines.size} distinct lines of the rescuer: ${seen.join(' ')}`);
    for (const l of ['rescuer_thread:attach', 'rescuer_thread:process'])
      check(seen.includes(l), `the walk never showed ${l}: ${seen.join(' ')}`);

    // A link of a point between two lines reopens it.
    const link = await page.evaluate(() => window.cmwq.link());
    check(/(^|&)in=\d+\.\d+\.l\.\d+/.test(link), `the link holds no point inside an action: ${link}`);
    const other = await openApp(context, `${server.url}#${link}`, server.url);
    const [code2, state2] = await other.page.evaluate(() => [window.cmwq.code(), window.cmwq.state()]);
    check(JSON.stringify(state2) === JSON.stringify(points[points.length - 1]),
      `the link did not restore the state:\n${diffStates(state2, points[points.length - 1])}`);
    check(code2 && `${code2.function}:${code2.tag}` === seen[seen.length - 1], `the link's code is ${JSON.stringify(code2)}`);
    await other.page.close();

    // Back, one click a step, gives each earlier state exactly.
    for (let i = points.length - 2; i >= 0; --i) {
      await clickWidget(page, 'step back');
      const back = await page.evaluate(() => window.cmwq.state());
      check(JSON.stringify(back) === JSON.stringify(points[i]), `Back to point ${i} differs:\n${diffStates(back, points[i])}`);
    }
    // The same walk in lab 5's scenario under both rescuer generations, and the manager's
    // walk into create_worker(), blocking in direct reclaim at alloc_worker().
    const lab5 = {};
    for (const kernel of ['6.12.0', '6.12.118']) {
      check((await page.evaluate(() => window.cmwq.loadScenario('05-mem-reclaim/starvation'))).ok, 'lab 5 did not load');
      check(await page.evaluate((k) => window.cmwq.kernel(k), kernel) === '', `kernel ${kernel} refused`);
      await clickWidget(page, 'run to next mayday');
      await stateWhere(page, (s) => s.last.mayday !== null, `lab 5's mayday under ${kernel}`);
      await clickWidget(page, 'step line');
      lab5[kernel] = [];
      for (let i = 0; i < 8; ++i) {
        await clickWidget(page, 'step');
        const code = await page.evaluate(() => window.cmwq.code());
        lab5[kernel].push(`${code.function}:${code.tag}`);
      }
    }
    check(lab5['6.12.0'].includes('rescuer_thread:slurp') && lab5['6.12.0'].includes('rescuer_thread:assign'),
      `v6.12.0's rescuer does not slurp: ${lab5['6.12.0'].join(' ')}`);
    check(lab5['6.12.118'].includes('assign_rescuer_work:walk') && !lab5['6.12.118'].includes('rescuer_thread:slurp'),
      `6.12.118's rescuer does not assign behind its cursor: ${lab5['6.12.118'].join(' ')}`);
    await page.evaluate(() => { window.cmwq.loadScenario('05-mem-reclaim/starvation'); window.cmwq.run(0.5); });
    check((await page.evaluate(() => window.cmwq.follow('kworker/0:0'))).ok, 'cannot follow kworker/0:0');
    const manager = [];
    for (let i = 0; i < 7; ++i) {
      await clickWidget(page, 'step');
      const [code, state] = await page.evaluate(() => [window.cmwq.code(), window.cmwq.state()]);
      manager.push(`${code.function}:${code.tag}`);
      if (code.tag === 'alloc_worker' && !manager.slice(0, -1).includes('create_worker:alloc_worker'))
        check(state.memory.reclaim_waiters === 1, `at alloc_worker ${state.memory.reclaim_waiters} tasks wait in reclaim`);
    }
    check(manager.includes('maybe_create_worker:mod_timer') && manager.includes('create_worker:alloc_worker'),
      `the manager's walk: ${manager.join(' ')}`);
    await page.mouse.move(5, VIEWPORT.height - 5);
    await frames(page, 3);
    shots.push(await snap(page, '6-manager-in-reclaim', 'line'));
    check(problems.length === 0, problems.join('\n'));
    return `${seen.length} line steps (${rescuerLines.size} distinct rescuer lines), Back exact, link exact; ` +
           `lab 5: v6.12.0 ${lab5['6.12.0'].length} steps with the slurp, 6.12.118 behind the cursor, the manager ` +
           `blocked at alloc_worker; ` +
           `screenshots ${shots.map((f) => path.basename(f)).join(' ')}`;
  } finally {
    await dispose();
  }
}

/** The first differing top-level fields of two states, for failure messages. */
function diffStates(a, b) {
  const keys = new Set([...Object.keys(a || {}), ...Object.keys(b || {})]);
  const out = [];
  for (const k of keys) {
    const x = JSON.stringify(a?.[k]), y = JSON.stringify(b?.[k]);
    if (x !== y) out.push(`  ${k}: ${(x || '').slice(0, 300)}\n  vs ${k}: ${(y || '').slice(0, 300)}`);
  }
  return out.join('\n');
}

/** The monkey (tests/browser/monkey.mjs): seeded random input for a fixed time, on the sandbox. */
async function monkeyCase(server) {
  const { context, dispose } = await launch(1);
  try {
    const page = context.pages()[0] ?? await context.newPage();
    const problems = watchForProblems(page, server.url);
    await page.goto(`${server.url}#scenario=starvation-sandbox`, { waitUntil: 'load' });
    const pageError = await waitForStart(page);
    check(!pageError, `the page shows an error instead of the app:\n${pageError}`);
    const seed = Number(process.env.CMWQ_MONKEY_SEED || 1);
    const seconds = Number(process.env.CMWQ_MONKEY_SECONDS || 60);
    const shot = (name) => page.screenshot({ path: path.join(OUT_DIR, name) });
    let r;
    try {
      r = await monkey(page, { seed, seconds, viewport: VIEWPORT, problems, screenshot: shot });
    } catch (e) {
      throw new TestFailure(e.message);
    }
    await shot('monkey-end.png');
    return `${r.actions} actions in ${seconds} s (seed ${seed}), ${r.backChecks} Back-after-Step checks exact, ` +
           'no page error, invariants held; screenshot monkey-end.png';
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
  ['the lab: starve memory, queue blocking works, mayday, rescuer, step back, link (real clicks)', lab],
  ['the Timeline keeps now: lockup banner, log click, another scenario, budget stop (real clicks)', timelineNow],
  ['the welcome: a fresh page, the tour of the rescuer in five steps, Help, Lab 1 (real clicks)', welcome],
  ['the Labs panel: lab 05 answered by retry, challenge solved, progress kept by a reload and a link (real clicks)', labs],
  ['compare mode: kernel selector, WQ_MEM_RECLAIM removed, first difference, step, link, leave (real clicks)', compare],
  ['line steps: the rescuer one kernel line a step, Pools agree, Back exact, link (real clicks)', lineStep],
  ['explains-inputs: a link with one bad part, a garbage link, Queue work errors (real clicks and typing)', explainsInputs],
  ['the layout fits: no text cut or overlapping at 1280x800, 1920x1080, 2560x1440 (real clicks)', layoutFits],
  ['the monkey: seeded random clicks, drags, keys and text; no error, invariants hold, Back exact', monkeyCase],
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
    const only = process.env.CMWQ_BROWSER_CASES || '';
    for (const [name, run] of CASES.filter(([n]) => n.includes(only))) {
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
