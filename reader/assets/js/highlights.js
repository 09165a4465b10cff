// Which highlight a click or a key press means: shared by the app's article view
// (reader/assets/js/article/) and the standalone page (reader/assets/standalone.js).
// A highlight is a <mark class="hl" data-layer="…">; the layers nest, claims outermost
// (reader.html.render.NESTING), so one place in the text may sit inside several of them.

// The words of a space-separated attribute (data-ids, data-note).
function highlightWords(value) {
  return (value || "").split(" ").filter(Boolean);
}

// The highlights around `target` inside `container`, innermost first.
function highlightChain(target, container) {
  const marks = [];
  let mark = target instanceof Element ? target.closest(".hl") : null;
  while (mark && container.contains(mark)) {
    marks.push(mark);
    mark = mark.parentElement ? mark.parentElement.closest(".hl") : null;
  }
  return marks;
}

// Whether a highlight has evidence to show: a claim, a note's mention, an entity linked to a note.
function highlightHasEvidence(mark) {
  const layer = mark.dataset.layer;
  return layer === "claims" || layer === "notes" || (layer === "entities" && !!mark.dataset.note);
}

// What a click on `target` may open, innermost first: the visible highlights with evidence.
// The innermost wins (an entity with a note inside a claim opens the note; a plain entity
// passes the click on to the claim around it).
function highlightTargets(target, container, visible) {
  return highlightChain(target, container).filter((mark) => visible(mark) && highlightHasEvidence(mark));
}
