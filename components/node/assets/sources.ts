// The sources of an asset file, tried in order: MOBILENET_ASSETS, the project's own copy, the cache, a download.
// The first that has an intact copy wins; what each of the others lacked is kept for the error or a warning.
import {mkdir, readFile, rename, stat, unlink, writeFile} from "node:fs/promises";
import {dirname, join, relative} from "node:path";
import type {ModelId} from "../../pipeline/models.js";
import {errorMessage} from "../../pipeline/errors.js";
import type {TextSink} from "../download.js";
import {BUNDLED_DIR, PROJECT_ROOT} from "./manifests.js";

export interface AssetOptions {
  /** Folder with the mobilenet-assets layout. Default: env MOBILENET_ASSETS; null to skip it. */
  assetsDir?: string | null;
  /** The project's own copy (models/<folder>/…, photos/<name>). Default: <project>/data; null to skip it. */
  bundledDir?: string | null;
  /** Cache folder, laid out like the assets folder. Default: env MOBILENET_CACHE, else <project>/data/cache. */
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

export interface ResolvedOptions {
  assetsDir: string | null;
  bundledDir: string | null;
  cacheDir: string;
  download: boolean;
  log: TextSink;
  idleTimeoutMs: number | undefined;
  upstream: NonNullable<AssetOptions["upstream"]>;
}

export function resolveOptions(options: AssetOptions): ResolvedOptions {
  return {
    assetsDir: options.assetsDir !== undefined ? options.assetsDir : process.env.MOBILENET_ASSETS || null,
    bundledDir: options.bundledDir !== undefined ? options.bundledDir : BUNDLED_DIR,
    cacheDir: options.cacheDir ?? (process.env.MOBILENET_CACHE || join(PROJECT_ROOT, "data", "cache")),
    download: options.download ?? true,
    log: options.log ?? process.stderr,
    idleTimeoutMs: options.idleTimeoutMs,
    upstream: options.upstream ?? {}
  };
}

export type AssetOrigin = "assets" | "bundled" | "cache" | "download";

/** A source that does not have the file: `notable` when the reader should hear about it even if a later one works. */
export class SourceMiss extends Error {
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
        "\nTo fix it: restore the project's copy (git checkout -- data/models data/photos), " +
        "set MOBILENET_ASSETS to a folder with the mobilenet-assets layout (models/…, images/…), " +
        `or build once with network access so the files are downloaded into the cache (${cacheDir}).`
    );
  }
}

/** What to do about a file from `origin` at `path` (a URL for a download) that is damaged or not the pinned one. */
export function howToFix(origin: AssetOrigin, path: string, manifest: string): string {
  switch (origin) {
    case "assets":
      return `To fix it: replace ${path} with an intact copy, or unset MOBILENET_ASSETS to use the project's own copy.`;
    case "bundled": {
      const inProject = relative(PROJECT_ROOT, path);
      return `To fix it: restore the project's copy with \`git checkout -- ${inProject.startsWith("..") ? path : inProject}\`.`;
    }
    case "cache":
      return `To fix it: delete ${path}; a download replaces it.`;
    case "download":
      return `To fix it: check the address in ${manifest} (the host serves another file), or set MOBILENET_ASSETS to a folder with an intact copy.`;
  }
}

export interface Source<T> {
  origin: AssetOrigin;
  /** How the source is named in messages, e.g. "MOBILENET_ASSETS (/path)". */
  label: string;
  load(): Promise<T>;
}

export async function firstAvailable<T>(
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

/** Where a file sits: `layout` in the assets folder and the cache (models/…, images/…), `bundled` in the project's copy. */
export interface AssetPaths {
  layout: string;
  bundled: string;
}

/** The four sources of one asset, in order. `readLocal` reads and checks a copy on disk, saying where it came from. */
export function sourcesFor<T>(
  paths: AssetPaths,
  options: ResolvedOptions,
  readLocal: (path: string, origin: AssetOrigin) => Promise<T>,
  download: {url: string; fetch: () => Promise<T>; save: (path: string, value: T) => Promise<void>}
): Source<T>[] {
  const cachePath = join(options.cacheDir, paths.layout);
  const bundledPath = options.bundledDir ? join(options.bundledDir, paths.bundled) : undefined;
  return [
    {
      origin: "assets",
      label: options.assetsDir ? `MOBILENET_ASSETS (${join(options.assetsDir, paths.layout)})` : "MOBILENET_ASSETS",
      load: async () => {
        const root = await assetsRoot(options);
        try {
          return await readLocal(join(root, paths.layout), "assets");
        } catch (error) {
          // Whoever set MOBILENET_ASSETS expects it to be used: any gap there is worth a warning.
          throw error instanceof SourceMiss ? new SourceMiss(error.message, true) : error;
        }
      }
    },
    {
      origin: "bundled",
      label: bundledPath ? `the project's copy (${bundledPath})` : "the project's copy",
      load: async () => {
        if (!bundledPath) throw new SourceMiss("not used.", false);
        return readLocal(bundledPath, "bundled");
      }
    },
    {
      origin: "cache",
      label: `cache (${cachePath})`,
      load: async () => {
        if (!(await stat(cachePath).catch(() => undefined))) throw new SourceMiss("nothing cached yet.", false);
        return readLocal(cachePath, "cache");
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
          options.log.write(`mobilenet-assets: could not write the cache at ${cachePath}: ${errorMessage(error)}\n`);
        });
        return value;
      }
    }
  ];
}

export async function readLocalFile(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      throw new SourceMiss(`${what} ${path} does not exist.`, false);
    throw new SourceMiss(`cannot read ${path}: ${errorMessage(error)}`);
  }
}

/** Writes through a temporary name so that a reader (or a parallel build) never sees half a file. */
export async function writeFileAtomically(path: string, bytes: Uint8Array | string): Promise<void> {
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
