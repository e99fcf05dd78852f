// The occlusion map in the browser: how long the page takes to draw one, and how much batching the images saves.
import {readFile, readdir} from "node:fs/promises";
import {join} from "node:path";
import type {Browser} from "playwright-core";
import {launchChromium} from "../helpers/browser.js";
import type {StaticServer} from "../helpers/static-server.js";
import type {OcclusionBatchingResult} from "./baseline/pipeline-memory.js";
import {
  type BenchWindow,
  LOAD_TIMEOUT,
  longTaskFigure,
  newContext,
  waitForQuiet,
  type LongTaskFigure,
  type NotMeasured
} from "./browser-context.js";
import {openPipelinePage} from "./browser-pipeline.js";
import {ratio, round} from "./stats.js";

/** The occlusion map computed by the lesson's code in batches of several sizes vs one image per model call. */
export type OcclusionBatchingFigure = (OcclusionBatchingResult & {page: string; speedup: number}) | NotMeasured;

export interface OcclusionFigure {
  measured: true;
  page: string;
  /** The grid size chosen by default. */
  grid: string;
  /** Navigation → the first occlusion map in the DOM (model load included). */
  firstMapMs: number;
  firstMapLongTasks: LongTaskFigure;
  /** Pressing the page's button to map again → the new map in the DOM. */
  again?: {button: string; ms: number; longTasks: LongTaskFigure};
}

/** Pages of the built site (any folder) whose own content, not the navigation, mentions occlusion. */
async function occlusionPages(siteDir: string): Promise<string[]> {
  const pages: string[] = [];
  const entries = await readdir(siteDir, {recursive: true});
  for (const name of entries.filter((file) => file.endsWith(".html") && !file.startsWith("_")).sort()) {
    const html = await readFile(join(siteDir, name), "utf8");
    const content = html.replace(/<nav[\s\S]*?<\/nav>/gi, "").replace(/<aside[\s\S]*?<\/aside>/gi, "");
    if (/occlusion/i.test(content)) pages.push(`/${name.replace(/\.html$/, "").replace(/(^|\/)index$/, "")}`);
  }
  return pages;
}

const OCCLUSION_MAP = ".occlusion-map";

/** Time until the occlusion map is drawn after navigation, then after pressing its "Map again" button. */
export async function benchOcclusion(
  browser: Browser,
  server: StaticServer,
  siteDir: string,
  log: (line: string) => void
): Promise<OcclusionFigure | NotMeasured> {
  const pages = await occlusionPages(siteDir);
  if (pages.length === 0)
    return {measured: false, reason: "not measured: no page of the built site offers an occlusion map"};
  const path = pages[0]!;
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}${path}`, {timeout: LOAD_TIMEOUT});
    const map = await page.waitForSelector(OCCLUSION_MAP, {timeout: 180_000}).catch(() => null);
    if (!map)
      return {
        measured: false,
        reason: `not measured: ${path} mentions occlusion but drew no ${OCCLUSION_MAP} within 180 s`
      };
    const firstMs = await page.evaluate(() => performance.now());
    const grid = await page.evaluate(
      () => document.querySelector<HTMLInputElement>(".occlusion-controls input:checked")?.value ?? "unknown"
    );
    // The map's own button: the page's teaching cells have Edit and Run buttons of their own, which redraw no map.
    const button = page.locator(".occlusion-controls").getByRole("button", {name: /again/i});
    let again: OcclusionFigure["again"];
    if (await button.count()) {
      await waitForQuiet(page, 1000, 30_000);
      const clicked = await page.evaluate(() => performance.now());
      await button.click();
      // A new map element replaces the old one when the run finishes.
      await page.waitForFunction(
        (old) => document.querySelector(".occlusion-map") !== old && document.querySelector(".occlusion-map"),
        map,
        {
          timeout: 180_000,
          polling: "raf"
        }
      );
      const done = await page.evaluate(() => performance.now());
      const tasks = await page.evaluate(
        (from) => (window as unknown as BenchWindow).__bench.longTasks.filter((t) => t.start >= from),
        clicked
      );
      again = {
        button: (await button.textContent())?.trim() ?? "",
        ms: round(done - clicked, 0),
        longTasks: longTaskFigure(tasks)
      };
    }
    const firstTasks = await page.evaluate(
      (until) => (window as unknown as BenchWindow).__bench.longTasks.filter((t) => t.start <= until),
      firstMs
    );
    log(
      `browser occlusion on ${path}: first map ${round(firstMs, 0)} ms after navigation${again ? `, again ${again.ms} ms` : ""}`
    );
    return {
      measured: true,
      page: path,
      grid,
      firstMapMs: round(firstMs, 0),
      firstMapLongTasks: longTaskFigure(firstTasks),
      again
    };
  } finally {
    await context.close();
  }
}

/** Batch sizes timed for the occlusion map: 1 is one image per model call; "budget" is what /explore/looks-at does. */
const OCCLUSION_CHUNKS: (number | "budget")[] = [1, 4, 8, 16, 32, "budget"];
const OCCLUSION_GRID = 14;

/** The lesson's occlusionMap on cat.png in the bench pipeline page, once per batch size (best of 3). */
export async function benchOcclusionBatching(
  server: StaticServer,
  log: (line: string) => void
): Promise<OcclusionBatchingFigure> {
  const browser = await launchChromium();
  try {
    const opened = await openPipelinePage(browser, server);
    if ("error" in opened) return {measured: false, reason: `not measured: the pipeline page failed: ${opened.error}`};
    const result = await opened.page.evaluate(([grid, chunks]) => window.benchOcclusionBatching!(grid, chunks, 3), [
      OCCLUSION_GRID,
      OCCLUSION_CHUNKS
    ] as const);
    const single = result.runs.find((run) => run.chunkSize === 1)!;
    const lesson = result.runs.find((run) => run.chunkSize === "budget")!;
    log(
      `browser occlusion batching: ${result.images} images, one per call ${round(single.ms, 0)} ms, the page's batches ${round(lesson.ms, 0)} ms`
    );
    return {
      ...result,
      runs: result.runs.map((run) => ({
        ...run,
        ms: round(run.ms, 0),
        msPerImage: round(run.msPerImage, 2),
        longestCallMs: round(run.longestCallMs, 0)
      })),
      page: "/__bench/pipeline/ (components/pipeline/occlusion.ts occlusionMap, no pause between calls)",
      speedup: ratio(single.ms, lesson.ms)
    };
  } finally {
    await browser.close();
  }
}
