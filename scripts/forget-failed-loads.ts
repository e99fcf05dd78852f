// Run before `observable build` / `observable preview`. Framework keeps a data loader's output until the loader file
// changes, and a build even reuses it when stale; so a stand-in written by an offline build (a model.json holding
// {"error": …}, an empty weights or photo file) would outlive the fix. This deletes only such stand-ins.
import {readdir, readFile, rm, stat} from "node:fs/promises";
import {join} from "node:path";
import {PROJECT_ROOT} from "../components/node/assets.js";

const LOADER_CACHE = join(PROJECT_ROOT, "src", ".observablehq", "cache", "data");

async function isStandIn(path: string): Promise<boolean> {
  const info = await stat(path);
  if (info.size === 0) return true;
  if (!path.endsWith(".json")) return false;
  const text = await readFile(path, "utf8");
  // A listing without "truth" predates the photos' right answers (data/photos.json): write it again.
  if (path.endsWith("photos.json")) return text.includes('"available": false') || !text.includes('"truth"');
  return text.startsWith('{"error"');
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, {withFileTypes: true}).catch(() => []);
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? filesUnder(join(folder, entry.name)) : [join(folder, entry.name)]))
  );
  return nested.flat();
}

const candidates = [
  ...(await filesUnder(join(LOADER_CACHE, "models"))),
  ...(await filesUnder(join(LOADER_CACHE, "photos"))),
  join(LOADER_CACHE, "photos.json")
];
for (const path of candidates) {
  if (await isStandIn(path).catch(() => false)) {
    await rm(path, {force: true});
    process.stderr.write(
      `mobilenet-assets: forgot the stand-in ${path} from an earlier build, to try the sources again.\n`
    );
  }
}
