import {describe, expect, it} from "vitest";
import {
  addClass,
  addExamples,
  classNameProblem,
  emptySet,
  removeClass,
  removeExample,
  renameClass,
  splitExamples,
  trainingProblem,
  unusedPhoto,
  type Example,
  type ExampleSet
} from "../../components/pipeline/example-set.js";

const example = (n: number): Example => ({
  id: `e${n}`,
  embedding: Float32Array.from({length: 256}, () => n),
  thumbnail: new Blob([]),
  source: "test"
});

function setWith(...counts: number[]): ExampleSet {
  let set = emptySet();
  while (set.classes.length < counts.length) set = addClass(set);
  let n = 0;
  set.classes.forEach((c, i) => {
    set = addExamples(
      set,
      c.id,
      Array.from({length: counts[i]!}, () => example(n++))
    );
  });
  return set;
}

describe("classes", () => {
  it("start as two empty classes and go up to five, never below two", () => {
    let set = emptySet();
    expect(set.classes.map((c) => c.name)).toEqual(["class 1", "class 2"]);
    for (let i = 0; i < 5; i++) set = addClass(set);
    expect(set.classes.map((c) => c.name)).toEqual(["class 1", "class 2", "class 3", "class 4", "class 5"]);
    expect(new Set(set.classes.map((c) => c.id)).size).toBe(5);
    for (const c of set.classes) set = removeClass(set, c.id);
    expect(set.classes.map((c) => c.name)).toEqual(["class 4", "class 5"]);
    expect(addClass(set).classes.map((c) => c.name)).toEqual(["class 4", "class 5", "class 3"]);
  });

  it("are renamed only to a name that is not empty, not too long and not another's", () => {
    const set = emptySet();
    const [first, second] = set.classes;
    expect(renameClass(set, first!.id, "  cat ").classes[0]!.name).toBe("cat");
    expect(renameClass(set, first!.id, "CLASS 2")).toBe(set);
    expect(renameClass(set, first!.id, "")).toBe(set);
    expect(renameClass(set, second!.id, "x".repeat(41))).toBe(set);
    expect(classNameProblem("Class 2", ["class 2"])).toBe("Another class is already called “Class 2”.");
    expect(classNameProblem(" ", [])).toBe("A class needs a name.");
    expect(classNameProblem("cat", ["dog"])).toBeNull();
  });
});

describe("examples", () => {
  it("are added to and removed from one class", () => {
    let set = setWith(2, 1);
    const [a, b] = set.classes;
    set = removeExample(set, a!.id, "e0");
    expect(set.classes[0]!.examples.map((e) => e.id)).toEqual(["e1"]);
    expect(set.classes[1]!.examples.map((e) => e.id)).toEqual(["e2"]);
    set = addExamples(set, b!.id, [example(9)]);
    expect(set.classes[1]!.examples.map((e) => e.id)).toEqual(["e2", "e9"]);
  });

  it("must number at least two in every class before training", () => {
    expect(trainingProblem(setWith(2, 2))).toBeNull();
    expect(trainingProblem(setWith(5, 1, 0))).toBe(
      "Each class needs at least 2 examples, one to learn from and one to test on: “class 2” has 1, “class 3” has 0."
    );
  });
});

describe("splitExamples", () => {
  it("holds out about 20% of each class, at least one and never all, the same way every time", () => {
    const set = setWith(20, 2, 3, 8);
    const split = splitExamples(set);
    const count = (list: typeof split.train, label: number) => list.filter((e) => e.label === label).length;
    expect([0, 1, 2, 3].map((label) => count(split.heldOut, label))).toEqual([4, 1, 1, 2]);
    expect([0, 1, 2, 3].map((label) => count(split.train, label))).toEqual([16, 1, 2, 6]);
    expect(split.classNames).toEqual(["class 1", "class 2", "class 3", "class 4"]);
    expect(splitExamples(set)).toEqual(split);
    // Every example lands on exactly one side, with its own class.
    const all = [...split.train, ...split.heldOut].map((e) => `${e.label}:${e.embedding[0]}`).sort();
    const expected = set.classes.flatMap((c, label) => c.examples.map((e) => `${label}:${e.embedding[0]}`)).sort();
    expect(all).toEqual(expected);
  });

  it("holds out a different choice for another seed", () => {
    const set = setWith(20, 20);
    const pick = (seed: number) => splitExamples(set, {seed}).heldOut.map((e) => e.embedding[0]);
    expect(pick(1)).not.toEqual(pick(2));
  });
});

describe("unusedPhoto", () => {
  const photos = [{name: "cat.png"}, {name: "hot_dog.jpg"}, {name: "owl.jpg"}];
  function from(...sources: string[]): ExampleSet {
    const set = emptySet();
    return addExamples(
      set,
      set.classes[0]!.id,
      sources.map((source, n) => ({...example(n), source}))
    );
  }

  it("is the first photo no example came from", () => {
    expect(unusedPhoto(emptySet(), photos)).toEqual({name: "cat.png"});
    expect(unusedPhoto(from("cat.png", "camera"), photos)).toEqual({name: "hot_dog.jpg"});
  });

  it("falls back to the first photo when every one was used", () => {
    expect(unusedPhoto(from("cat.png", "hot_dog.jpg", "owl.jpg"), photos)).toEqual({name: "cat.png"});
  });
});
