// The WordNet tree behind the categories: the committed data/imagenet-hierarchy.json is what WordNet 3.0 gives today,
// each class is the synset its label names (checked against ImageNet's own wnids where the assets have them), and the
// categories hold what they should: every dog breed is a dog, the five domestic cats are domestic cats.
import {readFile} from "node:fs/promises";
import {describe, expect, it} from "vitest";
import {
  deriveHierarchy,
  hierarchyText,
  HIERARCHY_FILE,
  OTHER_CATEGORY,
  readWnidChoices
} from "../../components/node/imagenet-hierarchy.js";
import {candidateWnids, parseNounData, readWordNet30, wnidsForLabels} from "../../components/node/wordnet.js";
import {
  ancestorChain,
  classesInCategory,
  classesUnder,
  type ImagenetHierarchy
} from "../../components/pipeline/categories.js";
import {IMAGENET_CLASSES} from "../../components/pipeline/classes.js";
import {imagenetPath} from "../helpers/tf.js";

const committed = JSON.parse(await readFile(HIERARCHY_FILE, "utf8")) as ImagenetHierarchy;
const names = (indices: number[]) => indices.map((i) => committed.synsets[i]!.name);
const categoryNamed = (name: string) => committed.categories.findIndex((category) => category.name === name);

describe("data/imagenet-hierarchy.json", () => {
  it("is exactly what `npm run wordnet` writes from WordNet 3.0 now", async () => {
    const text = await readFile(HIERARCHY_FILE, "utf8");
    expect(hierarchyText(await deriveHierarchy())).toBe(text);
  });

  it("gives the 1000 classes distinct wnids that rise with the class id, each synset's words the class's label", async () => {
    const synsets = await readWordNet30();
    const wnids = committed.synsets.slice(0, 1000).map((s) => s.wnid);
    expect(new Set(wnids).size).toBe(1000);
    for (let i = 1; i < 1000; i++) expect(wnids[i]! > wnids[i - 1]!).toBe(true);
    const squeeze = (text: string) => text.replace(/\s/g, "");
    IMAGENET_CLASSES.forEach(({index, label}) => {
      expect(squeeze(synsets.get(wnids[index]!)!.words.join(", ")), `class ${index}`).toBe(squeeze(label));
    });
  });

  it("agrees with ImageNet's own wnids for the 26 sample photos' classes", async () => {
    const known = JSON.parse(await readFile(imagenetPath("labels.json"), "utf8")) as {
      index: number;
      wnid: string;
    }[];
    expect(known).toHaveLength(26);
    for (const {index, wnid} of known) expect(committed.synsets[index]!.wnid, `class ${index}`).toBe(wnid);
  });

  it("puts every one of the 118 dog breeds (151–268) under dog, and only them", () => {
    const dogs = committed.synsets.findIndex((s) => s.wnid === "n02084071");
    const breeds = Array.from({length: 268 - 151 + 1}, (_, i) => 151 + i);
    expect(classesUnder(committed, dogs)).toEqual(breeds);
    expect(classesInCategory(committed, categoryNamed("dogs"))).toEqual(breeds);
  });

  it("puts the domestic cats 281–285 in their own category, and big cats elsewhere", () => {
    expect(classesInCategory(committed, categoryNamed("domestic cats"))).toEqual([281, 282, 283, 284, 285]);
    expect(committed.categoryOfClass[291]).toBe(categoryNamed("wild cats")); // lion
  });

  it("walks a tabby up to 'entity' through domestic cat, cat and mammal", () => {
    const chain = names(ancestorChain(committed, 281));
    expect(chain.slice(0, 4)).toEqual(["tabby", "domestic cat", "cat", "feline"]);
    expect(chain).toContain("mammal");
    expect(chain.at(-1)).toBe("entity");
  });

  it("gives every class one category, and no class is a kind of another class", () => {
    expect(committed.categoryOfClass).toHaveLength(1000);
    expect(committed.categories.at(-1)!.name).toBe(OTHER_CATEGORY);
    for (const c of committed.categoryOfClass) expect(c >= 0 && c < committed.categories.length).toBe(true);
    for (let i = 0; i < 1000; i++) expect(classesUnder(committed, i)).toEqual([i]);
  });
});

describe("wnidsForLabels", () => {
  // A tiny WordNet: "crane" the bird (lower offset) and the machine, and two meanings of "library".
  const synsets = parseNounData(
    [
      "  1 This software and database is being provided to you, the LICENSEE, by",
      "00000010 05 n 01 bird 0 000 | an animal that flies",
      "00000020 05 n 01 crane 0 001 @ 00000010 n 0000 | a large wading bird",
      "00000030 06 n 01 crane 0 000 | lifts heavy things",
      "00000040 06 n 01 library 0 000 | a room where books are kept",
      "00000050 06 n 01 library 0 000 | a building that houses books",
      "00000060 06 n 01 jellyfish 0 000 | a sea animal"
    ].join("\n")
  );

  it("reads a synset's words, hypernyms and gloss", () => {
    expect(synsets.get("n00000020")).toEqual({
      wnid: "n00000020",
      words: ["crane"],
      hypernyms: ["n00000010"],
      gloss: "a large wading bird"
    });
    expect(synsets.size).toBe(6);
  });

  it("tells two classes with the same label apart by ImageNet's wnid order", () => {
    expect(wnidsForLabels(["crane", "crane"], synsets, new Map())).toEqual(["n00000020", "n00000030"]);
  });

  it("matches a label that splits a word ('jelly fish') to the synset that doesn't", () => {
    expect(candidateWnids(["jelly fish"], synsets)).toEqual([["n00000060"]]);
  });

  it("needs a decision where the words and the order leave two synsets, and takes only one that fits", () => {
    expect(() => wnidsForLabels(["library"], synsets, new Map())).toThrow(/0 \(n00000040 or n00000050\)/);
    expect(wnidsForLabels(["library"], synsets, new Map([[0, "n00000050"]]))).toEqual(["n00000050"]);
    expect(() => wnidsForLabels(["library"], synsets, new Map([[0, "n00000030"]]))).toThrow(/words don't fit/);
    expect(() => wnidsForLabels(["crane", "crane"], synsets, new Map([[0, "n00000020"]]))).toThrow(/needs no/);
    expect(() => wnidsForLabels(["tabby"], synsets, new Map())).toThrow(/matches no WordNet/);
  });

  it("needs exactly the 41 committed decisions for ImageNet's labels", async () => {
    const labels = IMAGENET_CLASSES.map((entry) => entry.label);
    const open = candidateWnids(labels, await readWordNet30());
    const undecided = open.flatMap((found, i) => (found.length > 1 ? [i] : []));
    expect([...(await readWnidChoices()).keys()].sort((a, b) => a - b)).toEqual(undecided);
    expect(undecided).toHaveLength(41);
  });
});
