// A JavaScript editor for a code cell: CodeMirror 6, the editor Observable uses, with the page's own code colours.
// Loaded only when a reader first edits (code-cell.ts imports this module dynamically): pages stay as light until then.
// The editor lives in a shadow root: there CodeMirror styles itself with constructed style sheets, which a strict
// Content-Security-Policy (no 'unsafe-inline' styles) allows, where in the document it would add a <style> element.
// The page's colours still reach it: CSS variables inherit into a shadow root.
import {EditorState, StateEffect, StateField, type Extension} from "@codemirror/state";
import {Decoration, EditorView, drawSelection, keymap, lineNumbers, type DecorationSet} from "@codemirror/view";
import {defaultKeymap, history, historyKeymap, indentWithTab} from "@codemirror/commands";
import {
  HighlightStyle,
  LRLanguage,
  bracketMatching,
  continuedIndent,
  delimitedIndent,
  indentNodeProp,
  indentOnInput,
  syntaxHighlighting
} from "@codemirror/language";
import {parser} from "@lezer/javascript";
import {tags} from "@lezer/highlight";

export interface CodeEditorOptions {
  /** The editor's accessible name ("Cell 2: softmax, code"). */
  label: string;
  /** Ctrl+Enter (⌘+Enter on a Mac). */
  onRun: () => void;
  /** Called after every change of the code. */
  onChange?: (code: string) => void;
}

export interface CodeEditor {
  readonly dom: HTMLElement;
  code: string;
  focus(): void;
  /** Marks line `line` (1-based) as the one an error came from; undefined clears the mark. */
  markErrorLine(line: number | undefined): void;
  destroy(): void;
}

/** JavaScript, parsed by Lezer: enough for colours, bracket matching and indentation (no completion, no lint). */
const javascript = LRLanguage.define({
  name: "javascript",
  parser: parser.configure({
    props: [
      indentNodeProp.add({
        "Block ClassBody SwitchBody": delimitedIndent({closing: "}"}),
        "ObjectExpression ObjectPattern": delimitedIndent({closing: "}"}),
        "ArrayExpression ArrayPattern": delimitedIndent({closing: "]"}),
        "ArgList ParamList": delimitedIndent({closing: ")"}),
        "Statement Property": continuedIndent({except: /^\s*\{/}),
        "TemplateString BlockComment": () => null
      })
    ]
  }),
  languageData: {
    commentTokens: {line: "//", block: {open: "/*", close: "*/"}},
    indentOnInput: /^\s*(?:[}\])]|case |default:)$/
  }
});

/** The colours Framework gives the page's own code (its --syntax-* variables), so light and dark follow the page. */
const pageColours = HighlightStyle.define([
  {
    tag: [
      tags.keyword,
      tags.controlKeyword,
      tags.definitionKeyword,
      tags.moduleKeyword,
      tags.operatorKeyword,
      tags.modifier,
      tags.self
    ],
    color: "var(--syntax-keyword)"
  },
  {
    tag: [tags.function(tags.variableName), tags.function(tags.propertyName), tags.className],
    color: "var(--syntax-entity)"
  },
  {tag: [tags.string, tags.special(tags.string), tags.regexp], color: "var(--syntax-string)"},
  {tag: [tags.number], color: "var(--syntax-entity-tag)"},
  {tag: [tags.bool, tags.null, tags.atom], color: "var(--syntax-variable)"},
  {tag: tags.comment, color: "var(--syntax-comment)"}
]);

