// The CLI's whole path under fuzz, with the real model: damaged files (test/helpers/image-fuzz.ts) through what
// `npm run classify` does for each file (decodeImage → classifier.infer → summarize), in this process, and then a few
// of them through the command itself, in one run. Always a prediction or a clear error, never a crash.
import {spawn} from "node:child_process";
import {mkdtemp, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import fc from "fast-check";
import * as tf from "@tensorflow/tfjs-core";
import {beforeAll, describe, expect, test} from "vitest";
import {decodeImage, ImageDecodeError} from "../../components/node/decode.js";
import {getClassifier} from "../../components/node/runtime.js";
import type {Classifier} from "../../components/pipeline/models.js";
import {summarize} from "../../components/pipeline/output.js";
import {
  galleryPhotos,
  generatedSeeds,
  mutate,
  mutationsArbitrary,
  unclearMessage,
  type Seed
} from "../helpers/image-fuzz.js";
import {startBackend} from "../helpers/tf.js";

const ROOT = new URL("../..", import.meta.url).pathname;

describe("damaged files through the CLI's pipeline, with the real model", () => {
  let seeds: Seed[];
  let classifier: Classifier;
  beforeAll(async () => {
    await startBackend();
    [seeds, classifier] = await Promise.all([
      Promise.all([generatedSeeds(), galleryPhotos()]).then((lists) => lists.flat()),
      getClassifier("v1-0.25")
    ]);
  });

  test("100 damaged files in process: a top-3 of real classes, or a clear error", {timeout: 180_000}, async () => {
    const before = tf.memory().numTensors;
    const tally = {predicted: 0, refused: 0};
    await fc.assert(
      fc.asyncProperty(fc.nat(), mutationsArbitrary, async (index, mutations) => {
        const seed = seeds[index % seeds.length]!;
        const where = `${seed.name} + ${JSON.stringify(mutations)}`;
        let decoded;
        try {
          decoded = await decodeImage(mutate(seed.bytes, mutations), seed.name);
        } catch (error) {
          if (!(error instanceof ImageDecodeError))
            throw new Error(`${where}: not a clear error: ${String(error)}`, {cause: error});
          expect(unclearMessage(error.message), `${where}: ${error.message}`).toBeUndefined();
          tally.refused++;
          return;
        }
        try {
          const logits = classifier.infer(decoded.pixels);
          const {top, shape} = await summarize(logits, 3);
          logits.dispose();
          expect(shape, where).toEqual([1, 1000]);
          expect(top, where).toHaveLength(3);
          expect(
            top.every(({probability}) => probability >= 0 && probability <= 1),
            where
          ).toBe(true);
          tally.predicted++;
        } finally {
          decoded.pixels.dispose();
        }
      }),
      {numRuns: 100}
    );
    console.log(`Damaged files, in process: ${tally.predicted} predicted, ${tally.refused} refused.`);
    expect(tf.memory().numTensors).toBe(before);
  });

  test(
    "the command itself: one run over 12 damaged files prints a prediction or an error for each",
    {timeout: 120_000},
    async () => {
      const folder = await mkdtemp(join(tmpdir(), "classify-fuzz-"));
      try {
        const cases = fc.sample(fc.tuple(fc.nat(), mutationsArbitrary), 12);
        const files = await Promise.all(
          cases.map(async ([index, mutations], i) => {
            const seed = seeds[index % seeds.length]!;
            const path = join(folder, `damaged-${i}-${seed.name}`);
            await writeFile(path, mutate(seed.bytes, mutations));
            return path;
          })
        );
        const {code, stdout, stderr} = await new Promise<{code: number | null; stdout: string; stderr: string}>(
          (resolve, reject) => {
            const child = spawn(
              process.execPath,
              ["--import", "tsx", "components/cli.ts", "--json", "--top", "3", ...files],
              {
                cwd: ROOT,
                stdio: ["ignore", "pipe", "pipe"]
              }
            );
            let out = "";
            let err = "";
            child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
            child.stderr.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
            child.on("error", reject);
            child.on("close", (exit) => resolve({code: exit, stdout: out, stderr: err}));
          }
        );
        const lines = stdout
          .split("\n")
          .filter(Boolean)
          .map((line) => JSON.parse(line) as {file: string; top?: unknown[]; error?: string});
        expect(lines.map((line) => line.file)).toEqual(files);
        for (const line of lines) {
          if (line.error) expect(unclearMessage(line.error), line.error).toBeUndefined();
          else expect(line.top).toHaveLength(3);
        }
        expect(code).toBe(lines.some((line) => line.error) ? 1 : 0);
        expect(stderr).toBe("");
      } finally {
        await rm(folder, {recursive: true, force: true});
      }
    }
  );
});
