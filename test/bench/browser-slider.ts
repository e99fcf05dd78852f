// A slider's cost: moving it by input events and by a real mouse drag, and timing each until the page has changed.
import {existsSync} from "node:fs";
import {readFile, readdir} from "node:fs/promises";
import {join} from "node:path";
import type {Browser, Page} from "playwright-core";
import type {StaticServer} from "../helpers/static-server.js";
import {
  type BenchWindow,
  LOAD_TIMEOUT,
  longTaskFigure,
  newContext,
  pageFile,
  waitForQuiet,
  type LongTaskFigure,
  type NotMeasured
} from "./browser-context.js";
import {throttleCpu} from "./network-profiles.js";
import {summarize, type Summary} from "./stats.js";

export interface SliderFigure {
  measured: true;
  page: string;
  /** The page's CPU slowed this many times while timed (1: not slowed). */
  cpuSlowdown: number;
  slider: string;
  updates: number;
  /** Input event → the page outside the slider's form changed and was laid out (ms). */
  latencyMs: Summary;
  /** Input event → the next animation frame after that change (ms). */
  nextFrameMs: Summary;
  /**
   * Start of the frame in which the page recomputed → the change laid out (ms): the page's own work per update.
   * Framework's runtime recomputes cells in the next animation frame, so a synthetic input event sent at an arbitrary
   * moment waits up to one frame first (in latencyMs); a real drag does not, since Chromium delivers pointer input
   * at the start of a frame. This is the figure to hold against a 16 ms frame.
   */
  frameWorkMs: Summary;
  /**
   * A real mouse drag (DRAG_MOVES moves): the slider's input event dispatched → the page outside its form changed and
   * laid out. Chromium hands a drag's moves to the page at the start of a frame, so Framework's recomputation runs in
   * that same frame: this is the latency a reader gets, and the figure held against one 16 ms frame. Null if no
   * input event changed the page.
   */
  dragMs: Summary | null;
  /**
   * The same drag's input event → the end of the frame that rendered the page's whole update (the new charts drawn,
   * laid out and painted by the main thread, where dragMs stops at the first change, which on Framework's pages is a
   * cell clearing its old output). The figure the targets hold. Null if no input event changed the page.
   */
  dragRenderedMs: Summary | null;
  /** Input events of the drag after which the page did not change (e.g. a value the page already showed). */
  dragUnchanged: number;
  /** Updates after which nothing changed within a second. */
  noChange: number;
  longTasks: LongTaskFigure;
}

/**
 * Moves a slider of `path` through its range `updates` times (preferring one whose name matches `prefer`) and times
 * each input event until the page outside the slider's own form has changed and been laid out, until the next
 * animation frame after that, and from the start of the frame that did the update (see SliderFigure.frameWorkMs);
 * then drags it with the mouse. The page loads at full speed; `cpuSlowdown` slows its CPU for the timing alone.
 */
