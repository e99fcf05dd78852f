// The reader's classes, one card each: its name (editable), its examples as thumbnails (each removable), and ways to
// add more: the camera, a file button, dropping files on the card, or pasting while the card has focus. The board only
// draws and reports; `actions` change the examples, and the page calls `update(set)` with the result.
import {ACCEPTED_DESCRIPTION, ACCEPTED_TYPES} from "../browser/image.js";
import {MAX_CLASSES, MIN_CLASSES} from "../pipeline/head.js";
import {MAX_NAME_LENGTH, type Example, type ExampleClass, type ExampleSet} from "../pipeline/example-set.js";

export interface BoardActions {
  /** Renames a class; returns why the name can't be used, or null. */
  rename(classId: string, name: string): string | null;
  addClass(): void;
  removeClass(classId: string): void;
  removeExample(classId: string, exampleId: string): void;
  /** Adds images from files; returns what went wrong with any of them, one sentence each. */
  addFiles(classId: string, files: File[]): Promise<string[]>;
  /** Adds the camera's current picture; returns what went wrong, or null. */
  addFromCamera(classId: string): Promise<string | null>;
}

export interface ExampleBoard extends HTMLElement {
  update(set: ExampleSet): void;
  /** Whether "Take a picture" can be pressed (the camera is on). */
  setCamera(on: boolean): void;
}

