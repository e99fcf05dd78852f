// The stand-in for the asset hosts: a folder laid out like mobilenet-assets (made of links to the project's copy in
// data/) and an HTTP server on 127.0.0.1 laid out like the upstream hosts (TF-Hub behind a redirect, GCS, the coral
// photos as BMPs), with a few hosts that misbehave on purpose. Each asset test file that needs it calls
// useUpstreamAssets() at its top.
import {mkdir, mkdtemp, readFile, rm, symlink, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll} from "vitest";
import type * as tf from "@tensorflow/tfjs";
import {PHOTOS, PROJECT_ROOT, type AssetOptions} from "../../components/node/assets.js";
import type {ModelId} from "../../components/pipeline/models.js";
import {encodeBmp, rawPixels} from "./bmp.js";
import {serveDirectory, type StaticServer} from "./static-server.js";

// Where each model lives on its upstream host, as in data/models.json (path part only).
export const HUB_PATH = "google/imagenet/mobilenet_v1_025_224/classification/1/";
export const GCS_PATH = "tfjs-models/tfjs/mobilenet_v1_0.75_224/";
export const CORAL_PATH = "google-coral/test_data/master/";
export const FOLDERS: Record<ModelId, string> = {
  "v1-0.25": "mobilenet_v1_025_224",
  "v1-0.75": "mobilenet_v1_075_224_layers"
};
export const BUNDLED = join(PROJECT_ROOT, "data");

export type UpstreamHosts = Required<NonNullable<AssetOptions["upstream"]>>;

export interface UpstreamAssets {
  /** The folder laid out like mobilenet-assets. */
  assets: string;
  /** The test's temporary folder (removed after the file's tests). */
  work: string;
  upstream: StaticServer;
  /** Upstream base URLs on the local server; TF-Hub's goes through a redirect, as the real one does. */
  hosts: UpstreamHosts;
}

/** Sets up the stand-in before the file's tests and removes it after; read `ready()` inside a hook or test. */
export function useUpstreamAssets(): {
  ready(): UpstreamAssets;
  assetFile(...parts: string[]): string;
  freshCache(name: string): Promise<string>;
} {
  let assets: string;
  let work: string;
  let upstream: StaticServer;
  let hosts: UpstreamHosts;
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

  return {
    ready: () => {
      if (!upstream) throw new Error("The upstream stand-in starts in beforeAll: read it inside a hook or a test.");
      return {assets, work, upstream, hosts};
    },
    assetFile,
    freshCache
  };
}
