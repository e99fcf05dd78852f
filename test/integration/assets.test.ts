// The asset layer: which source wins, downloads through a real HTTP server on 127.0.0.1 laid out like the upstream
// hosts, the cache, the pinned sizes and SHA-256 every copy is checked against, the BMP reader, and that the merged
// model really loads. The files come from the project's own copy in data/.
import {copyFile, cp, mkdir, mkdtemp, readFile, rm, symlink, truncate, writeFile} from "node:fs/promises";
import {execFile} from "node:child_process";
import {createServer} from "node:http";
import type {AddressInfo} from "node:net";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {promisify} from "node:util";
import {afterAll, beforeAll, describe, expect, it, vi} from "vitest";
import * as tf from "@tensorflow/tfjs";
import sharp from "sharp";
import {sha256} from "../../components/node/assets/integrity.js";
import {
  AssetUnavailableError,
  loadModelFiles,
  loadPhoto,
  MODEL_ENTRIES,
  PHOTOS,
  PROJECT_ROOT,
  type AssetOptions
} from "../../components/node/assets.js";
import {decodeBmp} from "../../components/node/bmp.js";
import {THUMBNAIL_SIZE, writeModelJson, writeModelWeights, writeThumbnail} from "../../components/node/data-loaders.js";
import {initBackend} from "../../components/node/runtime.js";
import {loadClassifier, type ModelId} from "../../components/pipeline/models.js";
import {serveDirectory, type StaticServer} from "../helpers/static-server.js";

// Where each model lives on its upstream host, as in data/models.json (path part only).
const HUB_PATH = "google/imagenet/mobilenet_v1_025_224/classification/1/";
const GCS_PATH = "tfjs-models/tfjs/mobilenet_v1_0.75_224/";
const CORAL_PATH = "google-coral/test_data/master/";
const FOLDERS: Record<ModelId, string> = {"v1-0.25": "mobilenet_v1_025_224", "v1-0.75": "mobilenet_v1_075_224_layers"};
const V1_025_SHARD_BYTES = 1_875_348;
const V1_025_SHARD_SHA256 = "0bb67208cb5d6d9ce1ebbc8e27236622ebe9c37fe54bc51de43898a3ccde21c1";
const BUNDLED = join(PROJECT_ROOT, "data");
const runFile = promisify(execFile);

