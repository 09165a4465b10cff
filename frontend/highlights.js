// Which highlight a click or a key press means: shared by the app's article view
// (frontend/article/) and the standalone page (frontend/standalone/).
// A highlight is a <mark class="hl" data-layer="…">; the layers nest, claims outermost
// (reader.html.render.NESTING), so one place in the text may sit inside several of them; the
// keyboard's buttons never nest (highlightPrepareTargets splits the outer highlight).

// The keys that go to the next (1) or previous (-1) claim (nextClaimIndex).
export const NEXT_CLAIM_KEYS = { j: 1, n: 1, k: -1, p: -1 };

// The words of a space-separated attribute (data-ids, data-note).
export function highlightWords(value) {
  return (value || "").split(" ").filter(Boolean);
}

// The highlights around `target` inside `container`, innermost first.
export function highlightChain(target, container) {
  const marks = [];
  let mark = target instanceof Element ? target.closest(".hl") : null;
  while (mark && container.contains(mark)) {
    marks.push(mark);
    mark = mark.parentElement ? mark.parentElement.closest(".hl") : null;
  }
  return marks;
}

// Whether a highlight has evidence to show: a claim, a note's mention, an entity linked to a note.
export function highlightHasEvidence(mark) {
  const layer = mark.dataset.layer;
  return layer === "claims" || layer === "notes" || (layer === "entities" && !!mark.dataset.note);
}

// What a click on a place may open, from the highlights around it (`chain`, innermost first):
// the visible highlights with evidence, innermost first. The innermost wins (an entity with a
// note inside a claim opens the note; a plain entity passes the click on to the claim around it).
export function clickTargets(chain, visible) {
  return chain.filter((mark) => visible(mark) && highlightHasEvidence(mark));
}

// What a click on `target` may open (clickTargets).
export function highlightTargets(target, container, visible) {
  return clickTargets(highlightChain(target, container), visible);
}

// What a highlight opens: its claim, or a note (a note's mention and an entity linked to that
// note open the same note).
export function highlightOpens(mark) {
  if (mark.dataset.layer === "claims") return `claim:${highlightWords(mark.dataset.ids)[0] || ""}`;
  return `note:${highlightWords(mark.dataset.note)[0] || ""}`;
}

// One annotation's pieces share this key: a claim or an entity split by other layers, a mention.
export function highlightKey(mark) {
  return `${mark.dataset.layer}:${highlightWords(mark.dataset.ids)[0] || ""}`;
}

// Whether `node` is, or holds, a highlight with evidence that opens something else than `opens`.
export function highlightHoldsOther(node, opens) {
  if (!(node instanceof Element)) return false;
  const marks = node.matches(".hl") ? [node, ...node.querySelectorAll(".hl")] : node.querySelectorAll(".hl");
  for (const mark of marks) if (highlightHasEvidence(mark) && highlightOpens(mark) !== opens) return true;
  return false;
}

// A text's length as Python counts it (reader.html.render's offsets): in code points.
export function codePoints(text) {
  return Array.from(text).length;
}

// The pieces a highlight splits into: its children in runs that all hold another annotation's
// highlight, or all do not. `children` [{held, length}] (length in code points), `start` the
// highlight's offset; returns [{held, first, count, start, end}]: the run's first child's
// index, how many children it takes, and its offsets.
export function pieceRuns(children, start) {
  const runs = [];
  children.forEach(({ held, length }, index) => {
    const last = runs[runs.length - 1];
    if (last && last.held === held) {
      last.count += 1;
      last.end += length;
    } else {
      const from = last ? last.end : start;
      runs.push({ held, first: index, count: 1, start: from, end: from + length });
    }
  });
  return runs;
}

// Split `mark` into sibling copies so that no piece both has text of its own and holds another
// annotation's highlight (pieceRuns): a note mentioned inside a claim sits in a piece of the
// claim that is not the claim's button, so both are buttons and neither is inside the other.
// The text and the look are unchanged (the pieces carry the same attributes; each its own
// data-start/-end). Returns the pieces in order, each as [piece, holds another annotation].
export function highlightSplit(mark, opens) {
  const children = [...mark.childNodes];
  const runs = pieceRuns(
    children.map((child) => ({ held: highlightHoldsOther(child, opens), length: codePoints(child.textContent) })),
    Number(mark.dataset.start),
  );
  if (runs.length < 2) return [[mark, runs.length ? runs[0].held : false]];
  let previous = null;
  return runs.map(({ held, first, count, start, end }) => {
    const piece = previous ? mark.cloneNode(false) : mark;
    if (previous) {
      children.slice(first, first + count).forEach((node) => piece.appendChild(node));
      previous.after(piece);
    }
    piece.dataset.start = String(start);
    piece.dataset.end = String(end);
    previous = piece;
    return [piece, held];
  });
}

