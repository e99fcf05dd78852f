// Every asset file, whichever source it comes from, must have the size and SHA-256 pinned in data/models.json or
// data/photos.json: a damaged, truncated or different file is refused before tfjs or sharp sees it.
import {createHash} from "node:crypto";
import type {FilePin} from "./manifests.js";
import {howToFix, SourceMiss, type AssetOrigin} from "./sources.js";

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function matchesPin(bytes: Uint8Array, pin: FilePin): boolean {
  return bytes.byteLength === pin.bytes && sha256(bytes) === pin.sha256;
}

/** The refusal of a file that does not match its pin: the file, what was expected and found, and the fix. */
export function pinMismatch(
  bytes: Uint8Array,
  pin: FilePin,
  file: string,
  origin: AssetOrigin,
  manifest: string
): SourceMiss {
  return new SourceMiss(
    `${file} does not match its pin in ${manifest}: expected ${count(pin.bytes)} bytes with SHA-256 ${pin.sha256}, ` +
      `found ${count(bytes.byteLength)} bytes with SHA-256 ${sha256(bytes)}. The copy is damaged, cut short or ` +
      `another version. ${howToFix(origin, file, manifest)}`
  );
}

/** Returns `bytes` if they match `pin`; otherwise throws pinMismatch's refusal. */
export function checkPin(
  bytes: Uint8Array,
  pin: FilePin,
  file: string,
  origin: AssetOrigin,
  manifest: string
): Uint8Array {
  if (!matchesPin(bytes, pin)) throw pinMismatch(bytes, pin, file, origin, manifest);
  return bytes;
}

function count(bytes: number): string {
  return bytes.toLocaleString("en-US");
}
