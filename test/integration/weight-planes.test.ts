// The weights file the site serves (data/models/<slug>.weights, written by the data loader): the published float32
// weights, byte for byte, in fewer bytes; and the model built from it answers exactly as the one built from the originals.
import {gunzipSync} from "node:zlib";
import * as tf from "@tensorflow/tfjs";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {loadModelFiles} from "../../components/node/assets.js";
import {writeModelWeights} from "../../components/node/data-loaders.js";
import {initBackend} from "../../components/node/runtime.js";
import {loadClassifier, singleFileModel, type ModelId} from "../../components/pipeline/models.js";
import {WeightPlanesReader} from "../../components/pipeline/weight-planes.js";
import {writesOf} from "../helpers/outcomes.js";

/** What the site's data loader writes for `slug`, as the build captures it from stdout. */
async function loaderOutput(slug: string): Promise<Uint8Array> {
  const {stdout} = await writesOf(() => writeModelWeights(slug));
  return Buffer.concat(stdout as Uint8Array[]);
}

function rebuild(file: Uint8Array): Uint8Array {
  const reader = new WeightPlanesReader();
  reader.push(gunzipSync(file));
  return reader.weights();
}

beforeAll(async () => {
  await initBackend();
});

describe.each([
  ["v1-0.25", "mobilenet-v1-025", 0.87],
  ["v1-0.75", "mobilenet-v1-075", 0.92]
] as const)("the site's %s weights file", (id: ModelId, slug, atMost) => {
  let file: Uint8Array;
  let published: Uint8Array;

  beforeAll(async () => {
    file = await loaderOutput(slug);
    published = (await loadModelFiles(id)).weights;
  });

  it(`holds the published weights byte for byte, in at most ${atMost * 100} % of their size`, () => {
    expect(Buffer.compare(rebuild(file), published)).toBe(0);
    expect(file.byteLength).toBeLessThan(atMost * published.byteLength);
  });

  describe("the model built from it", () => {
    let fromOriginal: Awaited<ReturnType<typeof loadClassifier>>;
    let fromSite: Awaited<ReturnType<typeof loadClassifier>>;

    beforeAll(async () => {
      const {modelJson, weights} = await loadModelFiles(id);
      fromOriginal = await loadClassifier(
        id,
        singleFileModel(modelJson, async () => weights.slice().buffer)
      );
      fromSite = await loadClassifier(
        id,
        singleFileModel(modelJson, async () => rebuild(file).slice().buffer)
      );
    });

    afterAll(() => {
      fromOriginal.dispose();
      fromSite.dispose();
    });

    it("answers exactly as the one built from the published files", async () => {
      const pixels = tf.tidy(() => tf.randomUniform([224, 224, 3], 0, 255, "int32", 18) as tf.Tensor3D);
      const a = fromOriginal.infer(pixels);
      const b = fromSite.infer(pixels);
      try {
        expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
      } finally {
        tf.dispose([pixels, a, b]);
      }
    });
  });
});
