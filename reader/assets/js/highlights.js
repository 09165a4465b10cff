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

// Keyboard and screen-reader targets, one per annotation: a highlight with evidence becomes a
// button in the tab order unless a highlight around it already is one — no interactive element
// inside another: a note mentioned inside a claim opens with the pointer, or from the claim's
// panel — or an earlier piece of the same annotation is (a claim that another layer splits is
// announced once, not once per piece). Its name is its text as shown; what it is ("claim",
// "note", "person") is its role description, and its status or note its description, so a
// screen reader says "homicides to triple …, claim, Misdated". `descriptions` is a hidden
// element that holds the description texts (one element per distinct text).
function highlightPrepareTargets(scope, descriptions) {
  const seen = new Set();
  for (const mark of scope.querySelectorAll(".hl")) {
    if (!highlightHasEvidence(mark)) continue;
    const key = `${mark.dataset.layer}:${highlightWords(mark.dataset.ids)[0] || ""}`;
    const inside = mark.parentElement && mark.parentElement.closest(".hl[data-target]");
    if (seen.has(key) || (inside && scope.contains(inside))) continue;
    seen.add(key);
    const { kind, about } = highlightKind(mark, JSON.parse(descriptions.dataset.statuses || "{}"));
    mark.dataset.target = "";
    mark.tabIndex = 0;
    mark.setAttribute("role", "button");
    mark.setAttribute("aria-roledescription", kind);
    mark.setAttribute("aria-describedby", highlightDescriptionId(descriptions, about));
  }
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
  const text = mark.textContent.replace(/\s+/g, " ").trim();
  const kind = mark.getAttribute("aria-roledescription") || "highlight";
  return `Evidence shown for the ${kind} “${text}”${about ? ` (${about.textContent})` : ""}. Escape closes it.`;
}

// A focused highlight is never hidden behind a sticky bar at the top (`top` px) or a bottom
// sheet (`bottom` px from the bottom of the screen): scroll it clear (WCAG 2.4.11).
function highlightKeepInSight(mark, top, bottom) {
  const rect = mark.getBoundingClientRect();
  if (rect.top < top || rect.bottom > window.innerHeight - bottom) mark.scrollIntoView({ block: "nearest" });
}

// The claim after (or before, step -1) the focused one in reading order, for next/previous keys.
function highlightNextClaim(container, from, step) {
  const claims = [...container.querySelectorAll(".hl-claims[data-target]")];
  if (!claims.length) return null;
  const at = from ? claims.indexOf(from.closest(".hl-claims[data-target]")) : -1;
  if (at < 0) {
    // From elsewhere: the first claim below (or above) the top of the screen.
    const below = claims.findIndex((m) => m.getBoundingClientRect().bottom > 0);
    const start = below < 0 ? claims.length - 1 : below;
    return claims[step > 0 ? start : Math.max(start - 1, 0)];
  }
  return claims[Math.min(Math.max(at + step, 0), claims.length - 1)];
}
