// The manifests data/models.json and data/photos.json: what each asset is, where it comes from, and the size and
// SHA-256 every copy of its files must have.
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import type {ModelId} from "../../pipeline/models.js";

export const PROJECT_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
/** The project's own copy of the assets, committed with the code: models/<folder>/… and photos/<name>. */
export const BUNDLED_DIR = join(PROJECT_ROOT, "data");
export const MODELS_MANIFEST = "data/models.json";
export const PHOTOS_MANIFEST = "data/photos.json";

/** A file's size and SHA-256 (hex) as published. */
export interface FilePin {
  bytes: number;
  sha256: string;
}

export interface ModelEntry {
  id: ModelId;
  /** File-name form of the id, used by the site: data/models/<slug>.json and .bin. */
  slug: string;
  /** Folder name under models/ in the project's copy, the assets folder and the cache. */
  folder: string;
  title: string;
  /** model.json is at base + "model.json" + query; each weights file at base + path + query. */
  upstream: {base: string; query: string};
  /** model.json and every weights file it lists, in its order. */
  files: (FilePin & {name: string})[];
}

export interface PhotoEntry extends FilePin {
  /** File name as the site serves it and as every source holds it, e.g. "cat.png". */
  name: string;
  /** File name at the upstream address (the PNGs are BMP files there). */
  upstream: string;
  /**
   * For a photo converted from an upstream BMP: the SHA-256 of its RGB pixels, row by row. A PNG encoder's bytes vary
   * between versions, so a downloaded and converted copy is checked by its pixels.
   */
  pixelsSha256?: string;
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

const readManifest = (name: string): unknown => JSON.parse(readFileSync(join(PROJECT_ROOT, name), "utf8"));
const modelsManifest = readManifest(MODELS_MANIFEST) as {models: ModelEntry[]};
const photosManifest = readManifest(PHOTOS_MANIFEST) as PhotosManifest;

export const MODEL_ENTRIES: readonly ModelEntry[] = modelsManifest.models;

/** The sample photos the site shows (the google-coral test photos; the ImageNet samples are for tests only). */
export const PHOTOS: readonly PhotoEntry[] = photosManifest.photos.map((photo) => ({
  ...photo,
  credit: `Photo: google-coral/test_data (${photosManifest.source}), ${photosManifest.licence}`
}));

/** Where the photos' upstream files are: this + PhotoEntry.upstream. */
export const PHOTOS_UPSTREAM = photosManifest.upstream;

/** The manifest entry for a model id ("v1-0.25") or slug ("mobilenet-v1-025"). */
export function modelEntry(idOrSlug: string): ModelEntry {
  const entry = MODEL_ENTRIES.find((model) => model.id === idOrSlug || model.slug === idOrSlug);
  if (!entry) {
    const known = MODEL_ENTRIES.map((model) => `${model.id} (${model.slug})`).join(", ");
    throw new Error(`There is no model "${idOrSlug}" in ${MODELS_MANIFEST}; the models are ${known}.`);
  }
  return entry;
}

export function photoEntry(name: string): PhotoEntry {
  const entry = PHOTOS.find((photo) => photo.name === name);
  if (!entry) {
    throw new Error(
      `There is no sample photo "${name}" in ${PHOTOS_MANIFEST}; the photos are ${PHOTOS.map((p) => p.name).join(", ")}.`
    );
  }
  return entry;
}
