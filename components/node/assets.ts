// PROVISIONAL: reads MOBILENET_ASSETS only. To be extended with the cache and upstream download.
import {readFile} from "node:fs/promises";
import {join} from "node:path";
import type * as tf from "@tensorflow/tfjs";
import type {ModelId} from "../pipeline/models.js";

const FOLDERS: Record<ModelId, string> = {"v1-0.25": "mobilenet_v1_025_224", "v1-0.75": "mobilenet_v1_075_224_layers"};

export interface ModelFiles {
  /** model.json rewritten to name a single weights file, "weights.bin", holding every shard in order. */
  modelJson: tf.io.ModelJSON;
  weights: Uint8Array;
  source: string;
}

export async function loadModelFiles(id: ModelId): Promise<ModelFiles> {
  const root = process.env.MOBILENET_ASSETS;
  if (!root) throw new Error("MOBILENET_ASSETS is not set");
  const dir = join(root, "models", FOLDERS[id]);
  const modelJson = JSON.parse(await readFile(join(dir, "model.json"), "utf8")) as tf.io.ModelJSON;
  const shards = await Promise.all(modelJson.weightsManifest.flatMap((g) => g.paths).map((p) => readFile(join(dir, p))));
  const weights = new Uint8Array(Buffer.concat(shards));
  const merged = {...modelJson, weightsManifest: [{paths: ["weights.bin"], weights: modelJson.weightsManifest.flatMap((g) => g.weights)}]};
  return {modelJson: merged, weights, source: dir};
}
