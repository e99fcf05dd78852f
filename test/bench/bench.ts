// `npm run bench [-- --json] [--save FILE] [--reps N] [--only node,cli,browser,pages] [--dist DIR | --build]`
// Measures the lesson end to end: inference in Node on both backends, the classify CLI, the site in Chromium against
// a minimal page doing the same job, and memory over many inferences. Prints a table with each target's PASS/FAIL,
// or with --json one object holding every figure. Progress goes to stderr.
import {writeFile} from "node:fs/promises";
import {cpus, loadavg, totalmem} from "node:os";
import {parseArgs} from "node:util";
import {performance} from "node:perf_hooks";
import {benchBrowser, type BrowserResult, type ProfileLoads} from "./browser-bench.js";
import type {LongTaskFigure} from "./browser-context.js";
import {benchCli, type CliFigure} from "./cli-throughput.js";
import {
  benchNodeInference,
  benchNodeMemory,
  type NodeInferenceResult,
  type NodeMemoryResult
} from "./node-inference.js";
import {locateSite} from "./site.js";
import {round, type Summary} from "./stats.js";
import {budgetCheck, verdict, type Check} from "./checks.js";
import {describeProfile, PHONE_4G} from "./network-profiles.js";
import {benchPageFigures, type PageFigureResult} from "./page-figures.js";
import {errorMessage} from "../../components/pipeline/errors.js";

const USAGE = `Usage: npm run bench -- [--json] [--save FILE] [--reps N] [--only node,cli,browser,pages] [--dist DIR | --build]

  --json        print one JSON object with every figure instead of the table
  --save FILE   also write that JSON object to FILE
  --reps N      browser page loads per page, cold and warm (default 5)
  --only LIST   run only some parts: node, cli, browser, pages (the figures in test/bench/figures/; default all)
  --dist DIR    measure the site built in DIR instead of dist/
  --build       build the site privately into the system temp folder (bench-dist) instead of using dist/

Needs MOBILENET_ASSETS (the models and photos) and, for the browser part, Chromium (CHROMIUM_PATH, an installed Chrome or Chromium, or the one npm brings: test/helpers/find-chromium.ts).`;

const TARGETS = {
  wasmSpeedup: 20,
  /** Issue #18: the first prediction on a phone on 4G, against the minimal page in the same run. */
  phoneTtfpRatioCold: 0.6,
  phoneTtfpRatioWarm: 1.1,
  jsRatio: 1.3,
  sliderP95Ms: 16,
  /** The same sliders with the CPU slowed as on the phone. */
  slowCpuSliderP95Ms: 50,
  heapGrowthPercent: 10
};

