// Vitest global setup for the browser tests: build the site into dist/ once. SKIP_SITE_BUILD=1 reuses dist/ as it is.
import {spawnSync} from "node:child_process";
import {existsSync} from "node:fs";

export default function buildSite(): void {
  if (process.env.SKIP_SITE_BUILD && existsSync("dist/index.html")) return;
  const result = spawnSync("npm", ["run", "--silent", "build"], {stdio: ["ignore", "ignore", "inherit"], encoding: "utf8"});
  if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status}); run it by hand to see why.`);
}
