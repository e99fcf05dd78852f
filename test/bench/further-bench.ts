// The "Going further" pages in Chromium: time from navigation until all their maps are drawn (Inside MobileNet: a
// stage's maps and the picked channel over the photo; Where a logit comes from: the listed channels' maps and the
// switched-off result), cold and warm, and how long a stage switch takes on Inside MobileNet (input event → the new
// stage's maps and its picked channel in the page, laid out).
import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import type {Browser, Page} from "playwright-core";
import {launchChromium} from "../helpers/browser.js";
import type {StaticServer} from "../helpers/static-server.js";
import {serveBenchSite} from "./site.js";
import {summarize, type Summary} from "./stats.js";
import {errorMessage} from "../../components/pipeline/errors.js";

export const STAGE_SWITCH_P95_MS = 50;

/** What "all maps drawn" means on each page: every selector present. */
const PAGES = {
  "/further/inside": [".activation-maps .activation-grid", ".map-on-photo-explore canvas"],
  "/further/logit": [".channels-on-photo .map-on-photo canvas", ".switched-off"]
} as const;

export interface MapsLoadFigure {
  page: string;
  /** Navigation start → every map on the page drawn (ms), per fresh context and per reload in it. */
  coldMs: Summary;
  warmMs: Summary;
}

export type FurtherResult =
  | {measured: false; reason: string}
  | {
      measured: true;
      loads: MapsLoadFigure[];
      /** Stage switches on /further/inside: input event → new maps and picked channel in the DOM, laid out (ms). */
      stageSwitchMs: Summary;
    };

export async function benchFurther(options: {
  siteDir: string;
  repetitions: number;
  log: (line: string) => void;
}): Promise<FurtherResult> {
  const {siteDir, repetitions, log} = options;
  const benchDir = await mkdtemp(join(tmpdir(), "bench-further-"));
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await serveBenchSite(siteDir, benchDir);
    browser = await launchChromium();
    const loads: MapsLoadFigure[] = [];
    for (const [path, selectors] of Object.entries(PAGES)) {
      const cold: number[] = [];
      const warm: number[] = [];
      for (let rep = 0; rep < repetitions; rep++) {
        const context = await browser.newContext({viewport: {width: 1280, height: 900}});
        try {
          const page = await context.newPage();
          cold.push(await loadUntilDrawn(page, `${server.url}${path}?image=cat.png`, selectors));
          warm.push(await loadUntilDrawn(page, `${server.url}${path}?image=cat.png`, selectors));
        } finally {
          await context.close();
        }
        log(
          `further ${path} rep ${rep + 1}: all maps ${Math.round(cold.at(-1)!)} ms cold, ${Math.round(warm.at(-1)!)} ms warm`
        );
      }
      loads.push({page: path, coldMs: summarize(cold), warmMs: summarize(warm)});
    }
    const stageSwitchMs = summarize(await stageSwitches(browser, server.url));
    log(
      `further stage switch: p50 ${stageSwitchMs.p50} ms, p95 ${stageSwitchMs.p95} ms (${stageSwitchMs.runs} switches)`
    );
    return {measured: true, loads, stageSwitchMs};
  } catch (error) {
    return {measured: false, reason: `not measured: ${errorMessage(error)}`};
  } finally {
    await browser?.close();
    await server?.close();
    await rm(benchDir, {recursive: true, force: true});
  }
}

/** Navigates to `url` and returns the ms from navigation start until every selector matches, laid out. */
async function loadUntilDrawn(page: Page, url: string, selectors: readonly string[]): Promise<number> {
  await page.goto(url, {timeout: 90_000});
  await page.waitForFunction(
    (wanted) => wanted.every((selector) => document.querySelector(selector)?.getBoundingClientRect().width),
    [...selectors],
    {timeout: 90_000, polling: "raf"}
  );
  return page.evaluate(() => performance.now());
}

/** Steps through every stage twice, timing each switch in the page itself. */
async function stageSwitches(browser: Browser, origin: string): Promise<number[]> {
  const context = await browser.newContext({viewport: {width: 1280, height: 900}});
  try {
    const page = await context.newPage();
    await loadUntilDrawn(page, `${origin}/further/inside?image=cat.png`, PAGES["/further/inside"]);
    const stages = await page
      .locator(".stage-picker select option")
      .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    const times: number[] = [];
    for (const stage of [...stages.slice(1), ...stages.slice(0, 1), ...stages.slice(1), ...stages.slice(0, 1)]) {
      // A string, not a function: tsx would wrap a function's inner arrow functions in a __name() the page lacks.
      const script = `new Promise((resolve) => {
        const name = ${JSON.stringify(stage)};
        const select = document.querySelector(".stage-picker select");
        const started = performance.now();
        const observer = new MutationObserver(() => {
          const maps = document.querySelector(".activation-maps");
          const picked = document.querySelector(".map-on-photo-explore figcaption");
          if (maps?.dataset.stage !== name || !picked?.textContent.includes(" of " + name + ":")) return;
          observer.disconnect();
          maps.getBoundingClientRect(); // laid out
          resolve(performance.now() - started);
        });
        observer.observe(document.body, {childList: true, subtree: true, characterData: true});
        select.value = name;
        select.dispatchEvent(new Event("input", {bubbles: true}));
      })`;
      times.push((await page.evaluate(script)) as number);
    }
    return times;
  } finally {
    await context.close();
  }
}

/** The bench's targets for these pages: what it measured, and whether it passed (undefined: not measured). */
export function furtherChecks(result: FurtherResult | undefined): {target: string; figure: string; pass?: boolean}[] {
  const target = `Inside MobileNet: stage switch p95 ≤ ${STAGE_SWITCH_P95_MS} ms`;
  if (!result) return [{target, figure: "not measured"}];
  if (!result.measured) return [{target, figure: result.reason}];
  return [
    {
      target,
      figure: `${result.stageSwitchMs.p95} ms`,
      pass: result.stageSwitchMs.p95 <= STAGE_SWITCH_P95_MS
    }
  ];
}

/** The report's lines for these pages. */
export function furtherReport(result: FurtherResult): string[] {
  if (!result.measured) return [`Going further: ${result.reason}`];
  return [
    ...result.loads.map(
      (load) =>
        `${load.page}: navigation → all maps drawn p50 ${load.coldMs.p50} ms cold (p95 ${load.coldMs.p95}), ` +
        `${load.warmMs.p50} ms warm (p95 ${load.warmMs.p95})`
    ),
    `/further/inside stage switch (input event → new maps and picked channel laid out): p50 ${result.stageSwitchMs.p50} ms, ` +
      `p95 ${result.stageSwitchMs.p95} ms, max ${result.stageSwitchMs.max} ms (${result.stageSwitchMs.runs} switches)`
  ];
}
