// What the "Your own classes" page's controls do: add and remove classes and examples (each image through MobileNet
// once), make the ready-made set, load a layer file. Everything changes the one ExampleCollection, which saves it.
import * as tf from "@tensorflow/tfjs-core";
import {errorMessage} from "../pipeline/errors.js";
import {
  addClass,
  addExamples,
  emptySet,
  removeClass,
  removeExample,
  renameClass,
  classNameProblem,
  type Example
} from "../pipeline/example-set.js";
import {headLogits} from "../pipeline/head.js";
import {headFromFile, MAX_HEAD_FILE_BYTES, parseHeadFile, type HeadFile} from "../pipeline/head-file.js";
import type {Classifier} from "../pipeline/models.js";
import {ActionButton} from "../views/action-button.js";
import {CameraBox} from "../views/camera-box.js";
import {ExampleBoard, type BoardActions} from "../views/example-board.js";
import {ErrorPanel} from "../views/panels.js";
import {TaskButton} from "../views/task-progress.js";
import {openCamera, type Camera} from "./camera.js";
import type {ImageChoice} from "./choice.js";
import type {ExampleCollection} from "./example-collection.js";
import {exampleFromCamera, examplesFromFiles, makeReadyMadeSet} from "./examples.js";
import {toPixels, type LoadedImage} from "./image.js";

export interface ClassActions extends BoardActions {
  /** The camera "Take a picture" uses; null when it is off. */
  useCamera(camera: Camera | null): void;
  /** Replaces every class with the ready-made set, shown as it grows; `progress` follows it and says when it is done. */
  useReadyMadeSet(
    openPhoto: (name: string) => Promise<LoadedImage>,
    progress: {update(fraction: number): void; finish(message: string): void; signal: AbortSignal}
  ): Promise<void>;
  /** Two empty classes and no layer. */
  startOver(): void;
}

export function classActions(collection: ExampleCollection, model: Classifier): ClassActions {
  let camera: Camera | null = null;
  const add = (classId: string, example: Example) =>
    collection.change(addExamples(collection.value, classId, [example]));
  return {
    rename(classId, name) {
      const others = collection.value.classes.filter((c) => c.id !== classId).map((c) => c.name);
      const problem = classNameProblem(name, others);
      if (!problem) collection.change(renameClass(collection.value, classId, name));
      return problem;
    },
    addClass: () => collection.change(addClass(collection.value)),
    removeClass: (classId) => collection.change(removeClass(collection.value, classId)),
    removeExample: (classId, exampleId) => collection.change(removeExample(collection.value, classId, exampleId)),
    async addFiles(classId, files) {
      const {problems} = await examplesFromFiles(model, files, (example) => add(classId, example));
      return problems;
    },
    async addFromCamera(classId) {
      if (!camera) return "The camera is off: press “Start the camera” first.";
      try {
        add(classId, await exampleFromCamera(model, camera));
        return null;
      } catch (error) {
        return errorMessage(error);
      }
    },
    useCamera(next) {
      camera = next;
    },
    async useReadyMadeSet(openPhoto, progress) {
      try {
        const set = await makeReadyMadeSet(model, openPhoto, {
          signal: progress.signal,
          onProgress: (set, fraction) => {
            collection.change(set);
            progress.update(fraction);
          }
        });
        const count = set.classes.reduce((sum, c) => sum + c.examples.length, 0);
        if (!progress.signal.aborted) progress.finish(`Done: ${count} examples.`);
      } catch (error) {
        progress.finish(`The ready-made set could not be made: ${errorMessage(error)}`);
      }
    },
    startOver() {
      collection.change(emptySet());
      collection.setLayer(null);
    }
  };
}

/** Reads a layer file the reader chose; a file that isn't one changes nothing and is explained. */
export async function loadLayerFile(
  collection: ExampleCollection,
  file: File
): Promise<{ok: boolean; message: string}> {
  const name = `“${file.name}”`;
  if (file.size > MAX_HEAD_FILE_BYTES) {
    return {
      ok: false,
      message: `${name} is ${Math.round(file.size / 1024)} KB: far larger than a layer file (about 15 KB), so it isn't one. Nothing was changed.`
    };
  }
  try {
    const layer = parseHeadFile(await file.text(), name);
    collection.setLayer(layer);
    return {ok: true, message: `Loaded ${name}: a layer for ${layer.classNames.map((n) => `“${n}”`).join(", ")}.`};
  } catch (error) {
    return {ok: false, message: `${errorMessage(error)} Nothing was changed.`};
  }
}

/** The layer's answer for an image: its probabilities for each class, and their sum (1, up to float32 rounding). */
export async function layerAnswer(
  model: Classifier,
  layer: HeadFile,
  image: LoadedImage
): Promise<{probabilities: number[]; sum: number}> {
  const head = headFromFile(layer);
  const [probabilities, sum] = tf.tidy(() => {
    const pixels = toPixels(image);
    const softmax = tf.softmax(headLogits(head, model.infer(pixels, true)));
    return [softmax, tf.sum(softmax)];
  });
  try {
    const [values, total] = await Promise.all([probabilities.data(), sum.data()]);
    return {probabilities: Array.from(values), sum: total[0]!};
  } finally {
    tf.dispose([probabilities, sum]);
    head.dispose();
  }
}

