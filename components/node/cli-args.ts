// The command line of `npm run classify`, parsed and checked apart from running it, so the rules are easy to test.
import {parseArgs} from "node:util";
import {CLASS_COUNT} from "../pipeline/classes.js";
import {DEFAULT_MODEL, MODELS, isModelId, type ModelId} from "../pipeline/models.js";
import {errorMessage} from "../pipeline/errors.js";

export const DEFAULT_TOP = 5;

export const USAGE = `Usage: npm run classify -- [--model ${Object.keys(MODELS).join("|")}] [--top K] [--json] <image files...>

Classifies each image (JPEG, PNG, GIF or WebP) with MobileNet and shows its logits, as tfjs print() writes them,
and the K most probable ImageNet classes.

Options:
  -m, --model ID   which MobileNet to run (default ${DEFAULT_MODEL}):
${Object.values(MODELS)
  .map((spec) => `                     ${spec.id}  ${spec.title}`)
  .join("\n")}
  -k, --top K      how many classes to list, 1–${CLASS_COUNT}; default ${DEFAULT_TOP}
      --json       one JSON object per line and image, for other programs
  -h, --help       show this help

The models come with the project, in data/models/; the environment variable MOBILENET_ASSETS may name a folder
to read them from instead.`;

export interface ClassifyCommand {
  kind: "classify";
  model: ModelId;
  top: number;
  json: boolean;
  files: string[];
}

export type CliCommand = ClassifyCommand | {kind: "help"};

/** Arguments that do not make a valid command; the message says which and why. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Reads the arguments after the script name (process.argv.slice(2)). Throws UsageError when they are wrong. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        model: {type: "string", short: "m"},
        top: {type: "string", short: "k"},
        json: {type: "boolean"},
        help: {type: "boolean", short: "h"}
      }
    });
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
  const {values, positionals} = parsed;
  if (values.help) return {kind: "help"};

  const model = values.model ?? DEFAULT_MODEL;
  if (!isModelId(model)) {
    throw new UsageError(`Unknown model "${model}". Choose one of: ${Object.keys(MODELS).join(", ")}.`);
  }
  const top = parseTop(values.top);
  if (positionals.length === 0)
    throw new UsageError("No image files given. Name at least one JPEG, PNG, GIF or WebP file.");
  return {kind: "classify", model, top, json: values.json ?? false, files: positionals};
}

function parseTop(text: string | undefined): number {
  if (text === undefined) return DEFAULT_TOP;
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!(Number.isSafeInteger(value) && value >= 1 && value <= CLASS_COUNT)) {
    throw new UsageError(
      `--top must be a whole number from 1 to ${CLASS_COUNT} (there are ${CLASS_COUNT} classes), not "${text}".`
    );
  }
  return value;
}

/** node:util's parseArgs messages, shortened to what a person needs. */
function describeParseError(error: unknown): string {
  const code = (error as {code?: string}).code;
  const message = errorMessage(error);
  const option = /--[a-z-]+/.exec(message)?.[0] ?? /'(-[^']*)'/.exec(message)?.[1];
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `Unknown option ${option ?? message}. (A file name starting with "-" goes after "--".)`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return option && /argument (missing|is ambiguous)/.test(message) ? `Option ${option} needs a value.` : message;
    default:
      return message;
  }
}
