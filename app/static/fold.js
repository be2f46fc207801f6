// Folds names exactly as the server does (app/core/text.py), from the same rules
// (app/core/fold_rules.json, which pages embed as <script type="application/json"
// id="fold-rules">): Cyrillic read as Romanian Latin, no diacritics, lower case.
// A text can have several readings (ы is î or â): the first is the usual one.
const MAX_VARIANTS = 16;

export function makeFolder(rules) {
  const set = (name) => new Set(Array.from(rules[name]));
  const FRONT = set("front_vowels");
  const OPEN = set("open_vowels");
  const HUSHING = set("hushing");
  const SOFT_I = set("soft_i");
  const CONSONANTS = set("consonants");
  const isAlpha = (ch) => /\p{L}/u.test(ch);

  function letter(ch, prev, next) {
    if (HUSHING.has(ch)) {
      const base = ch === "ч" ? "c" : "g";
      if (FRONT.has(next)) return [base];
      if (OPEN.has(next)) return [base + "e"];
      return [base + "i"];
    }
    if (ch === "к" || ch === "г") {
      const base = ch === "к" ? "c" : "g";
      if (FRONT.has(next)) return ch === "к" ? [base + "h"] : ["gh", "g"];
      return [base];
    }
    if (ch === "я") {
      if (HUSHING.has(prev) || SOFT_I.has(prev)) return ["a"];
      if (CONSONANTS.has(prev)) return ["ea", "ia"];
      return ["ia"];
    }
    if (ch === "ю") {
      if (HUSHING.has(prev) || SOFT_I.has(prev)) return ["u"];
      return ["iu"];
    }
    if (ch === "э") return isAlpha(prev) ? ["ă"] : ["e"];
    if (ch === "ы") return ["î", "â"];
    if (ch === "î" || ch === "â") return [ch, ch === "î" ? "â" : "î"];
    if (ch === "ь") return CONSONANTS.has(prev) && !isAlpha(next) ? ["i", ""] : [""];
    return Object.hasOwn(rules.letters, ch) ? [rules.letters[ch]] : [ch];
  }

  function spellings(text) {
    const chars = Array.from(text.toLowerCase().replaceAll("дж", "ӂ"));
    return chars.map((ch, i) => letter(ch, chars[i - 1] ?? "", chars[i + 1] ?? ""));
  }

  function plain(latin) {
    let text = latin.normalize("NFKD").replace(/\p{M}/gu, "");
    text = text.replaceAll("-", " ").replaceAll("'", "");
    for (const [from, to] of Object.entries(rules.latin)) text = text.replaceAll(from, to);
    return text.replace(/[^a-z ]+/g, "").replace(/\s+/g, " ").trim();
  }

  function foldVariants(text) {
    if (!text) return [];
    // the same order as itertools.product: the last letter's options change fastest
    let combos = [""];
    for (const options of spellings(text)) {
      const next = [];
      for (const start of combos) {
        for (const option of options) next.push(start + option);
      }
      combos = next.slice(0, MAX_VARIANTS);
    }
    const found = [];
    for (const combo of combos) {
      const folded = plain(combo);
      if (!found.includes(folded)) found.push(folded);
    }
    return found;
  }

  const fold = (text) => foldVariants(text)[0] ?? "";

  function searchTerms(text) {
    return (text || "")
      .split(/[\s-]+/)
      .map((word) => foldVariants(word).filter(Boolean))
      .filter((readings) => readings.length);
  }

  return { fold, foldVariants, searchTerms };
}

// The folder for this page, from the rules the server embedded in it.
export function pageFolder() {
  const source = document.getElementById("fold-rules");
  return makeFolder(JSON.parse(source.textContent));
}