// Which piece of a split highlight is its button: the first with words of its own (not one
// that holds another annotation, nor a lone space between two notes). `pieces` [{held, text}];
// -1 when none has.
export function buttonPiece(pieces) {
  return pieces.findIndex(({ held, text }) => !held && /\S/.test(text));
}

// Keyboard and screen-reader targets, one per annotation, in reading order: each highlight with
// evidence (a claim, a note's mention, an entity linked to a note) becomes one button in the
// tab order, and no button is ever inside another (WCAG 4.1.2, axe's nested-interactive). Where
// one annotation holds another's highlight (a note mentioned inside a claim) the outer one is
// split (highlightSplit) and its button is its first piece with words of its own; the inner one
// is a button of its own. An annotation with no text of its own (a claim that is exactly a
// note's mention) gets an empty button at its start, and its ring is drawn round it
// (highlights.css). A piece of an annotation that already has its button (a claim split by
// other layers) is none, so each is announced once; an entity linked to the note whose mention
// holds it opens the same note and is no button either. The button's name is the annotation's
// text as shown (all its pieces, by aria-labelledby when split); what it is ("claim", "note",
// "person") is its role description, and its status or note its description, so a screen
// reader says "homicides to triple …, claim, Misdated". `descriptions` is a hidden element that
// holds the description texts (one element per distinct text).
export function highlightPrepareTargets(scope, descriptions) {
  const done = new Set();
  const bare = new Map(); // key -> [its first element, its pieces] while none has words of its own
  const statuses = JSON.parse(descriptions.dataset.statuses || "{}");
  const make = (target, pieces) => {
    if (pieces.length > 1 || pieces[0][0] !== target) {
      target.setAttribute("aria-labelledby", pieces.map(([piece]) => highlightPieceId(descriptions, piece)).join(" "));
    }
    const { kind, about } = highlightKind(target, statuses);
    target.dataset.target = "";
    target.tabIndex = 0;
    target.setAttribute("role", "button");
    target.setAttribute("aria-roledescription", kind);
    target.setAttribute("aria-describedby", highlightDescriptionId(descriptions, about));
  };
  for (const mark of scope.querySelectorAll(".hl")) {
    if (!highlightHasEvidence(mark)) continue;
    const key = highlightKey(mark);
    const inside = mark.parentElement && mark.parentElement.closest(".hl[data-target]");
    if (done.has(key) || (inside && scope.contains(inside))) continue;
    const pieces = highlightSplit(mark, highlightOpens(mark));
    const own = pieces[buttonPiece(pieces.map(([piece, held]) => ({ held, text: piece.textContent })))];
    if (own) {
      make(own[0], pieces);
      done.add(key);
      bare.delete(key);
    } else if (!bare.has(key)) {
      bare.set(key, [mark, pieces]);
    }
  }
  for (const [mark, pieces] of bare.values()) {
    const empty = mark.cloneNode(false);
    empty.removeAttribute("id");
    // No tooltip on an empty element (a screen reader would read it into the claim's name).
    if (empty.title) empty.dataset.preview = empty.dataset.preview || empty.title;
    empty.removeAttribute("title");
    empty.dataset.end = empty.dataset.start;
    mark.prepend(empty);
    make(empty, pieces);
  }
}

// Pieces named so far, per `descriptions` element (ids unique in the page).
const pieceCounts = new WeakMap();

// An id for a piece of a split highlight.
export function highlightPieceId(descriptions, piece) {
  if (!piece.id) {
    const count = (pieceCounts.get(descriptions) || 0) + 1;
    pieceCounts.set(descriptions, count);
    piece.id = `${descriptions.id}-piece-${count}`;
  }
  return piece.id;
}

