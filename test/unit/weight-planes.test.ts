// The site's weights file (byte planes, gzipped): every byte comes back, however the download splits it.
import {gzipSync} from "node:zlib";
import {describe, expect, it} from "vitest";
import {readWeightPlanes, toWeightPlanes, WeightPlanesReader} from "../../components/pipeline/weight-planes.js";
import {seededRandom} from "../helpers/tf.js";

function randomBytes(length: number, seed: number): Uint8Array {
  const random = seededRandom(seed);
  return Uint8Array.from({length}, () => Math.floor(random() * 256));
}

/** Float32 weights like a model's: small values around zero, so their high bytes repeat. */
function modelLikeWeights(count: number, seed: number): Uint8Array {
  const random = seededRandom(seed);
  const floats = Float32Array.from({length: count}, () => (random() - 0.5) * 0.2);
  return new Uint8Array(floats.buffer);
}

function streamOf(bytes: Uint8Array, chunkSizes: number[]): ReadableStream<Uint8Array<ArrayBuffer>> {
  let offset = 0;
  let turn = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.byteLength) return controller.close();
      const size = chunkSizes[turn++ % chunkSizes.length]!;
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    }
  });
}

describe("toWeightPlanes and WeightPlanesReader", () => {
  it("put each weight's first bytes together, then its second bytes, and so on, after an 8-byte header", () => {
    const planes = toWeightPlanes(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    expect([...planes.subarray(0, 4)]).toEqual([..."WPLN"].map((c) => c.charCodeAt(0)));
    expect(new DataView(planes.buffer).getUint32(4, true)).toBe(10);
    expect([...planes.subarray(8)]).toEqual([1, 5, 2, 6, 3, 7, 4, 8, 9, 10]);
  });

  it("rebuild every byte of any length, from chunks of any size", () => {
    for (const length of [0, 1, 3, 4, 5, 1001, 4096, 10_007]) {
      const weights = randomBytes(length, length + 1);
      const planes = toWeightPlanes(weights);
      for (const chunk of [1, 3, 7, 8, 9, 1000, planes.byteLength]) {
        const reader = new WeightPlanesReader();
        for (let offset = 0; offset < planes.byteLength; offset += chunk)
          reader.push(planes.subarray(offset, offset + chunk));
        expect(reader.weights(), `length ${length}, chunks of ${chunk}`).toEqual(weights);
      }
    }
  });

  it("refuse a file in another format, one cut short, and one longer than its header says", () => {
    const weights = randomBytes(100, 7);
    const planes = toWeightPlanes(weights);
    expect(() => new WeightPlanesReader().push(weights)).toThrow(/not in the site's byte-plane format/);
    const short = new WeightPlanesReader();
    short.push(planes.subarray(0, 50));
    expect(() => short.weights()).toThrow("the weights file ended after 42 of 100 bytes");
    const long = new WeightPlanesReader();
    expect(() => long.push(Uint8Array.from([...planes, 0]))).toThrow(/longer than the 100 bytes its header gives/);
    expect(() => new WeightPlanesReader().weights()).toThrow(/ended after 0 of \? bytes/);
  });

  it("let gzip shrink float32 weights below the plain file's gzip", () => {
    const weights = modelLikeWeights(50_000, 3);
    const plain = gzipSync(weights, {level: 9}).byteLength;
    const planes = gzipSync(toWeightPlanes(weights), {level: 9}).byteLength;
    expect(planes).toBeLessThan(0.95 * plain);
  });
});

describe("readWeightPlanes", () => {
  it("decompresses and rebuilds a gzipped file as its bytes arrive, counting them", async () => {
    const weights = modelLikeWeights(20_000, 5);
    const file = gzipSync(toWeightPlanes(weights), {level: 9});
    const counts: number[] = [];
    const rebuilt = await readWeightPlanes(streamOf(file, [1000, 17, 4096]), (received) => counts.push(received));
    expect(rebuilt).toEqual(weights);
    expect(counts.at(-1)).toBe(file.byteLength);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
  });

  it("fails on a download cut short", async () => {
    const file = gzipSync(toWeightPlanes(modelLikeWeights(20_000, 6)), {level: 9});
    await expect(readWeightPlanes(streamOf(file.subarray(0, file.byteLength - 100), [4096]))).rejects.toThrow();
  });
});
