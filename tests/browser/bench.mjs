// Benchmarks of the web app in Debian's chromium (not tests: they report numbers, and
// fail only if the page breaks). Run after building the web app:
//
//   node tests/browser/bench.mjs        (CMWQ_APP_DIR=build/web/app by default)
//
// - first frame: from navigation start to the app's first drawn frame, served from 127.0.0.1;
// - CPU time per frame (the whole frame: input, simulation, UI, GL calls) in wasm, paused
//   and playing, after a long run with about 50 000 work executions in the timeline (at
//   1920x1080);
// - idle frames per second: frames a paused page left alone draws over 5 s, after 1 s to
//   settle (the loop draws under twice a second when nothing happens);
// - step back (window.cmwq.stepBack(): Simulation::step_back() plus the UI's indexes) in a
//   run of 1 000 000 events, and in a run as long as the page's budget allows (up to 100 M
//   events), with the frames the Timeline then takes to read the run again;
// - the size of cmwq_lab.wasm and cmwq_lab.js, raw and gzipped.
// Headless chromium renders WebGL with SwiftShader (software), so GPU-side costs are
// not what a real browser pays; the CPU time per frame is measured inside the frame.
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { serve } from '../../scripts/serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const APP_DIR = path.resolve(ROOT, process.env.CMWQ_APP_DIR || 'build/web/app');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

// Four CPUs, each with a work that burns 100 us and queues itself again: one work
// execution (a timeline slice) per 100 us per CPU, about ten events each.
const LOOP_SCENARIO = `title = "Benchmark: four works that requeue themselves"
description = "Each CPU runs a work that burns 100 us and queues itself again."
[machine]
cpus = 4
[[workqueue]]
name = "q0"
${[0, 1, 2, 3].map((c) => `[[work]]\nname = "w${c}"\nprogram = ["burn 100us", "queue_work q0 w${c} cpu=${c}"]`).join('\n')}
[[at]]
time = "0ms"
do = [${[0, 1, 2, 3].map((c) => `"queue_work q0 w${c} cpu=${c}"`).join(', ')}]
[run]
until = "100s"
`;

const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;

