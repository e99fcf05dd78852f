// The bodies of the Framework data loaders in src/data/: each loader is one call to a function here.
// Loaders write their file to stdout and talk to people on stderr. A missing model or photo must not fail the build
// (it has to work offline without assets), so those loaders write a stand-in and explain on stderr instead.
import {readFile} from "node:fs/promises";
import {createRequire} from "node:module";
import {dirname, join} from "node:path";
import {parseArgs} from "node:util";
import {constants, gzipSync} from "node:zlib";
import sharp from "sharp";
import {
  AssetUnavailableError,
  loadModelFiles,
  loadPhoto,
  modelEntry,
  PHOTOS,
  type AssetOptions,
  type PhotoTruth
} from "./assets.js";
import {errorMessage} from "../pipeline/errors.js";
import {toWeightPlanes} from "../pipeline/weight-planes.js";

/** The value of `--<name>=…`, which Framework passes to a loader named with `[name]`. */
export function loaderParam(name: string, args: readonly string[] = process.argv.slice(2)): string {
  const {values} = parseArgs({args: [...args], options: {[name]: {type: "string"}}, strict: false});
  const value = values[name];
  if (typeof value !== "string" || !value)
    throw new Error(`This data loader needs --${name}=… (Framework passes it from the file name).`);
  return value;
}

function writeOutput(bytes: Uint8Array | string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(bytes, (error) => (error ? reject(error) : resolve())));
}

/** data/models/<slug>.json: model.json naming one weights file, or {"error": "…"} for the page to show. */
export async function writeModelJson(slug: string, options?: AssetOptions): Promise<void> {
  const entry = modelEntry(slug);
  try {
    const files = await loadModelFiles(entry.id, options);
    process.stderr.write(`mobilenet-assets: ${entry.id} model.json from ${files.source}\n`);
    await writeOutput(JSON.stringify(files.modelJson));
  } catch (error) {
    process.stderr.write(
      `mobilenet-assets: the site is built WITHOUT ${entry.title}; its page will say why.\n${errorMessage(error)}\n`
    );
    await writeOutput(JSON.stringify({error: forReaders(entry.title, error)}));
  }
}

/** The published explanation: what is missing and why, without the builder's local paths. */
function forReaders(title: string, error: unknown): string {
  const download =
    error instanceof AssetUnavailableError
      ? error.attempts.find((attempt) => attempt.origin === "download")
      : undefined;
  const why = download
    ? `the build had no local copy of its files, and the download failed: ${download.reason}`
    : errorMessage(error);
  return `This site was built without ${title}: ${why} To include it, restore the project's data/ folder (git checkout -- data) and rebuild the site, or rebuild it with MOBILENET_ASSETS set or with network access.`;
}

/**
 * data/models/<slug>.weights: every weights file concatenated in manifest order, byte planes first and gzipped
 * (pipeline/weight-planes.ts: 15 % smaller to download, the same float32 numbers), or an empty file. Not named .gz,
 * so that no host adds a Content-Encoding of its own.
 */
export async function writeModelWeights(slug: string, options?: AssetOptions): Promise<void> {
  const entry = modelEntry(slug);
  try {
    const files = await loadModelFiles(entry.id, options);
    process.stderr.write(`mobilenet-assets: ${entry.id} weights from ${files.source}\n`);
    await writeOutput(gzipSync(toWeightPlanes(files.weights), {level: constants.Z_BEST_COMPRESSION}));
  } catch (error) {
    process.stderr.write(
      `mobilenet-assets: the site is built WITHOUT the ${entry.title} weights (empty file).\n${errorMessage(error)}\n`
    );
  }
}

/** data/photos/<name>: the photo's bytes, or an empty file (data/photos.json then marks it unavailable). */
export async function writePhoto(name: string, options?: AssetOptions): Promise<void> {
  try {
    const photo = await loadPhoto(name, options);
    await writeOutput(photo.bytes);
  } catch (error) {
    process.stderr.write(
      `mobilenet-assets: the site is built WITHOUT the sample photo ${name} (empty file).\n${errorMessage(error)}\n`
    );
  }
}

/**
 * A PNG as a lossless WebP with the very same pixels, which it checks by decoding both: fewer bytes (cat.png 249 → 169
 * KB, before the home page's first prediction), the same numbers from the model. Throws if the pixels differ.
 */
export async function losslessWebp(png: Uint8Array): Promise<Uint8Array> {
  const webp = await sharp(png).webp({lossless: true, effort: 6, exact: true}).toBuffer();
  const [before, after] = await Promise.all(
    [png, webp].map((bytes) => sharp(bytes).raw().toBuffer({resolveWithObject: true}))
  );
  const same =
    before!.info.width === after!.info.width &&
    before!.info.height === after!.info.height &&
    before!.info.channels === after!.info.channels &&
    before!.data.equals(after!.data);
  if (!same) throw new Error("its lossless WebP copy decodes to different pixels");
  return new Uint8Array(webp.buffer, webp.byteOffset, webp.byteLength);
}

