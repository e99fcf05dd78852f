// The model's answer twice: class by class, and added up by category (WordNet's "is a kind of"). Labelled bars, the
// number written beside each, as in TopClasses.
import {probabilityText} from "../pipeline/format.js";
import type {CategoryShare} from "../pipeline/categories.js";
import {appendBar, BarList} from "./bars.js";

export interface ClassShare {
  index: number;
  label: string;
  probability: number;
}

/** The top classes beside the top categories, each a labelled bar list with a heading. */
export function ClassesAndCategories(
  {classes, categories}: {classes: readonly ClassShare[]; categories: readonly CategoryShare[]},
  {width = 640}: {width?: number} = {}
): HTMLElement {
  const root = document.createElement("div");
  root.className = "classes-and-categories";
  const columnWidth = width >= 560 ? Math.floor((width - 24) / 2) : width;
  const column = (heading: string, list: HTMLElement, view: string) => {
    const section = document.createElement("section");
    section.dataset.view = view;
    const title = document.createElement("h3");
    title.textContent = heading;
    section.append(title, list);
    root.append(section);
  };
  const classList = BarList("ol", "top-classes", "The most likely classes with their probabilities", columnWidth);
  for (const entry of classes) {
    appendBar(classList, entry.label, probabilityText(entry.probability), entry.probability).label.title =
      `class ${entry.index}`;
  }
  const categoryList = BarList(
    "ol",
    "top-classes",
    "The most likely categories with their summed probabilities",
    columnWidth
  );
  for (const category of categories) {
    const {item} = appendBar(
      categoryList,
      `${category.name} (${category.classCount} classes)`,
      probabilityText(category.probability),
      category.probability
    );
    item.dataset.category = category.name;
  }
  column("Classes", classList, "classes");
  column("Categories", categoryList, "categories");
  return root;
}

export interface AncestorShare {
  name: string;
  probability: number;
  /** How many of the 1000 classes are under it. */
  classCount: number;
}

/** A class and the synsets above it, most specific first, each with the probability of everything under it. */
export function AncestorBars(rows: readonly AncestorShare[], {width = 640}: {width?: number} = {}): HTMLElement {
  const list = BarList("ol", "top-classes", "The class and what it is a kind of, with the probability of each", width);
  for (const row of rows) {
    const {item} = appendBar(
      list,
      `${row.name} (${row.classCount} ${row.classCount === 1 ? "class" : "classes"})`,
      probabilityText(row.probability),
      row.probability
    );
    item.dataset.synset = row.name;
    item.dataset.probability = String(row.probability);
  }
  list.classList.add("ancestor-bars"); // after the bars: appendBar names their parts after the list's class
  return list;
}
