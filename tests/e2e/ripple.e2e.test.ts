import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { collectPageErrors, launchBrowser, RESULTS_DIR, type Browser } from '../support/browser.js';
import { toGlobalId } from '../support/ids.js';
import { ROOT, startStack, type Stack } from '../support/stack.js';

/**
 * The ripple explorer, end to end in real Chromium against the built API
 * and web app: Sarah opens the ripple of her share of Maya's essay from
 * /ripples and finds its story told (the burst after Chris's reshare named
 * in the key moments; clicking it moves the replay there), replays it to
 * the end (the figures count along and end equal to the API's
 * `ripple(eventId).stats`), finds people and edges with the keyboard, then
 * watches the graph grow live when another member reshares. Last, the
 * explorer loads, draws, pans and zooms a synthetic 50,000-event ripple
 * with each renderer (2D canvas, and WebGL through SwiftShader); the time
 * to first draw and the frame rates are printed as measurements (speed is
 * asserted nowhere in tests: a loaded CI machine is not a benchmark).
 */
const DEMO_PASSWORD = 'ripple-demo';
const FIGURES = [
  'size',
  'depth',
  'widestLevel',
  'peopleReached',
  'newConnections',
  'newFollows',
  'structuralVirality',
  'timeToFirstRipple',
  'timeSpan',
] as const;

interface Feed {
  feed: { edges: { node: { id: string; title: string; isReshare: boolean; sharer: { handle: string }; event: { id: string } } }[] };
}

