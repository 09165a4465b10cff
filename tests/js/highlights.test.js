// The click, split and keyboard rules of frontend/highlights.js, on plain data (no browser).
import assert from "node:assert/strict";
import test from "node:test";

import {
  buttonPiece,
  clickTargets,
  codePoints,
  highlightKey,
  highlightKind,
  highlightOpens,
  highlightWords,
  nextClaimIndex,
  pieceRuns,
} from "../../frontend/highlights.js";

// A highlight as the functions read it: its data-* attributes (and a title).
const mark = (dataset, title = "") => ({ dataset, title });
const claim = mark({ layer: "claims", ids: "homicides-tripled other" });
const mention = mark({ layer: "notes", ids: "trump@120", note: "trump" });
const linkedEntity = mark({ layer: "entities", ids: "e3", label: "PERSON", note: "trump" });
const plainEntity = mark({ layer: "entities", ids: "e4", label: "GPE" });
const shown = () => true;

test("words of a space-separated attribute", () => {
  assert.deepEqual(highlightWords(" a  b "), ["a", "b"]);
  assert.deepEqual(highlightWords(undefined), []);
});

test("a click opens the innermost visible highlight with evidence", () => {
  assert.deepEqual(clickTargets([linkedEntity, claim], shown), [linkedEntity, claim]);
  // A plain entity has nothing to show: the click goes to the claim around it.
  assert.deepEqual(clickTargets([plainEntity, claim], shown), [claim]);
  // A hidden layer is not clicked.
  const noNotes = (m) => m.dataset.layer !== "notes";
  assert.deepEqual(clickTargets([mention, claim], noNotes), [claim]);
  const noClaims = (m) => m.dataset.layer !== "claims";
  assert.deepEqual(clickTargets([plainEntity, claim], noClaims), []);
});

test("what a highlight opens, and the key its pieces share", () => {
  assert.equal(highlightOpens(claim), "claim:homicides-tripled");
  assert.equal(highlightOpens(mention), "note:trump");
  assert.equal(highlightOpens(linkedEntity), "note:trump"); // the same note as its mention
  assert.equal(highlightKey(claim), "claims:homicides-tripled");
  assert.equal(highlightKey(linkedEntity), "entities:e3");
});

test("offsets count code points, as Python does", () => {
  assert.equal(codePoints("🙂 ok"), 4);
  assert.equal("🙂 ok".length, 5);
});

test("a highlight splits into runs that hold another annotation or not, with their offsets", () => {
  const children = [
    { held: false, length: 6 }, // "Under "
    { held: true, length: 5 }, // <mark note>Trump</mark>
    { held: true, length: 1 }, // <mark note> </mark>
    { held: false, length: 9 }, // ", tariffs"
  ];
  assert.deepEqual(pieceRuns(children, 100), [
    { held: false, first: 0, count: 1, start: 100, end: 106 },
    { held: true, first: 1, count: 2, start: 106, end: 112 },
    { held: false, first: 3, count: 1, start: 112, end: 121 },
  ]);
  assert.deepEqual(pieceRuns([{ held: false, length: 3 }, { held: false, length: 4 }], 0), [
    { held: false, first: 0, count: 2, start: 0, end: 7 },
  ]);
  assert.deepEqual(pieceRuns([], 5), []);
});

test("a split highlight's button is its first piece with words of its own", () => {
  const pieces = [
    { held: true, text: "Trump" },
    { held: false, text: " " },
    { held: false, text: "'s plan" },
  ];
  assert.equal(buttonPiece(pieces), 2);
  assert.equal(buttonPiece([{ held: true, text: "Trump" }, { held: false, text: " " }]), -1);
});

test("what a screen reader hears a highlight is, and its status or note", () => {
  const statuses = { misdated: "Misdated" };
  assert.deepEqual(highlightKind(mark({ layer: "claims", status: "misdated" }), statuses), {
    kind: "claim",
    about: "Misdated",
  });
  assert.deepEqual(highlightKind(mark({ layer: "claims" }), statuses), { kind: "claim", about: "Not assessed" });
  assert.deepEqual(highlightKind(mark({ layer: "claims", status: "new-one" }), statuses), {
    kind: "claim",
    about: "new-one",
  });
  const entity = mark({ layer: "entities", label: "PERSON", preview: "PERSON · Donald Trump\nmore" });
  assert.deepEqual(highlightKind(entity, statuses), { kind: "person", about: "Note: Donald Trump" });
  assert.deepEqual(highlightKind(mark({ layer: "notes" }, "Donald Trump"), statuses), {
    kind: "note",
    about: "Note: Donald Trump",
  });
});

test("the next and previous claim keys", () => {
  // From a focused claim: its neighbour, never past either end.
  assert.equal(nextClaimIndex(5, { at: 2 }, 1), 3);
  assert.equal(nextClaimIndex(5, { at: 2 }, -1), 1);
  assert.equal(nextClaimIndex(5, { at: 4 }, 1), 4);
  assert.equal(nextClaimIndex(5, { at: 0 }, -1), 0);
  // From a note between claims 2 and 3: claim 3 forward, claim 2 back.
  assert.equal(nextClaimIndex(5, { after: 3 }, 1), 3);
  assert.equal(nextClaimIndex(5, { after: 3 }, -1), 2);
  // From a note after the last claim: the last one either way.
  assert.equal(nextClaimIndex(5, { after: -1 }, 1), 4);
  assert.equal(nextClaimIndex(5, { after: -1 }, -1), 4);
  // From nowhere: the first claim below the top of the screen, or the one above it.
  assert.equal(nextClaimIndex(5, { below: 2 }, 1), 2);
  assert.equal(nextClaimIndex(5, { below: 2 }, -1), 1);
  assert.equal(nextClaimIndex(5, { below: -1 }, 1), 4);
  assert.equal(nextClaimIndex(5, { below: 0 }, -1), 0);
  assert.equal(nextClaimIndex(0, { below: -1 }, 1), -1);
});
