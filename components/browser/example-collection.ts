// The page's one copy of the reader's classes, examples and trained layer. It behaves like an Observable input
// (`.value` is the current ExampleSet, an "input" event announces a change) and keeps everything in IndexedDB: each
// change is saved, later changes coalescing into one write while one is under way.
import {emptySet, type ExampleSet} from "../pipeline/example-set.js";
import type {HeadFile} from "../pipeline/head-file.js";
import {restoreState, saveExamples, saveLayer} from "./example-store.js";

const NOT_KEPT =
  "This browser won't let the page keep anything (a private window, or storage turned off): your examples and layer " +
  "will be gone when you leave. Download the layer to keep it.";

export class ExampleCollection extends EventTarget {
  value: ExampleSet;
  layer: HeadFile | null;
  /** Why changes are not being kept, in words; null while they are. */
  storageProblem: string | null = null;
  private pending: {examples?: ExampleSet; layer?: HeadFile | null} | null = null;
  private writing: Promise<void> | null = null;

  private constructor(value: ExampleSet, layer: HeadFile | null) {
    super();
    this.value = value;
    this.layer = layer;
  }

  /** The collection as it was saved on this browser, or two empty classes and no layer. */
  static async open(): Promise<ExampleCollection> {
    try {
      const {examples, layer} = await restoreState();
      return new ExampleCollection(examples ?? emptySet(), layer);
    } catch {
      const collection = new ExampleCollection(emptySet(), null);
      collection.storageProblem = NOT_KEPT;
      return collection;
    }
  }

  /** Replaces the examples (and tells the page), then saves them. */
  change(next: ExampleSet): void {
    if (next === this.value) return;
    this.value = next;
    this.dispatchEvent(new Event("input"));
    this.save({examples: next});
  }

  /** Replaces the trained layer (null: none), then saves it. */
  setLayer(layer: HeadFile | null): void {
    this.layer = layer;
    this.dispatchEvent(new Event("layer"));
    this.save({layer});
  }

  /** Calls `notify` with the layer now and on every change; returns the function that stops it (for Generators.observe). */
  watchLayer(notify: (layer: HeadFile | null) => void): () => void {
    const listener = () => notify(this.layer);
    this.addEventListener("layer", listener);
    notify(this.layer);
    return () => this.removeEventListener("layer", listener);
  }

  /** Resolves once everything changed so far is saved (or could not be). */
  async saved(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private save(change: {examples?: ExampleSet; layer?: HeadFile | null}): void {
    this.pending = {...this.pending, ...change};
    this.writing ??= this.write();
  }

  private async write(): Promise<void> {
    while (this.pending) {
      const {examples, layer} = this.pending;
      this.pending = null;
      try {
        if (examples) await saveExamples(examples);
        if (layer !== undefined) await saveLayer(layer);
        if (this.storageProblem) this.reportStorage(null);
      } catch {
        this.reportStorage(NOT_KEPT);
      }
    }
    this.writing = null;
  }

  private reportStorage(problem: string | null): void {
    this.storageProblem = problem;
    this.dispatchEvent(new Event("storage"));
  }
}
