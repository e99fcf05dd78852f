// Where the lesson's model files and sample photos come from, in this order:
//   1. the folder named by MOBILENET_ASSETS (layout: models/<folder>/…, images/<name>),
//   2. the cache, data/cache/ (or MOBILENET_CACHE), same layout,
//   3. the upstream addresses in data/models.json and data/photos.json, written to the cache once downloaded.
// Every file is checked before use, so a truncated copy is reported instead of crashing tfjs later.
import {readFileSync} from "node:fs";
import {mkdir, readFile, rename, stat, unlink, writeFile} from "node:fs/promises";
import {dirname, join} from "node:path";
import {fileURLToPath} from "node:url";
import type * as tf from "@tensorflow/tfjs-core";
import sharp from "sharp";
import type {ModelId} from "../pipeline/models.js";
import {decodeBmp} from "./bmp.js";
import {downloadBytes, startProgress, type TextSink} from "./download.js";
import {errorMessage} from "../pipeline/errors.js";

export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const MODELS_MANIFEST = join(PROJECT_ROOT, "data", "models.json");
const PHOTOS_MANIFEST = join(PROJECT_ROOT, "data", "photos.json");

// ---------------------------------------------------------------------------------------------------------------
// Manifests

export interface ModelEntry {
  id: ModelId;
  /** File-name form of the id, used by the site: data/models/<slug>.json and .bin. */
  slug: string;
  /** Folder name under models/ in the assets folder and the cache. */
  folder: string;
  title: string;
  /** model.json is at base + "model.json" + query; each weights file at base + path + query. */
  upstream: {base: string; query: string};
}

export interface PhotoEntry {
  /** File name as the site serves it and as the assets folder and cache hold it, e.g. "cat.png". */
  name: string;
  /** File name at the upstream address (the PNGs are BMP files there). */
  upstream: string;
  title: string;
  /** Text alternative describing the photo for readers who cannot see it. */
  alt: string;
  /** Source and licence, for a caption. */
  credit: string;
  /** The right answers, for measuring accuracy. */
  truth: PhotoTruth;
}

export interface PhotoTruth {
  /** ImageNet class ids (IMAGENET_CLASSES order) that count as right; empty when ImageNet has no class for the subject. */
  classes: number[];
  /** When `classes` is empty: the nearest class ImageNet has, which is still wrong. */
  closest?: number;
  /** Why these classes, in one line for readers. */
  why: string;
}

interface PhotosManifest {
  source: string;
  licence: string;
  upstream: string;
  photos: Omit<PhotoEntry, "credit">[];
}

const modelsManifest = JSON.parse(readFileSync(MODELS_MANIFEST, "utf8")) as {models: ModelEntry[]};
const photosManifest = JSON.parse(readFileSync(PHOTOS_MANIFEST, "utf8")) as PhotosManifest;

export const MODEL_ENTRIES: readonly ModelEntry[] = modelsManifest.models;

/** The sample photos the site shows (the google-coral test photos; the ImageNet samples are for tests only). */
export const PHOTOS: readonly PhotoEntry[] = photosManifest.photos.map((photo) => ({
  ...photo,
  credit: `Photo: google-coral/test_data (${photosManifest.source}), ${photosManifest.licence}`
}));

/** The manifest entry for a model id ("v1-0.25") or slug ("mobilenet-v1-025"). */
export function modelEntry(idOrSlug: string): ModelEntry {
  const entry = MODEL_ENTRIES.find((model) => model.id === idOrSlug || model.slug === idOrSlug);
  if (!entry) {
    const known = MODEL_ENTRIES.map((model) => `${model.id} (${model.slug})`).join(", ");
    throw new Error(`There is no model "${idOrSlug}" in data/models.json; the models are ${known}.`);
  }
  return entry;
}

export function photoEntry(name: string): PhotoEntry {
  const entry = PHOTOS.find((photo) => photo.name === name);
  if (!entry) {
    throw new Error(
      `There is no sample photo "${name}" in data/photos.json; the photos are ${PHOTOS.map((p) => p.name).join(", ")}.`
    );
  }
  return entry;
}

// ---------------------------------------------------------------------------------------------------------------
// Options

