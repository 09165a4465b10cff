// Python's line:column (code points) as a position in the editor's text (frontend/editor/position.js).
import assert from "node:assert/strict";
import test from "node:test";

import { positionOf } from "../../frontend/editor/position.js";

// The part of CodeMirror's Text that positionOf reads.
function doc(text) {
  const lines = [];
  let from = 0;
  for (const line of text.split("\n")) {
    lines.push({ from, text: line });
    from += line.length + 1;
  }
  return { lines: lines.length, length: text.length, line: (n) => lines[n - 1] };
}

test("a column counts code points, not UTF-16 units", () => {
  const text = "id: a\n🙂: x";
  assert.equal(positionOf(doc(text), 2, 1), 6);
  assert.equal(positionOf(doc(text), 2, 2), 8); // after the emoji, two units long
  assert.equal(text.slice(positionOf(doc(text), 2, 4)), "x");
});

test("a place outside the text is clamped to it", () => {
  const text = "a: 1\nb: 2";
  assert.equal(positionOf(doc(text), 0, 5), 0);
  assert.equal(positionOf(doc(text), 9, 1), text.length);
  assert.equal(positionOf(doc(text), 1, 99), 4); // the end of line 1
});