interface Card {
  root: HTMLElement;
  name: HTMLInputElement;
  fileLabel: HTMLElement;
  count: HTMLElement;
  list: HTMLUListElement;
  remove: HTMLButtonElement;
  camera: HTMLButtonElement;
  status: HTMLElement;
  items: Map<string, {item: HTMLLIElement; url: string; remove: HTMLButtonElement}>;
  current: ExampleClass;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function ExampleBoard(set: ExampleSet, actions: BoardActions): ExampleBoard {
  const root = document.createElement("div") as unknown as ExampleBoard;
  root.className = "example-board";
  const cardList = document.createElement("div");
  cardList.className = "example-classes";
  const addClassButton = document.createElement("button");
  addClassButton.type = "button";
  addClassButton.className = "example-add-class";
  addClassButton.textContent = "Add a class";
  addClassButton.addEventListener("click", () => actions.addClass());
  root.append(cardList, addClassButton);

  const cards = new Map<string, Card>();
  let cameraOn = false;
  /** Where focus goes once the next update has removed the element that had it. */
  let focusNext: (() => HTMLElement | undefined) | null = null;

  function makeCard(c: ExampleClass): Card {
    const card = document.createElement("section");
    card.className = "example-class";
    card.tabIndex = -1; // focusable by a click, so that a paste lands in this class

    const header = document.createElement("div");
    header.className = "example-class-header";
    const name = document.createElement("input");
    name.type = "text";
    name.className = "example-class-name";
    name.maxLength = MAX_NAME_LENGTH;
    name.autocomplete = "off";
    const count = document.createElement("span");
    count.className = "example-class-count";
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "example-class-remove";
    remove.textContent = "Remove class";
    header.append(name, count, remove);

    const list = document.createElement("ul");
    list.className = "example-thumbnails";

    const adders = document.createElement("div");
    adders.className = "example-class-add";
    const camera = document.createElement("button");
    camera.type = "button";
    camera.textContent = "Take a picture";
    const fileLabel = document.createElement("label");
    fileLabel.className = "example-file";
    const file = document.createElement("input");
    file.type = "file";
    file.multiple = true;
    file.accept = ACCEPTED_TYPES.join(",");
    const fileText = document.createElement("span");
    fileLabel.append(fileText, file);
    const hint = document.createElement("span");
    hint.className = "muted";
    hint.textContent = `or drop or paste images here (${ACCEPTED_DESCRIPTION})`;
    adders.append(camera, fileLabel, hint);

    const status = document.createElement("p");
    status.className = "example-class-status";
    status.setAttribute("aria-live", "polite");
    card.append(header, list, adders, status);

    const parts: Card = {
      root: card,
      name,
      fileLabel: fileText,
      count,
      list,
      remove,
      camera,
      status,
      items: new Map(),
      current: c
    };
    const id = () => parts.current.id;
    const report = (problems: string[]) => {
      status.textContent = problems.join(" ");
      status.classList.toggle("example-class-problem", problems.length > 0);
    };
    const addFiles = async (files: File[]) => {
      if (!files.length) return;
      status.classList.remove("example-class-problem");
      status.textContent = `Adding ${plural(files.length, "image")}…`;
      report(await actions.addFiles(id(), files));
    };

    name.addEventListener("change", () => {
      const problem = actions.rename(id(), name.value);
      if (problem) name.value = parts.current.name;
      name.setAttribute("aria-invalid", String(Boolean(problem)));
      report(problem ? [problem] : []);
    });
    remove.addEventListener("click", () => {
      const index = [...cards.values()].indexOf(parts);
      focusNext = () => cardList.querySelectorAll<HTMLElement>(".example-class")[Math.max(0, index - 1)] ?? undefined;
      actions.removeClass(id());
    });
    camera.addEventListener("click", async () => {
      camera.disabled = true;
      status.classList.remove("example-class-problem");
      const problem = await actions.addFromCamera(id());
      report(problem ? [problem] : []);
      camera.disabled = !cameraOn;
    });
    file.addEventListener("change", () => {
      const files = [...(file.files ?? [])];
      file.value = "";
      void addFiles(files);
    });
    card.addEventListener("dragover", (event) => {
      event.preventDefault();
      card.classList.add("example-class-drop");
    });
    card.addEventListener("dragleave", () => card.classList.remove("example-class-drop"));
    card.addEventListener("drop", (event) => {
      event.preventDefault();
      card.classList.remove("example-class-drop");
      void addFiles([...(event.dataTransfer?.files ?? [])]);
    });
    card.addEventListener("paste", (event) => {
      const files = [...(event.clipboardData?.files ?? [])];
      if (!files.length) return;
      event.stopPropagation(); // it belongs to this class, not to an image picker elsewhere on the page
      event.preventDefault();
      void addFiles(files);
    });
    return parts;
  }

  function syncCard(parts: Card, c: ExampleClass, index: number): void {
    parts.current = c;
    const label = c.name;
    parts.root.setAttribute("aria-label", `Class ${index + 1}: ${label}`);
    parts.root.dataset.classId = c.id;
    if (document.activeElement !== parts.name) parts.name.value = label;
    parts.name.setAttribute("aria-label", `Name of class ${index + 1}`);
    parts.count.textContent = plural(c.examples.length, "example");
    parts.remove.setAttribute("aria-label", `Remove the class “${label}” and its examples`);
    parts.camera.setAttribute("aria-label", `Take a picture for “${label}”`);
    parts.camera.disabled = !cameraOn;
    parts.fileLabel.textContent = `Add photos to “${label}”: `;

    const wanted = new Set(c.examples.map((e) => e.id));
    for (const [id, entry] of parts.items) {
      if (wanted.has(id)) continue;
      URL.revokeObjectURL(entry.url);
      entry.item.remove();
      parts.items.delete(id);
    }
    c.examples.forEach((example, i) => {
      let entry = parts.items.get(example.id);
      if (!entry) {
        entry = makeThumbnail(parts, example);
        parts.items.set(example.id, entry);
      }
      if (parts.list.children[i] !== entry.item) parts.list.insertBefore(entry.item, parts.list.children[i] ?? null);
      const what = `${label} example ${i + 1} (from ${example.source})`;
      entry.item.querySelector("img")!.alt = what;
      entry.remove.setAttribute("aria-label", `Remove ${what}`);
    });
  }

  function makeThumbnail(parts: Card, example: Example) {
    const item = document.createElement("li");
    const url = URL.createObjectURL(example.thumbnail);
    const img = document.createElement("img");
    img.src = url;
    img.width = img.height = 48;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "example-remove";
    remove.textContent = "×";
    remove.addEventListener("click", () => {
      const buttons = [...parts.list.querySelectorAll<HTMLButtonElement>(".example-remove")];
      const at = buttons.indexOf(remove);
      const neighbour = buttons[at + 1] ?? buttons[at - 1];
      focusNext = () => (neighbour?.isConnected ? neighbour : parts.root);
      actions.removeExample(parts.current.id, example.id);
    });
    item.append(img, remove);
    return {item, url, remove};
  }

  root.update = (next) => {
    const wanted = new Set(next.classes.map((c) => c.id));
    for (const [id, parts] of cards) {
      if (wanted.has(id)) continue;
      for (const entry of parts.items.values()) URL.revokeObjectURL(entry.url);
      parts.root.remove();
      cards.delete(id);
    }
    next.classes.forEach((c, i) => {
      let parts = cards.get(c.id);
      if (!parts) {
        parts = makeCard(c);
        cards.set(c.id, parts);
      }
      if (cardList.children[i] !== parts.root) cardList.insertBefore(parts.root, cardList.children[i] ?? null);
      syncCard(parts, c, i);
      parts.remove.hidden = next.classes.length <= MIN_CLASSES;
    });
    addClassButton.hidden = next.classes.length >= MAX_CLASSES;
    if (focusNext) {
      focusNext()?.focus();
      focusNext = null;
    }
  };
  root.setCamera = (on) => {
    cameraOn = on;
    for (const parts of cards.values()) parts.camera.disabled = !on;
  };
  root.update(set);
  return root;
}
