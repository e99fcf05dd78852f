// A model's files, model.json and its weights files, from the first source with an intact copy, merged into one
// model.json naming a single weights file, as the site serves it.
import {join} from "node:path";
import type * as tf from "@tensorflow/tfjs-core";
import type {ModelId} from "../../pipeline/models.js";
import {downloadBytes, startProgress} from "../download.js";
import {checkPin} from "./integrity.js";
import {modelEntry, MODELS_MANIFEST, type FilePin, type ModelEntry} from "./manifests.js";
import {
  firstAvailable,
  readLocalFile,
  resolveOptions,
  sourcesFor,
  writeFileAtomically,
  type AssetOptions,
  type AssetOrigin,
  type ResolvedOptions
} from "./sources.js";

export interface ModelFiles {
  /** model.json rewritten to name a single weights file, "weights.bin", holding every shard in order. */
  modelJson: tf.io.ModelJSON;
  weights: Uint8Array;
  /** Where the files came from, e.g. "the project's copy (/…/data/models/mobilenet_v1_025_224)". */
  source: string;
  origin: AssetOrigin;
}

/** A model as published: model.json's bytes and its weights files in manifest order, each matching its pin. */
interface PublishedModel {
  jsonBytes: Uint8Array;
  modelJson: tf.io.ModelJSON;
  shards: {path: string; bytes: Uint8Array}[];
}

/** The model `id` as one model.json + one weights file, from the first source that has an intact copy. */
export async function loadModelFiles(id: ModelId, options: AssetOptions = {}): Promise<ModelFiles> {
  const entry = modelEntry(id);
  const resolved = resolveOptions(options);
  const base = resolved.upstream.models?.[id] ?? entry.upstream.base;
  const query = entry.upstream.query;
  const folder = join("models", entry.folder);
  const sources = sourcesFor<PublishedModel>(
    {layout: folder, bundled: folder},
    resolved,
    (path, origin) => readModelFolder(entry, path, origin),
    {
      url: `${base}model.json${query}`,
      fetch: () => downloadModel(entry, base, query, resolved),
      save: saveModelFolder
    }
  );
  const found = await firstAvailable(`the ${entry.title} files`, sources, resolved);
  return {...mergeWeights(found), source: found.source, origin: found.origin};
}

/** The pin of the model's file `name`; model.json is pinned, so the files it lists are too unless the manifest is wrong. */
function pinOf(entry: ModelEntry, name: string): FilePin {
  const pin = entry.files.find((file) => file.name === name);
  if (!pin)
    throw new Error(
      `${MODELS_MANIFEST} pins no file "${name}" for ${entry.id}, yet its model.json lists it: pin every file model.json lists.`
    );
  return pin;
}

/** model.json checked against its pin, then parsed; its weights files in manifest order. */
function readModelJson(
  entry: ModelEntry,
  bytes: Uint8Array,
  file: string,
  origin: AssetOrigin
): {modelJson: tf.io.ModelJSON; paths: string[]} {
  checkPin(bytes, pinOf(entry, "model.json"), file, origin, MODELS_MANIFEST);
  const modelJson = JSON.parse(new TextDecoder().decode(bytes)) as tf.io.ModelJSON;
  return {modelJson, paths: modelJson.weightsManifest.flatMap((group) => group.paths)};
}

async function readModelFolder(entry: ModelEntry, folder: string, origin: AssetOrigin): Promise<PublishedModel> {
  const jsonPath = join(folder, "model.json");
  const jsonBytes = await readLocalFile(jsonPath, "the model description");
  const {modelJson, paths} = readModelJson(entry, jsonBytes, jsonPath, origin);
  const shards = [];
  for (const path of paths) {
    const file = join(folder, path);
    const bytes = await readLocalFile(file, `model.json lists the weights file ${path}, but`);
    shards.push({path, bytes: checkPin(bytes, pinOf(entry, path), file, origin, MODELS_MANIFEST)});
  }
  return {jsonBytes, modelJson, shards};
}

async function saveModelFolder(folder: string, model: PublishedModel): Promise<void> {
  for (const shard of model.shards) await writeFileAtomically(join(folder, shard.path), shard.bytes);
  await writeFileAtomically(join(folder, "model.json"), model.jsonBytes); // last: it is what marks the copy as present
}

/** How many weights files are fetched at once: the v1 0.75 layers model has 55 small ones. */
const PARALLEL_DOWNLOADS = 4;

async function downloadModel(
  entry: ModelEntry,
  base: string,
  query: string,
  options: ResolvedOptions
): Promise<PublishedModel> {
  const jsonUrl = `${base}model.json${query}`;
  const jsonProgress = startProgress(
    `mobilenet-assets: downloading ${entry.id} model.json from ${jsonUrl}`,
    undefined,
    options.log
  );
  const jsonBytes = await downloadBytes(jsonUrl, {onBytes: jsonProgress.advance, idleTimeoutMs: options.idleTimeoutMs});
  jsonProgress.finish();
  const {modelJson, paths} = readModelJson(entry, jsonBytes, jsonUrl, "download");
  const expected = paths.reduce((sum, path) => sum + pinOf(entry, path).bytes, 0);
  const label = `mobilenet-assets: downloading ${entry.id} weights (${paths.length} file${paths.length === 1 ? "" : "s"}) from ${base}`;
  const progress = startProgress(label, expected, options.log);
  const shards = await mapInOrder(paths, PARALLEL_DOWNLOADS, async (path) => {
    const url = `${base}${path}${query}`;
    const bytes = await downloadBytes(url, {onBytes: progress.advance, idleTimeoutMs: options.idleTimeoutMs});
    return {path, bytes: checkPin(bytes, pinOf(entry, path), url, "download", MODELS_MANIFEST)};
  });
  progress.finish();
  return {jsonBytes, modelJson, shards};
}

/** Like Promise.all(items.map(work)), with at most `limit` running at a time. */
async function mapInOrder<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker));
  return results;
}

/** Rewrites the manifest to one group whose only file, "weights.bin", is every shard concatenated in order. */
function mergeWeights(model: PublishedModel): {modelJson: tf.io.ModelJSON; weights: Uint8Array} {
  const total = model.shards.reduce((sum, shard) => sum + shard.bytes.byteLength, 0);
  const weights = new Uint8Array(total);
  let offset = 0;
  for (const shard of model.shards) {
    weights.set(shard.bytes, offset);
    offset += shard.bytes.byteLength;
  }
  const modelJson: tf.io.ModelJSON = {
    ...model.modelJson,
    weightsManifest: [
      {paths: ["weights.bin"], weights: model.modelJson.weightsManifest.flatMap((group) => group.weights)}
    ]
  };
  return {modelJson, weights};
}
