// The built site the browser bench measures, and the one server that serves it together with the bench's own pages,
// so that the lesson and the baseline fetch the very same model, WASM and photo files from the same origin.
import {spawnSync} from "node:child_process";
import {existsSync} from "node:fs";
import {mkdtemp, readdir, rm, stat, writeFile} from "node:fs/promises";
import type {IncomingMessage, ServerResponse} from "node:http";
import {tmpdir} from "node:os";
import {extname, join, normalize, resolve, sep} from "node:path";
import {PROJECT_ROOT} from "../../components/node/assets.js";
import {CROSS_ORIGIN_ISOLATION, DIST, mapCleanUrl} from "../helpers/site.js";
import {serveDirectory, type StaticServer} from "../helpers/static-server.js";
import {isHashedPath, precompress} from "../../scripts/precompress.js";
import {applyStrictPolicies} from "../../scripts/strict-csp.js";
import {hoistAllPreloads} from "../../scripts/hoist-preloads.js";
import {staticHost} from "./static-host.js";

/** Where the bench builds the site when dist/ is missing, so it never writes into a dist/ others are using. */
export const PRIVATE_DIST = join(tmpdir(), "bench-dist");

export interface SiteLocation {
  dir: string;
  /** How this folder came to be measured. */
  origin: "dist" | "private build" | "given";
}

/**
 * dist/ if it has been built (the lead builds it; the bench never rebuilds it), else a private build into
 * PRIVATE_DIST through a temporary copy of the config with `output` changed.
 */
export async function locateSite(options: {
  dist?: string;
  forceBuild?: boolean;
  assets: string;
  log: (line: string) => void;
}): Promise<SiteLocation> {
  if (options.dist) {
    if (!existsSync(join(options.dist, "index.html")))
      throw new Error(`--dist ${options.dist} has no index.html: build the site there first.`);
    return {dir: resolve(options.dist), origin: "given"};
  }
  if (!options.forceBuild && existsSync(join(DIST, "index.html"))) return {dir: DIST, origin: "dist"};
  if (!options.forceBuild && existsSync(DIST)) {
    throw new Error(
      `${DIST} exists but has no index.html (a build may be running): wait for it to finish, or pass --dist or --build.`
    );
  }
  options.log(
    `building the site into ${PRIVATE_DIST} (dist/ is ${options.forceBuild ? "not used: --build" : "missing"})…`
  );
  await buildPrivately(PRIVATE_DIST, options.assets);
  return {dir: PRIVATE_DIST, origin: "private build"};
}

async function buildPrivately(output: string, assets: string): Promise<void> {
  // Framework clears only an output folder inside the working directory, and refuses to overwrite files otherwise.
  await rm(output, {recursive: true, force: true});
  const {default: config} = (await import("../../observablehq.config.js")) as {default: Record<string, unknown>};
  const folder = await mkdtemp(join(tmpdir(), "bench-config-"));
  try {
    // Framework resolves `root` against the working directory; the page list and options are plain data.
    const privateConfig = {...config, root: join(PROJECT_ROOT, "src"), output};
    const configPath = join(folder, "observablehq.config.js");
    await writeFile(configPath, `export default ${JSON.stringify(privateConfig, null, 2)};\n`);
    const result = spawnSync(
      join(PROJECT_ROOT, "node_modules", ".bin", "observable"),
      ["build", "--config", configPath],
      {
        cwd: PROJECT_ROOT,
        env: {...process.env, MOBILENET_ASSETS: assets},
        stdio: ["ignore", "ignore", "inherit"]
      }
    );
    if (result.status !== 0)
      throw new Error(`observable build into ${output} failed (exit ${result.status}); see its messages above.`);
    // What npm's postbuild does to dist/: each page's policy, then the compressed copies a host serves.
    await applyStrictPolicies(output);
    await hoistAllPreloads(output);
    await precompress(output);
  } finally {
    await rm(folder, {recursive: true, force: true});
  }
}

/** A file of the built site by its name before Framework hashed it, e.g. ("_file/data/models", "mobilenet-v1-025", ".bin"). */
export async function hashedFile(siteDir: string, folder: string, stem: string, extension: string): Promise<string> {
  const names = await readdir(join(siteDir, folder)).catch(() => [] as string[]);
  const pattern = new RegExp(
    `^${stem.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.[0-9a-f]{8}${extension.replace(".", "\\.")}$`
  );
  const found = names.filter((name) => pattern.test(name));
  if (found.length !== 1) {
    throw new Error(
      `Expected one ${stem}.<hash>${extension} in ${join(siteDir, folder)}, found ${found.length}: rebuild the site.`
    );
  }
  return `/${folder}/${found[0]}`;
}

/**
 * Serves the site as a static host would (clean URLs; text compressed; hashed files cacheable for a year, pages
 * revalidated: see static-host.ts) and, under /__bench/, the bench's own pages from `benchDir` the same way (their
 * scripts, named by no hash, kept a year too, as if they were); cross-origin isolated if asked.
 */
export async function serveBenchSite(
  siteDir: string,
  benchDir: string,
  options: {crossOriginIsolated?: boolean; log?: (line: string) => void} = {}
): Promise<StaticServer> {
  const host = await staticHost([siteDir, benchDir]);
  if (host.compressedInMemory && options.log)
    options.log(
      `${host.compressedInMemory} text files had no .br/.gz copies beside them (a build before scripts/precompress.ts?): compressed in memory instead`
    );
  return serveDirectory(siteDir, {
    intercept: async (request: IncomingMessage, response: ServerResponse) => {
      if (options.crossOriginIsolated)
        for (const [name, value] of Object.entries(CROSS_ORIGIN_ISOLATION)) response.setHeader(name, value);
      const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://127.0.0.1").pathname);
      if (pathname.startsWith("/__bench/")) {
        const path = await fileIn(benchDir, pathname.slice("/__bench/".length));
        if (!path) return notFound(response, pathname);
        await host.serve(request, response, path, {immutable: extname(path) !== ".html"});
        return true;
      }
      mapCleanUrl(request, siteDir);
      const path = await fileIn(siteDir, new URL(request.url ?? "/", "http://127.0.0.1").pathname);
      if (!path) return false; // the plain server answers 404 or 403
      await host.serve(request, response, path, {immutable: isHashedPath(pathname)});
      return true;
    }
  });
}

/** The file `relative` names inside `folder` (index.html for a folder), or undefined if there is none. */
async function fileIn(folder: string, relative: string): Promise<string | undefined> {
  let path = normalize(join(folder, decodeURIComponent(relative)));
  if (path !== folder && !path.startsWith(folder + sep)) return undefined;
  if ((await stat(path).catch(() => undefined))?.isDirectory()) path = join(path, "index.html");
  return (await stat(path).catch(() => undefined))?.isFile() ? path : undefined;
}

function notFound(response: ServerResponse, pathname: string): true {
  response.writeHead(404, {"content-type": "text/plain"}).end(`Not found: ${pathname}`);
  return true;
}
