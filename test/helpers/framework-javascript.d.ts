// Types for the part of Observable Framework's own cell parser that the teaching-cell test reads (Framework ships it
// without declarations). Using Framework's parser means the test sees a cell's names exactly as the page does.
declare module "@observablehq/framework/dist/javascript/parse.js" {
  import type {Identifier, Node, Program} from "acorn";

  export interface JavaScriptNode {
    body: Node;
    /** The names a program cell declares for the page (null for an expression cell). */
    declarations: Identifier[] | null;
    /** The names a cell uses but doesn't declare, less JavaScript's and the browser's globals. */
    references: Identifier[];
    imports: {name: string; type: "local" | "global"; method: "static" | "dynamic"}[];
    expression: boolean;
  }

  export function parseJavaScript(input: string, options: {path: string; inline?: boolean}): JavaScriptNode;
  export function parseProgram(input: string): Program;
}
