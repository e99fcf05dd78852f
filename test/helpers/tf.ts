// Shared test setup: the same tfjs backend the CLI uses, the assets folder, photo decoding, and tensor comparisons.
import {readFile} from "node:fs/promises";
import {basename, join} from "node:path";
import * as tf from "@tensorflow/tfjs";
import {decodeImage} from "../../components/node/decode.js";
import {initBackend} from "../../components/node/runtime.js";

/** Starts tfjs on the WASM backend once per test file (the runtime keeps one backend per process). */
export function startBackend(): Promise<string> {
  return initBackend();
}

/** The assets folder (models + photos), or undefined when MOBILENET_ASSETS is not set. */
export const ASSETS: string | undefined = process.env.MOBILENET_ASSETS || undefined;

export const SKIP_WITHOUT_ASSETS =
  "MOBILENET_ASSETS is not set: skipping the tests that need the real models and photos. " +
  "Point it at the mobilenet-assets folder (e.g. MOBILENET_ASSETS=/work/shared/mobilenet-assets) to run them.";

/** A photo file as pixels [h, w, 3] int32 0–255, decoded the way the CLI decodes it (components/node/decode.ts). */
export async function decodePhoto(path: string): Promise<tf.Tensor3D> {
  const {pixels} = await decodeImage(await readFile(path), basename(path));
  return pixels;
}

/** A file inside the assets folder; throws with a hint when MOBILENET_ASSETS is not set. */
export function assetPath(...parts: string[]): string {
  if (!ASSETS) throw new Error(SKIP_WITHOUT_ASSETS);
  return join(ASSETS, ...parts);
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
