// The site's data loaders run as Framework runs them, and the merged model they serve runs.
import {readFile} from "node:fs/promises";
import {execFile} from "node:child_process";
import {join} from "node:path";
import {promisify} from "node:util";
import {describe, expect, it} from "vitest";
import * as tf from "@tensorflow/tfjs";
import sharp from "sharp";
import {loadModelFiles, PROJECT_ROOT} from "../../components/node/assets.js";
import {THUMBNAIL_SIZE} from "../../components/node/data-loaders.js";
import {initBackend} from "../../components/node/runtime.js";
import {loadClassifier} from "../../components/pipeline/models.js";
import {rawPixels} from "../helpers/bmp.js";
import {BUNDLED} from "../helpers/upstream-assets.js";

const runFile = promisify(execFile);

const catPhoto = join(BUNDLED, "photos", "cat.png");

describe("the data loaders", () => {
  it("runs as a Framework data loader: tsx, a --model parameter, the file on stdout", async () => {
    const {stdout} = await runFile(
      join(PROJECT_ROOT, "node_modules", ".bin", "tsx"),
      ["src/data/models/[model].json.ts", "--model=mobilenet-v1-025"],
      {
        cwd: PROJECT_ROOT,
        env: {...process.env, MOBILENET_ASSETS: ""}, // the project's copy
        maxBuffer: 10_000_000
      }
    );
    const modelJson = JSON.parse(stdout) as tf.io.ModelJSON;
    expect(modelJson.weightsManifest.map((group) => group.paths)).toEqual([["weights.bin"]]);
  });

  it("runs the thumbnail loader: a small JPEG of the photo, upright, THUMBNAIL_SIZE px on its short side", async () => {
    const {stdout} = await runFile(
      join(PROJECT_ROOT, "node_modules", ".bin", "tsx"),
      ["src/data/thumbs/[name].jpg.ts", "--name=cat"],
      {
        cwd: PROJECT_ROOT,
        env: {...process.env, MOBILENET_ASSETS: ""},
        encoding: "buffer",
        maxBuffer: 10_000_000
      }
    );
    const thumb = await sharp(stdout).metadata();
    const photo = await sharp(await readFile(catPhoto)).metadata();
    expect(thumb.format).toBe("jpeg");
    expect(Math.min(thumb.width!, thumb.height!)).toBe(THUMBNAIL_SIZE);
    expect(thumb.width! / thumb.height!).toBeCloseTo(photo.width! / photo.height!, 1);
    expect(stdout.byteLength).toBeLessThan(30_000); // the photo itself is hundreds of KB
  });

  it("serves a merged model that loadClassifier runs: logits [1, 1000]", async () => {
    await initBackend();
    const files = await loadModelFiles("v1-0.25", {assetsDir: null, download: false}); // the project's copy
    const [group] = files.modelJson.weightsManifest;
    const weightData = files.weights.buffer.slice(
      files.weights.byteOffset,
      files.weights.byteOffset + files.weights.byteLength
    ) as ArrayBuffer;
    const classifier = await loadClassifier(
      "v1-0.25",
      tf.io.fromMemory({modelTopology: files.modelJson.modelTopology, weightSpecs: group!.weights, weightData})
    );
    try {
      const {data, width, height} = await rawPixels(await readFile(catPhoto));
      const logits = tf.tidy(() => classifier.infer(tf.tensor3d(Int32Array.from(data), [height, width, 3], "int32")));
      expect(logits.shape).toEqual([1, 1000]);
      const values = await logits.data();
      logits.dispose();
      expect(values.every(Number.isFinite)).toBe(true);
    } finally {
      classifier.dispose();
    }
  });
});
