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
 * Rebuilds the weights from the layout above as its bytes arrive, in chunks of any size, so the work is done while
 * the rest downloads. `weights()` gives them once every byte has come.
 */
export class WeightPlanesReader {
  private header = new Uint8Array(HEADER_BYTES);
  private received = 0;
  private out: Uint8Array | undefined;
  private words = 0;

  push(chunk: Uint8Array): void {
    let offset = 0;
    if (this.received < HEADER_BYTES) {
      const take = Math.min(HEADER_BYTES - this.received, chunk.byteLength);
      this.header.set(chunk.subarray(0, take), this.received);
      this.received += take;
      offset = take;
      if (this.received < HEADER_BYTES) return;
      if (MAGIC.some((byte, i) => this.header[i] !== byte))
        throw new Error("the weights file is not in the site's byte-plane format (it should start with WPLN)");
      const length = new DataView(this.header.buffer).getUint32(MAGIC.length, true);
      this.out = new Uint8Array(length);
      this.words = Math.floor(length / STRIDE);
    }
    const out = this.out!;
    const words = this.words;
    const planeBytes = words * STRIDE;
    let position = this.received - HEADER_BYTES; // where chunk[offset] goes in the planes' order
    if (position + (chunk.byteLength - offset) > out.byteLength)
      throw new Error(`the weights file is longer than the ${out.byteLength} bytes its header gives`);
    // Plane by plane: `plane` and `i` say where the next byte goes (out[i * STRIDE + plane]).
    while (offset < chunk.byteLength && position < planeBytes) {
      const plane = Math.floor(position / words);
      const i = position - plane * words;
      const count = Math.min(words - i, chunk.byteLength - offset);
      for (let k = 0; k < count; k++) out[(i + k) * STRIDE + plane] = chunk[offset + k]!;
      offset += count;
      position += count;
    }
    if (offset < chunk.byteLength) {
      out.set(chunk.subarray(offset), position);
      position += chunk.byteLength - offset;
    }
    this.received = HEADER_BYTES + position;
  }

  /** The weights' bytes; throws if the file ended before all of them came. */
  weights(): Uint8Array {
    const expected = this.out?.byteLength;
    if (expected === undefined || this.received - HEADER_BYTES !== expected)
      throw new Error(
        `the weights file ended after ${Math.max(0, this.received - HEADER_BYTES)} of ${expected ?? "?"} bytes`
      );
    return this.out!;
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