async function main() {
  const server = await serve({ root: APP_DIR, port: 0 });
  const profile = mkdtempSync(path.join(os.tmpdir(), 'cmwq-lab-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 800 },
  });
  const lines = [];
  const report = (s) => { console.log(s); lines.push(s); };
  try {
    // First frame, three fresh loads.
    const firsts = [];
    for (let i = 0; i < 3; ++i) {
      const page = await context.newPage();
      await page.goto(server.url, { waitUntil: 'commit' });
      await page.waitForFunction(() => window.cmwq && window.cmwq.frames() >= 1, null, { timeout: 60_000, polling: 'raf' });
      firsts.push(await page.evaluate(() => performance.now()));
      await page.close();
    }
    report(`first frame after navigation start: ${firsts.map((t) => t.toFixed(0) + ' ms').join(', ')}`);

    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => window.cmwq && window.cmwq.frames() >= 3, null, { timeout: 60_000 });
    const frameStats = async (label) => {
      await page.evaluate(() => window.cmwq.nextFrames(130));
      const f = await page.evaluate(() => window.cmwq.frameStats());
      const parts = Object.entries(f.parts_ms).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ');
      report(`CPU time per frame, ${label}: avg ${f.avg_ms.toFixed(2)} ms, max ${f.max_ms.toFixed(2)} ms over ` +
             `${f.frames} frames (ms: ${parts})`);
    };
    await frameStats('the default view');
    // A paused page left alone: no input, no automation calls but frames() (which does not wake it).
    await page.waitForTimeout(1000);
    const idle = await page.evaluate(async () => {
      const f0 = window.cmwq.frames(), t0 = performance.now();
      await new Promise((done) => setTimeout(done, 5000));
      return { frames: window.cmwq.frames() - f0, s: (performance.now() - t0) / 1000 };
    });
    report(`idle frames per second, paused default view: ${(idle.frames / idle.s).toFixed(1)} ` +
           `(${idle.frames} frames in ${idle.s.toFixed(1)} s)`);
    const loaded = await page.evaluate((t) => window.cmwq.loadScenario(t), LOOP_SCENARIO);
    if (!loaded.ok) throw new Error(loaded.error);

    // About 50 000 work executions, at 1920x1080 (issue 14 asks for this size).
    await page.setViewportSize({ width: 1920, height: 1080 });
    const run = await page.evaluate(() => {
      const t0 = performance.now();
      window.cmwq.run(1300);
      const s = window.cmwq.state();
      return { ms: performance.now() - t0, events: s.events, slices: s.workqueues.find((w) => w.name === 'q0').stats.total };
    });
    report(`long run: ${run.slices} work executions, ${run.events} events, simulated in ${run.ms.toFixed(0)} ms`);
    await frameStats(`paused with ${run.slices} slices at 1920x1080`);
    await page.setViewportSize({ width: 1280, height: 800 });
    // Play: the Play button, then frames at 10 ms of virtual time per second.
    const play = await page.evaluate(() => window.cmwq.widgetRect('play'));
    await page.mouse.click(play.x + play.w / 2, play.y + play.h / 2);
    await frameStats('playing at 10 ms/s');
    await page.mouse.click(play.x + play.w / 2, play.y + play.h / 2);

    // One million events, then step back.
    const big = await page.evaluate(() => {
      const t0 = performance.now();
      while (window.cmwq.state().events < 1000000) window.cmwq.run(200);
      const built = performance.now() - t0;
      const times = [];
      for (let i = 0; i < 5; ++i) {
        const s = performance.now();
        window.cmwq.stepBack();
        times.push(performance.now() - s);
      }
      return { events: window.cmwq.state().events, built, times };
    });
    report(`step back at ${big.events} events (run built in ${(big.built / 1000).toFixed(1)} s): ` +
           big.times.map((t) => t.toFixed(1) + ' ms').join(', '));
    await frameStats(`paused at ${big.events} events`);

    // As far as the page's memory budget goes (the run stops with a sentence, never an
    // abort), then step back: the Simulation's part at once, the Timeline's reading of
    // the shortened run over the next frames.
    // Frames between the runs, as the page's own runs have: the Timeline reads on, and
    // the budget counts what the page's models measured they keep per event.
    const far = { events: 0, stopped: null, built: 0 };
    for (const t0 = Date.now(); !far.stopped && far.events < 100000000;) {
      const s = await page.evaluate(() => { window.cmwq.run(2000); return window.cmwq.state(); });
      await page.evaluate(() => window.cmwq.nextFrames(3));
      far.events = s.events;
      far.stopped = s.stopped;
      far.built = Date.now() - t0;
    }
    const caughtUp = async () => {
      const t0 = Date.now();
      let frames = 0;
      while (await page.evaluate(() => window.cmwq.widgetRect('timeline reading') !== null)) {
        await page.evaluate(() => window.cmwq.nextFrames(1));
        ++frames;
      }
      return { ms: Date.now() - t0, frames };
    };
    await page.evaluate(() => window.cmwq.nextFrames(1));
    const first = await caughtUp();
    const heap = await page.evaluate(() => (window.Module.HEAP8 ? window.Module.HEAP8.length : 0));
    report(`long run to the budget: ${far.events} events in ${(far.built / 1000).toFixed(1)} s, stopped: ` +
           `${JSON.stringify(far.stopped)}; the Timeline read them in ${(first.ms / 1000).toFixed(1)} s over ${first.frames} frames; ` +
           `the wasm heap is ${(heap / 1048576).toFixed(0)} MiB`);
    await frameStats(`paused at ${far.events} events (about ${Math.round(far.events / 10e6)} M slices in the Timeline)`);
    const backs = await page.evaluate(() => {
      const times = [];
      for (let i = 0; i < 20; ++i) {
        const s = performance.now();
        window.cmwq.stepBack();
        times.push(performance.now() - s);
      }
      return times;
    });
    await page.evaluate(() => window.cmwq.nextFrames(1));
    const again = await caughtUp();
    const sorted = [...backs].sort((x, y) => x - y);
    report(`step back at ${far.events} events (20): median ${sorted[10].toFixed(1)} ms, worst ${sorted[19].toFixed(1)} ms; ` +
           `${backs.map((t) => t.toFixed(1) + ' ms').join(', ')}; ` +
           `then the Timeline read the run again in ${(again.ms / 1000).toFixed(1)} s over ${again.frames} frames`);
  } finally {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
    await server.close();
  }
  for (const f of ['cmwq_lab.wasm', 'cmwq_lab.js']) {
    const file = path.join(APP_DIR, f);
    report(`${f}: ${kb(statSync(file).size)}, gzip -9 ${kb(gzipSync(readFileSync(file), { level: 9 }).length)}`);
  }
}

await main();