export async function benchSlider(
  browser: Browser,
  server: StaticServer,
  siteDir: string,
  path: string,
  prefer: RegExp,
  log: (line: string) => void,
  cpuSlowdown = 1
): Promise<SliderFigure | NotMeasured> {
  if (!existsSync(pageFile(siteDir, path)))
    return {measured: false, reason: `not measured: the built site has no ${path} page yet`};
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}${path}`, {timeout: LOAD_TIMEOUT});
    const found = await page
      .waitForSelector('input[type="range"]', {timeout: 60_000, state: "attached"})
      .catch(() => null);
    if (!found) return {measured: false, reason: `not measured: ${path} has no slider (input type=range) within 60 s`};
    await waitForQuiet(page, 1500, 60_000); // the model loads and the first chart draws before we start
    if (cpuSlowdown !== 1) await throttleCpu(page, cpuSlowdown);
    const result = await page.evaluate(
      async ({updates, preferSource}) => {
        const sliders = [...document.querySelectorAll<HTMLInputElement>('input[type="range"]')];
        const names = sliders.map(
          (input) =>
            [input.getAttribute("aria-label"), input.labels?.[0]?.textContent?.trim(), input.name, input.id]
              .filter(Boolean)
              .join(" / ") || "input[type=range]"
        );
        const preferred = new RegExp(preferSource, "i");
        const chosen = Math.max(
          0,
          names.findIndex((name) => preferred.test(name))
        );
        const slider = sliders[chosen]!;
        slider.scrollIntoView({block: "center"});
        const own = slider.closest("form") ?? slider.parentElement ?? slider;
        const min = Number(slider.min || 0);
        const max = Number(slider.max || 100);
        const step = slider.step && slider.step !== "any" ? Number(slider.step) : (max - min) / 1000;
        const updateTimes: number[] = [];
        const frameTimes: number[] = [];
        const workTimes: number[] = [];
        let noChange = 0;
        const start = performance.now();
        for (let i = 0; i < updates; i++) {
          // Sweep up and down through the range so every update is a new value.
          const phase = (i % 40) / 20;
          const fraction = 0.1 + 0.8 * (phase <= 1 ? phase : 2 - phase);
          let value = min + Math.round(((max - min) * fraction) / step) * step;
          if (String(value) === slider.value) value = Math.min(max, value + step);
          const updated = new Promise<number | null>((resolve) => {
            const observer = new MutationObserver((records) => {
              if (records.some((record) => !own.contains(record.target))) {
                observer.disconnect();
                clearTimeout(timer);
                void document.body.offsetHeight; // style and layout of the change, as the next paint needs them
                resolve(performance.now());
              }
            });
            observer.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
            const timer = setTimeout(() => {
              observer.disconnect();
              resolve(null);
            }, 1000);
          });
          const t0 = performance.now();
          slider.value = String(value);
          slider.dispatchEvent(new Event("input", {bubbles: true}));
          // Registered before the runtime's own frame callback (which it registers in a microtask after the event),
          // so this marks the start of the frame in which Framework recomputes the cells.
          let frameStart: number | null = null;
          requestAnimationFrame(() => (frameStart ??= performance.now()));
          const t1 = await updated;
          await new Promise((resolve) => requestAnimationFrame(resolve));
          if (t1 === null) noChange++;
          else {
            updateTimes.push(t1 - t0);
            frameTimes.push(performance.now() - t0);
            // An update made in the event handler itself, before any frame, has no frame to wait for.
            workTimes.push(frameStart === null || frameStart > t1 ? t1 - t0 : t1 - frameStart);
          }
        }
        const bench = (window as unknown as BenchWindow).__bench;
        return {
          slider: names[chosen]!,
          chosen,
          updateTimes,
          frameTimes,
          workTimes,
          noChange,
          longTasks: bench.longTasks.filter((task) => task.start >= start)
        };
      },
      {updates: SLIDER_UPDATES, preferSource: prefer.source}
    );
    const drag = await dragSlider(page, result.chosen);
    log(
      `browser slider on ${path}${cpuSlowdown === 1 ? "" : ` at ${cpuSlowdown}× CPU`}: ${result.updateTimes.length} updates measured, ${result.noChange} without a change; ` +
        `real drag: ${drag.latencies.length} of ${drag.inputs} input events changed the page`
    );
    if (result.updateTimes.length === 0) {
      return {measured: false, reason: `not measured: moving the slider (${result.slider}) changed nothing on ${path}`};
    }
    return {
      measured: true,
      page: path,
      cpuSlowdown,
      slider: result.slider,
      updates: SLIDER_UPDATES,
      latencyMs: summarize(result.updateTimes),
      nextFrameMs: summarize(result.frameTimes),
      frameWorkMs: summarize(result.workTimes),
      dragMs: drag.latencies.length ? summarize(drag.latencies) : null,
      dragRenderedMs: drag.rendered.length ? summarize(drag.rendered) : null,
      dragUnchanged: drag.inputs - drag.latencies.length,
      noChange: result.noChange,
      longTasks: longTaskFigure(result.longTasks)
    };
  } finally {
    await context.close();
  }
}

const SLIDER_UPDATES = 100;

/**
 * Drags slider number `index` of the page with the mouse, as a reader does: pointer events go through Chromium's input
 * pipeline, which hands continuous input to the page at the start of a frame. For each `input` event it records the
 * time from the event's dispatch until the page outside the slider's form changed and was laid out.
 */
async function dragSlider(
  page: Page,
  index: number
): Promise<{inputs: number; latencies: number[]; rendered: number[]}> {
  const box = await page.evaluate((i) => {
    const slider = document.querySelectorAll<HTMLInputElement>('input[type="range"]')[i]!;
    slider.scrollIntoView({block: "center"});
    const own = slider.closest("form") ?? slider.parentElement ?? slider;
    const records: DragRecord[] = [];
    (window as unknown as DragWindow).__drag = records;
    slider.addEventListener(
      "input",
      () => records.push({dispatched: performance.now(), changed: null, rendered: null}),
      {capture: true}
    );
    new MutationObserver((mutations) => {
      const last = records.at(-1);
      if (!last || !mutations.some((m) => !own.contains(m.target))) return;
      // Framework changes the page in an animation frame callback; a task queued from there runs once that frame's
      // style, layout and paint are done. The last such task marks the whole update rendered: the new charts drawn,
      // not just the old ones taken away.
      setTimeout(() => (last.rendered = performance.now()));
      if (last.changed !== null) return;
      void document.body.offsetHeight; // style and layout of the change, as the next paint needs them
      last.changed = performance.now();
    }).observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
    const rect = slider.getBoundingClientRect();
    const value =
      (Number(slider.value) - Number(slider.min || 0)) / (Number(slider.max || 100) - Number(slider.min || 0) || 1);
    return {left: rect.left, width: rect.width, y: rect.top + rect.height / 2, thumb: rect.left + value * rect.width};
  }, index);
  await page.mouse.move(box.thumb, box.y);
  await page.mouse.down();
  for (let i = 0; i < DRAG_MOVES; i++) {
    // Back and forth across the middle 80 % of the track, a few pixels per move, like a slow hand.
    const phase = (i % 60) / 30;
    const fraction = 0.1 + 0.8 * (phase <= 1 ? phase : 2 - phase);
    await page.mouse.move(box.left + fraction * box.width, box.y);
    await page.waitForTimeout(40); // the update lands well within this; the next move starts from a quiet page
  }
  await page.mouse.up();
  await page.waitForTimeout(200);
  const records = await page.evaluate(() => (window as unknown as DragWindow).__drag);
  const latencies = records.flatMap((r) => (r.changed === null ? [] : [r.changed - r.dispatched]));
  const rendered = records.flatMap((r) => (r.rendered === null ? [] : [r.rendered - r.dispatched]));
  return {inputs: records.length, latencies, rendered};
}

interface DragRecord {
  dispatched: number;
  /** The first change outside the slider's form, laid out. */
  changed: number | null;
  /** The end of the frame that rendered the last change (see dragSlider). */
  rendered: number | null;
}

interface DragWindow {
  __drag: DragRecord[];
}

const DRAG_MOVES = 120;

/** The page with the temperature experiment: /explore/temperature if built, else the first page that mentions it. */
export async function temperaturePage(siteDir: string): Promise<string> {
  if (existsSync(pageFile(siteDir, "/explore/temperature"))) return "/explore/temperature";
  const entries = await readdir(siteDir, {recursive: true});
  for (const name of entries.filter((file) => file.endsWith(".html") && !file.startsWith("_")).sort()) {
    const html = await readFile(join(siteDir, name), "utf8");
    if (/temperature-controls|TemperatureControls/.test(html)) return `/${name.replace(/\.html$/, "")}`;
  }
  return "/explore/temperature";
}
