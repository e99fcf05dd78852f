// ImageNet's 1000 classes placed in WordNet 3.0's "is a kind of" tree, and rolled up into a few everyday categories:
// written to data/imagenet-hierarchy.json by `npm run wordnet`, at build time, so the browser only reads the result.
// The categories are a short list of WordNet synsets chosen here; which classes fall in each is WordNet's doing.
import {readFile, writeFile} from "node:fs/promises";
import {IMAGENET_CLASSES} from "../pipeline/classes.js";
import type {ImagenetHierarchy} from "../pipeline/categories.js";
import {readWordNet30, wnidsForLabels, type Synset} from "./wordnet.js";

export const HIERARCHY_FILE = new URL("../../data/imagenet-hierarchy.json", import.meta.url);
export const WNID_CHOICES_FILE = new URL("../../data/imagenet-wnid-choices.json", import.meta.url);

/**
 * The categories, most specific first: a class counts in the first one it is a kind of, so a dog counts as a dog,
 * not as an "other mammal". Each names WordNet synsets by wnid, with the synset's first word as a check.
 */
export const CATEGORIES: readonly {name: string; synsets: readonly (readonly [wnid: string, word: string])[]}[] = [
  {name: "dogs", synsets: [["n02084071", "dog"]]},
  {name: "domestic cats", synsets: [["n02121808", "domestic cat"]]},
  {name: "wild cats", synsets: [["n02120997", "feline"]]},
  {name: "wolves, foxes and wild dogs", synsets: [["n02083346", "canine"]]},
  {name: "primates", synsets: [["n02469914", "primate"]]},
  {name: "other mammals", synsets: [["n01861778", "mammal"]]},
  {name: "birds", synsets: [["n01503061", "bird"]]},
  {name: "reptiles", synsets: [["n01661091", "reptile"]]},
  {name: "amphibians", synsets: [["n01627424", "amphibian"]]},
  {name: "fish", synsets: [["n02512053", "fish"]]},
  {name: "insects", synsets: [["n02159955", "insect"]]},
  {name: "spiders, crabs and other arthropods", synsets: [["n01767661", "arthropod"]]},
  {name: "other animals", synsets: [["n00015388", "animal"]]},
  {name: "people", synsets: [["n00007846", "person"]]},
  {
    name: "food",
    synsets: [
      ["n00021265", "food"],
      ["n07555863", "food"]
    ]
  },
  {
    name: "plants and fungi",
    synsets: [
      ["n00017222", "plant"],
      ["n12992868", "fungus"],
      ["n13086908", "plant part"]
    ]
  },
  {name: "musical instruments", synsets: [["n03800933", "musical instrument"]]},
  {name: "clothing", synsets: [["n03051540", "clothing"]]},
  {name: "furniture", synsets: [["n03405725", "furniture"]]},
  {name: "vehicles", synsets: [["n03100490", "conveyance"]]},
  {name: "buildings and structures", synsets: [["n04341686", "structure"]]},
  {name: "containers", synsets: [["n03094503", "container"]]},
  {
    name: "devices and machines",
    synsets: [
      ["n03183080", "device"],
      ["n02729837", "appliance"]
    ]
  },
  {
    name: "tools and equipment",
    synsets: [
      ["n03563967", "implement"],
      ["n03294048", "equipment"]
    ]
  },
  {name: "other coverings", synsets: [["n03122748", "covering"]]},
  {name: "landscapes", synsets: [["n09287968", "geological formation"]]}
];

/** The category of a class that is a kind of none of the above. */
export const OTHER_CATEGORY = "other things";

/** The 41 classes WordNet's words and ImageNet's order leave open, settled by ILSVRC's own synset list. */
export async function readWnidChoices(): Promise<Map<number, string>> {
  const {choices} = JSON.parse(await readFile(WNID_CHOICES_FILE, "utf8")) as {choices: {class: number; wnid: string}[]};
  return new Map(choices.map((choice) => [choice.class, choice.wnid]));
}

