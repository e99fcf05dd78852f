// Every copy checked against its pin (data/models.json, data/photos.json), whichever source it comes from: a changed
// byte, a cut-off download, a wrong model.json or wrong pixels are refused with the fix, and the next source is tried.
import {copyFile, cp, mkdir, readFile, truncate, writeFile} from "node:fs/promises";
import {join} from "node:path";
import {beforeAll, describe, expect, it} from "vitest";
import {sha256} from "../../components/node/assets/integrity.js";
import {AssetUnavailableError, loadModelFiles, loadPhoto, PHOTOS} from "../../components/node/assets.js";
import type {StaticServer} from "../helpers/static-server.js";
import {captureLog, failureOf} from "../helpers/outcomes.js";
import {BUNDLED, useUpstreamAssets, type UpstreamHosts} from "../helpers/upstream-assets.js";

const V1_025_SHARD_BYTES = 1_875_348;
const V1_025_SHARD_SHA256 = "0bb67208cb5d6d9ce1ebbc8e27236622ebe9c37fe54bc51de43898a3ccde21c1";

const stand = useUpstreamAssets();
const {assetFile, freshCache} = stand;
let work: string;
let upstream: StaticServer;
let hosts: UpstreamHosts;
beforeAll(() => {
  ({work, upstream, hosts} = stand.ready());
});

