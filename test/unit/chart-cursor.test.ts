// The arrow-key cursor every class chart shares (components/views/chart-cursor.ts).
import {describe, expect, it} from "vitest";
import {cursorKey} from "../../components/views/chart-cursor.js";

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
