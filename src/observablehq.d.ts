// The parts of Framework's standard library the lesson's TypeScript modules use.
declare module "observablehq:stdlib" {
  interface AbstractFile {
    readonly name: string;
    readonly href: string;
    url(): Promise<string>;
    blob(): Promise<Blob>;
    arrayBuffer(): Promise<ArrayBuffer>;
    json(): Promise<unknown>;
  }
  export function FileAttachment(name: string): AbstractFile;
  export const Generators: {
    /** A generator of the values `initialize` passes to `change`; it returns what stops it. */
    observe<T>(initialize: (change: (value: T) => void) => () => void): AsyncGenerator<T>;
  };
}