describe("asset integrity", () => {
  it("rejects a downloaded weights file that is not the pinned one, and one cut off mid-way, and caches neither", async () => {
    const cacheDir = await freshCache("broken-downloads");
    const short = await failureOf(
      loadModelFiles("v1-0.25", {
        assetsDir: null,
        bundledDir: null,
        cacheDir,
        upstream: {models: {"v1-0.25": `${upstream.url}/short-shard/`}},
        log: captureLog()
      })
    );
    expect(short.message).toContain(
      `${upstream.url}/short-shard/group1-shard1of1?tfjs-format=file does not match its pin in data/models.json: ` +
        `expected 1,875,348 bytes with SHA-256 ${V1_025_SHARD_SHA256}, found 1,000 bytes with SHA-256 ` +
        sha256((await readFile(assetFile("models", "mobilenet_v1_025_224", "group1-shard1of1"))).subarray(0, 1000))
    );
    expect(short.message).toMatch(/To fix it: check the address in data\/models\.json/);

    const cut = await failureOf(
      loadModelFiles("v1-0.25", {
        assetsDir: null,
        bundledDir: null,
        cacheDir,
        upstream: {models: {"v1-0.25": `${upstream.url}/cut-off/`}},
        log: captureLog()
      })
    );
    expect(cut.message).toMatch(/download of .*\/cut-off\/group1-shard1of1\?tfjs-format=file (broke off|ended) after/);
    await expect(readFile(join(cacheDir, "models", "mobilenet_v1_025_224", "model.json"))).rejects.toThrow(/ENOENT/);
  });

  it("rejects a model.json that is not the pinned one before reading it", async () => {
    const error = await failureOf(
      loadModelFiles("v1-0.25", {
        assetsDir: null,
        bundledDir: null,
        cacheDir: await freshCache("bad-json"),
        upstream: {models: {"v1-0.25": `${upstream.url}/bad-json/`}},
        log: captureLog()
      })
    );
    expect(error.message).toMatch(
      /bad-json\/model\.json\?tfjs-format=file does not match its pin in data\/models\.json: expected 60,507 bytes/
    );
  });

  it("refuses a project's copy with one byte changed, naming the file, both hashes and the fix; then tries the next source", async () => {
    // A private copy of data/ whose v1 0.25 weights have one bit flipped in the middle.
    const bundledDir = join(work, "corrupt-bundle");
    await cp(join(BUNDLED, "models", "mobilenet_v1_025_224"), join(bundledDir, "models", "mobilenet_v1_025_224"), {
      recursive: true
    });
    const shard = join(bundledDir, "models", "mobilenet_v1_025_224", "group1-shard1of1");
    const bytes = await readFile(shard);
    bytes[bytes.byteLength >> 1]! ^= 1;
    await writeFile(shard, bytes);
    const refusal =
      `${shard} does not match its pin in data/models.json: expected 1,875,348 bytes with SHA-256 ${V1_025_SHARD_SHA256}, ` +
      `found 1,875,348 bytes with SHA-256 ${sha256(bytes)}. The copy is damaged, cut short or another version. ` +
      `To fix it: restore the project's copy with \`git checkout -- ${shard}\`.`;

    const error = await failureOf(
      loadModelFiles("v1-0.25", {assetsDir: null, bundledDir, cacheDir: await freshCache("none"), download: false})
    );
    expect(error).toBeInstanceOf(AssetUnavailableError);
    expect(error.message).toContain(
      `the project's copy (${join(bundledDir, "models", "mobilenet_v1_025_224")}): ${refusal}`
    );

    const log = captureLog();
    const cacheDir = await freshCache("after-corrupt-bundle");
    const recovered = await loadModelFiles("v1-0.25", {assetsDir: null, bundledDir, cacheDir, upstream: hosts, log});
    expect(recovered.origin).toBe("download");
    expect(log.text).toContain(
      `skipped the project's copy (${join(bundledDir, "models", "mobilenet_v1_025_224")}): ${refusal}`
    );
    expect(sha256(await readFile(join(cacheDir, "models", "mobilenet_v1_025_224", "group1-shard1of1")))).toBe(
      V1_025_SHARD_SHA256
    );
  });

  it("reports a truncated shard or model.json in MOBILENET_ASSETS, and falls back to the project's copy with a warning", async () => {
    // A private copy of the assets folder's v1-0.25, damaged on purpose.
    const damaged = join(work, "damaged-assets");
    const folder = join(damaged, "models", "mobilenet_v1_025_224");
    await mkdir(folder, {recursive: true});
    await copyFile(assetFile("models", "mobilenet_v1_025_224", "model.json"), join(folder, "model.json"));
    await copyFile(assetFile("models", "mobilenet_v1_025_224", "group1-shard1of1"), join(folder, "group1-shard1of1"));
    await truncate(join(folder, "group1-shard1of1"), 1000);

    const log = captureLog();
    const recovered = await loadModelFiles("v1-0.25", {assetsDir: damaged, download: false, log});
    expect(recovered.origin).toBe("bundled");
    expect(log.text).toContain(
      `skipped MOBILENET_ASSETS (${folder}): ${join(folder, "group1-shard1of1")} does not match its pin in data/models.json: ` +
        `expected ${V1_025_SHARD_BYTES.toLocaleString("en-US")} bytes with SHA-256 ${V1_025_SHARD_SHA256}, found 1,000 bytes`
    );
    expect(log.text).toContain(
      `To fix it: replace ${join(folder, "group1-shard1of1")} with an intact copy, or unset MOBILENET_ASSETS`
    );

    const text = await readFile(join(folder, "model.json"), "utf8");
    await writeFile(join(folder, "model.json"), text.slice(0, 500));
    const badJson = await failureOf(
      loadModelFiles("v1-0.25", {
        assetsDir: damaged,
        bundledDir: null,
        cacheDir: await freshCache("none"),
        download: false
      })
    );
    expect(badJson.message).toContain(
      `${join(folder, "model.json")} does not match its pin in data/models.json: expected 60,507 bytes`
    );
  });

  it("refuses a photo with one byte changed, a JPEG in MOBILENET_ASSETS or a PNG in the project's copy", async () => {
    const changed = async (from: string, to: string) => {
      const bytes = await readFile(from);
      bytes[bytes.byteLength >> 1]! ^= 1;
      await mkdir(join(to, ".."), {recursive: true});
      await writeFile(to, bytes);
      return bytes;
    };
    const damaged = join(work, "damaged-photos");
    const jpeg = await changed(assetFile("images", "hot_dog.jpg"), join(damaged, "images", "hot_dog.jpg"));
    const log = captureLog();
    const hotDog = await loadPhoto("hot_dog.jpg", {assetsDir: damaged, download: false, log});
    expect(hotDog.origin).toBe("bundled");
    const hotDogPin = PHOTOS.find((photo) => photo.name === "hot_dog.jpg")!;
    expect(log.text).toContain(
      `${join(damaged, "images", "hot_dog.jpg")} does not match its pin in data/photos.json: ` +
        `expected ${hotDogPin.bytes.toLocaleString("en-US")} bytes with SHA-256 ${hotDogPin.sha256}, ` +
        `found ${jpeg.byteLength.toLocaleString("en-US")} bytes with SHA-256 ${sha256(jpeg)}`
    );

    const bundledDir = join(work, "damaged-bundle");
    await changed(assetFile("images", "cat.png"), join(bundledDir, "photos", "cat.png"));
    const error = await failureOf(
      loadPhoto("cat.png", {assetsDir: null, bundledDir, cacheDir: await freshCache("none"), download: false})
    );
    expect(error.message).toContain(
      `${join(bundledDir, "photos", "cat.png")} does not match its pin in data/photos.json`
    );
    expect(error.message).toContain("To fix it: restore the project's copy with `git checkout -- ");
  });

  it("refuses a downloaded BMP whose pixels are not the pinned ones", async () => {
    const error = await failureOf(
      loadPhoto("cat.png", {
        assetsDir: null,
        bundledDir: null,
        cacheDir: await freshCache("wrong-pixels"),
        upstream: {photos: `${upstream.url}/wrong-pixels/`},
        log: captureLog()
      })
    );
    const pin = PHOTOS.find((photo) => photo.name === "cat.png")!.pixelsSha256;
    expect(error.message).toContain(
      `${upstream.url}/wrong-pixels/cat.bmp does not match its pin in data/photos.json: expected pixels with SHA-256 ${pin}, found 512 × 341 pixels`
    );
  });

  it("replaces a damaged cached copy with a fresh download", async () => {
    const cacheDir = await freshCache("damaged-cache");
    const cached = join(cacheDir, "models", "mobilenet_v1_025_224");
    await mkdir(cached, {recursive: true});
    await copyFile(assetFile("models", "mobilenet_v1_025_224", "model.json"), join(cached, "model.json"));
    await writeFile(join(cached, "group1-shard1of1"), new Uint8Array(10));
    const files = await loadModelFiles("v1-0.25", {
      assetsDir: null,
      bundledDir: null,
      cacheDir,
      upstream: hosts,
      log: captureLog()
    });
    expect(files.origin).toBe("download");
    expect((await readFile(join(cached, "group1-shard1of1"))).byteLength).toBe(V1_025_SHARD_BYTES);
  });
});
