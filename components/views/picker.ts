// Choose a photo: a sample from the gallery, a file (button or drag-and-drop anywhere on the picker), or a paste.
// Behaves like an Observable input: `.value` is the current ImageChoice and an "input" event announces a change.
import type {ImageChoice} from "../browser/choice.js";
import {ACCEPTED_DESCRIPTION, ACCEPTED_TYPES} from "../browser/image.js";

export interface Sample {
  name: string;
  title: string;
  /** The photo itself. */
  url: string;
  /** A small copy for the gallery (a few KB instead of the photo's hundreds). */
  thumb: string;
}

export interface ImagePicker extends HTMLElement {
  value: ImageChoice;
  /**
   * The page reports what it actually shows: `shown` (null if nothing yet) and, if the reader's latest choice could
   * not be used, that choice. The picker marks the shown sample and names the refused file, so it never claims a
   * choice the page turned down.
   */
  showing(shown: ImageChoice | null, refused?: ImageChoice | null): void;
  /** Chooses an image as if the reader had picked it here (say, a picture the page took with the camera). */
  choose(choice: ImageChoice): void;
}

/** `compact`: one row of small thumbnails, for pages where the image is not the main subject. */
export function ImagePicker(
  samples: readonly Sample[],
  {value, compact = false}: {value: ImageChoice; compact?: boolean}
): ImagePicker {
  const root = document.createElement("form") as unknown as ImagePicker;
  root.className = compact ? "image-picker image-picker-compact" : "image-picker";
  root.setAttribute("aria-label", "Choose an image");
  root.addEventListener("submit", (event) => event.preventDefault());

  const gallery = document.createElement("div");
  gallery.className = "image-picker-gallery";
  gallery.setAttribute("role", "radiogroup");
  gallery.setAttribute("aria-label", "Sample photos");
  const buttons = samples.map((sample) => {
    const button = document.createElement("button");
    button.type = "button";
    button.setAttribute("role", "radio");
    button.dataset.name = sample.name;
    button.title = sample.title;
    const img = document.createElement("img");
    img.src = sample.thumb;
    img.alt = sample.title;
    img.loading = "lazy";
    const caption = document.createElement("span");
    caption.textContent = sample.title;
    button.append(img, caption);
    button.addEventListener("click", () => choose({kind: "sample", name: sample.name}));
    return button;
  });
  gallery.append(...buttons);

  const own = document.createElement("div");
  own.className = "image-picker-own";
  const label = document.createElement("label");
  const input = document.createElement("input");
  input.type = "file";
  input.accept = ACCEPTED_TYPES.join(",");
  input.addEventListener("change", () => {
    const file = input.files?.[0];
    if (file) choose({kind: "upload", name: file.name, blob: file});
    input.value = "";
  });
  label.append("Your own photo: ", input);
  const hint = document.createElement("span");
  hint.className = "muted";
  hint.textContent = ` or drop one here, or paste one (${ACCEPTED_DESCRIPTION}). It stays in your browser.`;
  const current = document.createElement("span");
  current.className = "image-picker-current";
  current.setAttribute("aria-live", "polite");
  own.append(label, hint, current);

  root.append(gallery, own);

  root.addEventListener("dragover", (event) => {
    event.preventDefault();
    root.classList.add("image-picker-drop");
  });
  root.addEventListener("dragleave", () => root.classList.remove("image-picker-drop"));
  root.addEventListener("drop", (event) => {
    event.preventDefault();
    root.classList.remove("image-picker-drop");
    const file = event.dataTransfer?.files[0];
    if (file) choose({kind: "upload", name: file.name, blob: file});
  });
  const onPaste = (event: ClipboardEvent) => {
    const file = [...(event.clipboardData?.files ?? [])][0];
    if (file) choose({kind: "upload", name: file.name || "pasted image", blob: file});
  };
  document.addEventListener("paste", onPaste);

  const nameOf = (choice: ImageChoice) =>
    choice.kind === "upload"
      ? choice.name
      : (samples.find((sample) => sample.name === choice.name)?.title ?? choice.name);

  function show(choice: ImageChoice | null, refused?: ImageChoice | null) {
    for (const button of buttons) {
      const selected = choice?.kind === "sample" && button.dataset.name === choice.name;
      button.setAttribute("aria-checked", String(selected));
    }
    // textContent, never HTML: a file's name is whatever the reader's system allows.
    if (refused) current.textContent = `Could not use: ${nameOf(refused)}`;
    else current.textContent = choice?.kind === "upload" ? `Chosen: ${choice.name}` : "";
  }

  function choose(choice: ImageChoice) {
    root.value = choice;
    show(choice);
    root.dispatchEvent(new Event("input", {bubbles: true}));
  }

  root.value = value;
  root.showing = show;
  root.choose = choose;
  show(value);
  return root;
}
