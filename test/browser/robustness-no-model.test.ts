// A site built without the model (its upstream addresses closed, no assets): the pages explain the missing model,
// and every step that needs no model still works.
import {spawn} from "node:child_process";
import {cp, mkdtemp, readFile, rm, symlink, writeFile} from "node:fs/promises";
import {existsSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, relative} from "node:path";
import {afterAll, describe, expect, test} from "vitest";
import {solid} from "../helpers/bad-images.js";
import {serveSite} from "../helpers/site.js";
import type {StaticServer} from "../helpers/static-server.js";
import {configuredPages, imageProblem, photo, photoState, upload, useRobustnessSite} from "../helpers/robustness.js";

const PROJECT = new URL("../..", import.meta.url).pathname;
const site = useRobustnessSite();

/** Copies the project (not its outputs, caches or node_modules, which is linked) to a temporary folder, points every
 * upstream address at a closed local port, and builds it with no assets folder, no copy in data/ and an empty cache. */
async function buildWithoutModel(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "robust-site-"));
  const skipped = [
    "node_modules",
    "dist",
    ".git",
    "data/cache",
    "data/models",
    "data/photos",
    "src/.observablehq/cache",
    "test-results"
  ];
  await cp(PROJECT, root, {
    recursive: true,
    verbatimSymlinks: true, // src/components → ../components must stay relative
    filter: (source) => !skipped.includes(relative(PROJECT, source))
  });
  await symlink(join(PROJECT, "node_modules"), join(root, "node_modules"), "dir");
  // Framework's bundles of npm packages (never the data loaders' outputs) spare a minute of bundling tfjs.
  const bundles = join(PROJECT, "src/.observablehq/cache/_node");
  if (existsSync(bundles)) await cp(bundles, join(root, "src/.observablehq/cache/_node"), {recursive: true});
  for (const manifest of ["data/models.json", "data/photos.json"]) {
    const path = join(root, manifest);
    const offline = (await readFile(path, "utf8")).replace(
      /"(base|upstream)": "https?:\/\/[^"]*"/g,
      '"$1": "http://127.0.0.1:9/offline/"'
    );
    await writeFile(path, offline);
  }
  const env = {
    ...process.env,
    MOBILENET_ASSETS: join(root, "no-such-assets"),
    MOBILENET_CACHE: join(root, "empty-cache")
  };
  const output: string[] = [];
  const status = await new Promise<number | null>((resolve) => {
    const child = spawn("npx", ["observable", "build"], {cwd: root, env, stdio: ["ignore", "pipe", "pipe"]});
    child.stdout.on("data", (chunk) => output.push(String(chunk)));
    child.stderr.on("data", (chunk) => output.push(String(chunk)));
    child.on("close", resolve);
  });
  if (status !== 0) throw new Error(`The model-less build failed (exit ${status}):\n${output.join("").slice(-3000)}`);
  expect(output.join("")).toMatch(/built WITHOUT/);
  return root;
}

describe("a site built without the model", () => {
  let root: string | undefined;
  let bare: StaticServer | undefined;

  afterAll(async () => {
    await bare?.close();
    if (root) await rm(root, {recursive: true, force: true});
  });

  test("explains the missing model, and the steps that need no model still work", {timeout: 300_000}, async () => {
    root = await buildWithoutModel();
    bare = await serveSite(join(root, "dist"));

    const {page, errors, violations, context} = await site.watch(`${bare.url}/`);
    try {
      const modelPanel = page.locator('[role="alert"]', {hasText: "The model could not be loaded"});
      await modelPanel.waitFor({timeout: 30_000});
      expect(await modelPanel.textContent()).toMatch(
        /built without MobileNet.*restore the project's data\/ folder .* and rebuild the site/
      );
      // The sample photos came from the same missing assets: the page says so instead of failing.
      await expect.poll(() => imageProblem(page).textContent()).toMatch(/sample photo “Cat” is missing from this site/);
      // Your own photo still opens and is shown, with no model to classify it.
      const own = {
        name: "mine.png",
        mimeType: "image/png",
        bytes: new Uint8Array(await solid(64, 48, [30, 160, 90]).png().toBuffer())
      };
      await upload(page, own);
      await expect.poll(() => photo(page).count()).toBe(1);
      expect(await photoState(page)).toEqual({label: "The photo you chose: mine.png", width: 64, height: 48});
      expect(await imageProblem(page).count()).toBe(0);
      expect(errors).toEqual([]);
      expect(await violations()).toEqual([]);
    } finally {
      await context.close();
    }

    // Every other page loads without an uncaught error or a failed cell.
    const report: string[] = [];
    for (const path of configuredPages()) {
      const other = await site.watch(`${bare.url}${path}`);
      try {
        await other.page.waitForLoadState("networkidle");
        await other.page.waitForTimeout(2000);
        const failedCells = await other.page.locator(".observablehq--error").allTextContents();
        const panels = await other.page.locator('[role="alert"]').allTextContents();
        report.push(
          `${path}: ${panels.length} panels (${panels.map((p) => p.slice(0, 60)).join(" | ")}); failed cells: ${failedCells.length}`
        );
        expect(failedCells, path).toEqual([]);
        expect(other.errors, path).toEqual([]);
        expect(await other.violations(), path).toEqual([]);
      } finally {
        await other.context.close();
      }
    }
    console.log(`Model-less site:\n  ${report.join("\n  ")}`);
  });
});
