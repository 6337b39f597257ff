// The pseudo-language `qps` (see i18n.js): English with every letter accented and every text 40% longer, in
// words that wrap like real ones. A layout that survives it survives Spanish, which runs about 25% longer.
const ACCENTS = {
  a: 'á', e: 'é', i: 'î', o: 'ö', u: 'ü', c: 'ç', n: 'ñ', s: 'š', y: 'ý', z: 'ž',
  A: 'Å', E: 'É', I: 'Î', O: 'Ö', U: 'Û', C: 'Ç', N: 'Ñ', S: 'Š', Y: 'Ý', Z: 'Ž',
};
const FILLER = ['ļöŕéɱ', 'ïƥšûɱ', 'ðöļöŕ', 'šîţ', 'áɱéţ', 'çöñšéçţéţûŕ'];

function accent(text) {
  // Placeholders ({count}) stay as they are: t() fills them in.
  return text.split(/(\{\w+\})/).map((part) => (part.startsWith('{') ? part : part.replace(/[a-zA-Z]/g, (ch) => ACCENTS[ch] || ch))).join('');
}

function lengthen(text) {
  const words = [];
  let extra = Math.ceil(text.length * 0.4);
  for (let i = 0; extra > 0; i += 1) {
    const word = FILLER[i % FILLER.length];
    words.push(word);
    extra -= word.length + 1;
  }
  return `${accent(text)} ${words.join(' ')}`;
}

/** The pseudo catalogue of a catalogue (plural objects and nested groups keep their shape). */
export function pseudo(catalogue) {
  if (typeof catalogue === 'string') return lengthen(catalogue);
  if (Array.isArray(catalogue)) return catalogue.map(pseudo);
  if (catalogue && typeof catalogue === 'object') {
    return Object.fromEntries(Object.entries(catalogue).map(([key, value]) => [key, pseudo(value)]));
  }
  return catalogue;
}
