// Where the cursor is in an annotation file, read from the lines above it (indentation), so it
// works while the text is half-typed and does not parse.
//
// context(doc, pos) -> null, or
//   {kind: "key",   path: ["claims"], from, typed}          a key may go here (inside a claim entry)
//   {kind: "item",  path: ["claims", "figures"], from, typed} an entry of a block list ("- …")
//   {kind: "value", path: ["claims", "status"], from, typed, flow}  the value of a key;
//                   flow: inside "[...]", typed is then the word since the last "[" or ","

const KEY_LINE = /^(\s*)((?:-\s+)*)([A-Za-z_][\w-]*)\s*:(?:\s|$)(.*)$/;

// Column of a line's key (after any "- "), its dash's column, and the key with what follows.
function shape(text) {
  const lead = text.match(/^(\s*)((?:-\s+)*)/);
  const dash = lead[2] ? lead[1].length : null;
  const keyCol = lead[0].length;
  const key = text.match(KEY_LINE);
  return { dash, keyCol, key: key ? key[3] : null, rest: key ? key[4] : null };
}

function isContent(text) {
  const trimmed = text.trim();
  return trimmed !== "" && !trimmed.startsWith("#");
}

// The keys a line whose key starts at `column` sits under: ["figures", "source"] for the fields
// of a figure's source. null when the line is not at a key's place (inside a multi-line value).
export function parentPath(doc, lineNumber, column) {
  const path = [];
  let col = column;
  for (let n = lineNumber - 1; n >= 1 && col > 0; n--) {
    const text = doc.line(n).text;
    if (!isContent(text)) continue;
    const { dash, keyCol, key, rest } = shape(text);
    if (keyCol < col) {
      const value = (rest || "").trim();
      if (!key || (value !== "" && !value.startsWith("#"))) return null; // a value that goes on
      path.unshift(key);
      col = dash !== null ? dash : keyCol;
    } else if (dash !== null && dash < col) {
      col = dash; // an entry of the list that holds this line: the list's key is further up
    }
  }
  return path;
}

export function context(doc, pos) {
  const line = doc.lineAt(pos);
  const before = line.text.slice(0, pos - line.from);
  if (/^\s*#/.test(before)) return null;
  const bare = before.match(/^(\s*)((?:-\s+)*)([A-Za-z_][\w-]*)?$/);
  if (bare) {
    const column = bare[1].length + bare[2].length;
    const path = parentPath(doc, line.number, column);
    if (path === null) return null;
    const typed = bare[3] || "";
    return { kind: bare[2] ? "item-or-key" : "key", path, from: pos - typed.length, typed };
  }
  const keyed = before.match(/^(\s*)((?:-\s+)*)([A-Za-z_][\w-]*)\s*:\s+(.*)$/);
  if (keyed) {
    const column = keyed[1].length + keyed[2].length;
    const path = parentPath(doc, line.number, column);
    if (path === null) return null;
    const value = keyed[4];
    const flowAt = value.lastIndexOf("[");
    if (value.startsWith("[") && !value.includes("]")) {
      const word = value.slice(Math.max(flowAt, value.lastIndexOf(",")) + 1).replace(/^\s+/, "");
      return { kind: "value", path: [...path, keyed[3]], from: pos - word.length, typed: word, flow: true };
    }
    return { kind: "value", path: [...path, keyed[3]], from: pos - value.length, typed: value, flow: false };
  }
  const item = before.match(/^(\s*)-\s+(.*)$/);
  if (item) {
    const path = parentPath(doc, line.number, item[1].length + 1);
    if (path === null) return null;
    return { kind: "item", path, from: pos - item[2].length, typed: item[2] };
  }
  return null;
}
