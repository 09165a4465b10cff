// Light and dark looks for the editor, chosen from the Streamlit theme the reader is shown in.

import { EditorView } from "@codemirror/view";
import { HighlightStyle, defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { tags } from "@lezer/highlight";

const base = {
  "&": { height: "560px", fontSize: "0.85rem", border: "1px solid var(--reader-editor-border)", borderRadius: "0.5rem" },
  "&.cm-focused": { outline: "2px solid var(--reader-editor-focus)", outlineOffset: "-1px" },
  ".cm-scroller": { fontFamily: "var(--st-code-font, ui-monospace, SFMono-Regular, Menlo, monospace)", overflow: "auto" },
  ".cm-gutters": { borderRight: "1px solid var(--reader-editor-border)" },
  ".cm-tooltip-lint, .cm-tooltip-autocomplete": { maxWidth: "40rem" },
  ".cm-completionLabel": { whiteSpace: "normal" },
};

const light = EditorView.theme({
  ...base,
  "&": { ...base["&"], "--reader-editor-border": "#d0d4dc", "--reader-editor-focus": "#4c6ef5", backgroundColor: "#ffffff", color: "#1f2328" },
  ".cm-gutters": { ...base[".cm-gutters"], backgroundColor: "#f6f8fa", color: "#6e7781" },
  ".cm-activeLine": { backgroundColor: "#f0f4ff" },
  ".cm-activeLineGutter": { backgroundColor: "#e3e9fb" },
}, { dark: false });

const dark = EditorView.theme({
  ...base,
  "&": { ...base["&"], "--reader-editor-border": "#3b4048", "--reader-editor-focus": "#8da2fb", backgroundColor: "#16181d", color: "#d7dae0" },
  ".cm-gutters": { ...base[".cm-gutters"], backgroundColor: "#1c1f25", color: "#8b929c" },
  ".cm-activeLine": { backgroundColor: "#22262e" },
  ".cm-activeLineGutter": { backgroundColor: "#2a2f38" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "#d7dae0" },
  "&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground": { backgroundColor: "#3a4a6b" },
  ".cm-tooltip": { backgroundColor: "#22262e", color: "#d7dae0", border: "1px solid #3b4048" },
  ".cm-panels": { backgroundColor: "#1c1f25", color: "#d7dae0" },
  ".cm-searchMatch": { backgroundColor: "#5c4a1a" },
}, { dark: true });

const darkHighlight = HighlightStyle.define([
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: "#8cc4ff" },
  { tag: [tags.string, tags.special(tags.string), tags.content], color: "#c3e88d" },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: "#f2a86f" },
  { tag: [tags.comment, tags.lineComment], color: "#8b929c", fontStyle: "italic" },
  { tag: [tags.keyword, tags.meta, tags.labelName], color: "#c792ea" },
  { tag: [tags.punctuation, tags.separator, tags.squareBracket, tags.brace], color: "#a9b1bc" },
]);

export function themeFor(mode) {
  return mode === "dark"
    ? [dark, syntaxHighlighting(darkHighlight)]
    : [light, syntaxHighlighting(defaultHighlightStyle)];
}

// "dark" or "light" from Streamlit's --st-background-color (as the article view decides).
export function pageTheme(element) {
  const probe = document.createElement("span");
  probe.style.color = "var(--st-background-color, #ffffff)";
  probe.style.display = "none";
  element.appendChild(probe);
  const match = getComputedStyle(probe).color.match(/\d+(\.\d+)?/g);
  probe.remove();
  if (!match) return "light";
  const [r, g, b] = match.map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 < 0.5 ? "dark" : "light";
}
