// The class list as a table a reader can search and sort, with links to where each class shows up in later charts.
import {ScrollRegion} from "./table.js";

export interface ClassEntry {
  index: number;
  label: string;
}

export type SortKey = "index" | "label";
export type SortDirection = "ascending" | "descending";
export interface ClassOrder {
  key: SortKey;
  direction: SortDirection;
}

/** A place a class can be looked up, e.g. {name: "logits", href: (i) => `./logits#class-${i}`}. */
export interface ClassLink {
  name: string;
  href: (index: number) => string;
}

/** Classes whose id or label contains `query` (ignoring case and surrounding spaces); all of them for an empty query. */
export function matchClasses<T extends ClassEntry>(classes: readonly T[], query: string): T[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return classes.slice();
  return classes.filter(({index, label}) => String(index).includes(needle) || label.toLowerCase().includes(needle));
}

const compareLabels = new Intl.Collator("en", {sensitivity: "base", numeric: true}).compare;

/** A sorted copy; equal labels keep id order, so the result never depends on the input's order. */
export function sortClasses<T extends ClassEntry>(classes: readonly T[], {key, direction}: ClassOrder): T[] {
  const sign = direction === "ascending" ? 1 : -1;
  return classes
    .slice()
    .sort(
      (a, b) => sign * (key === "label" ? compareLabels(a.label, b.label) || a.index - b.index : a.index - b.index)
    );
}

export interface ClassTableOptions {
  width?: number;
  links?: readonly ClassLink[];
  /** Visible height of the scrolling table, in pixels. */
  height?: number;
  query?: string;
  order?: ClassOrder;
}

export type ClassTableElement = HTMLElement & {
  /** Shows the classes matching `query`, as if the reader had typed it. */
  search(query: string): void;
  /** The classes shown, in the order shown. */
  readonly shown: readonly ClassEntry[];
};

let tableCount = 0;

const COLUMN_TITLES: Record<SortKey, string> = {index: "Class id", label: "Label"};

export function ClassTable(classes: readonly ClassEntry[], options: ClassTableOptions = {}): ClassTableElement {
  const {width = 640, links = [], height = 480} = options;
  let query = options.query ?? "";
  let order: ClassOrder = options.order ?? {key: "index", direction: "ascending"};
  let shown: ClassEntry[] = [];

  const root = document.createElement("div") as unknown as ClassTableElement;
  root.className = "class-table";
  root.style.maxWidth = `${width}px`;

  const controls = document.createElement("div");
  controls.className = "class-table-controls";
  const searchLabel = document.createElement("label");
  const input = document.createElement("input");
  input.id = `class-table-search-${++tableCount}`;
  searchLabel.htmlFor = input.id;
  searchLabel.textContent = "Search the classes";
  input.type = "search";
  input.value = query;
  input.placeholder = "a word or a class id";
  input.autocomplete = "off";
  input.spellcheck = false;
  const count = document.createElement("p");
  count.className = "class-table-count";
  count.setAttribute("role", "status");
  controls.append(searchLabel, input, count);

  const scroller = ScrollRegion("class-table-scroll", "ImageNet classes table");
  scroller.style.maxHeight = `${height}px`;

  const table = document.createElement("table");
  const caption = document.createElement("caption");
  caption.className = "class-table-caption";
  caption.textContent = "The ImageNet classes: a class's class id is its position in the model's output.";
  const head = document.createElement("thead");
  const headRow = document.createElement("tr");
  const sortHeaders = (Object.keys(COLUMN_TITLES) as SortKey[]).map((key) => {
    const th = document.createElement("th");
    th.scope = "col";
    th.className = `class-table-${key}`;
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.sort = key;
    const arrow = document.createElement("span");
    arrow.className = "class-table-arrow";
    arrow.setAttribute("aria-hidden", "true");
    button.append(COLUMN_TITLES[key], arrow);
    button.addEventListener("click", () => {
      order =
        order.key === key
          ? {key, direction: order.direction === "ascending" ? "descending" : "ascending"}
          : {key, direction: "ascending"};
      update();
    });
    th.append(button);
    return {key, th, button, arrow};
  });
  headRow.append(...sortHeaders.map(({th}) => th));
  if (links.length) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = "See it in";
    headRow.append(th);
  }
  head.append(headRow);
  const body = document.createElement("tbody");
  table.append(caption, head, body);
  scroller.append(table);
  root.append(controls, scroller);

  // One row per class, built once: searching and sorting only choose which rows are attached, and in what order.
  const rows = new Map<number, HTMLTableRowElement>();
  for (const {index, label} of classes) {
    const row = document.createElement("tr");
    row.dataset.index = String(index);
    const id = document.createElement("td");
    id.className = "class-table-index";
    id.textContent = String(index);
    const name = document.createElement("td");
    name.className = "class-table-label";
    // The first name is the everyday one ("toilet tissue"); the rest are synonyms.
    const comma = label.indexOf(",");
    const first = document.createElement("strong");
    first.textContent = comma < 0 ? label : label.slice(0, comma);
    name.append(first, comma < 0 ? "" : label.slice(comma));
    row.append(id, name);
    if (links.length) {
      const cell = document.createElement("td");
      cell.className = "class-table-links";
      links.forEach((link, i) => {
        const a = document.createElement("a");
        a.href = link.href(index);
        a.textContent = link.name;
        a.setAttribute("aria-label", `${link.name} for class ${index}`);
        if (i > 0) cell.append(" · ");
        cell.append(a);
      });
      row.append(cell);
    }
    rows.set(index, row);
  }

  const empty = document.createElement("tr");
  const emptyCell = document.createElement("td");
  emptyCell.colSpan = headRow.children.length;
  emptyCell.className = "class-table-empty";
  empty.append(emptyCell);

  function update() {
    shown = sortClasses(matchClasses(classes, query), order);
    const needle = query.trim();
    emptyCell.textContent = `No class has “${needle}” in its id or label.`;
    body.replaceChildren(...(shown.length ? shown.map(({index}) => rows.get(index)!) : [empty]));
    count.textContent = needle
      ? `${shown.length} of ${classes.length} classes match “${needle}”.`
      : `Showing all ${classes.length} classes.`;
    for (const {key, th, button, arrow} of sortHeaders) {
      const active = order.key === key;
      if (active) th.setAttribute("aria-sort", order.direction);
      else th.removeAttribute("aria-sort");
      arrow.textContent = active ? (order.direction === "ascending" ? " ▲" : " ▼") : "";
      button.title = `Sort by ${COLUMN_TITLES[key].toLowerCase()}, ${
        active && order.direction === "ascending" ? "descending" : "ascending"
      }`;
    }
  }

  input.addEventListener("input", () => {
    query = input.value;
    update();
  });

  Object.defineProperty(root, "shown", {get: () => shown});
  root.search = (text: string) => {
    input.value = query = text;
    update();
  };
  update();
  return root;
}
