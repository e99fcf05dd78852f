// Where the lesson's model files and sample photos come from, in this order:
//   1. the folder named by MOBILENET_ASSETS (layout: models/<folder>/…, images/<name>),
//   2. the project's own copy, committed in data/models/<folder>/… and data/photos/<name>,
//   3. the cache, data/cache/ (or MOBILENET_CACHE), laid out like MOBILENET_ASSETS,
//   4. the upstream addresses in data/models.json and data/photos.json, written to the cache once downloaded.
// Every file, from any source, must have the size and SHA-256 pinned in those manifests: one that does not is refused
// with a message that says how to fix it, and the next source is tried.
export {
  MODEL_ENTRIES,
  PHOTOS,
  PROJECT_ROOT,
  modelEntry,
  photoEntry,
  type ModelEntry,
  type PhotoEntry,
  type PhotoTruth
} from "./assets/manifests.js";
export {AssetUnavailableError, type AssetOptions, type AssetOrigin, type SourceAttempt} from "./assets/sources.js";
export {loadModelFiles, type ModelFiles} from "./assets/model-files.js";
export {loadPhoto, type PhotoFile} from "./assets/photo-files.js";
