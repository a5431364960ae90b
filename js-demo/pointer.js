// Where a JSON Pointer sits in JSON text: the span of the value (or, for a
// key the format does not define, of the key) it points at, so that the rule
// editor can underline a problem the package reported. Text positioning
// only: what is wrong is the package's answer (`Workflow.lintJson`).

/** The [start, end) offsets of the value at `pointer` in `text`, or null. */
export function spanOf(text, pointer) {
  const tokens = pointer === "" ? [] : pointer.slice(1).split("/").map((t) => t.replaceAll("~1", "/").replaceAll("~0", "~"));
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const skipString = () => {
    for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    i++;
  };
  const skipValue = () => {
    ws();
    const start = i;
    if (text[i] === '"') return skipString(), start;
    if (text[i] === "{" || text[i] === "[") {
      let depth = 0;
      for (; i < text.length; i++) {
        if (text[i] === '"') {
          skipString();
          i--;
        } else if (text[i] === "{" || text[i] === "[") depth++;
        else if (text[i] === "}" || text[i] === "]") if (--depth === 0) return i++, start;
      }
      return start;
    }
    while (i < text.length && !",}] \t\n\r".includes(text[i])) i++;
    return start;
  };
  for (const token of tokens) {
    ws();
    if (text[i] === "{") {
      i++;
      let found = false;
      while (i < text.length) {
        ws();
        if (text[i] === "}") return null;
        const keyStart = i;
        skipString();
        let key;
        try {
          key = JSON.parse(text.slice(keyStart, i));
        } catch {
          return null;
        }
        ws();
        i++; // the colon
        if (key === token) {
          // The last token of an unknown key: underline the key.
          if (token === tokens[tokens.length - 1] && tokens.length > 0) {
            const valueStart = (ws(), i);
            skipValue();
            return { start: keyStart, end: Math.max(i, valueStart) };
          }
          found = true;
          break;
        }
        skipValue();
        ws();
        if (text[i] === ",") i++;
      }
      if (!found) return null;
    } else if (text[i] === "[") {
      i++;
      for (let k = 0; k < Number(token); k++) {
        skipValue();
        ws();
        if (text[i] !== ",") return null;
        i++;
      }
    } else return null;
  }
  const start = skipValue();
  return { start, end: i };
}

/** The 1-based line and column of an offset. */
export function lineColumn(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}