/** The camera's current picture as a PNG file, chosen like an upload (so the lesson's other pages can show it too). */
export async function cameraPicture(camera: Camera): Promise<ImageChoice> {
  const frame = await camera.capture();
  const canvas = document.createElement("canvas");
  try {
    await tf.browser.toPixels(frame, canvas);
  } finally {
    frame.dispose();
  }
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
  if (!blob) throw new Error("The picture could not be turned into a PNG file.");
  const time = new Date().toLocaleTimeString([], {hour: "2-digit", minute: "2-digit", second: "2-digit"});
  return {kind: "upload", name: `camera ${time}.png`, blob};
}

/** Redraws `board` whenever the collection changes, until `invalidation` (the cell that made it runs again). */
function followCollection(
  board: ExampleBoard,
  collection: ExampleCollection,
  invalidation: Promise<unknown>
): ExampleBoard {
  const redraw = () => board.update(collection.value);
  collection.addEventListener("input", redraw);
  void invalidation.then(() => collection.removeEventListener("input", redraw));
  return board;
}

/**
 * Opens the camera in `box` when the reader asked for it, and tells the box, the board and the actions whether it is
 * on. Gives {on: the camera}, {problem} when it could not start, or {} when it was not asked for.
 */
async function switchCamera(
  wanted: boolean,
  {box, board, actions}: {box: CameraBox; board: ExampleBoard; actions: ClassActions}
): Promise<{on?: Camera; problem?: Error}> {
  const opened: {on?: Camera; problem?: Error} = wanted
    ? await openCamera(box.video).then(
        (on) => ({on}),
        (problem: Error) => ({problem})
      )
    : {};
  box.show(Boolean(opened.on), Boolean(opened.problem));
  actions.useCamera(opened.on ?? null);
  board.setCamera(Boolean(opened.on));
  return opened;
}

/** Section 1 of the page: its buttons, the camera and the board, all changing the collection. */
export interface ExampleWorkbench extends HTMLElement {
  /** Makes the board of classes, and lets the buttons and the camera do their work: they need the model. */
  useModel(model: Classifier): void;
  /** A button that puts the camera's current picture in `chooser`, like an upload; it works while the camera is on. */
  pictureButton(chooser: {choose(choice: ImageChoice): void}): ActionButton;
}

/**
 * The camera's box (it starts only when asked, and stops when asked again or on `invalidation`), "Use the ready-made
 * set" and "Start over" side by side; under them, once there is a model, the board of classes and examples. A note
 * says so when nothing can be kept, and another when the camera can't be used.
 */
export function ExampleWorkbench(
  collection: ExampleCollection,
  {openSample, invalidation}: {openSample: (name: string) => Promise<LoadedImage>; invalidation: Promise<unknown>}
): ExampleWorkbench {
  const root = document.createElement("div") as unknown as ExampleWorkbench;
  const camera = CameraBox();
  const readyMade = TaskButton("Use the ready-made set (cat and bird)", "Making the ready-made set:");
  const startOver = ActionButton("Start over");
  const start = document.createElement("div");
  start.className = "your-classes-start";
  const buttons = document.createElement("div");
  buttons.append(readyMade, " ", startOver);
  start.append(camera, buttons);
  const cameraProblem = document.createElement("div");
  if (collection.storageProblem) root.append(ErrorPanel("Nothing will be kept", collection.storageProblem));
  root.append(start, cameraProblem);

  let useParts: (parts: {actions: ClassActions; board: ExampleBoard}) => void = () => {};
  const ready = new Promise<{actions: ClassActions; board: ExampleBoard}>((resolve) => (useParts = resolve));
  root.useModel = (model) => {
    const actions = classActions(collection, model);
    const board = followCollection(ExampleBoard(collection.value, actions), collection, invalidation);
    root.append(board);
    useParts({actions, board});
  };
  startOver.addEventListener("input", () => void ready.then(({actions}) => actions.startOver()));
  readyMade.addEventListener("input", () => {
    const job = readyMade.value!; // this press's progress bar
    void ready.then(({actions}) => actions.useReadyMadeSet(openSample, job));
  });

  const pictureButtons: ActionButton[] = [];
  let current: Camera | null = null;
  let closed = false;
  let switching = Promise.resolve();
  camera.power.addEventListener("input", () => {
    const wanted = camera.power.value;
    switching = switching.then(async () => {
      current?.stop();
      const opened = await switchCamera(wanted && !closed, {box: camera, ...(await ready)});
      if (closed) opened.on?.stop();
      const problem = opened.problem && ErrorPanel("The camera can't be used", opened.problem.message);
      cameraProblem.replaceChildren(...(problem ? [problem] : []));
      current = closed ? null : (opened.on ?? null);
      for (const button of pictureButtons) button.button.disabled = !current;
    });
  });
  void invalidation.then(() => {
    closed = true;
    current?.stop();
  });
  root.pictureButton = (chooser) => {
    const button = ActionButton("Use the camera's picture", {disabled: !current});
    const problem = document.createElement("span");
    problem.setAttribute("role", "status");
    button.append(" ", problem);
    button.addEventListener("input", async () => {
      problem.textContent = "";
      if (!current) return;
      try {
        chooser.choose(await cameraPicture(current));
      } catch (error) {
        problem.textContent = `The camera's picture could not be taken (${errorMessage(error)}). Try again, or restart the camera.`;
      }
    });
    pictureButtons.push(button);
    return button;
  };
  return root;
}
