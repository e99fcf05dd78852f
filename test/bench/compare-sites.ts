// `tsx test/bench/compare-sites.ts [--reps N] [--profiles phone,unthrottled] SITE_A SITE_B …`
// Before/after for a change to the first prediction: two or more built sites (e.g. main's and a branch's, each built
// with `npm run build` then copied aside), each served by its own server, their home page and the minimal page
// loaded in turns, round after round (variants rotated, profiles interleaved), so that a busy machine slows every
// variant alike. Prints the medians of every variant, cold and warm, and each variant's ratio to its own minimal page.
import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {basename, join, resolve} from "node:path";
import {parseArgs} from "node:util";
import type {Browser} from "playwright-core";
import type {StaticServer} from "../helpers/static-server.js";
import {launchChromium} from "../helpers/browser.js";
import {bundlePage, siteFiles} from "./bench-pages.js";
import {newContext} from "./browser-context.js";
import {loadUntilPrediction} from "./browser-load.js";
import {applyProfile, PHONE_4G, UNTHROTTLED, type NetworkProfile} from "./network-profiles.js";
import {serveBenchSite} from "./site.js";
import {quantile, ratio, round} from "./stats.js";
import {errorMessage} from "../../components/pipeline/errors.js";

const {values, positionals} = parseArgs({
  allowPositionals: true,
  options: {reps: {type: "string", default: "6"}, profiles: {type: "string", default: "phone"}}
});
const profiles = values.profiles!.split(",").map((name): NetworkProfile => {
  if (name === "phone") return PHONE_4G;
  if (name === "unthrottled") return UNTHROTTLED;
  throw new Error(`--profiles takes phone and unthrottled, not "${name}".`);
});
const reps = Number(values.reps);
if (positionals.length < 1) throw new Error("Name at least one built site folder.");

interface Variant {
  label: string;
  server: StaticServer;
  benchDir: string;
  /** Per profile name, per page: cold and warm times to the first prediction (ms), and the lesson's milestones. */
  times: Map<string, {lesson: {cold: number[]; warm: number[]}; baseline: {cold: number[]; warm: number[]}}>;
  phases: Map<string, Record<string, number>[]>;
}

const variants: Variant[] = [];
let browser: Browser | undefined;
try {
  for (const dir of positionals) {
    const siteDir = resolve(dir);
    const benchDir = await mkdtemp(join(tmpdir(), "compare-sites-"));
    await bundlePage(benchDir, "baseline", "Baseline: tfjs + WASM, top 3", await siteFiles(siteDir, benchDir));
    const server = await serveBenchSite(siteDir, benchDir);
    const label = basename(siteDir);
    variants.push({label, server, benchDir, times: new Map(), phases: new Map()});
  }
  browser = await launchChromium();
  for (let rep = 0; rep < reps; rep++) {
    for (const profile of profiles) {
      const order = variants.map((_, i) => variants[(i + rep) % variants.length]!);
      for (const variant of order) {
        const times = variant.times.get(profile.name) ?? {
          lesson: {cold: [], warm: []},
          baseline: {cold: [], warm: []}
        };
        variant.times.set(profile.name, times);
        for (const page of ["lesson", "baseline"] as const) {
          // A load that never ends (seen about once in 200 under the emulation) is said and tried again, once.
          for (let attempt = 1; ; attempt++) {
            const context = await newContext(browser);
            try {
              const tab = await context.newPage();
              await applyProfile(tab, profile);
              const url = page === "lesson" ? `${variant.server.url}/` : `${variant.server.url}/__bench/baseline/`;
              const cold = await loadUntilPrediction(tab, url);
              const warm = await loadUntilPrediction(tab, url);
              times[page].cold.push(cold.ttfp);
              times[page].warm.push(warm.ttfp);
              if (page === "lesson")
                variant.phases.set(profile.name, [...(variant.phases.get(profile.name) ?? []), {...cold.phases}]);
              break;
            } catch (error) {
              if (attempt > 1) throw error;
              process.stderr.write(`${variant.label} ${page}, ${profile.name}: ${errorMessage(error)} Once more.\n`);
            } finally {
              await context.close();
            }
          }
        }
        process.stderr.write(
          `rep ${rep + 1} ${profile.name} ${variant.label}: lesson ${round(times.lesson.cold.at(-1)!, 0)}/${round(times.lesson.warm.at(-1)!, 0)} ms, ` +
            `baseline ${round(times.baseline.cold.at(-1)!, 0)}/${round(times.baseline.warm.at(-1)!, 0)} ms\n`
        );
      }
    }
  }
  const median = (values: number[]) => round(quantile(values, 0.5), 0);
  // The spread says how far apart two medians must be to mean anything on this machine.
  const spread = (values: number[]) => `${round(Math.min(...values), 0)}–${round(Math.max(...values), 0)}`;
  for (const profile of profiles) {
    console.log(`\n${profile.name}, ${reps} rounds, medians (ms)`);
    for (const variant of variants) {
      const {lesson, baseline} = variant.times.get(profile.name)!;
      const phases = variant.phases.get(profile.name)!;
      const milestones = Object.keys(phases[0]!)
        .map((key) => `${key} ${median(phases.map((p) => p[key]!))}`)
        .join(", ");
      console.log(
        `${variant.label}: lesson cold ${median(lesson.cold)}, warm ${median(lesson.warm)}; baseline cold ${median(baseline.cold)}, ` +
          `warm ${median(baseline.warm)}; ratio cold ${ratio(median(lesson.cold), median(baseline.cold))}×, ` +
          `warm ${ratio(median(lesson.warm), median(baseline.warm))}×\n  ranges: lesson cold ${spread(lesson.cold)}, ` +
          `warm ${spread(lesson.warm)}; baseline cold ${spread(baseline.cold)}, warm ${spread(baseline.warm)}\n` +
          `  lesson cold milestones: ${milestones}`
      );
    }
  }
} finally {
  await browser?.close();
  for (const variant of variants) {
    await variant.server.close();
    await rm(variant.benchDir, {recursive: true, force: true});
  }
}
