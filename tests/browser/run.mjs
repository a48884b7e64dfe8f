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
// saved as test-results/browser/lab-*.png. The labs case opens lab 05-mem-reclaim in the
// Labs panel with real clicks, answers a question wrongly then correctly by typing, solves
// the challenge by editing the scenario in the editor, and checks the progress survives a
// reload (local storage) and the copied link opened in a fresh browser; it also opens the
// docs from the app's Docs button (test-results/browser/labs-*.png). The monkey case
// (monkey.mjs) feeds seeded random input for CMWQ_MONKEY_SECONDS (60) and checks the page,
// the model's invariants and Back after Step as it goes.
// Environment: CMWQ_APP_DIR (default build/web/app), CHROMIUM (default /usr/bin/chromium),
// CMWQ_BROWSER_CASES (run only the cases whose name contains this text).
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

/** Launches chromium with a fresh temporary profile; returns { context, dispose }. */
async function launch(deviceScaleFactor, options = {}) {
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
    check(all.labs.length >= 8 && all.labs.every((l) => l.error === ''),
      `the labs do not all load: ${JSON.stringify(all.labs.map((l) => [l.dir, l.error]))}`);
    await shot(page, '0-list');

    await clickWidget(page, `lab ${LAB}`);
    await labsWhere(page, (l) => l.open === LAB, `lab ${LAB} open`);
    await shot(page, '1-readme');

    // Load the question's scenario: it runs from 0 ms and nothing is revealed.
    await clickWidget(page, 'labs jump questions');
    await clickWidget(page, 'load first-mayday');
    const loaded = await stateWhere(page, (s) => s.scenario === `${LAB}/starvation.toml`, 'the question\'s scenario');
    check(loaded.time_ns === 0, `the question's scenario did not start at 0 ms: ${loaded.time}`);
    await clickWidget(page, 'hint first-mayday');  // the first hint; the explanation stays locked
    let l = await page.evaluate(() => window.cmwq.labs());
    check(!item(l, LAB, 'first-mayday').answered, 'loading the scenario or a hint answered the question');
    await shot(page, '2-loaded-hint');

    // A wrong prediction, typed.
    await clickWidget(page, 'answer first-mayday');
    await page.keyboard.type('22ms');
    await frames(page, 3);
    await clickWidget(page, 'check first-mayday');
    l = await labsWhere(page, (x) => item(x, LAB, 'first-mayday').answered, 'first-mayday answered');
    check(!item(l, LAB, 'first-mayday').correct, '22ms was taken as the right time of the first mayday');
    await shot(page, '3-wrong');

    // The right one: a click in the field selects the old answer, typing replaces it.
    await clickWidget(page, 'answer first-mayday');
    await page.keyboard.type('12ms');
    await frames(page, 3);
    await clickWidget(page, 'check first-mayday');
    l = await labsWhere(page, (x) => item(x, LAB, 'first-mayday').correct, 'first-mayday answered correctly');
    const stored = await page.evaluate((k) => localStorage.getItem(k), `cmwq-lab:${LAB}:first-mayday`);
    check(stored === 'correct 12ms', `local storage holds ${JSON.stringify(stored)} for first-mayday`);
    await shot(page, '4-correct');

    // The challenge: check the starting scenario (not yet), fix it in the editor, check again.
    await clickWidget(page, 'labs jump challenges');
    await clickWidget(page, 'challenge load make-it-recover');
    await stateWhere(page, (s) => s.scenario === `${LAB}/stall.toml`, 'the challenge\'s starting scenario');
    await clickWidget(page, 'challenge check make-it-recover');
    await frames(page, 3);
    l = await page.evaluate(() => window.cmwq.labs());
    check(!item(l, LAB, 'make-it-recover').solved, 'the starting scenario solved the challenge');
    await shot(page, '5-challenge-not-yet');
    await clickWidget(page, 'tab scenario');
    await labsWhere(page, (x) => x.tab === 'Scenario', 'the Scenario tab');
    // Click between the brackets of line 16, `flags = []`, and type the flag. The editor
    // draws ImGui's 13 px font (7 px per character, 13 px per line) from its frame padding
    // (4, 3); a click left of a character's middle puts the cursor before it.
    const editor = await page.evaluate(() => window.cmwq.widgetRect('scenario editor'));
    check(editor, 'the app reports no rectangle for the scenario editor');
    await clickAt(page, editor.x + 4 + 9 * 7 + 2, editor.y + 3 + 15 * 13 + 6);
    await page.keyboard.type('"WQ_MEM_RECLAIM"');
    await frames(page, 3);
    await shot(page, '6-edited');
    await clickWidget(page, 'tab labs');
    await clickWidget(page, 'challenge check make-it-recover');
    l = await labsWhere(page, (x) => item(x, LAB, 'make-it-recover').solved, 'the challenge solved');
    await shot(page, '7-solved');
    const progress = l.progress;
    check(progress === `${LAB}.1.1.1`, `unexpected progress ${progress}`);

    // Reload the page without its link: the progress comes back from local storage.
    await page.evaluate(() => history.replaceState(null, '', location.pathname));
    await page.reload({ waitUntil: 'load' });
    check(!await waitForStart(page), 'the page shows an error after the reload');
    await page.waitForFunction(() => window.cmwq && window.cmwq.frames() >= 3, null, { timeout: START_TIMEOUT_MS });
    l = await page.evaluate(() => window.cmwq.labs());
    check(!l.shown && l.progress === progress, `after a reload the progress is ${l.progress}, not ${progress}`);
    await clickWidget(page, 'labs');
    await clickWidget(page, `lab ${LAB}`);
    await clickWidget(page, 'labs jump questions');
    await shot(page, '8-reloaded');

    // The copied link, opened in a fresh browser (empty local storage), has the progress.
    await clickWidget(page, 'copy link');
    let link = await page.evaluate(() => navigator.clipboard.readText().catch(() => null));
    let via = 'the clipboard';
    if (!link) {
      link = page.url();
      via = 'the address bar (the clipboard could not be read)';
    }
    check(link.includes(`lab=${LAB}`) && link.includes(`progress=${LAB}.1.1.1`), `the copied link lacks the lab state: ${link}`);
    fresh = await launch(1);
    const other = await openApp(fresh.context, link, server.url);
    l = await other.page.evaluate(() => window.cmwq.labs());
    check(l.shown && l.open === LAB && l.progress === progress, `the link restored ${JSON.stringify(l).slice(0, 300)}`);
    const freshStored = await other.page.evaluate((k) => localStorage.getItem(k), `cmwq-lab:${LAB}:first-mayday`);
    check(freshStored === 'correct ', `the link's progress was not stored: ${JSON.stringify(freshStored)}`);
    await clickWidget(other.page, 'labs jump questions');
    await shot(other.page, '9-link');

    // The Docs button opens the documentation served next to the app.
    const [docs] = await Promise.all([fresh.context.waitForEvent('page'), clickWidget(other.page, 'docs')]);
    await docs.waitForLoadState('load');
    check(new URL(docs.url()).pathname === '/docs/index.html', `Docs opened ${docs.url()}`);
    const guides = await docs.evaluate(() => [...document.querySelectorAll('a')].map((a) => a.getAttribute('href')));
    for (const guide of ['architecture', 'kernel_map', 'scenario_format', 'lab_authoring', 'json_format', 'automation_api'])
      check(guides.includes(`md_docs_${guide}.html`), `the docs' main page does not link md_docs_${guide}.html`);
    shots.push(await snap(docs, '10-docs', 'labs'));
    check(problems.length === 0 && other.problems.length === 0, [...problems, ...other.problems].join('\n'));
    return `wrong then correct answer, challenge solved in the editor, progress ${progress} kept by local storage ` +
           `and by the link (read from ${via}), docs open; screenshots ${shots.map((f) => path.basename(f)).join(' ')}`;
  } finally {
    if (fresh) await fresh.dispose();
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
  ['the Labs panel: lab 05 answered, challenge solved, progress kept by a reload and a link (real clicks)', labs],
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
