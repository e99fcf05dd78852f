// A sample photo's file from the first source with an intact copy. The PNGs are BMP files upstream: a download is
// decoded, checked by its pixels and stored as a PNG.
import {join} from "node:path";
import sharp from "sharp";
import {errorMessage} from "../../pipeline/errors.js";
import {decodeBmp} from "../bmp.js";
import {downloadBytes, startProgress} from "../download.js";
import {matchesPin, pinMismatch, sha256} from "./integrity.js";
import {photoEntry, PHOTOS_MANIFEST, PHOTOS_UPSTREAM, type PhotoEntry} from "./manifests.js";
import {
  firstAvailable,
  howToFix,
  readLocalFile,
  resolveOptions,
  SourceMiss,
  sourcesFor,
  writeFileAtomically,
  type AssetOptions,
  type AssetOrigin,
  type ResolvedOptions
} from "./sources.js";

export interface PhotoFile {
  bytes: Uint8Array;
  source: string;
  origin: AssetOrigin;
}

/** A sample photo's bytes (PNG or JPEG, as its name says) from the first source that has an intact copy. */
export async function loadPhoto(name: string, options: AssetOptions = {}): Promise<PhotoFile> {
  const entry = photoEntry(name);
  const resolved = resolveOptions(options);
  const url = `${resolved.upstream.photos ?? PHOTOS_UPSTREAM}${entry.upstream}`;
  const sources = sourcesFor<{bytes: Uint8Array}>(
    {layout: join("images", entry.name), bundled: join("photos", entry.name)},
    resolved,
    async (path, origin) => ({bytes: await checkPhoto(await readLocalFile(path, "the photo"), entry, path, origin)}),
    {
      url,
      fetch: async () => ({bytes: await downloadPhoto(entry, url, resolved)}),
      save: (path, photo) => writeFileAtomically(path, photo.bytes)
    }
  );
  const found = await firstAvailable(`the sample photo ${entry.name}`, sources, resolved);
  return {bytes: found.bytes, source: found.source, origin: found.origin};
}

/** `bytes` if they are the pinned file, or a PNG with exactly the pinned pixels (a download converted from BMP). */
async function checkPhoto(
  bytes: Uint8Array,
  entry: PhotoEntry,
  file: string,
  origin: AssetOrigin
): Promise<Uint8Array> {
  if (matchesPin(bytes, entry)) return bytes;
  if (entry.pixelsSha256 && (await pngPixelsSha256(bytes)) === entry.pixelsSha256) return bytes;
  throw pinMismatch(bytes, entry, file, origin, PHOTOS_MANIFEST);
}

/** The SHA-256 of a PNG's RGB pixels, or undefined when the bytes are not a PNG sharp can decode. */
async function pngPixelsSha256(bytes: Uint8Array): Promise<string | undefined> {
  const image = sharp(bytes);
  const format = await image.metadata().then(
    (metadata) => metadata.format,
    () => undefined
  );
  if (format !== "png") return undefined;
  return image
    .removeAlpha()
    .raw()
    .toBuffer()
    .then(sha256, () => undefined);
}

async function downloadPhoto(entry: PhotoEntry, url: string, options: ResolvedOptions): Promise<Uint8Array> {
  const progress = startProgress(`mobilenet-assets: downloading ${url}`, undefined, options.log);
  const downloaded = await downloadBytes(url, {onBytes: progress.advance, idleTimeoutMs: options.idleTimeoutMs});
  progress.finish();
  if (!entry.upstream.endsWith(".bmp")) return checkPhoto(downloaded, entry, url, "download");
  // Browsers would show a BMP, but sharp (and so the tests and the CLI) cannot read one: store the same pixels as PNG.
  let image;
  try {
    image = decodeBmp(downloaded, url);
  } catch (error) {
    throw new SourceMiss(errorMessage(error));
  }
  const pixels = sha256(image.data);
  if (pixels !== entry.pixelsSha256) {
    throw new SourceMiss(
      `${url} does not match its pin in ${PHOTOS_MANIFEST}: expected pixels with SHA-256 ${entry.pixelsSha256}, ` +
        `found ${image.width} × ${image.height} pixels with SHA-256 ${pixels}. ${howToFix("download", url, PHOTOS_MANIFEST)}`
    );
  }
  const png = await sharp(image.data, {raw: {width: image.width, height: image.height, channels: 3}})
    .png()
    .toBuffer();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
