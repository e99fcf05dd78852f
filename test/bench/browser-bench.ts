// The lesson in Chromium against a minimal page doing the same job: time to first prediction, JavaScript bytes, long
// tasks, the /softmax slider, an occlusion map if a page has one, and memory over many inferences in the page. Each
// measurement is its own module (browser-load, -slider, -occlusion, -pipeline); this one runs them and gathers the
// figures.
import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import type {Browser} from "playwright-core";
import {launchChromium} from "../helpers/browser.js";
import type {StaticServer} from "../helpers/static-server.js";
import {bundlePage, siteFiles, siteModules} from "./bench-pages.js";
import {newContext, type NotMeasured} from "./browser-context.js";
import {
  loadFigure,
  loadUntilPrediction,
  recordNetwork,
  type LoadFigure,
  type Measurement,
  type NetworkFigure
} from "./browser-load.js";
import {
  benchOcclusion,
  benchOcclusionBatching,
  type OcclusionBatchingFigure,
  type OcclusionFigure
} from "./browser-occlusion.js";
import {benchIsolated, benchPageMemory, type IsolatedFigure, type MemoryFigure} from "./browser-pipeline.js";
import {benchSlider, temperaturePage, type SliderFigure} from "./browser-slider.js";
import {
  applyProfile,
  checkProfile,
  isThrottled,
  PHONE_4G,
  PROFILES,
  writeCheckFiles,
  type NetworkProfile,
  type ProfileCheck
} from "./network-profiles.js";
import {serveBenchSite} from "./site.js";
import {ratio, round} from "./stats.js";
import {precompress} from "../../scripts/precompress.js";
import {errorMessage} from "../../components/pipeline/errors.js";

/** The three pages' first predictions under one network profile, loads of all profiles interleaved. */
export interface ProfileLoads {
  profile: NetworkProfile;
  /** That the emulation applied (throttled profiles only). */
  check?: ProfileCheck;
  lesson: LoadFigure;
  /** The lesson's own modules doing the home page's first prediction in a bare page (test/bench/baseline/bare-lesson.ts). */
  bare: LoadFigure;
  baseline: LoadFigure;
  ttfpRatioCold: number;
  ttfpRatioWarm: number;
  /** Bare page / baseline: what the lesson's code costs without the Framework page around it. */
  bareRatioCold: number;
  bareRatioWarm: number;
  jsRatio: number;
  /** JavaScript bytes as sent (compressed), lesson / baseline. */
  jsTransferredRatio: number;
}

export interface BrowserResult {
  chromium: string;
  site: string;
  repetitions: number;
  serving: string;
  /** One entry per network profile (network-profiles.ts): unthrottled, then phone on 4G. */
  firstPrediction: ProfileLoads[];
  /** The /softmax page's slider (logits), and the temperature slider wherever a page has one. */
  slider: SliderFigure | NotMeasured;
  temperatureSlider: SliderFigure | NotMeasured;
  /** The same two sliders with the page's CPU slowed as on the phone (network-profiles.ts's PHONE_4G). */
  slowCpu: {cpuSlowdown: number; slider: SliderFigure | NotMeasured; temperatureSlider: SliderFigure | NotMeasured};
  occlusion: OcclusionFigure | NotMeasured;
  occlusionBatching: OcclusionBatchingFigure;
  memory: MemoryFigure;
  isolated: IsolatedFigure;
}

