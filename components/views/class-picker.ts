// Pick a class: this photo's top few first, then all 1000 by class id. Like an Observable input, `.value` is the class id.
import {IMAGENET_CLASSES, shortLabel} from "../pipeline/classes.js";
import type {RankedClass} from "../pipeline/output.js";
import {probabilityText} from "../pipeline/format.js";

export function ClassPicker(top: readonly RankedClass[], value: number): HTMLElement & {value: number} {
  const root = document.createElement("form") as unknown as HTMLFormElement & {value: number};
  root.className = "class-picker";
  root.addEventListener("submit", (event) => event.preventDefault());
  const label = document.createElement("label");
  label.textContent = "Class ";
  const select = document.createElement("select");
  const group = (title: string, entries: readonly {index: number; text: string}[]) => {
    const optgroup = document.createElement("optgroup");
    optgroup.label = title;
    for (const {index, text} of entries) {
      const option = document.createElement("option");
      option.value = String(index);
      option.textContent = text;
      optgroup.append(option);
    }
    select.append(optgroup);
  };
  group(
    `This photo's top ${top.length}`,
    top.map((c) => ({index: c.index, text: `${shortLabel(c.index)} (${probabilityText(c.probability)})`}))
  );
  group(
    "Every class, by class id",
    IMAGENET_CLASSES.map(({index}) => ({index, text: `${index}: ${shortLabel(index)}`}))
  );
  select.value = String(value);
  label.append(select);
  root.append(label);
  Object.defineProperty(root, "value", {get: () => Number(select.value)});
  return root;
}

/** Links to class `classId` marked on the lesson's logits and softmax pages (they read #class-N), from a page one folder down. */
export function ClassLinks(classId: number): HTMLElement {
  const links = document.createElement("span");
  links.className = "class-links";
  const link = (page: string, text: string) =>
    Object.assign(document.createElement("a"), {href: `../${page}#class-${classId}`, textContent: text});
  links.append(link("logits", "the logits page"), " and ", link("softmax", "the softmax page"));
  return links;
}
