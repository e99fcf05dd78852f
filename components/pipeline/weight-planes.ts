// The site's weights file, smaller on the wire: the same bytes, byte planes first. A float32 weight's four bytes
// differ in kind: its sign and exponent (the high byte) take few values across a model, the low mantissa bytes look
// random. Stored as is, gzip finds little to compress (1.88 MB → 1.75 MB for v1 0.25); with the first byte of every
// weight together, then every second byte, and so on, the exponent plane shrinks to a third and the file to 1.60 MB.
// Lossless: the page rebuilds exactly the published float32 weights, so its numbers are the reader's numbers.
//
// Layout, before gzip: "WPLN", the weights' byte length (uint32, little-endian), then for n = ⌊length / 4⌋ the bytes
// 0, 4, 8, … 4(n−1), then 1, 5, 9, …, then 2, 6, …, then 3, 7, …, then the last length − 4n bytes as they are.

const MAGIC = [0x57, 0x50, 0x4c, 0x4e]; // "WPLN"
const HEADER_BYTES = 8;
const STRIDE = 4;

/** `weights` in the layout above (the caller gzips it). */
export function toWeightPlanes(weights: Uint8Array): Uint8Array {
  const length = weights.byteLength;
  const words = Math.floor(length / STRIDE);
  const out = new Uint8Array(HEADER_BYTES + length);
  out.set(MAGIC);
  new DataView(out.buffer).setUint32(MAGIC.length, length, true);
  for (let plane = 0; plane < STRIDE; plane++) {
    const start = HEADER_BYTES + plane * words;
    for (let i = 0; i < words; i++) out[start + i] = weights[i * STRIDE + plane]!;
  }
  out.set(weights.subarray(words * STRIDE), HEADER_BYTES + words * STRIDE);
  return out;
}

/**
 * Rebuilds the weights from the layout above, fed in chunks of any size as they arrive. `weights()` puts the planes
 * back together in one pass once every byte has come: a tight loop over whole words, a few milliseconds, where
 * scattering each byte as it came took ten times as long.
 */
export class WeightPlanesReader {
  private header = new Uint8Array(HEADER_BYTES);
  private received = 0;
  private planes: Uint8Array | undefined;

  push(chunk: Uint8Array): void {
    let offset = 0;
    if (this.received < HEADER_BYTES) {
      offset = Math.min(HEADER_BYTES - this.received, chunk.byteLength);
      this.header.set(chunk.subarray(0, offset), this.received);
      this.received += offset;
      if (this.received < HEADER_BYTES) return;
      if (MAGIC.some((byte, i) => this.header[i] !== byte))
        throw new Error("the weights file is not in the site's byte-plane format (it should start with WPLN)");
      this.planes = new Uint8Array(new DataView(this.header.buffer).getUint32(MAGIC.length, true));
    }
    const planes = this.planes!;
    const position = this.received - HEADER_BYTES;
    if (position + chunk.byteLength - offset > planes.byteLength)
      throw new Error(`the weights file is longer than the ${planes.byteLength} bytes its header gives`);
    planes.set(chunk.subarray(offset), position);
    this.received += chunk.byteLength - offset;
  }

  /** The weights' bytes; throws if the file ended before all of them came. */
  weights(): Uint8Array {
    const planes = this.planes;
    if (!planes || this.received - HEADER_BYTES !== planes.byteLength)
      throw new Error(
        `the weights file ended after ${Math.max(0, this.received - HEADER_BYTES)} of ${planes?.byteLength ?? "?"} bytes`
      );
    const length = planes.byteLength;
    const words = Math.floor(length / STRIDE);
    const out = new Uint8Array(length);
    // Whole words at once, in the platform's byte order: little-endian, as tfjs itself assumes when it reads weights.
    const wordsOut = new Uint32Array(out.buffer, 0, words);
    const [p0, p1, p2, p3] = [0, 1, 2, 3].map((plane) => planes.subarray(plane * words, (plane + 1) * words)) as [
      Uint8Array,
      Uint8Array,
      Uint8Array,
      Uint8Array
    ];
    for (let i = 0; i < words; i++) wordsOut[i] = (p0[i]! | (p1[i]! << 8) | (p2[i]! << 16) | (p3[i]! << 24)) >>> 0;
    out.set(planes.subarray(words * STRIDE), words * STRIDE);
    return out;
  }
}

/**
 * The weights from a byte-plane file's gzipped bytes, as a stream (a fetch response's body): decompressed and rebuilt
 * as they arrive. `onBytes` sees the running count of the file's own (compressed) bytes, e.g. for a progress bar.
 */
export async function readWeightPlanes(
  file: ReadableStream<Uint8Array<ArrayBuffer>>,
  onBytes?: (received: number) => void
): Promise<Uint8Array> {
  let received = 0;
  const counted = file.pipeThrough(
    new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
      transform(chunk, controller) {
        received += chunk.byteLength;
        onBytes?.(received);
        controller.enqueue(chunk);
      }
    })
  );
  const planes = new WeightPlanesReader();
  const reader = counted.pipeThrough(new DecompressionStream("gzip")).getReader();
  for (;;) {
    const {done, value} = await reader.read();
    if (done) break;
    planes.push(value);
  }
  return planes.weights();
}
