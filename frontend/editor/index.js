// The Edit view's code editor: CodeMirror 6 in a Streamlit custom component (v2, no iframe).
//
// Python (reader's editor view) sends, as JSON bytes, on every run:
//   {slug, revision, seq, text, problems: [{line, column, severity, message}], vocab, focus, label}
// `text` is the draft Python holds and `problems` are the core's problems for exactly that text.
// `revision` changes when Python replaces the text (reload, a new entry, the curator's text put
// back); the editor then shows Python's text. Otherwise the editor's own text wins. `seq` is the
// newest text Python took: the editor numbers what it sends after it.
//
// The editor sends:
//   state "text"   {text, revision, seq}  after a pause in typing (the linter's delay), and on blur
//   trigger "save" {text, revision, seq}  Ctrl+S / Cmd+S: the same safe save as the Save button
// Python takes a text only when its revision is current and its seq is newer than the last one.

import { EditorState, Compartment } from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, highlightSpecialChars,
  drawSelection, dropCursor, rectangularSelection,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, foldGutter, foldKeymap, indentOnInput, indentUnit } from "@codemirror/language";
import { highlightSelectionMatches, search, searchKeymap } from "@codemirror/search";
import { autocompletion, completionKeymap, closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { linter, lintGutter, lintKeymap, setDiagnostics } from "@codemirror/lint";
import { yaml } from "@codemirror/lang-yaml";

import { annotationCompletions } from "./complete.js";
import { positionOf } from "./position.js";
import { diagnosticsFor } from "./problems.js";
import { pageTheme, themeFor } from "./theme.js";

const CHECK_DELAY_MS = 400; // typing pauses this long before the text goes to Python to be checked
// Module state lives as long as the page: Streamlit imports a component's script once per page.
// slug -> the editor of a document that was unmounted (the Read view): its undo history comes back with it.
const kept = new Map();
let mounted = null; // the editor on the page, for the problem list's buttons

function decode(data) {
  return data instanceof Uint8Array ? JSON.parse(new TextDecoder().decode(data)) : data || {};
}

const normalise = (text) => (text || "").replace(/\r\n?/g, "\n");

export default function (component) {
  const host = component.parentElement.querySelector(".reader-code-editor");
  if (!host) return undefined;
  const input = decode(component.data);
  let editor = host.__editor;
  if (!editor) {
    const previous = kept.get(input.slug);
    editor = previous && previous.canResume(input) ? previous : createEditor(input);
    kept.delete(input.slug);
    editor.mount(host, input);
    host.__editor = editor;
  }
  editor.component = component;
  editor.receive(input);
  return () => editor.unmount();
}

function createEditor(input) {
  const editor = {
    slug: input.slug,
    revision: input.revision,
    seq: 0,
    known: { text: normalise(input.text), problems: input.problems || [] },
    pending: null, // the linter's open request: {text, state, resolve}
    vocab: input.vocab || null,
    focusToken: null,
    mode: null,
    theme: new Compartment(),
    component: null,
    view: null,
    state: null, // the EditorState while unmounted
    host: null,
  };

  const payload = (text) => ({ text, revision: editor.revision, seq: ++editor.seq });

  // The linter asks Python: the text goes over, and the answer is the next run's problems.
  const check = (view) => {
    const text = view.state.doc.toString();
    if (text === editor.known.text) return diagnosticsFor(view.state, editor.known.problems);
    if (editor.pending) editor.pending.resolve([]); // superseded: the linter drops it (the text changed)
    return new Promise((resolve) => {
      editor.pending = { text, state: view.state, resolve };
      editor.component?.setStateValue("text", payload(text));
    });
  };

  const save = (view) => {
    editor.component?.setTriggerValue("save", payload(view.state.doc.toString()));
    return true;
  };

  const caret = EditorView.updateListener.of((update) => {
    if (!update.selectionSet && !update.docChanged && !update.focusChanged) return;
    const status = editor.host?.parentElement?.querySelector(".reader-editor-caret");
    if (!status) return;
    const head = update.state.selection.main.head;
    const line = update.state.doc.lineAt(head);
    status.textContent = `Ln ${line.number}, Col ${head - line.from + 1}`;
  });

  const flushOnBlur = EditorView.domEventHandlers({
    blur: (_event, view) => {
      const text = view.state.doc.toString();
      if (text !== editor.known.text && (!editor.pending || editor.pending.text !== text)) {
        editor.component?.setStateValue("text", payload(text));
      }
    },
  });

  const extensions = (label) => [
    lineNumbers(),
    foldGutter(),
    lintGutter(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    history(),
    drawSelection(),
    dropCursor(),
    EditorState.allowMultipleSelections.of(true),
    indentOnInput(),
    indentUnit.of("  "),
    bracketMatching(),
    closeBrackets(),
    rectangularSelection(),
    highlightActiveLine(),
    EditorView.lineWrapping, // long quotes stay readable in a half-width column
    highlightSelectionMatches(),
    search({ top: true }),
    yaml(),
    autocompletion({ override: [annotationCompletions(() => editor.vocab)], activateOnTyping: true }),
    linter(check, { delay: CHECK_DELAY_MS }),
    keymap.of([
      { key: "Mod-s", run: save, preventDefault: true },
      ...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...foldKeymap,
      ...completionKeymap, ...lintKeymap, indentWithTab,
    ]),
    EditorView.contentAttributes.of({ "aria-label": label, spellcheck: "false", autocorrect: "off", autocapitalize: "off" }),
    caret,
    flushOnBlur,
    editor.theme.of(themeFor("light")),
  ];

  editor.canResume = (next) => editor.state !== null && next.revision === editor.revision
    && normalise(next.text) === editor.state.doc.toString();

  editor.mount = (host, first) => {
    editor.host = host;
    const state = editor.state || EditorState.create({ doc: normalise(first.text), extensions: extensions(first.label) });
    editor.state = null;
    editor.view = new EditorView({ state, parent: host });
    host.editorView = editor.view; // for tests
    mounted = editor;
  };

  editor.unmount = () => {
    if (!editor.view) return;
    editor.state = editor.view.state;
    editor.view.destroy();
    editor.view = null;
    if (editor.host) delete editor.host.__editor;
    if (mounted === editor) mounted = null;
    kept.set(editor.slug, editor);
  };

  editor.receive = (next) => {
    const view = editor.view;
    editor.seq = Math.max(editor.seq, next.seq || 0);
    editor.vocab = next.vocab || editor.vocab;
    const mode = pageTheme(editor.host);
    if (mode !== editor.mode) {
      editor.mode = mode;
      view.dispatch({ effects: editor.theme.reconfigure(themeFor(mode)) });
    }
    const text = normalise(next.text);
    if (next.revision !== editor.revision) {
      // Python replaced the text; it stays in the undo history, so Ctrl+Z brings the curator's back.
      editor.revision = next.revision;
      if (text !== view.state.doc.toString()) {
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, userEvent: "input.replace" });
      }
    }
    editor.known = { text, problems: next.problems || [] };
    if (editor.pending && editor.pending.text === text) {
      editor.pending.resolve(diagnosticsFor(editor.pending.state, editor.known.problems));
      editor.pending = null;
    } else if (view.state.doc.toString() === text) {
      view.dispatch(setDiagnostics(view.state, diagnosticsFor(view.state, editor.known.problems)));
    }
    const focus = next.focus;
    if (focus && focus.token !== editor.focusToken && focus.line <= view.state.doc.lines) {
      editor.focusToken = focus.token;
      const line = view.state.doc.line(focus.line);
      view.dispatch({ selection: { anchor: line.from, head: line.to }, effects: EditorView.scrollIntoView(line.from, { y: "center" }) });
      view.focus();
    }
  };

  editor.goTo = (line, column) => {
    const view = editor.view;
    if (!view) return;
    const pos = positionOf(view.state.doc, line, column);
    view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: "center" }) });
    view.focus();
  };

  return editor;
}

// A problem under the editor (a button, so a click, Enter or Space), or "12:5" in the triage
// list, puts the cursor there.
document.addEventListener("click", (event) => {
  const problem = event.target.closest && event.target.closest(".st-key-editor-problems button[data-line]");
  if (problem) {
    if (mounted) mounted.goTo(Number(problem.dataset.line), Number(problem.dataset.column));
    return;
  }
  const code = event.target.closest && event.target.closest(".st-key-editor-triage code");
  const match = code && /^(\d+):(\d+)$/.exec(code.textContent.trim());
  if (match && mounted) mounted.goTo(Number(match[1]), Number(match[2]));
});
