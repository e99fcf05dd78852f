// Files served as a real static host serves them: text types compressed (brotli, else gzip, as the browser accepts),
// from the .br/.gz copies the build writes beside them (scripts/precompress.ts) or, for a folder without them,
// compressed once in memory the same way; Framework's content-hashed files cacheable for a year and pages revalidated
// by ETag, so a warm load asks again only for the page.
import {existsSync} from "node:fs";
import {readFile, readdir, stat} from "node:fs/promises";
import type {IncomingMessage, ServerResponse} from "node:http";
import {extname, join} from "node:path";
import {ENCODINGS, IMMUTABLE, isCompressible, type Encoding} from "../../scripts/precompress.js";
import {CONTENT_TYPES} from "../helpers/static-server.js";

/** What a host sends for a file that may be kept: a year for hashed names, revalidation for everything else. */
export function cacheControl(immutable: boolean): string {
  return immutable ? IMMUTABLE : "no-cache";
}

/** The encoding a host picks for a request: brotli if the browser takes it, else gzip, else none. */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  const accepted = new Set(
    (acceptEncoding ?? "")
      .split(",")
      .map((part) => part.trim().split(";"))
      .filter(([, q]) => q?.trim() !== "q=0")
      .map(([name]) => name!.trim().toLowerCase())
  );
  if (accepted.has("br")) return "br";
  if (accepted.has("gzip")) return "gzip";
  return undefined;
}

export interface StaticHost {
  /** Answers `request` with the file at `path` (which exists), as described above. */
  serve(request: IncomingMessage, response: ServerResponse, path: string, options: {immutable: boolean}): Promise<void>;
  /** Text files of the folders that had no pre-compressed copies, compressed here instead. */
  compressedInMemory: number;
}

/**
 * A host for the files under `folders`. Any compressible file without its .br and .gz copies beside it is compressed
 * now, before the first request, so that no measured load waits for a compressor.
 */
export async function staticHost(folders: readonly string[]): Promise<StaticHost> {
  const inMemory = new Map<string, Partial<Record<Encoding, Buffer>>>();
  for (const folder of folders) {
    for (const name of await readdir(folder, {recursive: true})) {
      const path = join(folder, name);
      if (!isCompressible(path) || !(await stat(path)).isFile()) continue;
      const missing = (Object.keys(ENCODINGS) as Encoding[]).filter(
        (encoding) => !existsSync(path + ENCODINGS[encoding].extension)
      );
      if (missing.length === 0) continue;
      const bytes = await readFile(path);
      const copies: Partial<Record<Encoding, Buffer>> = {};
      for (const encoding of missing) {
        const copy = ENCODINGS[encoding].compress(bytes);
        if (copy.byteLength < bytes.byteLength) copies[encoding] = copy;
      }
      inMemory.set(path, copies);
    }
  }

  async function encodedBody(path: string, encoding: Encoding): Promise<Buffer | undefined> {
    const copy = inMemory.get(path)?.[encoding];
    if (copy) return copy;
    return readFile(path + ENCODINGS[encoding].extension).catch(() => undefined);
  }

  return {
    compressedInMemory: inMemory.size,
    async serve(request, response, path, {immutable}) {
      const info = await stat(path);
      const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
      const headers: Record<string, string | number> = {
        "content-type": CONTENT_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream",
        "cache-control": cacheControl(immutable),
        etag,
        "last-modified": info.mtime.toUTCString()
      };
      const compressible = isCompressible(path);
      if (compressible) headers.vary = "accept-encoding";
      if (request.headers["if-none-match"] === etag) return void response.writeHead(304, headers).end();
      const encoding = compressible ? chooseEncoding(request.headers["accept-encoding"]) : undefined;
      const encoded = encoding ? await encodedBody(path, encoding) : undefined;
      const body = encoded ?? (await readFile(path));
      if (encoded) headers["content-encoding"] = encoding!;
      headers["content-length"] = body.byteLength;
      response.writeHead(200, headers);
      response.end(request.method === "HEAD" ? undefined : body);
    }
  };
}
