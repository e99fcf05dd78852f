// Vitest global setup for the browser tests: build the site into dist/ once. SKIP_SITE_BUILD=1 reuses dist/ as it is;
// SITE_DIR=<folder> tests a site already built there and never builds.
import {spawnSync} from "node:child_process";
import {existsSync} from "node:fs";
import {join} from "node:path";
import {DIST} from "./site.js";

export default function buildSite(): void {
  if (process.env.SITE_DIR) {
    if (!existsSync(join(DIST, "index.html")))
      throw new Error(`SITE_DIR=${process.env.SITE_DIR} has no index.html: build the site there first.`);
    return;
  }
  if (process.env.SKIP_SITE_BUILD && existsSync(join(DIST, "index.html"))) return;
  const result = spawnSync("npm", ["run", "--silent", "build"], {
    stdio: ["ignore", "ignore", "inherit"],
    encoding: "utf8"
  });
  if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status}); run it by hand to see why.`);
}