/** The classes, their ancestors and their categories, from WordNet's synsets and the classes' wnids. */
export function buildHierarchy(synsets: ReadonlyMap<string, Synset>, wnids: readonly string[]): ImagenetHierarchy {
  const synset = (wnid: string) => {
    const found = synsets.get(wnid);
    if (!found) throw new Error(`WordNet 3.0 has no noun synset ${wnid}.`);
    return found;
  };
  // The classes first, in class order, then each ancestor the first time a walk up from a class meets it.
  const order: string[] = [...wnids];
  const position = new Map(order.map((wnid, i) => [wnid, i]));
  if (position.size !== wnids.length) throw new Error("Two classes have the same wnid.");
  for (let i = 0; i < order.length; i++) {
    for (const parent of synset(order[i]!).hypernyms) {
      if (!position.has(parent)) {
        position.set(parent, order.length);
        order.push(parent);
      }
    }
  }
  const entries = order.map((wnid) => ({
    wnid,
    name: synset(wnid).words[0]!,
    parents: synset(wnid).hypernyms.map((parent) => position.get(parent)!)
  }));

  const ancestors = (index: number, seen = new Set<number>()): Set<number> => {
    if (!seen.has(index)) {
      seen.add(index);
      for (const parent of entries[index]!.parents) ancestors(parent, seen);
    }
    return seen;
  };
  const categorySynsets = CATEGORIES.map(({name, synsets: members}) =>
    members.map(([wnid, word]) => {
      const index = position.get(wnid);
      if (index === undefined) throw new Error(`The category “${name}” names ${wnid}, which no class is a kind of.`);
      if (entries[index]!.name !== word) {
        throw new Error(
          `The category “${name}” names ${wnid} as “${word}”, but WordNet calls it “${entries[index]!.name}”.`
        );
      }
      return index;
    })
  );
  const categoryOfClass = wnids.map((_, classId) => {
    const above = ancestors(classId);
    const found = categorySynsets.findIndex((members) => members.some((index) => above.has(index)));
    return found === -1 ? CATEGORIES.length : found;
  });
  return {
    about:
      "Generated by `npm run wordnet` (components/node/imagenet-hierarchy.ts) from WordNet 3.0: do not edit. synsets: " +
      "the 1000 ImageNet classes in class order, then every synset above them; parents: WordNet's hypernyms, as " +
      "indices into synsets. categories: everyday groups of classes; categoryOfClass: each class's category.",
    wordnet: "3.0",
    synsets: entries,
    categories: [
      ...CATEGORIES.map(({name}, i) => ({name, synsets: categorySynsets[i]!})),
      {name: OTHER_CATEGORY, synsets: []}
    ],
    categoryOfClass
  };
}

/** The hierarchy from WordNet 3.0 (the WNdb package) and the class labels of @tensorflow-models/mobilenet. */
export async function deriveHierarchy(): Promise<ImagenetHierarchy> {
  const synsets = await readWordNet30();
  const labels = IMAGENET_CLASSES.map((entry) => entry.label);
  return buildHierarchy(synsets, wnidsForLabels(labels, synsets, await readWnidChoices()));
}

/** The file's text: one synset per line, so a change to WordNet or the categories reads as a short diff. */
export function hierarchyText(hierarchy: ImagenetHierarchy): string {
  const list = (items: readonly unknown[]) => items.map((item) => `    ${JSON.stringify(item)}`).join(",\n");
  return [
    "{",
    `  "about": ${JSON.stringify(hierarchy.about)},`,
    `  "wordnet": ${JSON.stringify(hierarchy.wordnet)},`,
    `  "synsets": [\n${list(hierarchy.synsets)}\n  ],`,
    `  "categories": [\n${list(hierarchy.categories)}\n  ],`,
    `  "categoryOfClass": ${JSON.stringify(hierarchy.categoryOfClass)}`,
    "}",
    ""
  ].join("\n");
}

export async function writeHierarchy(): Promise<void> {
  await writeFile(HIERARCHY_FILE, hierarchyText(await deriveHierarchy()));
}
