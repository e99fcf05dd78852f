// Figures of single pages, each with the budget its issue names, registered by dropping a file into
// test/bench/figures/: `npm run bench` imports every .ts file there, runs its figure after the lesson's own, puts the
// result in the JSON under `pages.<name>` and its budgets among the checks. No list to edit, so pages added at the same
// time don't collide. A figure file:
//
//   import {pageFigure} from "../page-figures.js";
//   export default pageFigure({
//     name: "inside",
//     issue: 14,
//     async measure({origin, newPage, repetitions, log}) {
//       const page = await newPage();            // a fresh context (cold cache); newPage(PHONE_4G) for the phone
//       await page.goto(`${origin}/further/inside?image=cat.png`);
//       …
//       return {stageSwitchMs: summarize(times)};  // any JSON-able object
//     },
//     budgets: [{what: "/further/inside: stage switch, input → new maps (p95)", limit: 50, unit: " ms",
//                value: (figure) => figure.stageSwitchMs.p95}],
//     report: (figure) => [`…one line per figure…`]   // optional: the printed report's lines
//   });
import {mkdtemp, readdir, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";
import type {Browser, Page} from "playwright-core";
import {launchChromium} from "../helpers/browser.js";
import {budgetCheck, type Budget, type Check} from "./checks.js";
import {applyProfile, UNTHROTTLED, type NetworkProfile} from "./network-profiles.js";
import {serveBenchSite} from "./site.js";
import {errorMessage} from "../../components/pipeline/errors.js";

export const FIGURES_DIR = fileURLToPath(new URL("figures", import.meta.url));

export interface FigureContext {
  /** The built site being measured. */
  siteDir: string;
  /** Where it is served as a static host serves it (compressed, hashed files cached a year), e.g. http://127.0.0.1:41234. */
  origin: string;
  browser: Browser;
  /** Loads per page the bench was asked for (--reps). */
  repetitions: number;
  log: (line: string) => void;
  /** A page in a fresh browser context (empty cache), 1280 × 900, under `profile` (default: unthrottled). */
  newPage(profile?: NetworkProfile): Promise<Page>;
}

export interface PageFigure<F = unknown> {
  /** The figure's key in the JSON's `pages` object, e.g. "inside". */
  name: string;
  /** The issue that names its budgets. */
  issue?: number;
  measure(context: FigureContext): Promise<F>;
  /** Each budget's figure, read from what measure() returned (undefined: not measured). */
  budgets: (Budget & {value: (figure: F) => number | undefined})[];
  /** Lines for the printed report; without it the report shows the budgets' figures only. */
  report?: (figure: F) => string[];
}

/** Declares a figure (the identity function: it lets TypeScript check `budgets` and `report` against measure()). */
export function pageFigure<F>(figure: PageFigure<F>): PageFigure<F> {
  return figure;
}

export interface PageFigureResult {
  name: string;
  issue?: number;
  /** What measure() returned; absent if it failed. */
  figure?: unknown;
  error?: string;
  checks: Check[];
  report: string[];
}

/** The figures registered in `folder` (default test/bench/figures/), in file name order. */
export async function loadPageFigures(folder = FIGURES_DIR): Promise<PageFigure[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const figures: PageFigure[] = [];
  for (const name of names.filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts")).sort()) {
    const module = (await import(pathToFileURL(join(folder, name)).href)) as {default?: PageFigure | PageFigure[]};
    const declared = module.default;
    if (!declared) throw new Error(`${join(folder, name)} has no default export: export default pageFigure({…}).`);
    figures.push(...(Array.isArray(declared) ? declared : [declared]));
  }
  return figures;
}

/** Measures each figure in turn (one failing does not stop the others) and holds it against its budgets. */
export async function measurePageFigures(
  figures: readonly PageFigure[],
  context: FigureContext
): Promise<PageFigureResult[]> {
  const results: PageFigureResult[] = [];
  for (const figure of figures) {
    let measured: {figure: unknown} | {error: string};
    try {
      measured = {figure: await figure.measure(context)};
    } catch (error) {
      measured = {error: errorMessage(error)};
      context.log(`page figure ${figure.name} failed: ${measured.error}`);
    }
    const checks = figure.budgets.map((budget) =>
      "figure" in measured
        ? budgetCheck(budget, budget.value(measured.figure))
        : budgetCheck(budget, undefined, `not measured: ${measured.error}`)
    );
    const report =
      "figure" in measured && figure.report
        ? figure.report(measured.figure)
        : checks.map((check) => `${check.target}: ${check.figure}`);
    results.push({name: figure.name, issue: figure.issue, ...measured, checks, report});
  }
  return results;
}

/** Serves `siteDir`, starts Chromium, and measures every registered figure; nothing if none is registered. */
export async function benchPageFigures(options: {
  siteDir: string;
  repetitions: number;
  log: (line: string) => void;
  folder?: string;
}): Promise<PageFigureResult[]> {
  const figures = await loadPageFigures(options.folder);
  if (!figures.length) return [];
  const emptyBenchDir = await mkdtemp(join(tmpdir(), "bench-figures-"));
  const server = await serveBenchSite(options.siteDir, emptyBenchDir, {log: options.log});
  const browser = await launchChromium();
  try {
    return await measurePageFigures(figures, {
      siteDir: options.siteDir,
      origin: server.url,
      browser,
      repetitions: options.repetitions,
      log: options.log,
      newPage: async (profile = UNTHROTTLED) => {
        const context = await browser.newContext({viewport: {width: 1280, height: 900}});
        const page = await context.newPage();
        await applyProfile(page, profile);
        return page;
      }
    });
  } finally {
    await browser.close();
    await server.close();
    await rm(emptyBenchDir, {recursive: true, force: true});
  }
}