interface BenchResult {
  machine: {
    cores: number;
    cpu: string;
    memoryBytes: number;
    node: string;
    loadAverageAtStart: number[];
    loadAverageAtEnd: number[];
  };
  durationSeconds: number;
  node?: {inference: NodeInferenceResult; memory: NodeMemoryResult};
  cli?: CliFigure[];
  browser?: BrowserResult;
  /** Figures of single pages registered in test/bench/figures/ (page-figures.ts), with their budgets. */
  pages?: Record<string, PageFigureResult>;
  checks: Check[];
}

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function parseOptions() {
  let values;
  try {
    ({values} = parseArgs({
      options: {
        json: {type: "boolean"},
        save: {type: "string"},
        reps: {type: "string"},
        only: {type: "string"},
        dist: {type: "string"},
        build: {type: "boolean"},
        help: {type: "boolean", short: "h"}
      }
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const reps = values.reps === undefined ? 5 : Number(values.reps);
  if (!Number.isInteger(reps) || reps < 1 || reps > 50)
    fail(`--reps must be a whole number from 1 to 50, not "${values.reps}".`);
  const parts = new Set((values.only ?? "node,cli,browser,pages").split(",").map((part) => part.trim()));
  for (const part of parts)
    if (!["node", "cli", "browser", "pages"].includes(part))
      fail(`--only takes node, cli, browser and pages, not "${part}".`);
  if (values.dist && values.build) fail("Use either --dist or --build, not both.");
  const assets = process.env.MOBILENET_ASSETS;
  if (!assets) fail("MOBILENET_ASSETS is not set: point it at the mobilenet-assets folder (models/ and images/).");
  return {
    json: values.json ?? false,
    save: values.save,
    reps,
    parts,
    dist: values.dist,
    build: values.build ?? false,
    assets
  };
}

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

function checks(result: BenchResult): Check[] {
  const list: Check[] = [];
  const speedup = result.node?.inference.speedup["v1-0.25"];
  list.push({
    target: `Node v1-0.25: WASM ≥ ${TARGETS.wasmSpeedup}× faster than CPU (p50, photos)`,
    figure: speedup === undefined ? "not measured" : `${speedup}×`,
    verdict: verdict(speedup === undefined ? undefined : speedup >= TARGETS.wasmSpeedup)
  });
  const modelOnly = result.node?.inference.speedupModelOnly;
  list.push({
    target: `Node v1-0.25: WASM ≥ ${TARGETS.wasmSpeedup}× faster than CPU (p50, 224×224, model alone)`,
    figure: modelOnly === undefined ? "not measured" : `${modelOnly}×`,
    verdict: verdict(modelOnly === undefined ? undefined : modelOnly >= TARGETS.wasmSpeedup)
  });
  const browser = result.browser;
  const phone = browser?.firstPrediction.find((loads) => loads.profile.name === PHONE_4G.name);
  list.push({
    target: `${PHONE_4G.name} emulation applies: 1 MB downloads in ≥ 90 % of its time at that rate, a loop runs ≥ half the slowdown`,
    figure: phone?.check
      ? `1 MB in ${phone.check.oneMegabyteMs} ms (≥ ${phone.check.oneMegabyteExpectedMs} ms expected), CPU ${phone.check.cpuSlowdownMeasured}× slower`
      : "not measured",
    verdict: verdict(phone?.check?.applies)
  });
  list.push(
    budgetCheck(
      {
        what: `${PHONE_4G.name}: lesson's first prediction / minimal page's, cold (p50)`,
        limit: TARGETS.phoneTtfpRatioCold,
        unit: "×"
      },
      phone?.ttfpRatioCold
    ),
    budgetCheck(
      {
        what: `${PHONE_4G.name}: lesson's first prediction / minimal page's, warm (p50)`,
        limit: TARGETS.phoneTtfpRatioWarm,
        unit: "×"
      },
      phone?.ttfpRatioWarm
    ),
    budgetCheck(
      {what: "Lesson JavaScript bytes / minimal page's (uncompressed)", limit: TARGETS.jsRatio, unit: "×"},
      browser?.firstPrediction[0]?.jsRatio
    )
  );
  const slowCpu = browser?.slowCpu.cpuSlowdown ?? PHONE_4G.cpuSlowdown;
  for (const [name, slider, limit] of [
    ["/softmax slider", browser?.slider, TARGETS.sliderP95Ms],
    ["Temperature slider", browser?.temperatureSlider, TARGETS.sliderP95Ms],
    [`/softmax slider at ${slowCpu}× CPU`, browser?.slowCpu.slider, TARGETS.slowCpuSliderP95Ms],
    [`Temperature slider at ${slowCpu}× CPU`, browser?.slowCpu.temperatureSlider, TARGETS.slowCpuSliderP95Ms]
  ] as const) {
    const what = `${name}: mouse drag, input → page's update rendered, p95`;
    list.push(
      !slider
        ? budgetCheck({what, limit, unit: " ms"}, undefined)
        : !slider.measured
          ? budgetCheck({what, limit, unit: " ms"}, undefined, slider.reason)
          : slider.dragRenderedMs
            ? budgetCheck({what, limit, unit: " ms"}, slider.dragRenderedMs.p95, slider.page)
            : {...budgetCheck({what, limit, unit: " ms"}, undefined, "the drag changed nothing"), verdict: "FAIL"}
    );
  }
  const batching = browser?.occlusionBatching;
  list.push({
    target: "Occlusion map faster in the page's batches (40 ms per call) than one image per call",
    figure: !batching ? "not measured" : "measured" in batching ? batching.reason : `${batching.speedup}× faster`,
    verdict: verdict(batching && !("measured" in batching) ? batching.speedup > 1 : undefined)
  });
  const nodeMemory = result.node?.memory;
  list.push({
    target: `Node: tensor count flat after ${nodeMemory?.inferences ?? 500} inferences`,
    figure: nodeMemory ? `${nodeMemory.before.numTensors} → ${nodeMemory.after.numTensors}` : "not measured",
    verdict: verdict(nodeMemory ? nodeMemory.tensorGrowth <= 0 : undefined)
  });
  list.push({
    target: `Node: JS heap growth < ${TARGETS.heapGrowthPercent} %`,
    figure: nodeMemory ? `${nodeMemory.heapGrowthPercent} %` : "not measured",
    verdict: verdict(nodeMemory ? nodeMemory.heapGrowthPercent < TARGETS.heapGrowthPercent : undefined)
  });
  const pageMemory = browser?.memory;
  list.push({
    target: "Page (lesson pipeline): tensor count flat after 500 inferences",
    figure: !pageMemory
      ? "not measured"
      : "measured" in pageMemory
        ? pageMemory.reason
        : `${pageMemory.before.numTensors} → ${pageMemory.after.numTensors}`,
    verdict: verdict(pageMemory && !("measured" in pageMemory) ? pageMemory.tensorGrowth <= 0 : undefined)
  });
  const pageHeap = pageMemory && !("measured" in pageMemory) ? pageMemory.heapGrowthPercent : null;
  list.push({
    target: `Page (lesson pipeline): JS heap growth < ${TARGETS.heapGrowthPercent} %`,
    figure: pageHeap === null ? "not measured" : `${pageHeap} %`,
    verdict: verdict(pageHeap === null ? undefined : pageHeap < TARGETS.heapGrowthPercent)
  });
  for (const page of Object.values(result.pages ?? {})) list.push(...page.checks);
  return list;
}

// ---------------------------------------------------------------------------------------------------------------
// The table

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join("  ")
      .trimEnd();
  return [line(rows[0]!), widths.map((width) => "-".repeat(width)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

const ms = (summary: Summary) => `${summary.p50}`;
const kb = (bytes: number) => `${round(bytes / 1024, 1)} KB`;
const tasks = (figure: LongTaskFigure) => `${figure.count} (${figure.totalMs} ms, max ${figure.maxMs})`;
const mb = (bytes: number | null) => (bytes === null ? "n/a" : `${round(bytes / 2 ** 20, 1)} MB`);

/** The three pages' first predictions under one profile: a table, their milestones, the ratios. */
function firstPredictionReport(loads: ProfileLoads): string[] {
  const out = [`First prediction, ${loads.profile.name} (${describeProfile(loads.profile)})`];
  if (loads.check)
    out.push(
      `emulation check: 1 MB in ${loads.check.oneMegabyteMs} ms (at least ${loads.check.oneMegabyteExpectedMs} expected), ` +
        `CPU ${loads.check.cpuSlowdownMeasured}× slower${loads.check.applies ? "" : ": THE EMULATION DID NOT APPLY"}`
    );
  const rows = [
    [
      "page",
      "cold p50",
      "cold p95",
      "warm p50",
      "warm p95",
      "JS (sent)",
      "WASM (sent)",
      "model (sent)",
      "images",
      "requests",
      "long tasks cold",
      "long tasks warm"
    ]
  ];
  const pages = [
    ["lesson /", loads.lesson],
    ["lesson code, bare page", loads.bare],
    ["baseline", loads.baseline]
  ] as const;
  for (const [name, figure] of pages) {
    const sent = (kind: "script" | "wasm" | "model") =>
      `${kb(figure.bytes[kind])} (${kb(figure.transferredBytes[kind])})`;
    rows.push([
      name,
      `${figure.coldMs.p50} ms`,
      `${figure.coldMs.p95} ms`,
      `${figure.warmMs.p50} ms`,
      `${figure.warmMs.p95} ms`,
      sent("script"),
      sent("wasm"),
      sent("model"),
      kb(figure.bytes.image),
      String(figure.requests),
      tasks(figure.longTasksCold),
      tasks(figure.longTasksWarm)
    ]);
  }
  out.push(table(rows), "milestones, ms from navigation (p50):");
  const phases = (p: ProfileLoads["lesson"]["phasesCold"]) =>
    `scripts in ${p.scriptsLoaded}, WASM requested ${p.wasmRequested}, model requested ${p.modelRequested}, weights in ${p.weightsLoaded}, ` +
    `photo requested ${p.photoRequested}, photo in ${p.photoLoaded}, prediction ${p.prediction}`;
  for (const [name, figure] of pages)
    out.push(`  ${name.padEnd(22)} cold: ${phases(figure.phasesCold)}; warm: ${phases(figure.phasesWarm)}`);
  out.push(
    `lesson/baseline: time to first prediction ${loads.ttfpRatioCold}× cold, ${loads.ttfpRatioWarm}× warm; ` +
      `JavaScript ${loads.jsRatio}× (${loads.jsTransferredRatio}× as sent)`,
    `the lesson's code without the Framework page (bare page)/baseline: ${loads.bareRatioCold}× cold, ${loads.bareRatioWarm}× warm`,
    `lesson packages: ${loads.lesson.packages.join(", ")}`,
    `lesson's largest scripts: ${loads.lesson.largestScripts
      .slice(0, 6)
      .map((script) => `${script.path} ${kb(script.bytes)}`)
      .join(", ")}`
  );
  return out;
}

function report(result: BenchResult): string {
  const out: string[] = [];
  const {machine} = result;
  out.push(
    `MobileNet lesson benchmark — ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, ` +
      `load average ${machine.loadAverageAtStart.map((v) => v.toFixed(2)).join(" ")} at start, ` +
      `${machine.loadAverageAtEnd.map((v) => v.toFixed(2)).join(" ")} at end; ${result.durationSeconds} s`
  );

  if (result.node) {
    const {inference, memory} = result.node;
    out.push(
      "",
      `Node inference (ms per image: infer + read logits; "photos" cycles the ${inference.photos.length} sample photos, already decoded, ` +
        `resize included; "224×224" is the model alone)`
    );
    const rows = [["model", "backend", "input", "runs", "p50 ms", "p95 ms", "min ms", "note"]];
    for (const figure of inference.figures) {
      rows.push([
        figure.model,
        figure.backend,
        figure.input,
        String(figure.ms.runs),
        ms(figure.ms),
        String(figure.ms.p95),
        String(figure.ms.min),
        figure.reducedRuns ?? ""
      ]);
    }
    out.push(table(rows));
    out.push(
      `WASM speed-up over CPU (p50): ${Object.entries(inference.speedup)
        .map(([model, speedup]) => `${model} ${speedup}×`)
        .join(", ")} on photos; v1-0.25 model alone ${inference.speedupModelOnly}×; ` +
        `decodeImage ${inference.decodeMs.p50} ms p50, ${inference.decodeMs.p95} ms p95`
    );
    out.push(
      "",
      `Node memory (${memory.inferences} × ${memory.loop}; ${memory.backend}; gc via ${memory.gc})`,
      table([
        ["", "tensors", "tensor bytes", "heapUsed"],
        ["before", String(memory.before.numTensors), String(memory.before.numBytes), mb(memory.before.heapUsed)],
        ["after", String(memory.after.numTensors), String(memory.after.numBytes), mb(memory.after.heapUsed)],
        [
          "growth",
          String(memory.tensorGrowth),
          String(memory.after.numBytes - memory.before.numBytes),
          `${memory.heapGrowthPercent} %`
        ]
      ]),
      `heapUsed every 100 inferences: ${memory.heapTrend.map(mb).join(", ")}`
    );
  }

  if (result.cli) {
    out.push("", "CLI classify --json (subprocess via tsx)");
    const rows = [
      ["model", "images", "failed", "total ms", "first result ms", "img/s with start", "img/s steady", "ms/img steady"]
    ];
    for (const figure of result.cli) {
      rows.push([
        figure.model,
        String(figure.images),
        String(figure.failures),
        String(figure.totalMs),
        String(figure.firstResultMs),
        String(figure.imagesPerSecondWithStart),
        String(figure.imagesPerSecondSteady),
        String(figure.msPerImageSteady)
      ]);
    }
    out.push(table(rows));
  }

  const browser = result.browser;
  if (browser) {
    out.push(
      "",
      `Browser: ${browser.chromium}, ${browser.repetitions} loads per page and profile, profiles interleaved (cold: fresh context; warm: same context again); site ${browser.site}`,
      `Serving: ${browser.serving}`
    );
    for (const loads of browser.firstPrediction) out.push("", ...firstPredictionReport(loads));
    out.push("");
    const {slider, temperatureSlider, slowCpu, occlusion, memory} = browser;
    for (const [name, figure] of [
      ["slider", slider],
      ["temperature slider", temperatureSlider],
      [`slider at ${slowCpu.cpuSlowdown}× CPU`, slowCpu.slider],
      [`temperature slider at ${slowCpu.cpuSlowdown}× CPU`, slowCpu.temperatureSlider]
    ] as const) {
      out.push(
        figure.measured
          ? `${name} (${figure.page}, "${figure.slider}"): mouse drag, input event → ` +
              (figure.dragMs && figure.dragRenderedMs
                ? `update rendered p50 ${figure.dragRenderedMs.p50} ms, p95 ${figure.dragRenderedMs.p95} ms; → first change ` +
                  `laid out p50 ${figure.dragMs.p50} ms, p95 ${figure.dragMs.p95} ms (${figure.dragMs.runs} events, ` +
                  `${figure.dragUnchanged} without a change); `
                : `no change (${figure.dragUnchanged} events); `) +
              `synthetic input events (${figure.updates}): frame start → chart changed and laid ` +
              `out p50 ${figure.frameWorkMs.p50} ms, p95 ${figure.frameWorkMs.p95} ms; input event → changed p50 ` +
              `${figure.latencyMs.p50} ms, p95 ${figure.latencyMs.p95} ms; → next frame p50 ${figure.nextFrameMs.p50} ms, ` +
              `p95 ${figure.nextFrameMs.p95} ms; ${figure.noChange} without a change; long tasks ${tasks(figure.longTasks)}`
          : `${name}: ${figure.reason}`
      );
    }
    out.push(
      occlusion.measured
        ? `occlusion map (${occlusion.page}, grid ${occlusion.grid}): first map ${occlusion.firstMapMs} ms after navigation ` +
            `(long tasks ${tasks(occlusion.firstMapLongTasks)})` +
            (occlusion.again
              ? `; "${occlusion.again.button}" → new map ${occlusion.again.ms} ms (long tasks ${tasks(occlusion.again.longTasks)})`
              : "; no button to map again")
        : `occlusion map: ${occlusion.reason}`
    );
    const {isolated} = browser;
    if ("measured" in isolated) out.push(`cross-origin isolated: ${isolated.reason}`);
    else {
      const t = isolated.timings;
      out.push(
        `cross-origin isolated (${isolated.page}): ${isolated.backend}, crossOriginIsolated ${isolated.crossOriginIsolated}; loadModel ` +
          `${round(t.loadModel, 0)} ms, first classification ${round(t.firstClassification, 0)} ms, infer ${round(t.inferP50, 1)} ms (p50)` +
          ("measured" in memory
            ? ""
            : `; not isolated: ${memory.backend}, loadModel ${round(memory.timings.loadModel, 0)} ms, infer ${round(memory.timings.inferP50, 1)} ms`)
      );
    }
    const batching = browser.occlusionBatching;
    out.push(
      "measured" in batching
        ? `occlusion batching: ${batching.reason}`
        : `occlusion batching (${batching.gridSize} × ${batching.gridSize} = ${batching.images} images, ${batching.page}): ` +
            batching.runs
              .map(
                (run) =>
                  `${run.chunkSize === "budget" ? "40 ms batches (the page)" : `${run.chunkSize} per call`} ${run.ms} ms (${run.msPerImage} ms/image, longest call ${run.longestCallMs} ms)`
              )
              .join("; ") +
            `; maps differ by at most ${batching.maxDifference.toExponential(1)}`
    );
    if ("measured" in memory) out.push(`page memory: ${memory.reason}`);
    else {
      out.push(
        "",
        `Page memory (${memory.inferences} inferences, ${memory.msPerInference} ms each, ${memory.backend}; gc ${memory.gc ? "forced" : "unavailable"}), in ${memory.page}`,
        table([
          ["", "tensors", "tensor bytes", "usedJSHeapSize"],
          [
            "before",
            String(memory.before.numTensors),
            String(memory.before.numBytes),
            mb(memory.before.usedJSHeapSize)
          ],
          ["after", String(memory.after.numTensors), String(memory.after.numBytes), mb(memory.after.usedJSHeapSize)],
          [
            "growth",
            String(memory.tensorGrowth),
            String(memory.after.numBytes - memory.before.numBytes),
            `${memory.heapGrowthPercent ?? "n/a"} %`
          ]
        ]),
        `usedJSHeapSize every 100 inferences: ${memory.heapTrend.map(mb).join(", ")}`,
        `pipeline timings in the page: loadModel ${round(memory.timings.loadModel, 0)} ms (download, build, warm-up runs), ` +
          `first classification ${round(memory.timings.firstClassification, 0)} ms, then infer ` +
          `${round(memory.timings.inferP50, 1)} ms + summarize ${round(memory.timings.summarizeP50, 1)} ms (p50)`
      );
    }
  }

  for (const page of Object.values(result.pages ?? {}))
    out.push("", `Page figure ${page.name}${page.issue ? ` (issue ${page.issue})` : ""}`, ...page.report);

  out.push(
    "",
    "Targets",
    table([
      ["target", "figure", "verdict"],
      ...result.checks.map((check) => [check.target, check.figure, check.verdict])
    ])
  );
  return `${out.join("\n")}\n`;
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseOptions();
  const started = performance.now();
  const result: BenchResult = {
    machine: {
      cores: cpus().length,
      cpu: cpus()[0]?.model.trim() ?? "unknown",
      memoryBytes: totalmem(),
      node: process.versions.node,
      loadAverageAtStart: loadavg().map((value) => round(value)),
      loadAverageAtEnd: []
    },
    durationSeconds: 0,
    checks: []
  };
  // The site first: if it cannot be found or built, say so before spending minutes on the rest.
  const site = ["browser", "pages"].some((part) => options.parts.has(part))
    ? await locateSite({dist: options.dist, forceBuild: options.build, assets: options.assets, log})
    : undefined;
  if (site) log(`measuring the site in ${site.dir} (${site.origin})`);

  if (options.parts.has("node")) {
    const memory = await benchNodeMemory(options.assets, 500, log);
    const inference = await benchNodeInference(options.assets, log);
    result.node = {inference, memory};
  }
  if (options.parts.has("cli")) {
    result.cli = [];
    for (const model of ["v1-0.25", "v1-0.75"] as const) {
      const figure = await benchCli(options.assets, model);
      log(
        `cli ${model}: ${figure.imagesPerSecondWithStart} img/s with start, ${figure.imagesPerSecondSteady} img/s steady`
      );
      result.cli.push(figure);
    }
  }
  if (site && options.parts.has("browser"))
    result.browser = await benchBrowser({siteDir: site.dir, repetitions: options.reps, log});
  if (site && options.parts.has("pages")) {
    const pages = await benchPageFigures({siteDir: site.dir, repetitions: options.reps, log});
    result.pages = Object.fromEntries(pages.map((page) => [page.name, page]));
  }

  result.machine.loadAverageAtEnd = loadavg().map((value) => round(value));
  result.durationSeconds = round((performance.now() - started) / 1000, 0);
  result.checks = checks(result);
  const json = `${JSON.stringify(result, null, 2)}\n`;
  if (options.save) await writeFile(options.save, json);
  process.stdout.write(options.json ? json : report(result));
}

try {
  await main();
} catch (error) {
  process.stderr.write(`bench failed: ${errorMessage(error)}\n`);
  process.exitCode = 1;
}
