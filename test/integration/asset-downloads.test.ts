// Downloads through the stand-in hosts on 127.0.0.1 (test/helpers/upstream-assets.ts): which source wins, the
// TF-Hub redirect, progress, the cache, merged weights, the coral BMPs turned into PNGs, HTTP errors.
import {readFile} from "node:fs/promises";
import {join} from "node:path";
import {beforeAll, describe, expect, it} from "vitest";
import * as tf from "@tensorflow/tfjs";
import {loadModelFiles, loadPhoto, MODEL_ENTRIES} from "../../components/node/assets.js";
import type {StaticServer} from "../helpers/static-server.js";
import {rawPixels} from "../helpers/bmp.js";
import {captureLog, failureOf} from "../helpers/outcomes.js";
import {FOLDERS, HUB_PATH, useUpstreamAssets, type UpstreamHosts} from "../helpers/upstream-assets.js";

const stand = useUpstreamAssets();
const {assetFile, freshCache} = stand;
let assets: string;
let upstream: StaticServer;
let hosts: UpstreamHosts;
beforeAll(() => {
  ({assets, upstream, hosts} = stand.ready());
});

describe("asset sources and downloads", () => {
  it("prefers MOBILENET_ASSETS (from the environment) over the cache and the network", async () => {
    const before = upstream.requests.length;
    const saved = {assets: process.env.MOBILENET_ASSETS, cache: process.env.MOBILENET_CACHE};
    process.env.MOBILENET_ASSETS = assets;
    process.env.MOBILENET_CACHE = await freshCache("unused");
    try {
      const files = await loadModelFiles("v1-0.25", {upstream: hosts});
      expect(files.origin).toBe("assets");
      expect(files.source).toContain(join(assets, "models", "mobilenet_v1_025_224"));
    } finally {
      process.env.MOBILENET_ASSETS = saved.assets;
      if (saved.cache === undefined) delete process.env.MOBILENET_CACHE;
      else process.env.MOBILENET_CACHE = saved.cache;
    }
    expect(upstream.requests.length).toBe(before);
  });

  it("merges the weights into one file named weights.bin, shards in manifest order", async () => {
    for (const entry of MODEL_ENTRIES) {
      const folder = assetFile("models", FOLDERS[entry.id]);
      const original = JSON.parse(await readFile(join(folder, "model.json"), "utf8")) as tf.io.ModelJSON;
      const shards = await Promise.all(
        original.weightsManifest.flatMap((group) => group.paths).map((path) => readFile(join(folder, path)))
      );
      const files = await loadModelFiles(entry.id, {assetsDir: assets, download: false});
      expect(files.modelJson.weightsManifest).toEqual([
        {paths: ["weights.bin"], weights: original.weightsManifest.flatMap((group) => group.weights)}
      ]);
      expect(files.modelJson.modelTopology).toEqual(original.modelTopology);
      expect(Buffer.from(files.weights).equals(Buffer.concat(shards))).toBe(true);
    }
  });

  it("downloads through the TF-Hub redirect with progress, caches the files, then uses the cache without the network", async () => {
    const cacheDir = await freshCache("v1-025");
    const log = captureLog();
    const before = upstream.requests.length;
    const downloaded = await loadModelFiles("v1-0.25", {
      assetsDir: null,
      bundledDir: null,
      cacheDir,
      upstream: hosts,
      log
    });
    expect(downloaded.origin).toBe("download");
    const requests = upstream.requests.slice(before);
    expect(requests).toContain(`/hub/${HUB_PATH}model.json?tfjs-format=file`);
    expect(requests).toContain(`/tfhub/${HUB_PATH}group1-shard1of1?tfjs-format=file`);
    expect(log.text).toMatch(/downloading v1-0\.25 weights .*: 100% \(1\.9 MB of 1\.9 MB\)/);
    expect(log.text).toMatch(/downloading v1-0\.25 model\.json .*: 60\.5 kB/);

    const cached = join(cacheDir, "models", "mobilenet_v1_025_224");
    for (const name of ["model.json", "group1-shard1of1"]) {
      expect(
        (await readFile(join(cached, name))).equals(await readFile(assetFile("models", "mobilenet_v1_025_224", name)))
      ).toBe(true);
    }

    // Second call, MOBILENET_ASSETS unset and the cache named by MOBILENET_CACHE: no request reaches the server.
    const saved = {assets: process.env.MOBILENET_ASSETS, cache: process.env.MOBILENET_CACHE};
    delete process.env.MOBILENET_ASSETS;
    process.env.MOBILENET_CACHE = cacheDir;
    const afterDownload = upstream.requests.length;
    try {
      const again = await loadModelFiles("v1-0.25", {bundledDir: null, upstream: hosts, log});
      expect(again.origin).toBe("cache");
      expect(again.source).toContain(cached);
      expect(Buffer.from(again.weights).equals(Buffer.from(downloaded.weights))).toBe(true);
    } finally {
      if (saved.assets !== undefined) process.env.MOBILENET_ASSETS = saved.assets;
      if (saved.cache === undefined) delete process.env.MOBILENET_CACHE;
      else process.env.MOBILENET_CACHE = saved.cache;
    }
    expect(upstream.requests.length).toBe(afterDownload);
  });

  it("downloads the 55 weights files of v1 0.75 and merges them exactly like the local copy", async () => {
    const cacheDir = await freshCache("v1-075");
    const log = captureLog();
    const downloaded = await loadModelFiles("v1-0.75", {
      assetsDir: null,
      bundledDir: null,
      cacheDir,
      upstream: hosts,
      log
    });
    const local = await loadModelFiles("v1-0.75", {assetsDir: assets, download: false});
    expect(downloaded.origin).toBe("download");
    expect(downloaded.modelJson).toEqual(local.modelJson);
    expect(Buffer.from(downloaded.weights).equals(Buffer.from(local.weights))).toBe(true);
    expect(log.text).toMatch(/downloading v1-0\.75 weights \(55 files\).*: 100% \(10\.4 MB of 10\.4 MB\)/);
  });

  it("downloads the coral photos, turning the upstream BMPs into PNGs with the same pixels", async () => {
    const cacheDir = await freshCache("photos");
    const log = captureLog();
    for (const name of ["cat.png", "hot_dog.jpg"]) {
      const photo = await loadPhoto(name, {assetsDir: null, bundledDir: null, cacheDir, upstream: hosts, log});
      expect(photo.origin).toBe("download");
      const original = await readFile(assetFile("images", name));
      if (name.endsWith(".png")) {
        expect(Array.from(photo.bytes.subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
        const [mine, theirs] = await Promise.all([rawPixels(photo.bytes), rawPixels(original)]);
        expect([mine.width, mine.height]).toEqual([theirs.width, theirs.height]);
        expect(mine.data.equals(theirs.data)).toBe(true);
      } else {
        expect(Buffer.from(photo.bytes).equals(original)).toBe(true);
      }
      expect((await readFile(join(cacheDir, "images", name))).equals(Buffer.from(photo.bytes))).toBe(true);
      const again = await loadPhoto(name, {assetsDir: null, bundledDir: null, cacheDir, download: false});
      expect(again.origin).toBe("cache");
    }
    expect(log.text).toContain(`downloading ${hosts.photos}cat.bmp`);
  });

  it("refuses photos outside the gallery list", async () => {
    await expect(loadPhoto("imagenet/n01440764_tench.jpg", {assetsDir: assets})).rejects.toThrow(
      /no sample photo .* the photos are cat\.png/
    );
  });

  it("explains an HTTP error with the URL and the status", async () => {
    const base = `${upstream.url}/nowhere/`;
    const error = await failureOf(
      loadModelFiles("v1-0.25", {
        assetsDir: null,
        bundledDir: null,
        cacheDir: await freshCache("404"),
        upstream: {models: {"v1-0.25": base}},
        log: captureLog()
      })
    );
    expect(error.message).toContain(`${base}model.json?tfjs-format=file answered HTTP 404 Not Found.`);
    expect(error.message).toMatch(/set MOBILENET_ASSETS .* or build once with network access/);
  });
});
