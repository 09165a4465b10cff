// Problems from Python (reader's `line:col` problems) as CodeMirror diagnostics.

import { syntaxTree } from "@codemirror/language";
import { positionOf } from "./position.js";

// Where an underline starting at `from` ends: the YAML token there (a key, a value) if it stays
// on the line, else the rest of the line before a comment; never empty when the line has text.
function underlineEnd(state, from) {
  const line = state.doc.lineAt(from);
  let node = syntaxTree(state).resolveInner(from, 1);
  while (node && node.from === node.to && node.parent) node = node.parent;
  if (node && node.from <= from && node.to > from && node.to <= line.to && node.name !== "Document") return node.to;
  const rest = line.text.slice(from - line.from).replace(/\s+#.*$/, "").replace(/\s+$/, "");
  return rest ? from + rest.length : Math.min(line.to, from + 1);
}

// [{line, column, severity, message}] -> CodeMirror diagnostics for `state`'s document.
export function diagnosticsFor(state, problems) {
  return (problems || []).map((problem) => {
    const from = positionOf(state.doc, problem.line, problem.column);
    return {
      from,
      to: Math.max(from, underlineEnd(state, from)),
      severity: problem.severity === "error" ? "error" : "warning",
      message: problem.message,
      source: `${problem.line}:${problem.column}`,
    };
  });
}
