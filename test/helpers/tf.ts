// Shared test setup: the same tfjs backend the CLI uses, the photos, photo decoding, and tensor comparisons.
import {existsSync} from "node:fs";
import {readFile} from "node:fs/promises";
import {basename, join} from "node:path";
import * as tf from "@tensorflow/tfjs";
import {PROJECT_ROOT} from "../../components/node/assets.js";
import {decodeImage} from "../../components/node/decode.js";
import {initBackend} from "../../components/node/runtime.js";

/** Starts tfjs on the WASM backend once per test file (the runtime keeps one backend per process). */
export function startBackend(): Promise<string> {
  return initBackend();
}

/** A sample photo in the project's own copy (data/photos/), e.g. "cat.png". */
export function photoPath(name: string): string {
  return join(PROJECT_ROOT, "data", "photos", name);
}

/**
 * The 26 labelled ImageNet photos some tests measure accuracy on. They may not be published, so they are not in the
 * repository: they are read from MOBILENET_ASSETS/images/imagenet, else from ../shared/mobilenet-assets beside the
 * project folder.
 */
export const IMAGENET_DIR = join(
  process.env.MOBILENET_ASSETS || join(PROJECT_ROOT, "..", "shared", "mobilenet-assets"),
  "images",
  "imagenet"
);

/** A file among the ImageNet test photos; throws, saying where to put them, when they are not there. */
export function imagenetPath(file: string): string {
  if (!existsSync(join(IMAGENET_DIR, "labels.json")))
    throw new Error(
      `The ImageNet test photos are not in ${IMAGENET_DIR}. They are not in the repository (they may not be ` +
        "published): put the mobilenet-assets folder beside the project as ../shared/mobilenet-assets, or set " +
        "MOBILENET_ASSETS to a folder whose images/imagenet/ holds them with their labels.json."
    );
  return join(IMAGENET_DIR, file);
}

/** A photo file as pixels [h, w, 3] int32 0–255, decoded the way the CLI decodes it (components/node/decode.ts). */
export async function decodePhoto(path: string): Promise<tf.Tensor3D> {
  const {pixels} = await decodeImage(await readFile(path), basename(path));
  return pixels;
}

/** The largest absolute difference between two equally long arrays of numbers. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`Cannot compare arrays of length ${a.length} and ${b.length}.`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/** What `t.print(verbose)` writes to console.log, captured as one string. */
export function capturePrint(t: tf.Tensor, verbose = false): string {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
  try {
    t.print(verbose);
  } finally {
    console.log = original;
  }
  return lines.join("\n");
}

/** A deterministic pseudo-random generator (mulberry32) so failures reproduce. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
