// The bench's own pages, bundled by esbuild beside the built site: the minimal baseline, the lesson's pipeline in a
// bare page, and the lesson's code doing the home page's job without the Framework page around it.
import {mkdir, readFile, writeFile} from "node:fs/promises";
import {join, parse, relative, resolve, sep} from "node:path";
import {gunzipSync, gzipSync} from "node:zlib";
import {build, type Plugin} from "esbuild";
import {loadPhoto, PROJECT_ROOT} from "../../components/node/assets.js";
import {errorMessage} from "../../components/pipeline/errors.js";
import {toWeightPlanes, WeightPlanesReader} from "../../components/pipeline/weight-planes.js";
import {pageHtml, type BaselineFiles} from "./baseline/page.js";
import {hashedFile} from "./site.js";

/**
 * The built site's URLs for the files both pages use: the WASM binaries, v1-0.25's JSON and weights, cat.png. The
 * minimal page loads the weights as tfjs's plain float32 file, which the bench writes into `benchDir` from the site's
 * byte-plane file (the very bytes the lesson's pages rebuild from it), served at /__bench/data/models/.
 */
export async function siteFiles(siteDir: string, benchDir: string): Promise<BaselineFiles> {
  const wasm = (stem: string) => hashedFile(siteDir, "_file/data/wasm", stem, ".wasm");
  const models = "_file/data/models";
  // A site built before the byte-plane weights (say, main's, in compare-sites.ts) serves the plain file itself.
  const plain = await hashedFile(siteDir, models, "mobilenet-v1-025", ".bin").catch(() => undefined);
  let siteWeights = plain ?? (await hashedFile(siteDir, models, "mobilenet-v1-025", ".weights"));
  await mkdir(join(benchDir, "data", "models"), {recursive: true});
  if (!plain) {
    const reader = new WeightPlanesReader();
    reader.push(gunzipSync(await readFile(join(siteDir, siteWeights))));
    await writeFile(join(benchDir, "data", "models", "mobilenet-v1-025.bin"), reader.weights());
  } else {
    // The pipeline page runs this checkout's loader, which reads byte planes: written from the old site's plain file.
    const planes = gzipSync(toWeightPlanes(new Uint8Array(await readFile(join(siteDir, plain)))));
    await writeFile(join(benchDir, "data", "models", "mobilenet-v1-025.weights"), planes);
    siteWeights = "/__bench/data/models/mobilenet-v1-025.weights";
  }
  // The minimal page classifies cat.png as published; the lesson's pages load its lossless WebP copy (the same
  // pixels). A site built before those copies (say, main's) serves cat.png itself.
  const photos = "_file/data/photos";
  let photo = await hashedFile(siteDir, photos, "cat", ".png").catch(() => undefined);
  if (!photo) {
    await mkdir(join(benchDir, "data", "photos"), {recursive: true});
    await writeFile(join(benchDir, "data", "photos", "cat.png"), (await loadPhoto("cat.png")).bytes);
    photo = "/__bench/data/photos/cat.png";
  }
  return {
    wasm: {
      "tfjs-backend-wasm.wasm": await wasm("tfjs-backend-wasm"),
      "tfjs-backend-wasm-simd.wasm": await wasm("tfjs-backend-wasm-simd"),
      "tfjs-backend-wasm-threaded-simd.wasm": await wasm("tfjs-backend-wasm-threaded-simd")
    },
    modelJson: await hashedFile(siteDir, "_file/data/models", "mobilenet-v1-025", ".json"),
    modelWeights: plain ?? "/__bench/data/models/mobilenet-v1-025.bin",
    siteWeights,
    photo
  };
}

/**
 * Bundles test/bench/baseline/<entry> with esbuild (minified ESM, as Framework minifies npm packages) into a page at
 * /__bench/<name>/; `plugins` may leave some imports to files the site already serves.
 */
export async function bundlePage(
  benchDir: string,
  name: string,
  title: string,
  files: BaselineFiles,
  options: {entry?: string; plugins?: Plugin[]} = {}
): Promise<void> {
  const {entry = `${name}.ts`, plugins = []} = options;
  const folder = join(benchDir, name);
  await mkdir(folder, {recursive: true});
  await build({
    entryPoints: [join(PROJECT_ROOT, "test", "bench", "baseline", entry)],
    bundle: true,
    format: "esm",
    minify: true,
    platform: "browser",
    target: "es2022",
    logLevel: "silent",
    outfile: join(folder, "page.js"),
    plugins
  }).catch((error: unknown) => {
    throw new Error(`esbuild could not bundle test/bench/baseline/${entry}: ${errorMessage(error)}`);
  });
  await writeFile(join(folder, "index.html"), pageHtml(title, files, "./page.js"));
}

/**
 * An esbuild plugin that leaves every import of the lesson's own modules (src/, components/) to the built site's file
 * for it, so that a bench page loads the very files the lesson's pages load, rather than copies.
 */
export function siteModules(siteDir: string): Plugin {
  const source = join(PROJECT_ROOT, "src");
  const components = join(PROJECT_ROOT, "components");
  return {
    name: "site-modules",
    setup(build) {
      build.onResolve({filter: /^\.\.?\//}, async (args) => {
        const file = resolve(args.resolveDir, args.path);
        // Framework serves src/x.ts as /_import/x.<hash>.js, and components/ (linked into src/) under /_import/components/.
        const served = file.startsWith(components + sep)
          ? join("components", relative(components, file))
          : relative(source, file);
        if (served.startsWith("..")) return undefined;
        const {dir, name} = parse(served);
        return {path: await hashedFile(siteDir, join("_import", dir), name, ".js"), external: true};
      });
    }
  };
}
