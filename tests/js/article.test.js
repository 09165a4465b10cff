// The article view's pure parts (frontend/article/): hidden labels' rules, which pages to ask
// for, preview lines.
import assert from "node:assert/strict";
import test from "node:test";

import { cssString, hiddenLabelRules } from "../../frontend/article/hiding.js";
import { pagesToAsk } from "../../frontend/article/pages.js";
import { previewLines } from "../../frontend/article/previews.js";

test("a hidden label's rules take away every look of its entities, pseudo-elements included", () => {
  const mark = '.reader-view mark.hl-entities[data-label="PERSON"]';
  assert.equal(
    hiddenLabelRules(new Set(["PERSON"])),
    `${mark}{color:inherit!important;background:none!important;padding:0!important;`
      + "border:0!important;border-radius:0!important;outline:none!important;box-shadow:none!important;"
      + "text-decoration:none!important;cursor:inherit!important}"
      + `${mark}::before,${mark}::after{content:none!important}`,
  );
  assert.equal(hiddenLabelRules(["PERSON", "GPE"]).split("\n").length, 2);
  assert.equal(hiddenLabelRules([]), "");
});

test("a label cannot end the selector's string", () => {
  assert.equal(cssString('A"]{}*{x'), 'A\\"]{}*{x');
  assert.equal(cssString("a\\b"), "a\\\\b");
  assert.equal(cssString("a\nb"), "a\\a b");
});

test("the pages asked for: from the first missing one, a few, up to one already in", () => {
  assert.deepEqual(pagesToAsk(10, new Set([0]), new Set()), [1, 5]);
  assert.deepEqual(pagesToAsk(10, new Set([0, 3]), new Set()), [1, 3]);
  assert.deepEqual(pagesToAsk(10, new Set([0]), new Set([1, 2])), [3, 7]);
  assert.deepEqual(pagesToAsk(3, new Set([0]), new Set()), [1, 3]);
  assert.equal(pagesToAsk(2, new Set([0, 1]), new Set()), null);
  assert.equal(pagesToAsk(0, new Set(), new Set()), null);
});

test("a preview reads outermost first, each line named by its layer, none twice", () => {
  const entity = { dataset: { layer: "entities", preview: "PERSON" } };
  const note = { dataset: { layer: "notes", preview: "Donald Trump" } };
  const claim = { dataset: { layer: "claims", preview: "Misdated\nhomicides to triple" } };
  const bare = { dataset: { layer: "claims" } };
  assert.deepEqual(previewLines([entity, note, claim, bare]), [
    "Claim · Misdated",
    "Claim · homicides to triple",
    "Note · Donald Trump",
    "PERSON",
  ]);
  assert.deepEqual(previewLines([note, { dataset: { layer: "notes", preview: "Donald Trump" } }]), [
    "Note · Donald Trump",
  ]);
});
