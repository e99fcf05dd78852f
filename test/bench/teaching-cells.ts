// Editing a teaching cell in place, on /logits in Chromium: Edit → the editor ready to type in, the first time on a
// fresh page (its code, CodeMirror and the parser, fetched then: cold, an empty cache; warm, cached), and Run → the
// logits cell's output shown (the first run, while the worker may still be loading tfjs and the model, then warm runs).
import type {Browser, Page} from "playwright-core";
import {launchChromium} from "../helpers/browser.js";
import type {StaticServer} from "../helpers/static-server.js";
import {serveBenchSite} from "./site.js";
import {summarize, type Summary} from "./stats.js";
import {errorMessage} from "../../components/pipeline/errors.js";

export interface TeachingCellsFigure {
  measured: true;
  page: string;
  /** Edit pressed → the editor in place, ready (ms): a fresh context each time, so the editor's code is downloaded. */
  editReadyColdMs: Summary;
  /** The same with the editor's code already in the browser's cache (the page loaded again). */
  editReadyWarmMs: Summary;
  /** Run pressed just after the editor is ready → output shown (ms): includes the worker starting, if it hasn't. */
  firstRunMs: Summary;
  /** Run → output for later runs of the logits cell (ms): reading the page's values, the worker's run, drawing. */
  runMs: Summary;
  /**
   * Bytes of JavaScript the page fetched for the first Edit: CodeMirror, the parser, the editing code. (The code
   * runner's worker then loads its own tfjs; a worker's requests don't show in the page's network log.)
   */
  editorScriptBytes: number;
}

const PAGE = "/logits?image=cat.png";
const RUNS = 20;

export async function benchTeachingCells(options: {
  siteDir: string;
  repetitions: number;
  log: (line: string) => void;
}): Promise<TeachingCellsFigure | {measured: false; reason: string}> {
  const {siteDir, repetitions, log} = options;
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await serveBenchSite(siteDir, siteDir); // (no pages of the bench's own: /__bench/ goes unused)
    browser = await launchChromium();
    const cold: number[] = [];
    const warm: number[] = [];
    const first: number[] = [];
    const runs: number[] = [];
    let editorScriptBytes = 0;
    for (let rep = 0; rep < repetitions; rep++) {
      const context = await browser.newContext({viewport: {width: 1280, height: 900}});
      try {
        const page = await context.newPage();
        const scripts: Promise<number>[] = [];
        let editing = false;
        page.on("response", (response) => {
          if (editing && response.request().resourceType() === "script")
            scripts.push(
              response.body().then(
                (body) => body.byteLength,
                () => 0
              )
            );
        });
        await openLogits(page, `${server.url}${PAGE}`);
        editing = true;
        cold.push(await pressEdit(page));
        editing = false;
        editorScriptBytes = (await Promise.all(scripts)).reduce((sum, bytes) => sum + bytes, 0);
        first.push(await pressRun(page));
        for (let i = 0; i < RUNS; i++) runs.push(await pressRun(page));
        await openLogits(page, `${server.url}${PAGE}`);
        warm.push(await pressEdit(page));
      } finally {
        await context.close();
      }
      log(
        `teaching cells rep ${rep + 1}: Edit → ready ${Math.round(cold.at(-1)!)} ms cold, ${Math.round(warm.at(-1)!)} ms warm; first Run ${Math.round(first.at(-1)!)} ms`
      );
    }
    return {
      measured: true,
      page: PAGE,
      editReadyColdMs: summarize(cold),
      editReadyWarmMs: summarize(warm),
      firstRunMs: summarize(first),
      runMs: summarize(runs),
      editorScriptBytes
    };
  } catch (error) {
    return {measured: false, reason: `editing in place could not be measured: ${errorMessage(error)}`};
  } finally {
    await browser?.close();
    await server?.close();
  }
}

async function openLogits(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator(".logits-shape").filter({hasText: "[1, 1000]"}).waitFor({timeout: 60_000});
  await page.locator(".cell-tools button").first().waitFor();
}

/**
 * Clicks `button` from inside the page, so the clock starts as the click arrives, and stops at the first DOM change
 * after which `done.selector` matches (with `data-runs` equal to `done.runs`, if given).
 */
function timeClick(page: Page, button: string, done: {selector: string; runs?: string}): Promise<number> {
  return page.evaluate(
    ({button, done}) =>
      new Promise<number>((resolve, reject) => {
        const started = performance.now();
        const observer = new MutationObserver(() => {
          const element = document.querySelector<HTMLElement>(done.selector);
          if (!element || (done.runs !== undefined && element.dataset.runs !== done.runs)) return;
          observer.disconnect();
          resolve(performance.now() - started);
        });
        observer.observe(document.body, {subtree: true, childList: true, attributes: true});
        setTimeout(() => reject(new Error(`nothing happened within 60 s of clicking ${button}`)), 60_000);
        document.querySelector<HTMLButtonElement>(button)!.click();
      }),
    {button, done}
  );
}

const pressEdit = (page: Page) =>
  timeClick(page, ".cell-tools button", {selector: ".code-cell.in-place[data-editor=ready]"});

async function pressRun(page: Page): Promise<number> {
  const runs = Number((await page.locator(".code-cell.in-place").getAttribute("data-runs")) ?? 0);
  return timeClick(page, ".code-cell.in-place .code-cell-run", {
    selector: ".code-cell.in-place",
    runs: String(runs + 1)
  });
}
