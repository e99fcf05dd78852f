// MobileNet stage by stage: one box per stage with what it outputs for one image, its kind, and how many numbers it
// holds, with a bar for its share of the model's total. The kinds are explained once, above the boxes.
import {STAGE_KINDS, type Stage, type StageKind} from "../pipeline/stages.js";
import {countText, shapeText} from "../pipeline/format.js";
import {FractionBar} from "./bars.js";

export function NetworkOverview(
  stages: readonly Stage[],
  {total, width = 640}: {total: number; width?: number}
): HTMLElement {
  const root = document.createElement("figure");
  root.className = "network-overview";
  root.style.maxWidth = `${width}px`;

  const kinds = document.createElement("dl");
  kinds.className = "network-kinds";
  for (const kind of new Set(stages.map((s) => s.kind))) {
    const term = document.createElement("dt");
    term.append(KindTag(kind));
    const description = document.createElement("dd");
    description.textContent = STAGE_KINDS[kind].does;
    kinds.append(term, description);
  }

  const list = document.createElement("ol");
  list.className = "network-stages";
  list.setAttribute("aria-label", "MobileNet's stages, input first");
  for (const stage of stages) {
    const item = document.createElement("li");
    item.className = `network-stage network-stage-${stage.kind}`;
    item.dataset.stage = stage.name;
    item.dataset.shape = stage.shape.join(",");
    item.dataset.parameters = String(stage.parameters);
    const name = document.createElement("code");
    name.className = "network-stage-name";
    // A long name may break after an underscore (Conv2d_10_ / depthwise), never inside a word.
    stage.name.split("_").forEach((part, i, parts) => {
      name.append(part + (i < parts.length - 1 ? "_" : ""));
      if (i < parts.length - 1) name.append(document.createElement("wbr"));
    });
    const shape = document.createElement("span");
    shape.className = "network-stage-shape";
    shape.textContent = shapeText(stage.shape);
    const count = document.createElement("span");
    count.className = "network-stage-parameters";
    count.textContent = `${countText(stage.parameters)} ${stage.parameters === 1 ? "number" : "numbers"}`;
    item.append(name, shape, KindTag(stage.kind), count, FractionBar("network-stage-bar", stage.parameters / total));
    list.append(item);
  }

  const sum = stages.reduce((s, stage) => s + stage.parameters, 0);
  const caption = document.createElement("figcaption");
  caption.className = "network-total";
  caption.textContent =
    sum === total
      ? `${stages.length} stages holding ${countText(sum)} numbers in all: every number in the model's weights file.`
      : `The stages hold ${countText(sum)} numbers, but the weights file has ${countText(total)}: some weights belong to no stage.`;
  root.append(kinds, list, caption);
  return root;
}

function KindTag(kind: StageKind): HTMLElement {
  const tag = document.createElement("span");
  tag.className = `network-kind network-kind-${kind}`;
  tag.textContent = STAGE_KINDS[kind].title;
  return tag;
}
