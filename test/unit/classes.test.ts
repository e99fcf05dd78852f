import {describe, expect, it} from "vitest";
import {
  CLASS_COUNT,
  IMAGENET_CLASSES,
  classFromHash,
  classLabel,
  shortLabel
} from "../../components/pipeline/classes.js";

describe("IMAGENET_CLASSES", () => {
  it("has 1000 classes with ids 0..999 in output order", () => {
    expect(CLASS_COUNT).toBe(1000);
    expect(IMAGENET_CLASSES).toHaveLength(1000);
    IMAGENET_CLASSES.forEach((entry, i) => expect(entry.index).toBe(i));
    for (const {label} of IMAGENET_CLASSES) expect(label.trim()).not.toBe("");
  });

  it("starts and ends with the known ImageNet classes", () => {
    expect(IMAGENET_CLASSES[0]!.label).toBe("tench, Tinca tinca");
    expect(classLabel(0)).toBe("tench, Tinca tinca");
    expect(classLabel(1)).toBe("goldfish, Carassius auratus");
    expect(classLabel(2)).toMatch(/^great white shark,/);
    expect(classLabel(999)).toBe("toilet tissue, toilet paper, bathroom tissue");
  });
});

describe("shortLabel", () => {
  it("is the first name of the class", () => {
    expect(shortLabel(0)).toBe("tench");
    expect(shortLabel(1)).toBe("goldfish");
    expect(shortLabel(2)).toBe("great white shark");
    expect(shortLabel(999)).toBe("toilet tissue");
  });

  it("never contains a comma or surrounding spaces", () => {
    for (const {index} of IMAGENET_CLASSES) {
      const name = shortLabel(index);
      expect(name).not.toContain(",");
      expect(name).toBe(name.trim());
      expect(name.length).toBeGreaterThan(0);
    }
  });
});

describe("classLabel", () => {
  it("rejects ids outside 0..999 with a RangeError that names the valid range", () => {
    expect(() => classLabel(1000)).toThrow(RangeError);
    expect(() => classLabel(1000)).toThrow(/1000.*0 to 999/);
    expect(() => classLabel(-1)).toThrow(RangeError);
    expect(() => shortLabel(1000)).toThrow(RangeError);
  });

  it("rejects ids that are not whole numbers", () => {
    expect(() => classLabel(1.5)).toThrow(RangeError);
    expect(() => classLabel(Number.NaN)).toThrow(RangeError);
  });
});

describe("classFromHash", () => {
  it("reads #class-N for the 1000 classes", () => {
    expect(classFromHash("#class-281")).toBe(281);
    expect(classFromHash("class-0")).toBe(0);
    expect(classFromHash("#class-999")).toBe(999);
  });

  it("gives null for anything else", () => {
    for (const hash of ["", "#", "#class-1000", "#class-", "#class--1", "#class-2x", "#the-formula", "#class-12345"]) {
      expect(classFromHash(hash)).toBeNull();
    }
  });
});
