// Runs a reader's code cells: their own code, in their own browser, with `model`, `image` and `tf` in scope. The page
// sends each cell to a module Worker (components/browser/cell-worker.ts) that holds its own tfjs and model, so a cell
// that never ends can be stopped without freezing the lesson; execute-cell.ts is what runs inside it.
import type {CellOutput} from "./execute-cell.js";

export type {CellError, CellOutput, LogLine} from "./execute-cell.js";

export interface RunnerConfig {
  modelId: string;
  modelUrls: {json: string; weights: string};
  wasmUrls: Record<string, string>;
  /** A run that takes longer is stopped (the worker is restarted), in milliseconds. */
  timeLimit?: number;
}

export type RunnerStatus =
  {state: "loading"; fraction?: number} | {state: "ready"; backend: string} | {state: "failed"; message: string};

/** Pixels as the page's `image` tensor holds them: [height, width, 3], 0–255. */
export interface ImagePixels {
  data: Int32Array;
  shape: [number, number, number];
}

/** Messages between the page and components/browser/cell-worker.ts. */
export type ToWorker =
  | ({type: "init"} & Omit<RunnerConfig, "timeLimit">)
  | {type: "image"; pixels: ImagePixels}
  | {type: "run"; id: number; code: string}
  | {type: "cancel"; id: number};
export type FromWorker =
  | {type: "progress"; fraction: number}
  | {type: "ready"; backend: string}
  | {type: "failed"; message: string}
  | {type: "started"; id: number}
  | {type: "result"; id: number; output: CellOutput};

interface PendingRun {
  id: number;
  code: string;
  resolve: (output: CellOutput) => void;
  started: boolean;
  timer?: ReturnType<typeof setTimeout>;
}

export const DEFAULT_TIME_LIMIT = 30_000;

const stoppedOutput = (message: string): CellOutput => ({
  logs: [],
  error: {name: "Stopped", message},
  tensorsBefore: 0,
  tensorsAfter: 0,
  milliseconds: 0
});

/**
 * Runs cells in a module Worker, one at a time, in the order asked. `stop(id)` (or the time limit) ends a run that
 * does not finish by restarting the worker: the page's JavaScript never runs the reader's code, so it never freezes.
 */
export class CellRunner {
  #config: RunnerConfig;
  #worker!: Worker;
  #pending = new Map<number, PendingRun>();
  #nextId = 1;
  #pixels?: ImagePixels;
  #status: RunnerStatus = {state: "loading"};
  #listeners = new Set<(status: RunnerStatus) => void>();
  // A worker started from a plain URL runs under the policy of its response's headers, which a static host does not
  // send: it could fetch from any origin. One started from a blob: URL inherits the page's Content-Security-Policy
  // (connect-src 'self', no eval), so the worker is a one-line blob: module that imports the real one.
  #workerUrl = URL.createObjectURL(
    new Blob([`import ${JSON.stringify(import.meta.resolve("./cell-worker.js"))};`], {type: "text/javascript"})
  );

  constructor(config: RunnerConfig) {
    this.#config = config;
    this.#start();
  }

  get status(): RunnerStatus {
    return this.#status;
  }

  /** Calls `listener` now and on every status change; returns the unsubscribe function. */
  onStatus(listener: (status: RunnerStatus) => void): () => void {
    this.#listeners.add(listener);
    listener(this.#status);
    return () => this.#listeners.delete(listener);
  }

  /** The pixels every later run gets as `image` (a fresh tensor each run, freed after it). */
  setImage(pixels: ImagePixels): void {
    this.#pixels = pixels;
    this.#post({type: "image", pixels});
  }

  /** Runs `code`; the promise gives its output (errors included: it never rejects). */
  run(code: string): {id: number; output: Promise<CellOutput>} {
    const id = this.#nextId++;
    const output = new Promise<CellOutput>((resolve) => this.#pending.set(id, {id, code, resolve, started: false}));
    this.#post({type: "run", id, code});
    return {id, output};
  }

  /**
   * Ends run `id` now. A run still waiting its turn is just dropped; a running one can only be ended by restarting
   * the worker (JavaScript cannot interrupt a loop), and the runs waiting behind it are sent to the new worker.
   */
  stop(id: number, message = "Stopped. The code was still running; nothing it did after this point happened."): void {
    const run = this.#pending.get(id);
    if (!run) return;
    this.#finish(id, stoppedOutput(message));
    if (run.started) this.#restart();
    else this.#post({type: "cancel", id});
  }

  dispose(): void {
    for (const id of [...this.#pending.keys()])
      this.#finish(id, stoppedOutput("The page moved on before this run ended."));
    this.#worker.terminate();
    this.#listeners.clear();
    URL.revokeObjectURL(this.#workerUrl);
  }

  #start(): void {
    const {timeLimit: _, ...init} = this.#config;
    this.#worker = new Worker(this.#workerUrl, {type: "module", name: "code cells"});
    this.#worker.onmessage = (event: MessageEvent<FromWorker>) => this.#receive(event.data);
    this.#worker.onerror = (event) => {
      event.preventDefault();
      this.#setStatus({
        state: "failed",
        message: `The code runner stopped working (${event.message || "unknown error"}). Reload the page.`
      });
    };
    this.#setStatus({state: "loading"});
    this.#post({type: "init", ...init});
    if (this.#pixels) this.#post({type: "image", pixels: this.#pixels});
  }

  #restart(): void {
    this.#worker.terminate();
    this.#start();
    for (const run of this.#pending.values()) {
      clearTimeout(run.timer);
      run.started = false;
      this.#post({type: "run", id: run.id, code: run.code});
    }
  }

  #receive(message: FromWorker): void {
    switch (message.type) {
      case "progress":
        return this.#setStatus({state: "loading", fraction: message.fraction});
      case "ready":
        return this.#setStatus({state: "ready", backend: message.backend});
      case "failed":
        return this.#setStatus({state: "failed", message: message.message});
      case "started": {
        const run = this.#pending.get(message.id);
        const limit = this.#config.timeLimit ?? DEFAULT_TIME_LIMIT;
        if (run) {
          run.started = true;
          run.timer = setTimeout(
            () =>
              this.stop(
                message.id,
                `Stopped after ${limit / 1000} s: the code was still running (a loop that never ends?).`
              ),
            limit
          );
        }
        return;
      }
      case "result":
        return this.#finish(message.id, message.output);
    }
  }

  #finish(id: number, output: CellOutput): void {
    const run = this.#pending.get(id);
    if (!run) return;
    clearTimeout(run.timer);
    this.#pending.delete(id);
    run.resolve(output);
  }

  #post(message: ToWorker): void {
    this.#worker.postMessage(message);
  }

  #setStatus(status: RunnerStatus): void {
    this.#status = status;
    for (const listener of this.#listeners) listener(status);
  }
}
