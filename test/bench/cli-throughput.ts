// `classify` as a person runs it: a fresh process over many photos, timed from spawn to each JSON line it prints.
import {spawn} from "node:child_process";
import {readdir} from "node:fs/promises";
import {join} from "node:path";
import {performance} from "node:perf_hooks";
import {PROJECT_ROOT} from "../../components/node/assets.js";
import type {ModelId} from "../../components/pipeline/models.js";
import {round} from "./stats.js";

export interface CliFigure {
  model: ModelId;
  images: number;
  failures: number;
  /** Spawn to exit. */
  totalMs: number;
  /** Spawn to the first result line: process start, tsx, tfjs + WASM start, model load, first image. */
  firstResultMs: number;
  /** Images per second counting everything from spawn to exit. */
  imagesPerSecondWithStart: number;
  /** Images per second between the first and the last result line (startup and the first image excluded). */
  imagesPerSecondSteady: number;
  /** Per image, steady state: (last − first line) / (images − 1). */
  msPerImageSteady: number;
}

/** The photos the CLI bench classifies: images/*.png|jpg and images/imagenet/*.jpg. */
export async function cliPhotos(assets: string): Promise<string[]> {
  const pick = async (folder: string, pattern: RegExp) =>
    (await readdir(folder))
      .filter((name) => pattern.test(name))
      .sort()
      .map((name) => join(folder, name));
  return [
    ...(await pick(join(assets, "images"), /\.(png|jpe?g)$/i)),
    ...(await pick(join(assets, "images", "imagenet"), /\.jpe?g$/i))
  ];
}

export async function benchCli(assets: string, model: ModelId): Promise<CliFigure> {
  const files = await cliPhotos(assets);
  const tsx = join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
  const start = performance.now();
  const child = spawn(tsx, [join(PROJECT_ROOT, "components", "cli.ts"), "--json", "--model", model, ...files], {
    cwd: PROJECT_ROOT,
    env: {...process.env, MOBILENET_ASSETS: assets},
    stdio: ["ignore", "pipe", "pipe"]
  });
  const lineTimes: number[] = [];
  let failures = 0;
  let pending = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    const now = performance.now();
    pending += chunk;
    let newline;
    while ((newline = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (!line.trim()) continue;
      lineTimes.push(now - start);
      if ((JSON.parse(line) as {error?: string}).error) failures++;
    }
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const totalMs = performance.now() - start;
  if (lineTimes.length !== files.length) {
    throw new Error(
      `classify (${model}) printed ${lineTimes.length} results for ${files.length} images (exit ${code}): ${stderr.trim()}`
    );
  }
  const first = lineTimes[0]!;
  const last = lineTimes[lineTimes.length - 1]!;
  const steadyMs = (last - first) / (files.length - 1);
  return {
    model,
    images: files.length,
    failures,
    totalMs: round(totalMs, 0),
    firstResultMs: round(first, 0),
    imagesPerSecondWithStart: round((1000 * files.length) / totalMs, 1),
    imagesPerSecondSteady: round(1000 / steadyMs, 1),
    msPerImageSteady: round(steadyMs, 1)
  };
}
