import {describe, expect, it} from "vitest";
import {IMAGENET_CLASSES, classLabel} from "../../components/pipeline/classes.js";
import {matchClasses, sortClasses} from "../../components/views/class-table.js";

describe("matchClasses", () => {
  it("finds a class by words of its label, ignoring case and surrounding spaces", () => {
    expect(matchClasses(IMAGENET_CLASSES, "toilet tissue").map(({index}) => index)).toEqual([999]);
    expect(matchClasses(IMAGENET_CLASSES, "  TOILET Tissue ")).toEqual(matchClasses(IMAGENET_CLASSES, "toilet tissue"));
  });

  it("finds ids by substring, in table order", () => {
    const found = matchClasses(IMAGENET_CLASSES, "99").map(({index}) => index);
    expect(found).toEqual(
      IMAGENET_CLASSES.map(({index}) => index).filter((i) => String(i).includes("99") || classLabel(i).includes("99"))
    );
    expect(found).toContain(99);
    expect(found).toContain(999);
  });

  it("returns every class (a copy) for an empty query, and none for a query nothing has", () => {
    const all = matchClasses(IMAGENET_CLASSES, " ");
    expect(all).toEqual(IMAGENET_CLASSES);
    expect(all).not.toBe(IMAGENET_CLASSES);
    expect(matchClasses(IMAGENET_CLASSES, "no such class anywhere")).toEqual([]);
  });
});

describe("sortClasses", () => {
  const sample = [
    {index: 3, label: "beta"},
    {index: 1, label: "Alpha"},
    {index: 2, label: "alpha"},
    {index: 0, label: "gamma"}
  ];

  it("sorts by id both ways", () => {
    expect(sortClasses(sample, {key: "index", direction: "ascending"}).map(({index}) => index)).toEqual([0, 1, 2, 3]);
    expect(sortClasses(sample, {key: "index", direction: "descending"}).map(({index}) => index)).toEqual([3, 2, 1, 0]);
  });

  it("sorts by label ignoring case, equal labels in id order, and descending is the exact reverse", () => {
    const ascending = sortClasses(sample, {key: "label", direction: "ascending"});
    expect(ascending.map(({index}) => index)).toEqual([1, 2, 3, 0]);
    expect(sortClasses(sample, {key: "label", direction: "descending"})).toEqual(ascending.slice().reverse());
  });

  it("does not change its input, and sorts all 1000 classes into a permutation", () => {
    const before = IMAGENET_CLASSES.slice();
    const sorted = sortClasses(IMAGENET_CLASSES, {key: "label", direction: "ascending"});
    expect(IMAGENET_CLASSES).toEqual(before);
    expect(sorted.map(({index}) => index).sort((a, b) => a - b)).toEqual(before.map(({index}) => index));
  });
});
