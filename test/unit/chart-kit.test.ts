// The pure parts of the chart views: the class in a URL hash, the arrow-key cursor, the slider range.
import {describe, expect, it} from "vitest";
import {classFromHash, cursorKey} from "../../components/views/chart-kit.js";
import {sliderRange, stepText} from "../../components/views/softmax-steps.js";

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

describe("cursorKey", () => {
  it("moves one with the arrows, ten with Shift, a hundred by page, to the ends with Home and End", () => {
    expect(cursorKey("ArrowRight", false, 5, 1000)).toBe(6);
    expect(cursorKey("ArrowLeft", true, 5, 1000)).toBe(0);
    expect(cursorKey("ArrowRight", true, 995, 1000)).toBe(999);
    expect(cursorKey("PageDown", false, 950, 1000)).toBe(999);
    expect(cursorKey("PageUp", false, 150, 1000)).toBe(50);
    expect(cursorKey("Home", false, 500, 1000)).toBe(0);
    expect(cursorKey("End", false, 500, 1000)).toBe(999);
  });

  it("follows the ranking with up and down, and ignores other keys", () => {
    const ranking = [7, 2, 9, 0];
    expect(cursorKey("ArrowUp", false, 9, 10, ranking)).toBe(2);
    expect(cursorKey("ArrowDown", false, 9, 10, ranking)).toBe(0);
    expect(cursorKey("ArrowUp", false, 7, 10, ranking)).toBe(7);
    expect(cursorKey("ArrowDown", false, 0, 10, ranking)).toBe(0);
    expect(cursorKey("Enter", false, 3, 10, ranking)).toBeNull();
  });
});

describe("the four-logit explorer", () => {
  it("widens the slider range to hold the starting values", () => {
    expect(sliderRange([2, 1, 0.5, -1])).toEqual([-5, 10]);
    expect(sliderRange([14.1, 13.1, 12.7, 11.3])).toEqual([-5, 16]);
    expect(sliderRange([-8.2, 0])).toEqual([-10, 10]);
  });

  it("writes each step's number with its column's decimals, and typesets the exponents of the very large and small", () => {
    expect(stepText(0.36787944, 4)).toBe("0.3679");
    expect(stepText(-0.9997, 2)).toBe("−1.00");
    expect(stepText(14.1, 2)).toBe("14.10");
    expect(stepText(1329106.4, 4)).toBe("1.33 × 10⁶");
    expect(stepText(0.00002, 4)).toBe("2.00 × 10⁻⁵");
    expect(stepText(Infinity, 2)).toBe("Infinity");
    expect(stepText(0, 4)).toBe("0.0000");
  });
});
