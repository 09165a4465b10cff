// Which highlight a click or a key press means: shared by the app's article view
// (reader/assets/js/article/) and the standalone page (reader/assets/standalone.js).
// A highlight is a <mark class="hl" data-layer="…">; the layers nest, claims outermost
// (reader.html.render.NESTING), so one place in the text may sit inside several of them; the
// keyboard's buttons never nest (highlightPrepareTargets splits the outer highlight).

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

// What a highlight opens: its claim, or a note (a note's mention and an entity linked to that
// note open the same note).
function highlightOpens(mark) {
  if (mark.dataset.layer === "claims") return `claim:${highlightWords(mark.dataset.ids)[0] || ""}`;
  return `note:${highlightWords(mark.dataset.note)[0] || ""}`;
}

// One annotation's pieces share this key: a claim or an entity split by other layers, a mention.
function highlightKey(mark) {
  return `${mark.dataset.layer}:${highlightWords(mark.dataset.ids)[0] || ""}`;
}

// Whether `node` is, or holds, a highlight with evidence that opens something else than `opens`.
function highlightHoldsOther(node, opens) {
  if (!(node instanceof Element)) return false;
  const marks = node.matches(".hl") ? [node, ...node.querySelectorAll(".hl")] : node.querySelectorAll(".hl");
  for (const mark of marks) if (highlightHasEvidence(mark) && highlightOpens(mark) !== opens) return true;
  return false;
}

// Split `mark` into sibling copies so that no piece both has text of its own and holds another
// annotation's highlight: a note mentioned inside a claim sits in a piece of the claim that is
// not the claim's button, so both are buttons and neither is inside the other. The text and
// the look are unchanged (the pieces carry the same attributes; each its own data-start/-end).
// Returns the pieces in order, each as [piece, holds another annotation].
function highlightSplit(mark, opens) {
  const runs = [];
  for (const child of [...mark.childNodes]) {
    const held = highlightHoldsOther(child, opens);
    const last = runs[runs.length - 1];
    if (last && last[0] === held) last[1].push(child);
    else runs.push([held, [child]]);
  }
  if (runs.length < 2) return [[mark, runs.length ? runs[0][0] : false]];
  // Offsets count code points, as Python's do (reader.html.render).
  let start = Number(mark.dataset.start);
  let previous = null;
  return runs.map(([held, nodes]) => {
    const piece = previous ? mark.cloneNode(false) : mark;
    if (previous) {
      nodes.forEach((node) => piece.appendChild(node));
      previous.after(piece);
    }
    const length = nodes.reduce((sum, node) => sum + Array.from(node.textContent).length, 0);
    piece.dataset.start = String(start);
    piece.dataset.end = String(start + length);
    start += length;
    previous = piece;
    return [piece, held];
  });
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
function highlightPrepareTargets(scope, descriptions) {
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
    // Its button: the first piece with words of its own (not a lone space between two notes).
    const own = pieces.find(([piece, held]) => !held && /\S/.test(piece.textContent));
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

// An id for a piece of a split highlight (unique in the page: counted on `descriptions`).
function highlightPieceId(descriptions, piece) {
  if (!piece.id) {
    descriptions.__pieces = (descriptions.__pieces || 0) + 1;
    piece.id = `${descriptions.id}-piece-${descriptions.__pieces}`;
  }
  return piece.id;
}

// The button of the annotation that `mark` is a piece of (null if it has none).
function highlightStop(mark, container) {
  const own = mark.closest(".hl[data-target]");
  if (own && highlightKey(own) === highlightKey(mark)) return own;
  const key = highlightKey(mark);
  for (const target of container.querySelectorAll(`.hl-${CSS.escape(mark.dataset.layer)}[data-target]`)) {
    if (highlightKey(target) === key) return target;
  }
  return null;
}

// A highlight's text as a screen reader names it: all its pieces when it was split.
function highlightText(mark) {
  const ids = (mark.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean);
  const pieces = ids.length ? ids.map((id) => document.getElementById(id)).filter(Boolean) : [mark];
  return pieces.map((piece) => piece.textContent).join("").replace(/\s+/g, " ").trim();
}

// What a highlight is, and its status or note, in words. `statuses` maps a claim status to its
// words (reader.vocabulary.STATUS_TEXT).
function highlightKind(mark, statuses) {
  const layer = mark.dataset.layer;
  if (layer === "claims") {
    const status = mark.dataset.status ? statuses[mark.dataset.status] || mark.dataset.status : "Not assessed";
    return { kind: "claim", about: status };
  }
  const note = (mark.dataset.preview || mark.getAttribute("title") || "").split("\n")[0].split(" · ").pop();
  if (layer === "notes") return { kind: "note", about: note ? `Note: ${note}` : "Note" };
  return { kind: (mark.dataset.label || "entity").toLowerCase(), about: note ? `Note: ${note}` : "Note" };
}

// The id of the hidden element saying `text` (made once per text).
function highlightDescriptionId(descriptions, text) {
  const ids = descriptions.__ids || (descriptions.__ids = new Map());
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
function highlightAnnouncement(mark) {
  const about = document.getElementById(mark.getAttribute("aria-describedby") || "");
  const text = highlightText(mark);
  const kind = mark.getAttribute("aria-roledescription") || "highlight";
  return `Evidence shown for the ${kind} “${text}”${about ? ` (${about.textContent})` : ""}. Escape closes it.`;
}

// A focused highlight is never hidden behind a sticky bar at the top (`top` px) or a bottom
// sheet (`bottom` px from the bottom of the screen): scroll it clear (WCAG 2.4.11).
function highlightKeepInSight(mark, top, bottom) {
  const rect = mark.getBoundingClientRect();
  if (rect.top < top || rect.bottom > window.innerHeight - bottom) mark.scrollIntoView({ block: "nearest" });
}

// The claim after (or before, step -1) the focused highlight in reading order, for next/previous keys.
function highlightNextClaim(container, from, step) {
  const claims = [...container.querySelectorAll(".hl-claims[data-target]")];
  if (!claims.length) return null;
  const at = from ? claims.indexOf(from.closest(".hl-claims[data-target]")) : -1;
  if (at >= 0) return claims[Math.min(Math.max(at + step, 0), claims.length - 1)];
  if (from) {
    // From another highlight (a note inside a claim): the first claim after (or before) it.
    const after = claims.findIndex((m) => from.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING);
    const next = after < 0 ? claims.length : after;
    return claims[step > 0 ? Math.min(next, claims.length - 1) : Math.max(next - 1, 0)];
  }
  // From elsewhere: the first claim below (or above) the top of the screen.
  const below = claims.findIndex((m) => m.getBoundingClientRect().bottom > 0);
  const start = below < 0 ? claims.length - 1 : below;
  return claims[step > 0 ? start : Math.max(start - 1, 0)];
}