/** A sink for progress and warnings that the test can read back. */
function captureLog(): {text: string; write(chunk: string): boolean} {
  return {
    text: "",
    write(chunk: string) {
      this.text += chunk;
      return true;
    }
  };
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** A BMP file written byte by byte from the format description (BITMAPFILEHEADER + BITMAPINFOHEADER, BGR rows). */
function encodeBmp(
  width: number,
  height: number,
  rgb: Uint8Array,
  {bitsPerPixel = 24, topDown = false} = {}
): Uint8Array {
  const bytesPerPixel = bitsPerPixel / 8;
  const stride = Math.ceil((width * bytesPerPixel) / 4) * 4;
  const pixelOffset = 14 + 40;
  const bytes = new Uint8Array(pixelOffset + stride * height);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x42; // "B"
  bytes[1] = 0x4d; // "M"
  view.setUint32(2, bytes.byteLength, true);
  view.setUint32(10, pixelOffset, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, width, true);
  view.setInt32(22, topDown ? -height : height, true);
  view.setUint16(26, 1, true); // planes
  view.setUint16(28, bitsPerPixel, true);
  view.setUint32(30, 0, true); // BI_RGB
  view.setUint32(34, stride * height, true);
  for (let y = 0; y < height; y++) {
    const row = pixelOffset + (topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const from = (y * width + x) * 3;
      const to = row + x * bytesPerPixel;
      bytes[to] = rgb[from + 2]!;
      bytes[to + 1] = rgb[from + 1]!;
      bytes[to + 2] = rgb[from]!;
      if (bytesPerPixel === 4) bytes[to + 3] = 0; // the unused byte: must not be read as transparency
    }
  }
  return bytes;
}

async function rawPixels(bytes: Uint8Array): Promise<{data: Buffer; width: number; height: number}> {
  const {data, info} = await sharp(bytes).removeAlpha().raw().toBuffer({resolveWithObject: true});
  return {data, width: info.width, height: info.height};
}

describe("BMP reader", () => {
  it("reads a hand-assembled 2×2 bitmap: bottom-up rows, blue-green-red bytes, rows padded to 4 bytes", () => {
    // Pixel rows as stored: the bottom row first. Each 2-pixel row is 6 bytes of BGR plus 2 bytes of padding.
    const header = [
      0x42,
      0x4d,
      70,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      54,
      0,
      0,
      0, // file header: "BM", size 70, pixels at 54
      40,
      0,
      0,
      0,
      2,
      0,
      0,
      0,
      2,
      0,
      0,
      0,
      1,
      0,
      24,
      0,
      0,
      0,
      0,
      0,
      16,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0
    ];
    const bottomRow = [0xff, 0, 0, /* blue */ 0xff, 0xff, 0xff, /* white */ 0, 0];
    const topRow = [0, 0, 0xff, /* red */ 0, 0xff, 0, /* green */ 0, 0];
    const image = decodeBmp(Uint8Array.from([...header, ...bottomRow, ...topRow]));
    expect([image.width, image.height]).toEqual([2, 2]);
    expect(Array.from(image.data)).toEqual([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]);
  });

  it.each([
    {bitsPerPixel: 24, topDown: false},
    {bitsPerPixel: 24, topDown: true},
    {bitsPerPixel: 32, topDown: false},
    {bitsPerPixel: 32, topDown: true}
  ])("round-trips random pixels at $bitsPerPixel bits, top-down: $topDown", ({bitsPerPixel, topDown}) => {
    const width = 7; // odd, so 24-bit rows need padding
    const height = 5;
    const rgb = Uint8Array.from({length: width * height * 3}, (_, i) => (i * 97 + 13) % 256);
    const image = decodeBmp(encodeBmp(width, height, rgb, {bitsPerPixel, topDown}));
    expect([image.width, image.height]).toEqual([width, height]);
    expect(Array.from(image.data)).toEqual(Array.from(rgb));
  });

  it("explains what it cannot read", () => {
    const good = encodeBmp(4, 4, new Uint8Array(48));
    const compressed = good.slice();
    new DataView(compressed.buffer).setUint32(30, 1, true); // BI_RLE8
    expect(() => decodeBmp(compressed, "x.bmp")).toThrow(/x\.bmp .*compressed.*BI_RGB/);
    expect(() => decodeBmp(good.subarray(0, good.byteLength - 10), "x.bmp")).toThrow(/truncated/);
    expect(() => decodeBmp(new TextEncoder().encode("<html>not found</html>".padEnd(80)), "x.bmp")).toThrow(/"BM"/);
  });
});

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
    const written: string[] = [];
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation(((chunk: string, done?: () => void) => {
      written.push(String(chunk));
      done?.();
      return true;
    }) as typeof process.stdout.write);
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const options: AssetOptions = {assetsDir: null, bundledDir: null, cacheDir: join(work, "cache"), download: false};
      await writeModelJson("mobilenet-v1-025", options);
      await writeModelWeights("mobilenet-v1-025", options);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
    expect(written).toHaveLength(1); // the json; the weights file stays empty
    const body = JSON.parse(written[0]!) as {error: string};
    expect(body.error).toMatch(/^This site was built without MobileNet v1 0\.25/);
    expect(body.error).not.toContain(work); // no builder's paths in the published site
  });

  it("leaves a sample's thumbnail empty when the build has no copy of the photo, and says so", async () => {
    const written: unknown[] = [];
    const said: string[] = [];
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation(((chunk: unknown, done?: () => void) => {
      written.push(chunk);
      done?.();
      return true;
    }) as typeof process.stdout.write);
    const stderr = vi
      .spyOn(process.stderr, "write")
      .mockImplementation(((chunk: string) => said.push(String(chunk)) > 0) as typeof process.stderr.write);
    try {
      await writeThumbnail("cat", {assetsDir: null, bundledDir: null, cacheDir: join(work, "cache"), download: false});
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
    expect(written).toEqual([]);
    expect(said.join("")).toContain("built WITHOUT the thumbnail of cat.png (empty file)");
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

describe("asset sources with the real files", () => {
  /** A folder laid out like mobilenet-assets (models/, images/), made of links to the project's copy. */
  let assets: string;
  let work: string;
  let upstream: StaticServer;
  /** Upstream base URLs on the local server; TF-Hub's goes through a redirect, as the real one does. */
  let hosts: Required<NonNullable<AssetOptions["upstream"]>>;
  const assetFile = (...parts: string[]) => join(assets, ...parts);

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "mobilenet-assets-"));
    assets = join(work, "assets");
    await mkdir(assets);
    await symlink(join(BUNDLED, "models"), join(assets, "models"), "dir");
    await symlink(join(BUNDLED, "photos"), join(assets, "images"), "dir");
    // The upstream layouts, linking to the assets folder's files; the coral PNGs are BMPs upstream.
    const site = join(work, "upstream");
    const layouts: [string, ModelId][] = [
      [join(site, "tfhub", HUB_PATH), "v1-0.25"],
      [join(site, "gcs", GCS_PATH), "v1-0.75"]
    ];
    for (const [folder, id] of layouts) {
      await mkdir(folder, {recursive: true});
      const modelJson = JSON.parse(
        await readFile(assetFile("models", FOLDERS[id], "model.json"), "utf8")
      ) as tf.io.ModelJSON;
      for (const name of ["model.json", ...modelJson.weightsManifest.flatMap((group) => group.paths)]) {
        await symlink(assetFile("models", FOLDERS[id], name), join(folder, name));
      }
    }
    const coral = join(site, "coral", CORAL_PATH);
    await mkdir(coral, {recursive: true});
    for (const photo of PHOTOS) {
      const upstreamName = photo.name.replace(/\.png$/, ".bmp");
      if (upstreamName.endsWith(".bmp")) {
        const {data, width, height} = await rawPixels(await readFile(assetFile("images", photo.name)));
        await writeFile(join(coral, upstreamName), encodeBmp(width, height, data));
      } else {
        await symlink(assetFile("images", photo.name), join(coral, upstreamName));
      }
    }
    const shard = await readFile(assetFile("models", FOLDERS["v1-0.25"], "group1-shard1of1"));
    upstream = await serveDirectory(site, {
      intercept: async (request, response) => {
        const url = new URL(request.url ?? "/", "http://localhost");
        if (url.pathname.startsWith("/hub/")) {
          response.writeHead(302, {location: `/tfhub/${url.pathname.slice("/hub/".length)}${url.search}`}).end();
          return true;
        }
        if (url.pathname.startsWith("/bad-json/")) {
          response.writeHead(200, {"content-type": "application/json"}).end('{"modelTopology": {"node": [');
          return true;
        }
        // A host whose cat.bmp has one pixel changed.
        if (url.pathname === "/wrong-pixels/cat.bmp") {
          const {data, width, height} = await rawPixels(await readFile(assetFile("images", "cat.png")));
          data[0] = data[0]! ^ 1;
          response.writeHead(200).end(encodeBmp(width, height, data));
          return true;
        }
        // A host whose copy of model.json is fine but whose weights file is short (complete response, wrong size).
        if (url.pathname.startsWith("/short-shard/")) {
          if (url.pathname.endsWith("model.json"))
            response.writeHead(200).end(await readFile(assetFile("models", FOLDERS["v1-0.25"], "model.json")));
          else response.writeHead(200, {"content-length": 1000}).end(shard.subarray(0, 1000));
          return true;
        }
        // A host that promises the whole weights file and hangs up halfway.
        if (url.pathname.startsWith("/cut-off/")) {
          if (url.pathname.endsWith("model.json"))
            response.writeHead(200).end(await readFile(assetFile("models", FOLDERS["v1-0.25"], "model.json")));
          else {
            response.writeHead(200, {"content-length": shard.byteLength});
            response.write(shard.subarray(0, 100_000), () => response.destroy());
          }
          return true;
        }
        return false;
      }
    });
    hosts = {
      models: {"v1-0.25": `${upstream.url}/hub/${HUB_PATH}`, "v1-0.75": `${upstream.url}/gcs/${GCS_PATH}`},
      photos: `${upstream.url}/coral/${CORAL_PATH}`
    };
  });

  afterAll(async () => {
    await upstream?.close();
    await rm(work, {recursive: true, force: true});
  });

  /** A fresh, empty cache folder inside the test's temp dir. */
  async function freshCache(name: string): Promise<string> {
    const dir = join(work, "caches", name);
    await rm(dir, {recursive: true, force: true});
    return dir;
  }

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

  it("runs as a Framework data loader: tsx, a --model parameter, the file on stdout", async () => {
    const {stdout} = await runFile(
      join(PROJECT_ROOT, "node_modules", ".bin", "tsx"),
      ["src/data/models/[model].json.ts", "--model=mobilenet-v1-025"],
      {
        cwd: PROJECT_ROOT,
        env: {...process.env, MOBILENET_ASSETS: ""}, // the project's copy
        maxBuffer: 10_000_000
      }
    );
    const modelJson = JSON.parse(stdout) as tf.io.ModelJSON;
    expect(modelJson.weightsManifest.map((group) => group.paths)).toEqual([["weights.bin"]]);
  });

  it("runs the thumbnail loader: a small JPEG of the photo, upright, THUMBNAIL_SIZE px on its short side", async () => {
    const {stdout} = await runFile(
      join(PROJECT_ROOT, "node_modules", ".bin", "tsx"),
      ["src/data/thumbs/[name].jpg.ts", "--name=cat"],
      {
        cwd: PROJECT_ROOT,
        env: {...process.env, MOBILENET_ASSETS: ""},
        encoding: "buffer",
        maxBuffer: 10_000_000
      }
    );
    const thumb = await sharp(stdout).metadata();
    const photo = await sharp(await readFile(assetFile("images", "cat.png"))).metadata();
    expect(thumb.format).toBe("jpeg");
    expect(Math.min(thumb.width!, thumb.height!)).toBe(THUMBNAIL_SIZE);
    expect(thumb.width! / thumb.height!).toBeCloseTo(photo.width! / photo.height!, 1);
    expect(stdout.byteLength).toBeLessThan(30_000); // the photo itself is hundreds of KB
  });

  it("serves a merged model that loadClassifier runs: logits [1, 1000]", async () => {
    await initBackend();
    const files = await loadModelFiles("v1-0.25", {assetsDir: assets, download: false});
    const [group] = files.modelJson.weightsManifest;
    const weightData = files.weights.buffer.slice(
      files.weights.byteOffset,
      files.weights.byteOffset + files.weights.byteLength
    ) as ArrayBuffer;
    const classifier = await loadClassifier(
      "v1-0.25",
      tf.io.fromMemory({modelTopology: files.modelJson.modelTopology, weightSpecs: group!.weights, weightData})
    );
    try {
      const {data, width, height} = await rawPixels(await readFile(assetFile("images", "cat.png")));
      const logits = tf.tidy(() => classifier.infer(tf.tensor3d(Int32Array.from(data), [height, width, 3], "int32")));
      expect(logits.shape).toEqual([1, 1000]);
      const values = await logits.data();
      logits.dispose();
      expect(values.every(Number.isFinite)).toBe(true);
    } finally {
      classifier.dispose();
    }
  });
});
