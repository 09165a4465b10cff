// Where Python's `line:column` is in the editor's text. Python columns count code points;
// JavaScript strings count UTF-16 units, so a column is walked along its line rather than added
// to the line's start.

// The position of 1-based `line`:`column` (code points) in `doc` (a CodeMirror Text: `lines`,
// `length`, `line(n)` -> {from, text}), clamped to the document.
export function positionOf(doc, line, column) {
  if (line < 1) return 0;
  if (line > doc.lines) return doc.length;
  const text = doc.line(line);
  let offset = 0;
  let points = 1;
  for (const ch of text.text) {
    if (points >= column) break;
    offset += ch.length;
    points += 1;
  }
  return text.from + offset;
}