const theme = EditorView.theme({
  "&": {
    color: "var(--theme-foreground)",
    backgroundColor: "var(--theme-background-alt)",
    border: "1px solid var(--grid-color)",
    borderRadius: "6px",
    fontSize: "14px",
    maxHeight: "32rem"
  },
  "&.cm-focused": {outline: "2px solid var(--theme-foreground-focus)", outlineOffset: "1px"},
  ".cm-scroller": {fontFamily: "var(--monospace)", lineHeight: "1.5"},
  ".cm-content": {padding: "0.5rem 0", caretColor: "var(--theme-foreground)"},
  ".cm-cursor, .cm-dropCursor": {borderLeftColor: "var(--theme-foreground)"},
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection":
    {backgroundColor: "color-mix(in srgb, var(--theme-foreground-focus) 30%, transparent)"},
  ".cm-gutters": {
    backgroundColor: "transparent",
    color: "var(--theme-foreground-muted)",
    border: "none"
  },
  ".cm-matchingBracket, &.cm-focused .cm-matchingBracket": {
    backgroundColor: "color-mix(in srgb, var(--theme-foreground-focus) 25%, transparent)",
    outline: "1px solid color-mix(in srgb, var(--theme-foreground-focus) 60%, transparent)"
  },
  ".cm-nonmatchingBracket, &.cm-focused .cm-nonmatchingBracket": {
    backgroundColor: "color-mix(in srgb, var(--theme-red, #e03131) 25%, transparent)"
  },
  ".cm-error-line": {backgroundColor: "color-mix(in srgb, var(--theme-red, #e03131) 14%, transparent)"}
});

/**
 * Typed text goes in through CodeMirror, not through the browser's own editing: Chrome, replacing coloured code,
 * carries its colour over as an inline style on the new text, which the site's policy (no inline styles) refuses, with
 * an error in the console. (An input method's composition is left to the browser, as CodeMirror expects.)
 */
const typeThroughEditor = EditorView.domEventHandlers({
  beforeinput(event, view) {
    if (event.inputType !== "insertText" || event.data === null || event.isComposing || view.composing) return false;
    event.preventDefault();
    view.dispatch(view.state.replaceSelection(event.data), {scrollIntoView: true, userEvent: "input.type"});
    return true;
  }
});

const setErrorLine = StateEffect.define<number | undefined>();

/** The line an error came from, drawn with a red background until the code changes. */
const errorLine = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, transaction) {
    let next = transaction.docChanged ? Decoration.none : marks;
    for (const effect of transaction.effects) {
      if (!effect.is(setErrorLine)) continue;
      const line = effect.value;
      const doc = transaction.state.doc;
      next =
        line && line <= doc.lines
          ? Decoration.set([Decoration.line({class: "cm-error-line"}).range(doc.line(line).from)])
          : Decoration.none;
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field)
});

export function CodeEditor(code: string, {label, onRun, onChange}: CodeEditorOptions): CodeEditor {
  const extensions: Extension[] = [
    lineNumbers(),
    // Long lines wrap, as the page's own code does on a phone; the line numbers still count the code's lines.
    EditorView.lineWrapping,
    history(),
    drawSelection(),
    indentOnInput(),
    bracketMatching(),
    javascript,
    syntaxHighlighting(pageColours),
    theme,
    errorLine,
    typeThroughEditor,
    EditorState.tabSize.of(2),
    EditorView.contentAttributes.of({
      "aria-label": label,
      spellcheck: "false",
      autocapitalize: "off",
      autocorrect: "off"
    }),
    // Tab indents; Esc then Tab leaves the editor (CodeMirror's tab focus mode), so the keyboard is never trapped.
    keymap.of([
      {
        key: "Mod-Enter",
        run: () => {
          onRun();
          return true;
        },
        preventDefault: true
      },
      ...defaultKeymap,
      ...historyKeymap,
      indentWithTab
    ]),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) onChange?.(update.state.doc.toString());
    })
  ];
  const host = document.createElement("div");
  host.className = "code-editor";
  const root = host.attachShadow({mode: "open"});
  const view = new EditorView({doc: code, extensions, root, parent: root});
  return {
    dom: host,
    get code() {
      return view.state.doc.toString();
    },
    set code(text: string) {
      view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: text}});
    },
    focus: () => view.focus(),
    markErrorLine: (line) => view.dispatch({effects: setErrorLine.of(line)}),
    destroy: () => view.destroy()
  };
}
