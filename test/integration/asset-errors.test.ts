// The asset layer without any stand-in host: what it says when a source is missing or refuses, and the project's own
// copy in data/, pinned and loaded first.
import {mkdtemp, readFile, rm} from "node:fs/promises";
import {createServer} from "node:http";
import type {AddressInfo} from "node:net";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import * as tf from "@tensorflow/tfjs";
import {sha256} from "../../components/node/assets/integrity.js";
import {
  AssetUnavailableError,
  loadModelFiles,
  loadPhoto,
  MODEL_ENTRIES,
  PHOTOS,
  type AssetOptions
} from "../../components/node/assets.js";
import {writeModelJson, writeModelWeights, writeThumbnail} from "../../components/node/data-loaders.js";
import {rawPixels} from "../helpers/bmp.js";
import {captureLog, failureOf, writesOf} from "../helpers/outcomes.js";
import {BUNDLED} from "../helpers/upstream-assets.js";

describe("asset errors that need no assets", () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "mobilenet-assets-errors-"));
  });
  afterAll(() => rm(work, {recursive: true, force: true}));

  it("says when MOBILENET_ASSETS names a folder that does not exist, and names every source tried", async () => {
    const missing = join(work, "no-such-folder");
    const error = await failureOf(
      loadModelFiles("v1-0.25", {assetsDir: missing, bundledDir: null, cacheDir: join(work, "cache"), download: false})
    );
    expect(error).toBeInstanceOf(AssetUnavailableError);
    expect(error.message).toContain(`the folder ${missing} does not exist`);
    expect(error.message).toMatch(/MOBILENET_ASSETS \(.*\):/);
    expect(error.message).toMatch(/cache \(.*\): nothing cached yet/);
    expect(error.message).toMatch(/download: turned off/);
    expect(error.message).toMatch(/set MOBILENET_ASSETS .* or build once with network access/);

    const wrongLevel = await failureOf(
      loadPhoto("cat.png", {assetsDir: work, bundledDir: null, cacheDir: join(work, "cache"), download: false})
    );
    expect(wrongLevel.message).toContain(`${work} has neither a models/ nor an images/ folder`);
  });

  it("explains a refused connection", async () => {
    // A port that was free a moment ago: nothing listens there now.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const {port} = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const base = `http://127.0.0.1:${port}/`;
    const log = captureLog();
    const error = await failureOf(
      loadModelFiles("v1-0.25", {
        assetsDir: null,
        bundledDir: null,
        cacheDir: join(work, "cache"),
        upstream: {models: {"v1-0.25": base}},
        log
      })
    );
    expect(error.message).toContain(
      `could not reach ${base}model.json?tfjs-format=file (connection refused (ECONNREFUSED))`
    );
    expect(error.message).toContain("MOBILENET_ASSETS: not set.");
    expect(error.message).toMatch(/set MOBILENET_ASSETS .* or build once with network access/);
  });

  it("lets the site's json loader succeed with an explanation when there is no model", async () => {
    const options: AssetOptions = {assetsDir: null, bundledDir: null, cacheDir: join(work, "cache"), download: false};
    const {stdout: written} = await writesOf(async () => {
      await writeModelJson("mobilenet-v1-025", options);
      await writeModelWeights("mobilenet-v1-025", options);
    });
    expect(written).toHaveLength(1); // the json; the weights file stays empty
    const body = JSON.parse(String(written[0])) as {error: string};
    expect(body.error).toMatch(/^This site was built without MobileNet v1 0\.25/);
    expect(body.error).not.toContain(work); // no builder's paths in the published site
  });

  it("leaves a sample's thumbnail empty when the build has no copy of the photo, and says so", async () => {
    const {stdout, stderr} = await writesOf(() =>
      writeThumbnail("cat", {assetsDir: null, bundledDir: null, cacheDir: join(work, "cache"), download: false})
    );
    expect(stdout).toEqual([]);
    expect(stderr).toContain("built WITHOUT the thumbnail of cat.png (empty file)");
  });

  it("refuses a thumbnail of a photo outside the gallery", async () => {
    await expect(writeThumbnail("unicorn", {assetsDir: null, bundledDir: null, download: false})).rejects.toThrow(
      /no sample photo "unicorn".*cat\.png/
    );
  });
});

describe("the project's copy in data/", () => {
  it("holds every pinned file with its pinned size and SHA-256; each model pins model.json and exactly the files it lists", async () => {
    for (const entry of MODEL_ENTRIES) {
      const folder = join(BUNDLED, "models", entry.folder);
      const modelJson = JSON.parse(await readFile(join(folder, "model.json"), "utf8")) as tf.io.ModelJSON;
      const listed = ["model.json", ...modelJson.weightsManifest.flatMap((group) => group.paths)];
      expect(entry.files.map((file) => file.name)).toEqual(listed);
      for (const pin of entry.files) {
        const bytes = await readFile(join(folder, pin.name));
        expect({name: pin.name, bytes: bytes.byteLength, sha256: sha256(bytes)}).toEqual(pin);
      }
    }
    for (const photo of PHOTOS) {
      const bytes = await readFile(join(BUNDLED, "photos", photo.name));
      expect([photo.name, bytes.byteLength, sha256(bytes)]).toEqual([photo.name, photo.bytes, photo.sha256]);
      if (photo.upstream.endsWith(".bmp")) expect(sha256((await rawPixels(bytes)).data)).toBe(photo.pixelsSha256);
    }
  });

  it("is what loads when MOBILENET_ASSETS is unset: no cache, no network", async () => {
    const saved = process.env.MOBILENET_ASSETS;
    delete process.env.MOBILENET_ASSETS;
    try {
      const options: AssetOptions = {cacheDir: join(tmpdir(), "no-such-cache"), download: false};
      const model = await loadModelFiles("v1-0.25", options);
      expect([model.origin, model.source]).toEqual([
        "bundled",
        `the project's copy (${join(BUNDLED, "models", "mobilenet_v1_025_224")})`
      ]);
      const photo = await loadPhoto("cat.png", options);
      expect([photo.origin, photo.source]).toEqual([
        "bundled",
        `the project's copy (${join(BUNDLED, "photos", "cat.png")})`
      ]);
    } finally {
      if (saved !== undefined) process.env.MOBILENET_ASSETS = saved;
    }
  });
});
