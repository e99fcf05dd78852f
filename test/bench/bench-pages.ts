// The bench's own pages, bundled by esbuild beside the built site: the minimal baseline, the lesson's pipeline in a
// bare page, and the lesson's code doing the home page's job without the Framework page around it.
import {mkdir, writeFile} from "node:fs/promises";
import {join, parse, relative, resolve, sep} from "node:path";
import {build, type Plugin} from "esbuild";
import {PROJECT_ROOT} from "../../components/node/assets.js";
import {errorMessage} from "../../components/pipeline/errors.js";
import {pageHtml, type BaselineFiles} from "./baseline/page.js";
import {hashedFile} from "./site.js";

/** The built site's URLs for the files both pages use: the WASM binaries, v1-0.25's JSON and weights, cat.png. */
export async function siteFiles(siteDir: string): Promise<BaselineFiles> {
  const wasm = (stem: string) => hashedFile(siteDir, "_file/data/wasm", stem, ".wasm");
  return {
    wasm: {
      "tfjs-backend-wasm.wasm": await wasm("tfjs-backend-wasm"),
      "tfjs-backend-wasm-simd.wasm": await wasm("tfjs-backend-wasm-simd"),
      "tfjs-backend-wasm-threaded-simd.wasm": await wasm("tfjs-backend-wasm-threaded-simd")
    },
    modelJson: await hashedFile(siteDir, "_file/data/models", "mobilenet-v1-025", ".json"),
    modelWeights: await hashedFile(siteDir, "_file/data/models", "mobilenet-v1-025", ".bin"),
    photo: await hashedFile(siteDir, "_file/data/photos", "cat", ".png")
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
