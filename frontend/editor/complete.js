// Completion for annotation files, from the vocabulary Python sends (reader's completion module):
//   vocab.keys[path]     [{label, detail, info}]  the keys an entry at `path` may have
//   vocab.values[path]   [{label, detail}]        the values of a key (statuses, labels, figure/note ids)
//   vocab.text_paths     ["claims.quote", ...]    keys whose value is text of the document
//   vocab.sentences      [[exact, yaml], ...]     the document's sentences, and each as a YAML scalar
//   vocab.fold           {"’": "'", ...}          characters typed plainly for curly ones

import { context } from "./context.js";

const MAX_SENTENCES = 12;

function fold(text, table) {
  let out = "";
  for (const ch of text.toLowerCase()) out += table[ch] ?? ch;
  return out.replace(/\s+/g, " ");
}

// Sentences that contain the typed words (quotes and dashes may be typed plainly), those that
// start with them first; each is inserted as Python wrote it, a YAML scalar that reads back exactly.
export function sentenceOptions(vocab, typed) {
  const table = vocab.fold || {};
  const words = fold(typed.replace(/^["']/, ""), table).trim();
  if (words.length < 3) return [];
  const found = [];
  for (const [exact, yaml] of vocab.sentences || []) {
    const at = fold(exact, table).indexOf(words);
    if (at >= 0) found.push({ exact, yaml, at });
  }
  found.sort((a, b) => a.at - b.at);
  return found.slice(0, MAX_SENTENCES).map(({ exact, yaml }) => ({ label: exact, apply: yaml, detail: "sentence", type: "text" }));
}

function keyOptions(vocab, path, typed) {
  return (vocab.keys[path.join(".")] || []).map((key) => ({
    label: key.label, detail: key.detail, info: key.info || undefined, type: "property", apply: `${key.label}: `,
  })).filter((option) => option.label.startsWith(typed) || !typed);
}

function valueOptions(vocab, path) {
  return (vocab.values[path.join(".")] || []).map((value) => ({ label: value.label, detail: value.detail, type: "constant" }));
}

// The CodeMirror completion source.
export function annotationCompletions(getVocab) {
  return (cm) => {
    const vocab = getVocab();
    if (!vocab) return null;
    const where = context(cm.state.doc, cm.pos);
    if (!where) return null;
    if (!cm.explicit && where.typed === "" && where.kind !== "value") return null;
    const path = where.path;
    if (where.kind === "value") {
      const joined = path.join(".");
      if ((vocab.text_paths || []).includes(joined)) {
        const options = sentenceOptions(vocab, where.typed);
        return options.length ? { from: where.from, options, filter: false } : null;
      }
      const options = valueOptions(vocab, path);
      return options.length ? { from: where.from, options, validFor: /^[\w-]*$/ } : null;
    }
    // "- …" in a list of ids, or a key in an entry
    const values = where.kind !== "key" ? valueOptions(vocab, path) : [];
    const options = values.length ? values : keyOptions(vocab, path, where.typed);
    return options.length ? { from: where.from, options, validFor: /^[\w-]*$/ } : null;
  };
}