export interface AssetOptions {
  /** Folder with the mobilenet-assets layout. Default: env MOBILENET_ASSETS; null to skip it. */
  assetsDir?: string | null;
  /** Cache folder, same layout. Default: env MOBILENET_CACHE, else <project>/data/cache. */
  cacheDir?: string;
  /** Replacement upstream base URLs (tests point these at a local server). */
  upstream?: {models?: Partial<Record<ModelId, string>>; photos?: string};
  /** false: never download. Default true. */
  download?: boolean;
  /** Where download progress and warnings go. Default process.stderr. */
  log?: TextSink;
  /** Abandon a download when no bytes arrive for this long (ms). */
  idleTimeoutMs?: number;
}

interface ResolvedOptions {
  assetsDir: string | null;
  cacheDir: string;
  download: boolean;
  log: TextSink;
  idleTimeoutMs: number | undefined;
  upstream: NonNullable<AssetOptions["upstream"]>;
}

function resolveOptions(options: AssetOptions): ResolvedOptions {
  return {
    assetsDir: options.assetsDir !== undefined ? options.assetsDir : process.env.MOBILENET_ASSETS || null,
    cacheDir: options.cacheDir ?? (process.env.MOBILENET_CACHE || join(PROJECT_ROOT, "data", "cache")),
    download: options.download ?? true,
    log: options.log ?? process.stderr,
    idleTimeoutMs: options.idleTimeoutMs,
    upstream: options.upstream ?? {}
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Trying the sources in order

export type AssetOrigin = "assets" | "cache" | "download";

/** A source that does not have the file: `notable` when the reader should hear about it even if a later one works. */
class SourceMiss extends Error {
  constructor(
    message: string,
    readonly notable = true
  ) {
    super(message);
  }
}

export interface SourceAttempt {
  origin: AssetOrigin;
  source: string;
  reason: string;
}

/** No source had a usable copy; `attempts` says what each one lacked. */
export class AssetUnavailableError extends Error {
  override name = "AssetUnavailableError";
  constructor(
    what: string,
    readonly attempts: readonly SourceAttempt[],
    cacheDir: string
  ) {
    super(
      `Could not get ${what}. Sources tried, in order:\n` +
        attempts.map((attempt) => `  - ${attempt.source}: ${attempt.reason}`).join("\n") +
        "\nTo fix it: set MOBILENET_ASSETS to a folder with the mobilenet-assets layout (models/…, images/…), " +
        `or build once with network access so the files are downloaded into the cache (${cacheDir}).`
    );
  }
}

interface Source<T> {
  origin: AssetOrigin;
  /** How the source is named in messages, e.g. "MOBILENET_ASSETS (/path)". */
  label: string;
  load(): Promise<T>;
}

async function firstAvailable<T>(
  what: string,
  sources: readonly Source<T>[],
  options: ResolvedOptions
): Promise<T & {source: string; origin: AssetOrigin}> {
  const attempts: SourceAttempt[] = [];
  const notable: SourceAttempt[] = [];
  for (const source of sources) {
    try {
      const value = await source.load();
      for (const miss of notable)
        options.log.write(`mobilenet-assets: ${what}: skipped ${miss.source}: ${miss.reason}\n`);
      return {...value, source: source.label, origin: source.origin};
    } catch (error) {
      const attempt = {
        origin: source.origin,
        source: source.label,
        reason: errorMessage(error)
      };
      attempts.push(attempt);
      if (!(error instanceof SourceMiss) || error.notable) notable.push(attempt);
    }
  }
  throw new AssetUnavailableError(what, attempts, options.cacheDir);
}

/** The assets folder as a source root, or a SourceMiss saying why it cannot be one. */
async function assetsRoot(options: ResolvedOptions): Promise<string> {
  const root = options.assetsDir;
  if (!root) throw new SourceMiss("not set.", false);
  const info = await stat(root).catch(() => undefined);
  if (!info)
    throw new SourceMiss(
      `the folder ${root} does not exist. Point MOBILENET_ASSETS at the folder that holds models/ and images/, or unset it.`
    );
  if (!info.isDirectory())
    throw new SourceMiss(
      `${root} is a file, not a folder. Point MOBILENET_ASSETS at the folder that holds models/ and images/.`
    );
  const layout = await Promise.all(["models", "images"].map((name) => stat(join(root, name)).catch(() => undefined)));
  if (!layout.some((entry) => entry?.isDirectory())) {
    throw new SourceMiss(
      `${root} has neither a models/ nor an images/ folder. Point MOBILENET_ASSETS at the folder that holds them.`
    );
  }
  return root;
}

function sourcesFor<T>(
  relative: string,
  options: ResolvedOptions,
  readLocal: (path: string) => Promise<T>,
  download: {url: string; fetch: () => Promise<T>; save: (path: string, value: T) => Promise<void>}
): Source<T>[] {
  const cachePath = join(options.cacheDir, relative);
  return [
    {
      origin: "assets",
      label: options.assetsDir ? `MOBILENET_ASSETS (${join(options.assetsDir, relative)})` : "MOBILENET_ASSETS",
      load: async () => {
        const root = await assetsRoot(options);
        try {
          return await readLocal(join(root, relative));
        } catch (error) {
          // Whoever set MOBILENET_ASSETS expects it to be used: any gap there is worth a warning.
          throw error instanceof SourceMiss ? new SourceMiss(error.message, true) : error;
        }
      }
    },
    {
      origin: "cache",
      label: `cache (${cachePath})`,
      load: async () => {
        if (!(await stat(cachePath).catch(() => undefined))) throw new SourceMiss("nothing cached yet.", false);
        return readLocal(cachePath);
      }
    },
    {
      origin: "download",
      label: "download",
      load: async () => {
        if (!options.download) throw new SourceMiss(`turned off (it would fetch ${download.url}).`, false);
        const value = await download.fetch();
        await download.save(cachePath, value).catch((error: unknown) => {
          // Still usable, only not cached: say so, since the next run will download again.
          options.log.write(
            `mobilenet-assets: could not write the cache at ${cachePath}: ${(error as Error).message}\n`
          );
        });
        return value;
      }
    }
  ];
}

async function readLocalFile(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      throw new SourceMiss(`${what} ${path} does not exist.`, false);
    throw new SourceMiss(`cannot read ${path}: ${(error as Error).message}`);
  }
}

/** Writes through a temporary name so that a reader (or a parallel build) never sees half a file. */
async function writeFileAtomically(path: string, bytes: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), {recursive: true});
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.partial`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => {});
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Models

export interface ModelFiles {
  /** model.json rewritten to name a single weights file, "weights.bin", holding every shard in order. */
  modelJson: tf.io.ModelJSON;
  weights: Uint8Array;
  /** Where the files came from, e.g. "cache (/…/data/cache/models/mobilenet_v1_025_224)". */
  source: string;
  origin: AssetOrigin;
}

/** A model as published: model.json's text and its weights files in manifest order, already checked. */
interface PublishedModel {
  jsonText: string;
  modelJson: tf.io.ModelJSON;
  shards: {path: string; bytes: Uint8Array}[];
}

/** The model `id` as one model.json + one weights file, from the first source that has a complete copy. */
export async function loadModelFiles(id: ModelId, options: AssetOptions = {}): Promise<ModelFiles> {
  const entry = modelEntry(id);
  const resolved = resolveOptions(options);
  const base = resolved.upstream.models?.[id] ?? entry.upstream.base;
  const query = entry.upstream.query;
  const sources = sourcesFor<PublishedModel>(join("models", entry.folder), resolved, readModelFolder, {
    url: `${base}model.json${query}`,
    fetch: () => downloadModel(entry, base, query, resolved),
    save: saveModelFolder
  });
  const found = await firstAvailable(`the ${entry.title} files`, sources, resolved);
  return {...mergeWeights(found), source: found.source, origin: found.origin};
}

async function readModelFolder(folder: string): Promise<PublishedModel> {
  const jsonPath = join(folder, "model.json");
  const jsonText = (await readLocalFile(jsonPath, "the model description")).toString("utf8");
  const modelJson = parseModelJson(jsonText, jsonPath);
  const shards = [];
  for (const path of weightPaths(modelJson, jsonPath)) {
    shards.push({
      path,
      bytes: await readLocalFile(join(folder, path), `model.json lists the weights file ${path}, but`)
    });
  }
  checkWeightBytes(modelJson, shards, folder);
  return {jsonText, modelJson, shards};
}

async function saveModelFolder(folder: string, model: PublishedModel): Promise<void> {
  for (const shard of model.shards) await writeFileAtomically(join(folder, shard.path), shard.bytes);
  await writeFileAtomically(join(folder, "model.json"), model.jsonText); // last: it is what marks the copy as present
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
  const jsonText = new TextDecoder().decode(jsonBytes);
  const modelJson = parseModelJson(jsonText, jsonUrl);
  const paths = weightPaths(modelJson, jsonUrl);
  const expected = modelJson.weightsManifest.reduce((sum, group) => sum + (groupBytes(group, jsonUrl) ?? 0), 0);
  const label = `mobilenet-assets: downloading ${entry.id} weights (${paths.length} file${paths.length === 1 ? "" : "s"}) from ${base}`;
  const progress = startProgress(label, expected || undefined, options.log);
  const shards = await mapInOrder(paths, PARALLEL_DOWNLOADS, async (path) => ({
    path,
    bytes: await downloadBytes(`${base}${path}${query}`, {
      onBytes: progress.advance,
      idleTimeoutMs: options.idleTimeoutMs
    })
  }));
  progress.finish();
  checkWeightBytes(modelJson, shards, base);
  return {jsonText, modelJson, shards};
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

/** Parses and checks the shape of a model.json; `label` (its path or URL) names it in errors. */
export function parseModelJson(text: string, label: string): tf.io.ModelJSON {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SourceMiss(
      `${label} is not valid JSON (${(error as Error).message}); the file is probably truncated or not a model.json. Replace it with a complete copy.`
    );
  }
  const json = parsed as Partial<tf.io.ModelJSON> | null;
  const broken = (what: string) =>
    new SourceMiss(`${label} is not a tfjs model.json: ${what}. Replace it with a complete copy.`);
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw broken("it is not a JSON object");
  if (typeof json.modelTopology !== "object" || json.modelTopology === null) throw broken('it has no "modelTopology"');
  if (!Array.isArray(json.weightsManifest)) throw broken('it has no "weightsManifest" list');
  for (const [index, group] of json.weightsManifest.entries()) {
    const where = `weightsManifest[${index}]`;
    if (!Array.isArray(group?.paths) || !group.paths.every((path) => typeof path === "string"))
      throw broken(`${where} has no "paths" list`);
    if (!Array.isArray(group.weights)) throw broken(`${where} has no "weights" list`);
    for (const spec of group.weights) {
      if (typeof spec?.name !== "string" || !Array.isArray(spec.shape) || typeof spec.dtype !== "string") {
        throw broken(`${where} has a weight without a name, shape and dtype`);
      }
    }
  }
  return json as tf.io.ModelJSON;
}

/** The weights files in manifest order; refuses paths that would leave the model's folder. */
function weightPaths(modelJson: tf.io.ModelJSON, label: string): string[] {
  const paths = modelJson.weightsManifest.flatMap((group) => group.paths);
  for (const path of paths) {
    if (!/^[\w.-]+$/.test(path) || path.startsWith(".")) {
      throw new SourceMiss(
        `${label} names a weights file "${path}" outside its own folder; only plain file names are accepted.`
      );
    }
  }
  return paths;
}

/** Bytes per stored element. Quantized weights are stored in their quantized dtype. */
const BYTES_PER_ELEMENT: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  complex64: 8,
  uint8: 1,
  uint16: 2,
  float16: 2,
  int8: 1,
  int16: 2
};

/** The bytes one weight occupies in the weights files, or undefined for strings (their length is data-dependent). */
export function weightBytes(spec: tf.io.WeightsManifestEntry, label = "model.json"): number | undefined {
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  if (dtype === "string") return undefined;
  const size = BYTES_PER_ELEMENT[dtype];
  if (size === undefined) throw new SourceMiss(`${label} gives the weight ${spec.name} the unknown dtype "${dtype}".`);
  return spec.shape.reduce((product, dimension) => product * dimension, 1) * size;
}

function groupBytes(group: tf.io.WeightsManifestConfig[number], label: string): number | undefined {
  let total = 0;
  for (const spec of group.weights) {
    const bytes = weightBytes(spec, label);
    if (bytes === undefined) return undefined;
    total += bytes;
  }
  return total;
}

/** Each group's files must hold exactly the bytes its weight specs describe: catches truncated or mixed-up copies. */
function checkWeightBytes(
  modelJson: tf.io.ModelJSON,
  shards: readonly {path: string; bytes: Uint8Array}[],
  where: string
): void {
  let next = 0;
  for (const group of modelJson.weightsManifest) {
    const files = shards.slice(next, next + group.paths.length);
    next += group.paths.length;
    const expected = groupBytes(group, where);
    if (expected === undefined) continue;
    const actual = files.reduce((sum, file) => sum + file.bytes.byteLength, 0);
    if (actual === expected) continue;
    const names = files.map((file) => file.path).join(" + ");
    throw new SourceMiss(
      `${files.length === 1 ? "the weights file" : "the weights files"} ${names} in ${where} ` +
        `${files.length === 1 ? "has" : "have"} ${count(actual)} bytes, but model.json's weightsManifest implies ` +
        `exactly ${count(expected)} bytes for ${group.weights.length === 1 ? `the weight ${group.weights[0]!.name}` : `its ${group.weights.length} weights`}. ` +
        "The copy is incomplete or belongs to another model version: replace model.json and its weights files with a matching, complete set" +
        " (a cached copy is replaced automatically when the download works)."
    );
  }
}

