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
 * /ripples, replays it to the end (the figures count along and end equal
 * to the API's `ripple(eventId).stats`), finds people and edges with the
 * keyboard, then watches the graph grow live when another member
 * reshares. Last, the explorer loads, draws and pans a synthetic
 * 5,000-event ripple; the frame rate is printed as a measurement (speed is
 * asserted nowhere in tests: a loaded CI machine is not a benchmark).
 */
const DEMO_PASSWORD = 'ripple-demo';
const FIGURES = ['size', 'depth', 'widestLevel', 'peopleReached', 'newConnections', 'newFollows', 'structuralVirality', 'timeSpan'] as const;

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
    browser = await launchBrowser();
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
    await expect(page.locator('#ripple-summary').innerText()).resolves.toContain('60 events reaching 59 people');
    await expect(figureValue('size')).resolves.toBe(60);
  });

  it('replays it: the figures count along and end exactly at the API’s stats', async () => {
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
      'query Stats($id: ID!) { ripple(eventId: $id) { stats { size depth widestLevel peopleReached newConnections newFollows structuralVirality timeSpan } } }',
      { id: shareEventId },
      sarahToken,
    );
    for (const key of FIGURES) expect({ key, value: await figureValue(key) }).toEqual({ key, value: ripple.stats[key] });
    await expect(figure('structuralVirality').innerText()).resolves.toBe(ripple.stats.structuralVirality.toFixed(2));
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

    await page.screenshot({ path: path.join(RESULTS_DIR, 'ripple.png'), fullPage: true });
    await page.setViewportSize({ width: 375, height: 812 });
    await page.getByRole('button', { name: 'Reset view' }).click();
    await page.screenshot({ path: path.join(RESULTS_DIR, 'ripple-375.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('says so when a ripple does not exist or is not yours to see', async () => {
    await page.goto(`${stack.webUrl}/ripples/${toGlobalId('Event', '999999999')}`);
    await page.getByText('This ripple does not exist or is not yours to see.').waitFor();
  });

  it('loads, draws and pans a synthetic 5,000-event ripple (and prints the frame rate)', async () => {
    // A throwaway community in this stack's database: one cascade of exactly 5,000 follows.
    const { stdout } = await promisify(execFile)(
      'pnpm',
      ['seed:synthetic', '--people', '6500', '--events', '5000', '--largest', '5000', '--database-url', stack.databaseUrl],
      { cwd: ROOT },
    );
    const [, rootId, size] = /largest ripples \(root event id: size\): (\d+): (\d+)/.exec(stdout)!;
    expect(size).toBe('5000');

    await page.goto(`${stack.webUrl}/ripples/${toGlobalId('Event', rootId!)}`);
    await page.getByText('Live', { exact: true }).waitFor({ timeout: 60_000 });
    await expect(figureValue('size')).resolves.toBe(5_000);

    const whole = (await page.evaluate(PAN_FOR_3_SECONDS)) as PanResult;
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Zoom in' }).click();
    const zoomed = (await page.evaluate(PAN_FOR_3_SECONDS)) as PanResult;
    console.log('panning 5,000 events, whole ripple in view:', whole, '· zoomed in:', zoomed);
    // Panning redraws: frames were drawn in both views.
    expect(whole.frames).toBeGreaterThan(0);
    expect(zoomed.frames).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(RESULTS_DIR, 'ripple-5000.png') });
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
const PAN_FOR_3_SECONDS = `(async () => {
  const canvas = document.querySelector('canvas');
  const box = canvas.getBoundingClientRect();
  const frames = window.__rippleFrameTimes;
  const fire = (type, x, y) =>
    canvas.dispatchEvent(new PointerEvent(type, { pointerId: 7, pointerType: 'mouse', button: 0, buttons: 1, clientX: x, clientY: y, bubbles: true }));
  const cx = box.left + box.width / 2;
  const cy = box.top + box.height / 2;
  fire('pointerdown', cx, cy);
  const before = frames.count;
  const started = performance.now();
  await new Promise((done) => {
    const step = (now) => {
      const t = (now - started) / 1000;
      fire('pointermove', cx + Math.sin(t * 3) * 200, cy + Math.cos(t * 2) * 120);
      if (now - started < 3000) requestAnimationFrame(step);
      else done();
    };
    requestAnimationFrame(step);
  });
  fire('pointerup', cx, cy);
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
