// A page's values on their way to the code runner's worker (components/browser/cell-worker.ts), and back into values
// there. Most values are copied as they are; the rest are rebuilt: a tensor from its data, shape and dtype; the model
// from the same files (by its id); a tfjs layers model (the toy the page trains) from its saved topology and weights;
// a canvas or image from its pixels (an ImageBitmap, transferred, not copied); a
// function of the lesson's modules by importing the same module file; any other function from its source. What can't
// cross (an element of the page, say) arrives as a stand-in that explains why.
import type * as tfType from "@tensorflow/tfjs-core";
import {load as loadMobilenet} from "@tensorflow-models/mobilenet";

type TensorValues = Float32Array | Int32Array | Uint8Array | string[];

export type SentValue =
  | {kind: "plain"; value: unknown}
  | {kind: "tensor"; values: TensorValues; shape: number[]; dtype: tfType.DataType}
  | {kind: "model"; id: string}
  | {kind: "module"; name: "tf" | "mobilenet"}
  | {kind: "picture"; bitmap: ImageBitmap}
  | {kind: "function"; name: string; source: string; reads: string[]; scope: Record<string, SentValue>}
  | {kind: "export"; url: string; name: string}
  | {kind: "layers-model"; artifacts: tfType.io.ModelArtifacts}
  | {kind: "list"; items: SentValue[]}
  | {kind: "record"; entries: [string, SentValue][]}
  | {kind: "unavailable"; name: string; what: string};

/** How the page looks up a name a sent function reads (undefined: the page has no such name). */
export type NameLookup = (name: string) => Promise<{value: unknown} | undefined>;

export interface SendContext {
  tf: typeof tfType;
  /** The names a function's source reads (components/pipeline/cell-code.ts), or undefined if it can't be parsed. */
  functionReads: (source: string) => string[] | undefined;
  lookup: NameLookup;
  /** The module file that exports `fn`, and the name it exports it as, if it is one of the page's modules'. */
  moduleExport?: (fn: unknown) => Promise<{url: string; name: string} | undefined>;
  /** Buffers handed over to the worker instead of copied. */
  transfer: Transferable[];
}

const MAX_DEPTH = 6;
const MAX_ITEMS = 10_000;

/** `value` (the page's `name`) ready for postMessage; buffers to hand over are added to `context.transfer`. */
export async function sendValue(value: unknown, name: string, context: SendContext, depth = 0): Promise<SentValue> {
  const unavailable = (what: string): SentValue => ({kind: "unavailable", name, what});
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return {kind: "plain", value};
  if (value instanceof context.tf.Tensor) {
    if (value.isDisposed) return unavailable("a tensor the page has already freed (disposed)");
    // A copy: on the CPU backend data() hands out the tensor's own storage, which transferring would empty.
    const values = (await value.data()).slice() as TensorValues;
    if (!Array.isArray(values)) context.transfer.push(values.buffer);
    return {kind: "tensor", values, shape: [...value.shape], dtype: value.dtype};
  }
  const model = modelId(value);
  if (model) return {kind: "model", id: model};
  if (isLayersModel(value)) {
    let artifacts: tfType.io.ModelArtifacts | undefined;
    await value.save(
      context.tf.io.withSaveHandler(async (saved) => {
        artifacts = saved;
        return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: "JSON"}};
      })
    );
    if (artifacts?.weightData instanceof ArrayBuffer) context.transfer.push(artifacts.weightData);
    return {kind: "layers-model", artifacts: artifacts!};
  }
  const module = moduleName(value, context.tf);
  if (module) return {kind: "module", name: module};
  if (isPicture(value)) {
    const bitmap = await createImageBitmap(value);
    context.transfer.push(bitmap);
    return {kind: "picture", bitmap};
  }
  if (typeof value === "function") return sendFunction(value as (...args: unknown[]) => unknown, name, context, depth);
  if (depth >= MAX_DEPTH) return unavailable("nested too deeply to copy");
  if (Array.isArray(value) && value.length <= MAX_ITEMS) {
    const items: SentValue[] = [];
    for (const [index, item] of value.entries())
      items.push(await sendValue(item, `${name}[${index}]`, context, depth + 1));
    return {kind: "list", items};
  }
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype === Object.prototype || prototype === null) {
    const entries: [string, SentValue][] = [];
    for (const [key, item] of Object.entries(value).slice(0, MAX_ITEMS))
      entries.push([key, await sendValue(item, `${name}.${key}`, context, depth + 1)]);
    return {kind: "record", entries};
  }
  if (typeof Node !== "undefined" && value instanceof Node) return unavailable("a part of the page (an HTML element)");
  if (value instanceof Promise) return unavailable("a promise (a value still on its way)");
  try {
    // Typed arrays, dates, maps, sets, errors…: whatever the browser can copy between threads as it is.
    structuredClone(value);
    return {kind: "plain", value};
  } catch {
    return unavailable(`an object of the page (${value.constructor?.name ?? "Object"}) that can't be copied`);
  }
}

