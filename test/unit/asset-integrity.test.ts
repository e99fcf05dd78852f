import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {checkPin, matchesPin, pinMismatch, sha256} from "../../components/node/assets/integrity.js";
import {PROJECT_ROOT} from "../../components/node/assets/manifests.js";
import {howToFix, SourceMiss} from "../../components/node/assets/sources.js";

const bytes = new TextEncoder().encode("hello");
const pin = {bytes: 5, sha256: "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"};

describe("sha256", () => {
  it("is the hex SHA-256 of the bytes", () => {
    expect(sha256(bytes)).toBe(pin.sha256);
  });
});

describe("matchesPin and checkPin", () => {
  it("accept the pinned bytes and refuse one changed bit or a missing byte", () => {
    expect(matchesPin(bytes, pin)).toBe(true);
    expect(checkPin(bytes, pin, "x", "cache", "data/photos.json")).toBe(bytes);
    const changed = Uint8Array.from(bytes);
    changed[0]! ^= 1;
    expect(matchesPin(changed, pin)).toBe(false);
    expect(matchesPin(bytes.subarray(0, 4), pin)).toBe(false);
    expect(() => checkPin(changed, pin, "x", "cache", "data/photos.json")).toThrow(SourceMiss);
  });
});

describe("pinMismatch", () => {
  it("names the file, the manifest, the expected and found size and hash, and the fix", () => {
    const file = join(PROJECT_ROOT, "data", "photos", "cat.png");
    const refusal = pinMismatch(bytes.subarray(0, 4), pin, file, "bundled", "data/photos.json");
    expect(refusal.notable).toBe(true);
    expect(refusal.message).toBe(
      `${file} does not match its pin in data/photos.json: expected 5 bytes with SHA-256 ${pin.sha256}, ` +
        `found 4 bytes with SHA-256 ${sha256(bytes.subarray(0, 4))}. The copy is damaged, cut short or another ` +
        "version. To fix it: restore the project's copy with `git checkout -- data/photos/cat.png`."
    );
  });
});

describe("howToFix", () => {
  it("says what to do for each source", () => {
    expect(howToFix("assets", "/a/cat.png", "data/photos.json")).toBe(
      "To fix it: replace /a/cat.png with an intact copy, or unset MOBILENET_ASSETS to use the project's own copy."
    );
    expect(howToFix("bundled", "/elsewhere/cat.png", "data/photos.json")).toContain(
      "git checkout -- /elsewhere/cat.png"
    );
    expect(howToFix("cache", "/c/cat.png", "data/photos.json")).toBe(
      "To fix it: delete /c/cat.png; a download replaces it."
    );
    expect(howToFix("download", "https://h/cat.bmp", "data/photos.json")).toMatch(
      /^To fix it: check the address in data\/photos\.json .*MOBILENET_ASSETS/
    );
  });
});