export async function benchBrowser(options: {
  siteDir: string;
  repetitions: number;
  log: (line: string) => void;
}): Promise<BrowserResult> {
  const {siteDir, repetitions, log} = options;
  const benchDir = await mkdtemp(join(tmpdir(), "bench-pages-"));
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  try {
    const files = await siteFiles(siteDir, benchDir);
    await bundlePage(benchDir, "baseline", "Baseline: tfjs + WASM, top 3", files);
    await bundlePage(benchDir, "pipeline", "The lesson's pipeline, 500 times", files, {entry: "pipeline-memory.ts"});
    await bundlePage(benchDir, "bare", "The lesson's code in a bare page, top 3", files, {
      entry: "bare-lesson.ts",
      plugins: [siteModules(siteDir)]
    });
    await writeCheckFiles(benchDir);
    await precompress(benchDir);
    server = await serveBenchSite(siteDir, benchDir, {log});
    browser = await launchChromium();
    const chromium = browser.version();
    const checks = new Map<NetworkProfile, ProfileCheck>();
    for (const profile of PROFILES.filter(isThrottled)) {
      const check = await checkProfile(browser, server.url, profile);
      log(
        `browser ${profile.name}: 1 MB in ${check.oneMegabyteMs} ms (at least ${check.oneMegabyteExpectedMs} expected), ` +
          `CPU ${check.cpuSlowdownMeasured}× slower (${profile.cpuSlowdown}× asked): ${check.applies ? "applies" : "DOES NOT APPLY"}`
      );
      checks.set(profile, check);
    }
    const targets = {
      lesson: `${server.url}/`,
      bare: `${server.url}/__bench/bare/`,
      baseline: `${server.url}/__bench/baseline/`
    };
    const names = Object.keys(targets) as (keyof typeof targets)[];

    type Loads = Record<keyof typeof targets, {cold: Measurement[]; warm: Measurement[]; network?: NetworkFigure}>;
    const loads = PROFILES.map((): Loads => ({
      lesson: {cold: [], warm: []},
      bare: {cold: [], warm: []},
      baseline: {cold: [], warm: []}
    }));
    for (let rep = 0; rep < repetitions; rep++) {
      // Rotate which page goes first, so that none always meets a busier machine; every profile in every round.
      const order = names.map((_, i) => names[(i + rep) % names.length]!);
      for (const [index, profile] of PROFILES.entries()) {
        for (const name of order) {
          const load = loads[index]![name];
          const context = await newContext(browser);
          try {
            const page = await context.newPage();
            await applyProfile(page, profile);
            const network = rep === 0 ? recordNetwork(page) : undefined;
            load.cold.push(await loadUntilPrediction(page, targets[name]));
            if (network) load.network = await network.finish(page);
            load.warm.push(await loadUntilPrediction(page, targets[name]));
          } finally {
            await context.close();
          }
          log(
            `browser ${profile.name} ${name} rep ${rep + 1}: cold ${round(load.cold.at(-1)!.ttfp, 0)} ms, warm ${round(load.warm.at(-1)!.ttfp, 0)} ms`
          );
        }
      }
    }
    const firstPrediction = PROFILES.map((profile, index): ProfileLoads => {
      const lesson = loadFigure(loads[index]!.lesson);
      const baseline = loadFigure(loads[index]!.baseline);
      const bare = loadFigure(loads[index]!.bare);
      return {
        profile,
        check: checks.get(profile),
        lesson,
        bare,
        baseline,
        ttfpRatioCold: ratio(lesson.coldMs.p50, baseline.coldMs.p50),
        ttfpRatioWarm: ratio(lesson.warmMs.p50, baseline.warmMs.p50),
        bareRatioCold: ratio(bare.coldMs.p50, baseline.coldMs.p50),
        bareRatioWarm: ratio(bare.warmMs.p50, baseline.warmMs.p50),
        jsRatio: ratio(lesson.bytes.script, baseline.bytes.script),
        jsTransferredRatio: ratio(lesson.transferredBytes.script, baseline.transferredBytes.script)
      };
    });

    const sliders = async (cpuSlowdown: number) => ({
      slider: await benchSlider(browser!, server!, siteDir, "/softmax", /temperature/, log, cpuSlowdown),
      temperatureSlider: await benchSlider(
        browser!,
        server!,
        siteDir,
        await temperaturePage(siteDir),
        /temperature/,
        log,
        cpuSlowdown
      )
    });
    const {slider, temperatureSlider} = await sliders(1);
    const slowCpu = {cpuSlowdown: PHONE_4G.cpuSlowdown, ...(await sliders(PHONE_4G.cpuSlowdown))};
    // A figure that fails is reported as not measured: the load and slider figures above still count.
    const occlusion = await benchOcclusion(browser, server, siteDir, log).catch((error: unknown): NotMeasured => ({
      measured: false,
      reason: `not measured: ${errorMessage(error)}`
    }));
    await browser.close();
    browser = undefined;

    const occlusionBatching = await benchOcclusionBatching(server, log);
    const memory = await benchPageMemory(server, log);
    const isolated = await benchIsolated(siteDir, benchDir, log);
    return {
      chromium,
      site: siteDir,
      repetitions,
      serving:
        "HTML, JS, CSS, JSON and WASM brotli-compressed; hashed files (/_file, /_import, /_node, /_npm, /_observablehq, " +
        "bench bundles) max-age=1y immutable; pages no-cache with ETag; HTTP/1.1",
      firstPrediction,
      slider,
      temperatureSlider,
      slowCpu,
      occlusion,
      occlusionBatching,
      memory,
      isolated
    };
  } finally {
    await browser?.close();
    await server?.close();
    await rm(benchDir, {recursive: true, force: true});
  }
}