function count(bytes: number): string {
  return bytes.toLocaleString("en-US");
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

// ---------------------------------------------------------------------------------------------------------------
// Photos

export interface PhotoFile {
  bytes: Uint8Array;
  source: string;
  origin: AssetOrigin;
}

/** A sample photo's bytes (PNG or JPEG, as its name says) from the first source that has a complete copy. */
export async function loadPhoto(name: string, options: AssetOptions = {}): Promise<PhotoFile> {
  const entry = photoEntry(name);
  const resolved = resolveOptions(options);
  const url = `${resolved.upstream.photos ?? photosManifest.upstream}${entry.upstream}`;
  const sources = sourcesFor<{bytes: Uint8Array}>(
    join("images", entry.name),
    resolved,
    async (path) => ({bytes: checkPhoto(await readLocalFile(path, "the photo"), entry.name, path)}),
    {
      url,
      fetch: async () => ({bytes: await downloadPhoto(entry, url, resolved)}),
      save: (path, photo) => writeFileAtomically(path, photo.bytes)
    }
  );
  const found = await firstAvailable(`the sample photo ${entry.name}`, sources, resolved);
  return {bytes: found.bytes, source: found.source, origin: found.origin};
}

async function downloadPhoto(entry: PhotoEntry, url: string, options: ResolvedOptions): Promise<Uint8Array> {
  const progress = startProgress(`mobilenet-assets: downloading ${url}`, undefined, options.log);
  const downloaded = await downloadBytes(url, {onBytes: progress.advance, idleTimeoutMs: options.idleTimeoutMs});
  progress.finish();
  if (!entry.upstream.endsWith(".bmp")) return checkPhoto(downloaded, entry.name, url);
  // Browsers would show a BMP, but sharp (and so the tests and the CLI) cannot read one: store the same pixels as PNG.
  let image;
  try {
    image = decodeBmp(downloaded, url);
  } catch (error) {
    throw new SourceMiss((error as Error).message);
  }
  const png = await sharp(image.data, {raw: {width: image.width, height: image.height, channels: 3}})
    .png()
    .toBuffer();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Checks the file is a whole PNG or JPEG (start and end markers), matching its name; returns it unchanged. */
function checkPhoto(bytes: Uint8Array, name: string, label: string): Uint8Array {
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.byteLength - 32)));
  const problem = name.endsWith(".png")
    ? !PNG_SIGNATURE.every((byte, index) => bytes[index] === byte)
      ? "it does not start like a PNG file"
      : !tail.includes("IEND")
        ? "it has no PNG end marker, so it is truncated"
        : undefined
    : !(bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
      ? "it does not start like a JPEG file"
      : !tail.includes(Buffer.from([0xff, 0xd9]))
        ? "it has no JPEG end marker, so it is truncated"
        : undefined;
  if (problem)
    throw new SourceMiss(
      `${label} (${count(bytes.byteLength)} bytes) is not a usable ${name}: ${problem}. Replace it with a complete copy.`
    );
  return bytes;
}