// The button of the annotation that `mark` is a piece of (null if it has none).
export function highlightStop(mark, container) {
  const own = mark.closest(".hl[data-target]");
  if (own && highlightKey(own) === highlightKey(mark)) return own;
  const key = highlightKey(mark);
  for (const target of container.querySelectorAll(`.hl-${CSS.escape(mark.dataset.layer)}[data-target]`)) {
    if (highlightKey(target) === key) return target;
  }
  return null;
}

// A highlight's text as a screen reader names it: all its pieces when it was split.
export function highlightText(mark) {
  const ids = (mark.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean);
  const pieces = ids.length ? ids.map((id) => document.getElementById(id)).filter(Boolean) : [mark];
  return pieces.map((piece) => piece.textContent).join("").replace(/\s+/g, " ").trim();
}

// What a highlight is, and its status or note, in words. `statuses` maps a claim status to its
// words (reader.vocabulary.STATUS_TEXT).
export function highlightKind(mark, statuses) {
  const layer = mark.dataset.layer;
  if (layer === "claims") {
    const status = mark.dataset.status ? statuses[mark.dataset.status] || mark.dataset.status : "Not assessed";
    return { kind: "claim", about: status };
  }
  const note = (mark.dataset.preview || mark.title || "").split("\n")[0].split(" · ").pop();
  if (layer === "notes") return { kind: "note", about: note ? `Note: ${note}` : "Note" };
  return { kind: (mark.dataset.label || "entity").toLowerCase(), about: note ? `Note: ${note}` : "Note" };
}

// Per `descriptions` element: text -> the id of the hidden element saying it.
const descriptionIds = new WeakMap();

// The id of the hidden element saying `text` (made once per text).
export function highlightDescriptionId(descriptions, text) {
  if (!descriptionIds.has(descriptions)) descriptionIds.set(descriptions, new Map());
  const ids = descriptionIds.get(descriptions);
  let id = ids.get(text);
  if (!id) {
    id = `${descriptions.id}-${ids.size}`;
    const span = document.createElement("span");
    span.id = id;
    span.textContent = text;
    descriptions.appendChild(span);
    ids.set(text, id);
  }
  return id;
}

// What the live region says when a highlight's evidence opens.
export function highlightAnnouncement(mark) {
  const about = document.getElementById(mark.getAttribute("aria-describedby") || "");
  const text = highlightText(mark);
  const kind = mark.getAttribute("aria-roledescription") || "highlight";
  return `Evidence shown for the ${kind} “${text}”${about ? ` (${about.textContent})` : ""}. Escape closes it.`;
}

// A focused highlight is never hidden behind a sticky bar at the top (`top` px) or a bottom
// sheet (`bottom` px from the bottom of the screen): scroll it clear (WCAG 2.4.11).
export function highlightKeepInSight(mark, top, bottom) {
  const rect = mark.getBoundingClientRect();
  if (rect.top < top || rect.bottom > window.innerHeight - bottom) mark.scrollIntoView({ block: "nearest" });
}

// Where the next (step 1) or previous (step -1) claim key goes, as an index into the `count`
// claims in reading order (-1: there are none). From the focused claim `at` (-1: none is); else
// from another focused highlight (a note inside a claim), `after` being the first claim after
// it (-1: none is); else from the top of the screen, `below` being the first claim below it
// (-1: none is).
export function nextClaimIndex(count, { at = -1, after = null, below = -1 }, step) {
  if (!count) return -1;
  if (at >= 0) return Math.min(Math.max(at + step, 0), count - 1);
  if (after !== null) {
    const next = after < 0 ? count : after;
    return step > 0 ? Math.min(next, count - 1) : Math.max(next - 1, 0);
  }
  const start = below < 0 ? count - 1 : below;
  return step > 0 ? start : Math.max(start - 1, 0);
}

// The claim after (or before, step -1) the focused highlight `from` in reading order
// (nextClaimIndex), for the next/previous keys.
export function highlightNextClaim(container, from, step) {
  const claims = [...container.querySelectorAll(".hl-claims[data-target]")];
  const at = from ? claims.indexOf(from.closest(".hl-claims[data-target]")) : -1;
  const place = { at };
  if (at < 0 && from) {
    place.after = claims.findIndex((m) => from.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING);
  } else if (at < 0) {
    place.below = claims.findIndex((m) => m.getBoundingClientRect().bottom > 0);
  }
  return claims[nextClaimIndex(claims.length, place, step)] || null;
}