describe('ripple explorer: replay a ripple, watch it grow live', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  let sarahToken: string;
  let shareEventId: string;
  let chrisShareId: string;

  async function api<T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
    const response = await fetch(stack.apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data!;
  }

  async function signInOverApi(handle: string): Promise<string> {
    const data = await api<{ signIn: { token: string } }>(
      'mutation SignIn($input: SignInInput!) { signIn(input: $input) { token } }',
      { input: { email: `${handle}@demo.ripple.community`, password: DEMO_PASSWORD } },
    );
    return data.signIn.token;
  }

  const figure = (key: (typeof FIGURES)[number]) => page.locator(`[data-figure="${key}"]`);
  const figureValue = async (key: (typeof FIGURES)[number]) => Number(await figure(key).getAttribute('data-value'));

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser({ webgl: true });
    page = await browser.newPage();
    pageErrors = collectPageErrors(page);

    sarahToken = await signInOverApi('sarah');
    const { feed } = await api<Feed>(
      '{ feed(first: 100) { edges { node { id title isReshare sharer { handle } event { id } } } } }',
      {},
      sarahToken,
    );
    const shares = feed.edges.map((edge) => edge.node).filter((share) => share.title === 'Awkward Moments Experiment');
    shareEventId = shares.find((share) => !share.isReshare && share.sharer.handle === 'sarah')!.event.id;
    chrisShareId = shares.find((share) => share.isReshare && share.sharer.handle === 'chris')!.id;
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('signs Sarah in and opens the ripple of her share from "Ripples I started"', async () => {
    await page.goto(`${stack.webUrl}/signin`);
    await page.getByLabel('Email').fill('sarah@demo.ripple.community');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/signin'));

    await page.goto(`${stack.webUrl}/ripples`);
    const started = page.getByRole('region', { name: 'Ripples I started' });
    await started.getByRole('link', { name: /Sarah Okafor shared .*Awkward Moments Experiment/ }).click();
    await page.waitForURL(`**/ripples/${shareEventId}`);
    await page.getByRole('heading', { level: 1, name: /Awkward Moments Experiment/ }).waitFor();
    // The live stream is open once the whole ripple is loaded.
    await page.getByText('Live', { exact: true }).waitFor();
    await expect(page.locator('#ripple-summary').textContent()).resolves.toContain('60 events reaching 59 people');
    await expect(figureValue('size')).resolves.toBe(60);
    // The story first: what happened, in words, above the graph.
    await page.getByText('60 events reached 59 people over 5 h 30 min. 25 follows in the first minute after Chris Adeyemi’s reshare.').waitFor();
  });

  it('names the key moments; the burst moves the replay to it', async () => {
    const moments = page.getByRole('region', { name: 'Key moments' });
    await expect(moments.getByRole('button').allInnerTexts()).resolves.toEqual([
      expect.stringContaining('Julien Moreau reshared it 12 min after it started.'),
      expect.stringContaining('25 follows in the first minute after Chris Adeyemi’s reshare.'),
      expect.stringContaining('Chris Adeyemi brought 36 of the 60 events'),
    ]);
    const slider = page.getByRole('slider', { name: 'Replay' });
    await expect(slider.inputValue()).resolves.toBe('60');
    await moments.getByRole('button', { name: /25 follows in the first minute after Chris Adeyemi’s reshare/ }).click();
    // The share, the mention, two reshares and the 25 follows: the replay stops at the 25th, Chris ringed.
    await expect(slider.inputValue()).resolves.toBe('29');
    await expect(figureValue('size')).resolves.toBe(29);
    await page.getByRole('region', { name: 'Chris Adeyemi' }).waitFor();
    // Seconds where they matter: 50 s after Chris's reshare, half an hour in.
    await expect(page.locator('output[for="ripple-scrubber"]').innerText()).resolves.toMatch(/^29 of 60 events · 30 min 50 s in · /);
    // Compared with ripples of its size in the community.
    await page.getByText(/^It (spread more person to person|was more of a broadcast) than \d+% of the [\d,]+ ripples? of [\d,–]+ events in this community\.$/).waitFor();
    // Only the kinds this ripple has.
    const legend = page.getByRole('region', { name: 'Legend' });
    await expect(legend.getByRole('listitem').allInnerTexts()).resolves.toEqual(['Share', 'Reshare', 'Mention', 'Follow', 'Thanks', expect.any(String), expect.any(String)]);
    await page.screenshot({ path: path.join(RESULTS_DIR, 'ripple-demo-burst-1280.png'), fullPage: true });
    // The burst in seconds.
    await page.getByRole('button', { name: 'The burst, in seconds' }).click();
    await page.getByRole('img', { name: /Events over time, by kind: .*from 30 min in/ }).waitFor();
    await page.getByRole('button', { name: 'Whole ripple' }).click();
  });

  it('replays it: the figures count along and end exactly at the API’s stats', async () => {
    // Played on from the burst.
    await page.getByRole('button', { name: 'Play' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    // Early in the replay only part of the ripple shows.
    await expect.poll(() => figureValue('size'), { timeout: 5_000 }).toBeLessThan(60);
    const midway = await figureValue('size');
    expect(midway).toBeGreaterThanOrEqual(1);

    // Played to the end (10–20 s), the button is Play again.
    await page.getByRole('button', { name: 'Play' }).waitFor({ timeout: 30_000 });
    await expect(page.getByRole('slider', { name: 'Replay' }).inputValue()).resolves.toBe('60');
    await page.getByText('60 of 60 events').waitFor();

    const { ripple } = await api<{ ripple: { stats: Record<(typeof FIGURES)[number], number> } }>(
      'query Stats($id: ID!) { ripple(eventId: $id) { stats { size depth widestLevel peopleReached newConnections newFollows structuralVirality timeToFirstRipple timeSpan } } }',
      { id: shareEventId },
      sarahToken,
    );
    for (const key of FIGURES) expect({ key, value: await figureValue(key) }).toEqual({ key, value: ripple.stats[key] });
    await expect(figure('structuralVirality').innerText()).resolves.toBe(ripple.stats.structuralVirality.toFixed(2));
    // The figures say what they mean.
    await page.getByText('2.7: mostly one broadcast; long chains of reshares score higher.').waitFor();
  });

  it('reaches people and edges from the keyboard', async () => {
    const list = page.getByRole('region', { name: /^People/ });
    const julien = list.getByRole('button', { name: /^Julien Moreau/ });
    await julien.focus();
    await page.keyboard.press('Enter');
    await expect(julien.getAttribute('aria-pressed')).resolves.toBe('true');
    const details = page.getByRole('region', { name: 'Julien Moreau' });
    await details.getByText('What happened around them').waitFor();
    await details.getByRole('button', { name: /Chris Adeyemi reshared Julien Moreau’s share/ }).click();
    const edge = page.getByRole('region', { name: 'Reshare' });
    await edge.getByText('Chris Adeyemi reshared Julien Moreau’s share.').waitFor();
    await expect(edge.getByRole('link', { name: 'Open the ripple of this share' }).getAttribute('href')).resolves.toMatch(/^\/ripples\//);
    await edge.getByRole('button', { name: 'Chris Adeyemi' }).click();
    await page.getByRole('region', { name: 'Chris Adeyemi' }).waitFor();
  });

  it('grows live when another member reshares: a new person, a new edge, the figures count on', async () => {
    const people = page.getByRole('heading', { name: /^People/ });
    await expect(people.innerText()).resolves.toBe('People (59)');
    const frames = (await page.evaluate(FRAMES_DRAWN)) as number;

    // Dev, a reader who has not followed yet, reshares Chris's reshare from their own session.
    const devToken = await signInOverApi('dev_costa');
    await api('mutation Reshare($shareId: ID!, $note: String) { reshare(shareId: $shareId, note: $note) { id } }', {
      shareId: chrisShareId,
      note: 'Passing this on.',
    }, devToken);

    await expect.poll(() => figureValue('size'), { timeout: 15_000 }).toBe(61);
    await expect(people.innerText()).resolves.toBe('People (60)');
    await expect(page.getByRole('status').filter({ hasText: 'The ripple grew' }).innerText()).resolves.toBe('The ripple grew: 61 events.');
    const list = page.getByRole('region', { name: /^People/ });
    await list.getByLabel('Find a person in this ripple').fill('dev');
    await list.getByRole('button', { name: 'Dev Costa 1 event' }).click();
    await page.getByRole('region', { name: 'Dev Costa' }).getByRole('button', { name: /Dev Costa reshared Chris Adeyemi’s share/ }).waitFor();
    // The new node and edge were drawn.
    await expect.poll(() => page.evaluate(FRAMES_DRAWN)).toBeGreaterThan(frames);

    await page.screenshot({ path: path.join(RESULTS_DIR, 'ripple-demo-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 375, height: 812 });
    await page.getByRole('button', { name: 'Reset view' }).click();
    await page.screenshot({ path: path.join(RESULTS_DIR, 'ripple-demo-375.png'), fullPage: true });
    await page.screenshot({ path: path.join(RESULTS_DIR, 'ripple-demo-375-first-screen.png') });
    // On a phone the graph is the whole width of the screen, and a tap shows who it was.
    const box = (await page.locator('.canvas-wrap > canvas').boundingBox())!;
    expect(box.width).toBe(375);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('says so when a ripple does not exist or is not yours to see', async () => {
    await page.goto(`${stack.webUrl}/ripples/${toGlobalId('Event', '999999999')}`);
    await page.getByText('This ripple does not exist or is not yours to see.').waitFor();
  });

  describe('a synthetic 50,000-event ripple', () => {
    let url: string;

    beforeAll(async () => {
      // A throwaway community in this stack's database: one cascade of exactly 50,000 follows.
      const { stdout } = await promisify(execFile)(
        'pnpm',
        ['seed:synthetic', '--people', '65000', '--events', '50000', '--largest', '50000', '--database-url', stack.databaseUrl],
        { cwd: ROOT },
      );
      const [, rootId, size] = /largest ripples \(root event id: size\): (\d+): (\d+)/.exec(stdout)!;
      expect(size).toBe('50000');
      url = `${stack.webUrl}/ripples/${toGlobalId('Event', rootId!)}`;
    }, 240_000);

    for (const renderer of ['canvas', 'webgl'] as const) {
      it(`draws, pans and zooms it with the ${renderer === 'canvas' ? '2D canvas' : 'WebGL (SwiftShader)'} renderer, and prints how fast`, async () => {
        await page.goto(renderer === 'canvas' ? url : `${url}?renderer=webgl`);
        await page.getByText('Live', { exact: true }).waitFor({ timeout: 120_000 });
        await expect(figureValue('size')).resolves.toBe(50_000);
        await expect(page.locator('.canvas-wrap').getAttribute('data-renderer')).resolves.toBe(renderer);
        // Polled with evaluate: the app's CSP forbids the string eval that waitForFunction would need.
        await expect.poll(() => page.evaluate('Boolean(window.__rippleTimings && window.__rippleTimings.firstDrawAt)'), { timeout: 30_000 }).toBe(true);
        const timings = (await page.evaluate('window.__rippleTimings')) as { dataAt: number; placedAt: number; firstDrawAt: number; layoutMs: number };

        const whole = (await page.evaluate(PAN_FOR_3_SECONDS)) as PanResult;
        const zoom = (await page.evaluate(ZOOM_FOR_3_SECONDS)) as PanResult;
        for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Zoom in' }).click();
        const zoomed = (await page.evaluate(PAN_FOR_3_SECONDS)) as PanResult;
        console.log(
          `50,000 events, ${renderer}: first draw ${Math.round(timings.firstDrawAt - timings.dataAt)} ms after the data arrived ` +
            `(layout ${Math.round(timings.layoutMs)} ms in the worker) · panning, whole ripple in view:`,
          whole,
          '· zooming:',
          zoom,
          '· panning zoomed in:',
          zoomed,
        );
        // It was drawn; panning and zooming redraw (WebGL in software may not finish a frame in 3 s).
        await expect(page.evaluate(FRAMES_DRAWN)).resolves.toBeGreaterThan(0);
        if (renderer === 'canvas') for (const run of [whole, zoom, zoomed]) expect(run.frames).toBeGreaterThan(0);
        if (renderer === 'canvas') {
          await page.getByRole('button', { name: 'Reset view' }).click();
          await page.waitForTimeout(1500);
          await page.screenshot({ path: path.join(RESULTS_DIR, 'ripple-50000-1280.png'), fullPage: true });
          await page.setViewportSize({ width: 375, height: 812 });
          await page.getByRole('button', { name: 'Reset view' }).click();
          await page.waitForTimeout(1500);
          await page.screenshot({ path: path.join(RESULTS_DIR, 'ripple-50000-375.png') });
          await page.setViewportSize({ width: 1280, height: 900 });
        } else {
          await page.screenshot({ path: path.join(RESULTS_DIR, 'ripple-50000-webgl-1280.png') });
        }
      }, 300_000);
    }
  });

  it('logged no console errors along the way', () => {
    expect(pageErrors).toEqual([]);
  });
});

/** How many frames the explorer has drawn (see apps/web/src/lib/ripples/renderer.ts). */
const FRAMES_DRAWN = '(window.__rippleFrameTimes ? window.__rippleFrameTimes.count : 0)';

interface PanResult {
  fps: number;
  frames: number;
  drawMsMedian: number;
  drawMsP95: number;
}

/**
 * Drags the canvas in the page itself, one pointer move per animation
 * frame for 3 seconds, and counts the frames the explorer drew (its
 * `window.__rippleFrameTimes`). Driving the pointer over the DevTools
 * protocol instead would measure the protocol's round trips. A string, so
 * no bundler helper leaks into the page.
 */
const PAN_FOR_3_SECONDS = measureFor3Seconds(`
  fire('pointerdown', cx, cy);
  const move = (t) => fire('pointermove', cx + Math.sin(t * 3) * 200, cy + Math.cos(t * 2) * 120);
  const end = () => fire('pointerup', cx, cy);`);

/** The same for zooming: a wheel notch in or out every animation frame, about the middle. */
const ZOOM_FOR_3_SECONDS = measureFor3Seconds(`
  const move = (t) => canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: Math.sin(t * 4) * 60, clientX: cx, clientY: cy, bubbles: true, cancelable: true }));
  const end = () => {};`);

function measureFor3Seconds(gesture: string): string {
  return `(async () => {
  const canvas = document.querySelector('.canvas-wrap > canvas');
  const box = canvas.getBoundingClientRect();
  const frames = window.__rippleFrameTimes;
  const fire = (type, x, y) =>
    canvas.dispatchEvent(new PointerEvent(type, { pointerId: 7, pointerType: 'mouse', button: 0, buttons: 1, clientX: x, clientY: y, bubbles: true }));
  const cx = box.left + box.width / 2;
  const cy = box.top + box.height / 2;
  ${gesture}
  const before = frames.count;
  const started = performance.now();
  await new Promise((done) => {
    const step = (now) => {
      move((now - started) / 1000);
      if (now - started < 3000) requestAnimationFrame(step);
      else done();
    };
    requestAnimationFrame(step);
  });
  end();
  const elapsed = performance.now() - started;
  const drawMs = [];
  for (let k = before; k < frames.count; k++) drawMs.push(frames.drawMs[k % frames.drawMs.length]);
  drawMs.sort((a, b) => a - b);
  return {
    fps: Math.round((drawMs.length / (elapsed / 1000)) * 10) / 10,
    frames: drawMs.length,
    drawMsMedian: drawMs[drawMs.length >> 1],
    drawMsP95: drawMs[Math.floor(drawMs.length * 0.95)],
  };
})()`;
}
