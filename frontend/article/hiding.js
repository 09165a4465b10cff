// Hidden labels: the article view writes these rules into its <style class="reader-label-rules">.

// `value` as a CSS string's contents (inside double quotes): no label can end the string or the
// rule it is in.
export function cssString(value) {
  return String(value).replace(/["\\]/g, "\\$&").replace(/[\n\r\f]/g, (ch) => `\\${ch.charCodeAt(0).toString(16)} `);
}

// The rules that hide the entities of each of `labels`: as a hidden layer (highlights.css), they
// draw nothing, whatever rule styles them.
export function hiddenLabelRules(labels) {
  return [...labels].map((label) => {
    const mark = `.reader-view mark.hl-entities[data-label="${cssString(label)}"]`;
    return `${mark}{color:inherit!important;background:none!important;padding:0!important;`
      + "border:0!important;border-radius:0!important;outline:none!important;box-shadow:none!important;"
      + "text-decoration:none!important;cursor:inherit!important}"
      + `${mark}::before,${mark}::after{content:none!important}`;
  }).join("\n");
}
