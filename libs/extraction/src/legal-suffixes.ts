/**
 * Legal-form suffixes that are not part of a trading name: "Brightmoor
 * Analytics, Inc." trades as "Brightmoor Analytics".
 */
const SUFFIX_WORDS = [
  'gmbh\\s?&\\s?co\\.?\\s?kg',
  'inc',
  'incorporated',
  'llc',
  'l\\.l\\.c',
  'ltd',
  'limited',
  'llp',
  'l\\.l\\.p',
  'lp',
  'plc',
  'corp',
  'corporation',
  'co',
  'gmbh',
  'ggmbh',
  'ag',
  'kg',
  'kgaa',
  'ug',
  'ug\\s?\\(haftungsbeschränkt\\)',
  'e\\.\\s?k',
  'ohg',
  'gbr',
  'sas',
  'sasu',
  'sarl',
  's\\.a\\.r\\.l',
  'sa',
  's\\.a',
  'eurl',
  'sci',
  'scop',
  'pty\\.?\\s?ltd',
  'pty',
  'pte\\.?\\s?ltd',
  'pte',
  'bv',
  'b\\.v',
  'nv',
  'n\\.v',
  'ab',
  'as',
  'a\\/s',
  'aps',
  'oy',
  'oyj',
  's\\.p\\.a',
  'spa',
  's\\.r\\.l',
  'srl',
  'sl',
  's\\.l',
  'kk',
  'k\\.k',
  'ltda',
  'pc',
  'p\\.c',
  'pllc',
  'p\\.l\\.l\\.c',
  'lda',
  'sro',
  's\\.r\\.o',
  'sp\\.?\\s?z\\s?o\\.?\\s?o',
  'bvba',
  'vof',
  'cvba',
  'kft',
  'zrt',
  'd\\.o\\.o',
  'doo',
  'as\\.',
  'a\\.s',
];

const SUFFIX_ALTERNATION = SUFFIX_WORDS.join('|');

/** A legal suffix at the end of a name, with the comma and dots around it. */
export const TRAILING_LEGAL_SUFFIX = new RegExp(
  `(?:\\s{0,3},\\s{0,3}|\\s{1,3})(?<!&\\s{0,3})(?:${SUFFIX_ALTERNATION})\\.{0,2}\\s{0,3}$`,
  'i',
);

/** A legal suffix anywhere, as a whole word ("Marlowe & Finch LLP is registered…"). */
export const LEGAL_SUFFIX_WORD = new RegExp(
  `(?:\\s{0,3},\\s{0,3}|\\s{1,3})(?:${SUFFIX_ALTERNATION})(?:\\.{1,2}|(?![\\p{L}\\p{N}]))`,
  'giu',
);

/** The name without its legal form(s): "Saltmarsh Coffee Roasters Pty Ltd" → "Saltmarsh Coffee Roasters". */
export function stripLegalSuffix(name: string): string {
  let out = name.trim().slice(0, 300);
  for (let i = 0; i < 3; i++) {
    const next = out.replace(TRAILING_LEGAL_SUFFIX, '').trim();
    if (next === out || !next) break;
    out = next;
  }
  return out.replace(/[\s,.;:·|–—-]+$/u, '').trim();
}

export function hasLegalSuffix(name: string): boolean {
  return (
    stripLegalSuffix(name) !==
    name
      .trim()
      .replace(/[\s,.;:·|–—-]+$/u, '')
      .trim()
  );
}