async function sendFunction(
  fn: (...args: unknown[]) => unknown,
  name: string,
  context: SendContext,
  depth: number
): Promise<SentValue> {
  const exported = await context.moduleExport?.(fn);
  if (exported) return {kind: "export", ...exported};
  const source = Function.prototype.toString.call(fn);
  const reads = /\{\s*\[native code\]\s*\}$/.test(source) ? undefined : context.functionReads(source);
  if (!reads || depth >= 2) return {kind: "unavailable", name, what: "a function of the page's own code"};
  const scope: Record<string, SentValue> = {};
  for (const read of reads) {
    const found = await context.lookup(read);
    if (found) scope[read] = await sendValue(found.value, read, context, depth + 1);
  }
  return {kind: "function", name, source, reads, scope};
}

/** The lesson's model id of a Classifier (components/pipeline/models.ts) or of mobilenet's own MobileNet. */
function modelId(value: object): string | undefined {
  const candidate = value as {spec?: {id?: unknown}; infer?: unknown; version?: unknown; alpha?: unknown};
  if (typeof candidate.infer !== "function") return undefined;
  if (typeof candidate.spec?.id === "string") return candidate.spec.id;
  if (candidate.version !== undefined && candidate.alpha !== undefined)
    return `v${Number(candidate.version)}-${Number(candidate.alpha)}`;
  return undefined;
}

/** A tfjs-layers model (tf.sequential, tf.model): it can save its topology and weights. */
function isLayersModel(value: object): value is {save(handler: tfType.io.IOHandler): Promise<unknown>} {
  const candidate = value as {save?: unknown; predict?: unknown; getLayer?: unknown};
  return [candidate.save, candidate.predict, candidate.getLayer].every((method) => typeof method === "function");
}

/** tfjs or the mobilenet package as the page imported them (the same modules this one imports). */
function moduleName(value: object, tf: typeof tfType): "tf" | "mobilenet" | undefined {
  const module = value as {Tensor?: unknown; load?: unknown};
  if (module.Tensor === tf.Tensor) return "tf";
  if (module.load === loadMobilenet) return "mobilenet";
  return undefined;
}

function isPicture(value: object): value is ImageBitmapSource & object {
  return (
    (typeof HTMLCanvasElement !== "undefined" && value instanceof HTMLCanvasElement) ||
    (typeof HTMLImageElement !== "undefined" && value instanceof HTMLImageElement) ||
    (typeof HTMLVideoElement !== "undefined" && value instanceof HTMLVideoElement) ||
    (typeof ImageBitmap !== "undefined" && value instanceof ImageBitmap) ||
    (typeof OffscreenCanvas !== "undefined" && value instanceof OffscreenCanvas)
  );
}

// ---------------------------------------------------------------------------------------------------------------
// In the worker

export type SentFunction = Extract<SentValue, {kind: "function"}>;

/** Makes a sent function from its parameters' values (functionParameters): compiled beforehand (see functionsIn). */
export type FunctionMaker = (...values: unknown[]) => unknown;

export interface ReceiveContext {
  tf: typeof tfType;
  /** A module's export, imported beforehand (see exportsIn). */
  exported: (sent: Extract<SentValue, {kind: "export"}>) => unknown;
  /** A layers model, loaded beforehand from its artifacts (see layersModelsIn). */
  layersModel: (sent: Extract<SentValue, {kind: "layers-model"}>) => unknown;
  /** The reader's model for a model id, loaded beforehand (see modelIds). */
  model: (id: string) => unknown;
  module: (name: "tf" | "mobilenet") => unknown;
  /** The maker of a sent function. The worker compiles each as a blob: module (its policy forbids eval). */
  function: (sent: SentFunction) => FunctionMaker;
}

