// The reader's classes, examples and trained layer, kept in IndexedDB so that a reload loses nothing. Examples are
// kept as their embeddings and thumbnails (never sent anywhere); the layer as the same object a layer file holds.
// What comes back is checked like a file: anything damaged or from an older format is dropped, not trusted.
import {EMBEDDING_SIZE, MAX_CLASSES, MIN_CLASSES} from "../pipeline/head.js";
import {checkHeadFile, type HeadFile} from "../pipeline/head-file.js";
import type {Example, ExampleClass, ExampleSet} from "../pipeline/example-set.js";

const DB = "mobilenet-lesson-your-classes";
const STORE = "state";
const EXAMPLES = "examples";
const LAYER = "layer";
const EXAMPLES_VERSION = 1;

interface StoredExamples {
  version: number;
  classes: ExampleClass[];
}

function openStore(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function transact<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await openStore();
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = run(transaction.objectStore(STORE));
      // A write counts once it is committed, not when the request succeeds.
      transaction.oncomplete = () => resolve(request.result as T);
      transaction.onerror = () => reject(transaction.error ?? request.error);
      transaction.onabort = () => reject(transaction.error ?? new Error("the browser cancelled the write"));
    });
  } finally {
    db.close();
  }
}

const isExample = (value: unknown): value is Example => {
  const e = value as Partial<Example> | null;
  return (
    typeof e?.id === "string" &&
    e.embedding instanceof Float32Array &&
    e.embedding.length === EMBEDDING_SIZE &&
    e.thumbnail instanceof Blob &&
    typeof e.source === "string"
  );
};

const isClass = (value: unknown): value is ExampleClass => {
  const c = value as Partial<ExampleClass> | null;
  return typeof c?.id === "string" && typeof c.name === "string" && Array.isArray(c.examples);
};

/** What was saved: the examples (null if none, or none usable) and the layer (null if none). */
export async function restoreState(): Promise<{examples: ExampleSet | null; layer: HeadFile | null}> {
  const [stored, layer] = await Promise.all([
    transact<StoredExamples | undefined>("readonly", (store) => store.get(EXAMPLES)),
    transact<unknown>("readonly", (store) => store.get(LAYER))
  ]);
  let examples: ExampleSet | null = null;
  if (stored?.version === EXAMPLES_VERSION && Array.isArray(stored.classes)) {
    const classes = stored.classes
      .filter(isClass)
      .map((c) => ({id: c.id, name: c.name, examples: c.examples.filter(isExample)}));
    if (classes.length >= MIN_CLASSES && classes.length <= MAX_CLASSES) examples = {classes};
  }
  let restoredLayer: HeadFile | null = null;
  try {
    restoredLayer = layer === undefined || layer === null ? null : checkHeadFile(layer);
  } catch {
    // A layer saved by an older version of the page: the reader trains again.
  }
  return {examples, layer: restoredLayer};
}

export async function saveExamples(set: ExampleSet): Promise<void> {
  const stored: StoredExamples = {version: EXAMPLES_VERSION, classes: set.classes};
  await transact("readwrite", (store) => store.put(stored, EXAMPLES));
}

export async function saveLayer(layer: HeadFile | null): Promise<void> {
  await transact("readwrite", (store) => (layer ? store.put(layer, LAYER) : store.delete(LAYER)));
}
