// The lesson's pipeline code in the bench's bare page: memory over many classifications, and the same page served
// cross-origin isolated, where tfjs may run WebAssembly on threads.
import type {Browser, Page} from "playwright-core";
import {launchChromium} from "../helpers/browser.js";
import type {StaticServer} from "../helpers/static-server.js";
import type {PageMemoryResult} from "./baseline/pipeline-memory.js";
import {LOAD_TIMEOUT, type NotMeasured} from "./browser-context.js";
import {serveBenchSite} from "./site.js";
import {round} from "./stats.js";

/** 500 classifications in the page: tensors and JS heap before and after. */
export type MemoryFigure =
  (PageMemoryResult & {page: string; tensorGrowth: number; heapGrowthPercent: number | null}) | NotMeasured;

/** The same pipeline page, cross-origin isolated (COOP + COEP), where tfjs may run WebAssembly on threads. */
export type IsolatedFigure = (PageMemoryResult & {page: string}) | NotMeasured;

/** The bench's pipeline page (the lesson's own pipeline code, bundled), loaded and ready; or why it failed. */
export async function openPipelinePage(
  browser: Browser,
  server: StaticServer
): Promise<{page: Page} | {error: string}> {
  const page = await (await browser.newContext({viewport: {width: 1280, height: 900}})).newPage();
  await page.goto(`${server.url}/__bench/pipeline/`, {timeout: LOAD_TIMEOUT});
  await page.waitForFunction(() => document.body.dataset.ready || document.body.dataset.error, undefined, {
    timeout: LOAD_TIMEOUT
  });
  const error = await page.evaluate(() => document.body.dataset.error);
  return error ? {error} : {page};
}

/** The pipeline page's timings on a cross-origin isolated server: tfjs's threaded WebAssembly, where it has threads. */
export async function benchIsolated(
  siteDir: string,
  benchDir: string,
  log: (line: string) => void
): Promise<IsolatedFigure> {
  const server = await serveBenchSite(siteDir, benchDir, {crossOriginIsolated: true});
  const browser = await launchChromium();
  try {
    const opened = await openPipelinePage(browser, server);
    if ("error" in opened)
      return {
        measured: false,
        reason: `not measured: the pipeline page failed when cross-origin isolated: ${opened.error}`
      };
    const result = await opened.page.evaluate((n) => window.benchPipelineMemory!(n), 100);
    log(`browser cross-origin isolated: ${result.backend}, infer p50 ${round(result.timings.inferP50, 1)} ms`);
    return {
      ...result,
      msPerInference: round(result.msPerInference),
      page: "/__bench/pipeline/ served with COOP: same-origin, COEP: require-corp"
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

/** 500 classifications by the lesson's own pipeline code in a bench page, with tensors and JS heap around them. */
export async function benchPageMemory(server: StaticServer, log: (line: string) => void): Promise<MemoryFigure> {
  const browser = await launchChromium(["--enable-precise-memory-info", "--js-flags=--expose-gc"]);
  try {
    const opened = await openPipelinePage(browser, server);
    if ("error" in opened) return {measured: false, reason: `not measured: the pipeline page failed: ${opened.error}`};
    const result = await opened.page.evaluate((n) => window.benchPipelineMemory!(n), 500);
    const heapBefore = result.before.usedJSHeapSize;
    const heapAfter = result.after.usedJSHeapSize;
    log(
      `browser memory: tensors ${result.before.numTensors} → ${result.after.numTensors}, heap ${heapBefore} → ${heapAfter}`
    );
    return {
      ...result,
      msPerInference: round(result.msPerInference),
      timings: {
        loadModel: round(result.timings.loadModel, 1),
        firstClassification: round(result.timings.firstClassification, 1),
        inferP50: round(result.timings.inferP50, 1),
        summarizeP50: round(result.timings.summarizeP50, 1)
      },
      page: "/__bench/pipeline/ (components/browser/runtime.ts loadModel, image.ts toPixels, pipeline/output.ts summarize; bundled by esbuild)",
      tensorGrowth: result.after.numTensors - result.before.numTensors,
      heapGrowthPercent: heapBefore && heapAfter ? round((100 * (heapAfter - heapBefore)) / heapBefore, 1) : null
    };
  } finally {
    await browser.close();
  }
}
