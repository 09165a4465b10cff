// The channel between the article's state component and its view (frontend/article/channel.js,
// state.js): the state goes over as it comes, again to a view mounted later, and the view's
// requests for pages reach Python as the "want" trigger.
import assert from "node:assert/strict";
import test from "node:test";

globalThis.window = new EventTarget(); // the page's window, for the channel's events
// Debian's Node 18 has no global CustomEvent (Node 19 on, and browsers, have it).
globalThis.CustomEvent ??= class extends Event {
  constructor(type, init = {}) {
    super(type, init);
    this.detail = init.detail ?? null;
  }
};

const { askForState, onState } = await import("../../frontend/article/channel.js");
const { default: stateComponent } = await import("../../frontend/article/state.js");

test("the state component hands its data to the view, and a later view gets it too", () => {
  const received = [];
  const stop = onState((detail) => received.push(detail));
  const triggers = [];
  const data = { hidden_layers: ["notes"], hidden_labels: [], selected: "c1", pages: { key: "k", items: [[1, "<p>x</p>"]] } };
  stateComponent({
    data: new TextEncoder().encode(JSON.stringify(data)),
    setTriggerValue: (name, value) => triggers.push([name, value]),
  });
  assert.equal(received.length, 1);
  const { pages, ...state } = data;
  assert.deepEqual(received[0].state, state);
  assert.deepEqual(received[0].pages, pages);
  received[0].want({ key: "k", from: 2, to: 4, n: 1 });
  assert.deepEqual(triggers, [["want", { key: "k", from: 2, to: 4, n: 1 }]]);
  // A view mounted now asks, and gets the same state without the pages already handed over.
  askForState();
  assert.equal(received.length, 2);
  assert.deepEqual(received[1].state, state);
  assert.equal(received[1].pages, null);
  stop();
  askForState();
  assert.equal(received.length, 2);
});