/** A sent value and every value inside it (a list's items, a record's entries, a function's scope), depth first. */
function partsOf(sent: SentValue, found: SentValue[] = []): SentValue[] {
  found.push(sent);
  const inner =
    sent.kind === "list"
      ? sent.items
      : sent.kind === "record"
        ? sent.entries.map(([, item]) => item)
        : sent.kind === "function"
          ? Object.values(sent.scope)
          : [];
  for (const item of inner) partsOf(item, found);
  return found;
}

function partsOfKind<K extends SentValue["kind"]>(sent: SentValue, kind: K): Extract<SentValue, {kind: K}>[] {
  return partsOf(sent).filter((part): part is Extract<SentValue, {kind: K}> => part.kind === kind);
}

/** The layers models a value holds, so the worker can load them before the run's clock starts. */
export const layersModelsIn = (sent: SentValue) => partsOfKind(sent, "layers-model");

/** The module exports a value needs, so the worker can import them before the run's clock starts. */
export const exportsIn = (sent: SentValue) => partsOfKind(sent, "export");

/** The sent functions in a value, so the worker can compile them before the run's clock starts. */
export const functionsIn = (sent: SentValue): SentFunction[] => partsOfKind(sent, "function");

/**
 * The names a sent function is made from: what it reads from the page (sent along); tf and mobilenet, which are the
 * worker's own where the page shares none; and any other name that is no global here, which the function can't have.
 */
export function functionParameters(sent: SentFunction): string[] {
  return sent.reads.filter(
    (name) => name in sent.scope || name === "tf" || name === "mobilenet" || !(name in globalThis)
  );
}

/** Source of a module whose default export makes a sent function from its parameters' values. */
export function functionModuleSource(sent: SentFunction): string {
  return `export default function make(${functionParameters(sent).join(", ")}) {\n  return (${sent.source});\n}\n`;
}

/** The model ids a sent value needs, so the worker can load them before the run's clock starts. */
export function modelIds(sent: SentValue): Set<string> {
  return new Set(partsOfKind(sent, "model").map((model) => model.id));
}

/** The value again, in the worker. Tensors are made here: call it inside the run's tfjs scope, so they are freed. */
export function receiveValue(sent: SentValue, context: ReceiveContext): unknown {
  switch (sent.kind) {
    case "plain":
      return sent.value;
    case "tensor":
      return context.tf.tensor(sent.values, sent.shape, sent.dtype);
    case "model":
      return context.model(sent.id);
    case "module":
      return context.module(sent.name);
    case "picture": {
      // A canvas holding the page's pixels: tf.browser.fromPixels, width and height work on it as on the page's.
      const canvas = new OffscreenCanvas(sent.bitmap.width, sent.bitmap.height);
      canvas.getContext("2d")!.drawImage(sent.bitmap, 0, 0);
      return canvas;
    }
    case "list":
      return sent.items.map((item) => receiveValue(item, context));
    case "record":
      return Object.fromEntries(sent.entries.map(([key, item]) => [key, receiveValue(item, context)]));
    case "function": {
      const values = functionParameters(sent).map((name) => {
        if (name in sent.scope) return receiveValue(sent.scope[name]!, context);
        if (name === "tf" || name === "mobilenet") return context.module(name);
        return standIn(name, `a name of the page that ${sent.name} uses, which the page doesn't share with its editor`);
      });
      return context.function(sent)(...values);
    }
    case "export":
      return context.exported(sent);
    case "layers-model":
      return context.layersModel(sent);
    case "unavailable":
      return standIn(sent.name, sent.what);
  }
}

/** A value that throws, with the reason, as soon as the code uses it. */
export function standIn(name: string, what: string): unknown {
  const fail = (): never => {
    throw new Error(`\`${name}\` is ${what}, which stays on the page: the code here runs apart from it.`);
  };
  return new Proxy(function unavailable() {}, {
    get: fail,
    set: fail,
    has: fail,
    apply: fail,
    construct: fail,
    ownKeys: fail,
    getOwnPropertyDescriptor: fail
  });
}