/**
 * data/photos/<stem>.webp: the sample photo <stem>.png as a lossless WebP (losslessWebp), which the pages load in its
 * place; or an empty file when the build has no copy of the photo (the page then says the sample is missing).
 */
export async function writeWebpPhoto(stem: string, options?: AssetOptions): Promise<void> {
  const name = `${stem}.png`;
  if (!PHOTOS.some((photo) => photo.name === name))
    throw new Error(
      `There is no sample photo "${name}" to convert; the PNG photos are ${PHOTOS.filter((p) => p.name.endsWith(".png"))
        .map((p) => p.name)
        .join(", ")}.`
    );
  let photo;
  try {
    photo = await loadPhoto(name, options);
  } catch (error) {
    process.stderr.write(
      `mobilenet-assets: the site is built WITHOUT the sample photo ${name} (empty file).\n${errorMessage(error)}\n`
    );
    return;
  }
  await writeOutput(await losslessWebp(photo.bytes));
}

/** The picker's thumbnails: this many pixels on the short side (twice the ~96 px they are shown at, for sharp screens). */
export const THUMBNAIL_SIZE = 192;

/** A sample photo as a small JPEG for the picker: upright, THUMBNAIL_SIZE px on its short side, on white. */
export async function makeThumbnail(photo: Uint8Array): Promise<Uint8Array> {
  const jpeg = await sharp(photo)
    .rotate() // upright per its EXIF orientation, as browsers draw it
    .resize({width: THUMBNAIL_SIZE, height: THUMBNAIL_SIZE, fit: "outside", withoutEnlargement: true})
    .flatten({background: "#ffffff"})
    .jpeg({quality: 80})
    .toBuffer();
  return new Uint8Array(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);
}

/**
 * data/thumbs/<stem>.jpg: the thumbnail of the sample photo <stem>.png or <stem>.jpg, or an empty file when the build
 * has no copy of the photo (like the photo itself; the page then says the sample is missing).
 */
export async function writeThumbnail(stem: string, options?: AssetOptions): Promise<void> {
  const entry = PHOTOS.find((photo) => photo.name.replace(/\.[^.]+$/, "") === stem);
  if (!entry)
    throw new Error(
      `There is no sample photo "${stem}" to make a thumbnail of; the photos are ${PHOTOS.map((p) => p.name).join(", ")}.`
    );
  let photo;
  try {
    photo = await loadPhoto(entry.name, options);
  } catch (error) {
    process.stderr.write(
      `mobilenet-assets: the site is built WITHOUT the thumbnail of ${entry.name} (empty file).\n${errorMessage(error)}\n`
    );
    return;
  }
  await writeOutput(await makeThumbnail(photo.bytes));
}

export interface PhotoListing {
  /** The file name under data/photos/. */
  name: string;
  title: string;
  alt: string;
  credit: string;
  /** false when the build found no copy: the page should leave this photo out. */
  available: boolean;
  /** The ImageNet classes that count as a right answer, and why (see data/photos.json). */
  truth: PhotoTruth;
}

/** data/photos.json: the gallery's photos with titles, alt text, credit lines, right answers, and whether the build has each. */
export async function writePhotoList(options?: AssetOptions): Promise<void> {
  const listing: PhotoListing[] = [];
  for (const {name, title, alt, credit, truth} of PHOTOS) {
    const available = await loadPhoto(name, options).then(
      () => true,
      () => false // the photo's own loader explains why
    );
    listing.push({name, title, alt, credit, available, truth});
  }
  await writeOutput(JSON.stringify(listing, null, 2));
}

/** The WASM binaries tfjs-backend-wasm fetches at run time; the site serves the installed package's own copies. */
export const WASM_FILES = [
  "tfjs-backend-wasm.wasm",
  "tfjs-backend-wasm-simd.wasm",
  "tfjs-backend-wasm-threaded-simd.wasm"
] as const;

/** data/wasm/<file>: copied from node_modules/@tensorflow/tfjs-backend-wasm/dist/, so they match the JS version. */
export async function writeWasm(file: string): Promise<void> {
  if (!(WASM_FILES as readonly string[]).includes(file)) {
    throw new Error(`There is no tfjs WASM binary "${file}"; the binaries are ${WASM_FILES.join(", ")}.`);
  }
  const packageDist = dirname(createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm"));
  const path = join(packageDist, file);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new Error(
      `Cannot read ${path} (${errorMessage(error)}). Run \`npm install\` so @tensorflow/tfjs-backend-wasm is installed.`,
      {cause: error}
    );
  }
  await writeOutput(bytes);
}
