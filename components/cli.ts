// `npm run classify -- [--model v1-0.25|v1-0.75] [--top K] [--json] <image files...>`
// A thin shell over the pipeline: file → decodeImage → classifier.infer → summarize → text. It adds no numbers of its
// own; what it prints is what the pipeline (and tfjs's print()) produced.
import {readFile, stat} from "node:fs/promises";
import {isAbsolute, resolve} from "node:path";
import {parseCliArgs, USAGE, UsageError, type ClassifyCommand} from "./node/cli-args.js";
import {decodeImage, type DecodedImage} from "./node/decode.js";
import {getClassifier} from "./node/runtime.js";
import {MODELS, type Classifier} from "./pipeline/models.js";
import {summarize, type Classification} from "./pipeline/output.js";
import {errorMessage} from "./pipeline/errors.js";
import {logitColumnText, mibText, probabilityText} from "./pipeline/format.js";

/** Files larger than this are refused before reading: far above any photo the 40-megapixel decode limit lets through. */
const MAX_FILE_BYTES = 512 * 2 ** 20;

/** `npm run` starts scripts in the project folder, but a person means relative paths from where they typed. */
const BASE_DIR =
  process.env.npm_lifecycle_event === "classify" && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd();

interface ImageResult {
  file: string;
  image: Omit<DecodedImage, "pixels">;
  classification: Classification;
}

async function main(argv: readonly string[]): Promise<number> {
  let command;
  try {
    command = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (command.kind === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  return classifyAll(command);
}

async function classifyAll({model, top, json, files}: ClassifyCommand): Promise<number> {
  let classifier: Classifier;
  try {
    classifier = await getClassifier(model);
  } catch (error) {
    process.stderr.write(`Could not load the model ${model}, ${MODELS[model].title}: ${errorMessage(error)}\n`);
    return 1;
  }
  if (!json) process.stdout.write(`Model: ${classifier.spec.title} [${model}]\n`);

  let failures = 0;
  for (const file of files) {
    try {
      const result = await classifyFile(file, classifier, top);
      process.stdout.write(json ? `${JSON.stringify(toJson(result, model))}\n` : `\n${toText(result)}`);
    } catch (error) {
      failures++;
      if (json) process.stdout.write(`${JSON.stringify({file, error: errorMessage(error)})}\n`);
      else process.stderr.write(`\n${file}\n  error: ${errorMessage(error)}\n`);
    }
  }
  return failures > 0 ? 1 : 0;
}

async function classifyFile(file: string, classifier: Classifier, top: number): Promise<ImageResult> {
  const {pixels, ...image} = await decodeImage(await readImageFile(file), file);
  try {
    const logits = classifier.infer(pixels);
    try {
      return {file, image, classification: await summarize(logits, top)};
    } finally {
      logits.dispose();
    }
  } finally {
    pixels.dispose();
  }
}

/** The file's bytes, or an error that says in plain words why they cannot be had. */
async function readImageFile(file: string): Promise<Uint8Array> {
  try {
    const path = resolve(BASE_DIR, file);
    const info = await stat(path);
    if (info.isDirectory())
      throw new Error(`${file} is a folder, not an image file. Name the images in it, e.g. ${file}/*.jpg.`);
    if (!info.isFile())
      throw new Error(`${file} is not a regular file (it may be a device or a pipe); name an image file.`);
    if (info.size > MAX_FILE_BYTES) {
      throw new Error(
        `${file} is ${mibText(info.size)}, more than the ${mibText(MAX_FILE_BYTES)} this tool reads. ` +
          "Scale the image down or save it compressed (JPEG, WebP) and try again."
      );
    }
    return await readFile(path);
  } catch (error) {
    switch ((error as NodeJS.ErrnoException).code) {
      case "ENOENT":
        throw new Error(
          `There is no file ${file}. Check its name and folder` +
            (isAbsolute(file) ? "." : ` (relative paths start at ${BASE_DIR}).`),
          {cause: error}
        );
      case "EACCES":
      case "EPERM":
        throw new Error(`${file} cannot be read: permission denied. Check the file's permissions.`, {cause: error});
      case "ENOTDIR":
        throw new Error(`There is no file ${file}: part of its path is a file, not a folder.`, {cause: error});
      case undefined:
        throw error;
      default:
        throw new Error(`${file} cannot be read: ${errorMessage(error)}`, {cause: error});
    }
  }
}

function toJson({file, image, classification}: ImageResult, model: string) {
  const top = classification.top.map(({index, label, logit, probability}) => ({index, label, logit, probability}));
  return {file, model, shape: classification.shape, top, notes: image.notes};
}

function toText({file, image, classification}: ImageResult): string {
  const {top, shape, logitsText} = classification;
  const labelWidth = Math.max(...top.map((entry) => entry.label.length));
  const rankWidth = String(top.length).length;
  return [
    file,
    `  ${image.format}, ${image.width}×${image.height} pixels`,
    ...image.notes.map((note) => `  note: ${note}`),
    "logits, as print() shows them:",
    logitsText,
    `shape: [${shape.join(", ")}]`,
    `top ${top.length}:`,
    ...top.map(
      (entry, rank) =>
        `  ${String(rank + 1).padStart(rankWidth)}. ${entry.label.padEnd(labelWidth)}  ${probabilityText(entry.probability).padStart(7)}` +
        `  logit ${logitColumnText(entry.logit).padStart(7)}  class ${entry.index}`
    ),
    ""
  ].join("\n");
}

// Piping into `head` closes stdout early; that is not an error worth a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`classify failed unexpectedly: ${errorMessage(error)}\n`);
  process.exitCode = 1;
}
