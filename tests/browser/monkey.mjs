// The monkey test: a seeded stream of random clicks, drags, wheel turns, keys and typed
// text against the running app for a fixed time, checking after every action that the
// page has no console or page error and has not stopped, that the model's invariants hold
// (window.cmwq.invariants()), and now and then that Back after a Step returns exactly to
// the state before it. The seed and the actions so far are printed on a failure, so a
// failure replays with the same CMWQ_MONKEY_SEED.
//
// Environment: CMWQ_MONKEY_SEED (default 1), CMWQ_MONKEY_SECONDS (default 60).

/** A small seeded generator (mulberry32): the same seed gives the same actions. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['Space', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'KeyW', 'KeyA', 'KeyS', 'KeyD',
              'Escape', 'Enter', 'Tab', 'Backspace', 'Delete', 'Home', 'End', 'PageDown', 'PageUp'];
const TEXTS = ['hog all', 'release all', 'queue system_wq cpu=0 count=2 name=m: sleep 5ms', 'queue q0 count=3 name=b: alloc 16 GFP_KERNEL; sleep 10ms; free 16', 'queue_work writeback wb',
               'set_max_active q0 1', '[[[', 'x = 1\u00e9', 'burn -3ms', 'alloc 99999999', 'cpu_offline 1',
               'drain_workqueue q0', '\u00e9\u00e9\u00e9', '\n', '}]{[', 'eat 5 bananas', '12ms', 'mayday'];

/**
 * Runs the monkey on a page where the app has started. @p pick is a random generator,
 * @p click(x, y) a real click, @p problems the page's recorded problems.
 * Returns { actions, backChecks }; throws an Error naming the action that broke something.
 */
export async function monkey(page, { seed, seconds, viewport, problems, screenshot }) {
  const rnd = random(seed);
  const pickInt = (n) => Math.floor(rnd() * n);
  const pick = (list) => list[pickInt(list.length)];
  const point = () => ({ x: 2 + rnd() * (viewport.width - 4), y: 2 + rnd() * (viewport.height - 4) });
  const frames = (n) => page.evaluate((k) => window.cmwq.nextFrames(k), n);
  const history = [];
  const fail = async (what) => {
    await screenshot('monkey-failure.png').catch(() => {});
    throw new Error(`${what}\nseed ${seed}, after ${history.length} actions; the last ones:\n  ` +
                    history.slice(-12).join('\n  '));
  };

  const press = async (rect) => {
    await page.mouse.move(rect.x + rect.w / 2, rect.y + rect.h / 2);
    await frames(1);
    await page.mouse.down();
    await frames(1);
    await page.mouse.up();
  };

  const act = async () => {
    const r = rnd();
    // The welcome (the Help button opens it) holds every click until a way in is picked:
    // while it is open, half the actions pick one (the other half stay random, Escape too).
    if (r < 0.5 && (await page.evaluate(() => window.cmwq.welcome().open))) {
      const way = pick(['welcome lab', 'welcome sandbox', 'welcome explore']);
      const rect = await page.evaluate((n) => window.cmwq.widgetRect(n), way);
      history.push(`click widget ${way}`);
      if (rect) await press(rect);
      return;
    }
    if (r < 0.30) {
      const p = point();
      history.push(`click ${p.x.toFixed(0)},${p.y.toFixed(0)}`);
      await press({ x: p.x, y: p.y, w: 0, h: 0 });
    } else if (r < 0.50) {
      const names = await page.evaluate(() => window.cmwq.widgetNames());
      const name = names.length ? pick(names) : null;
      const rect = name ? await page.evaluate((n) => window.cmwq.widgetRect(n), name) : null;
      history.push(`click widget ${name}`);
      if (rect) await press(rect);
    } else if (r < 0.58) {
      const a = point(), b = point();
      history.push(`drag ${a.x.toFixed(0)},${a.y.toFixed(0)} -> ${b.x.toFixed(0)},${b.y.toFixed(0)}`);
      await page.mouse.move(a.x, a.y);
      await page.mouse.down();
      await page.mouse.move(b.x, b.y, { steps: 4 });
      await frames(1);
      await page.mouse.up();
    } else if (r < 0.64) {
      const p = point(), dy = (rnd() - 0.5) * 600;
      history.push(`wheel ${dy.toFixed(0)} at ${p.x.toFixed(0)},${p.y.toFixed(0)}`);
      await page.mouse.move(p.x, p.y);
      await page.mouse.wheel(0, dy);
    } else if (r < 0.82) {
      const key = pick(KEYS);
      history.push(`key ${key}`);
      await page.keyboard.press(key);
    } else if (r < 0.90) {
      const text = pick(TEXTS);
      history.push(`type ${JSON.stringify(text)}`);
      await page.keyboard.type(text);
    } else if (r < 0.96) {
      const text = pick(TEXTS);
      history.push(`command ${JSON.stringify(text)}`);
      await page.evaluate((t) => window.cmwq.command(t), text);
    } else {
      history.push('wait');
      await frames(3);
    }
  };

  // Back after Step lands exactly where the Step started (one evaluate: no frame between).
  // When nothing is left to step to (the sandbox waits for the student), a work is queued.
  const backIsExact = () => page.evaluate(() => {
    if (!window.cmwq.step()) window.cmwq.command('queue system_wq cpu=0 count=1 name=monkey: burn 1ms; sleep 2ms');
    const before = JSON.stringify(window.cmwq.state());
    const link = window.cmwq.link();
    if (!window.cmwq.step()) return { ok: true, moved: false };
    window.cmwq.stepBack();
    const after = JSON.stringify(window.cmwq.state());
    return { ok: before === after, moved: true, before, after, link, linkAfter: window.cmwq.link() };
  });

  const deadline = Date.now() + seconds * 1000;
  let backChecks = 0;
  while (Date.now() < deadline) {
    await act();
    await frames(1);
    if (problems.length) await fail(`the page reported: ${problems.join('; ')}`);
    const broken = await page.evaluate(() => window.cmwq.invariants());
    if (broken) await fail(`an invariant of the model broke: ${broken}`);
    if (history.length % 8 === 0) {
      const b = await backIsExact();
      if (!b.ok) {
        let i = 0;
        while (i < b.before.length && b.before[i] === b.after[i]) ++i;
        const near = (s) => s.slice(Math.max(0, i - 160), i + 240);
        await fail(`Back after Step did not return to the same state; they differ at character ${i}:\n` +
                   `  before ...${near(b.before)}\n  after  ...${near(b.after)}\n` +
                   `  link before: #${b.link}\n  link after:  #${b.linkAfter}`);
      }
      if (b.moved) backChecks++;
    }
  }
  return { actions: history.length, backChecks };
}
