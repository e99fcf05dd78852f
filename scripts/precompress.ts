// After `observable build` and scripts/strict-csp.ts (npm's "postbuild"): what a static host needs beside the files to
// serve the site fast. Each text file (HTML, JS, CSS, JSON, WASM, SVG) gets a brotli (.br) and a gzip (.gz) copy at
// the highest settings, which a host sends to a browser that accepts them instead of compressing on every request; and
// `_headers` (read by Netlify and Cloudflare Pages) lets browsers keep Framework's content-hashed files for a year.
//
// `tsx scripts/precompress.ts [folder]` (default dist/); running it twice gives the same files.
import {readdir, readFile, rm, stat, writeFile} from "node:fs/promises";
import {extname, join, relative, resolve} from "node:path";
import {pathToFileURL} from "node:url";
import {brotliCompressSync, constants, gzipSync} from "node:zlib";
import {errorMessage} from "../components/pipeline/errors.js";

/** The types worth compressing: text, and WebAssembly (which shrinks by two thirds). Images and weights do not. */
export const COMPRESSIBLE = new Set([".html", ".js", ".css", ".json", ".wasm", ".svg", ".txt"]);

/** Framework names every file under these folders by its content's hash, so a copy can never be stale. */
export const HASHED_FOLDERS = ["_file", "_import", "_node", "_npm", "_observablehq"] as const;

export const IMMUTABLE = "public, max-age=31536000, immutable";

export const ENCODINGS = {
  br: {extension: ".br", compress: (bytes: Uint8Array) => brotli(bytes)},
  gzip: {extension: ".gz", compress: (bytes: Uint8Array) => gzipSync(bytes, {level: 9})}
} as const;

export type Encoding = keyof typeof ENCODINGS;

function brotli(bytes: Uint8Array): Buffer {
  return brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength
    }
  });
}

export function isCompressible(path: string): boolean {
  return COMPRESSIBLE.has(extname(path).toLowerCase());
}

/** A site path ("/_node/d3@7/index.1a2b3c4d.js") that names a content-hashed file. */
export function isHashedPath(pathname: string): boolean {
  return HASHED_FOLDERS.some((folder) => pathname.startsWith(`/${folder}/`));
}

/** Netlify's and Cloudflare Pages' `_headers`: a year for the hashed folders; pages keep the host's default. */
export function headersFile(): string {
  const rules = HASHED_FOLDERS.map((folder) => `/${folder}/*\n  Cache-Control: ${IMMUTABLE}\n`);
  return `# Framework names these files by their content's hash: a browser may keep them for a year.\n${rules.join("")}`;
}

export interface PrecompressSummary {
  files: number;
  bytes: number;
  /** Bytes of the copies, for each encoding (a file whose copy would not be smaller counts as itself). */
  encoded: Record<Encoding, number>;
}

/** Writes the .br and .gz copies of every compressible file under `folder`, and `_headers`. */
export async function precompress(folder: string): Promise<PrecompressSummary> {
  const root = resolve(folder);
  const names = (await readdir(root, {recursive: true})).map((name) => join(root, name));
  const summary: PrecompressSummary = {files: 0, bytes: 0, encoded: {br: 0, gzip: 0}};
  for (const path of names.filter(isCompressible)) {
    if (!(await stat(path)).isFile()) continue;
    const bytes = await readFile(path);
    summary.files++;
    summary.bytes += bytes.byteLength;
    for (const [encoding, {extension, compress}] of Object.entries(ENCODINGS) as [
      Encoding,
      (typeof ENCODINGS)[Encoding]
    ][]) {
      const copy = compress(bytes);
      // A copy no smaller than the file would only cost the host a lookup: none is written (and an old one goes).
      if (copy.byteLength < bytes.byteLength) await writeFile(path + extension, copy);
      else await rm(path + extension, {force: true});
      summary.encoded[encoding] += Math.min(copy.byteLength, bytes.byteLength);
    }
  }
  if (!summary.files)
    throw new Error(`${folder} has no HTML, JavaScript or CSS: build the site first (npm run build).`);
  await writeFile(join(root, "_headers"), headersFile());
  return summary;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const folder = resolve(process.argv[2] ?? "dist");
  try {
    const {files, bytes, encoded} = await precompress(folder);
    const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
    console.log(
      `Pre-compressed ${files} text files in ${relative(process.cwd(), folder) || "."}: ${mb(bytes)} → ` +
        `${mb(encoded.br)} brotli (.br), ${mb(encoded.gzip)} gzip (.gz); _headers keeps hashed files a year.`
    );
  } catch (error) {
    console.error(errorMessage(error));
    process.exitCode = 1;
  }
}
