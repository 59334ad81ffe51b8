/**
 * HTML character references as CommonMark (and so GitHub's cmark-gfm) decodes them in text:
 * https://spec.commonmark.org/0.31.2/#entity-and-numeric-character-references
 *
 * Numeric references are decoded in full (code point 0, surrogates and anything past U+10FFFF
 * become U+FFFD, as the spec says). Named references come from the HTML 4.01 sets
 * (https://www.w3.org/TR/html401/sgml/entities.html: Latin-1, symbols and Greek, special) plus
 * `&apos;`: the ones people type. HTML5 defines about 2,000 more; a name outside this table is
 * left as written, which may differ from GitHub for a rare name (no entity library is a dependency).
 */

/** HTML 4.01 Latin-1 set: U+00A0 to U+00FF, in code-point order. */
const LATIN1 =
  "nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot " +
  "cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml " +
  "Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig " +
  "agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute " +
  "ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml";

/** Greek capitals from U+0391 (U+03A2 is unassigned) and small letters from U+03B1 (U+03C2 is final sigma). */
const GREEK = "Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi Rho _ Sigma Tau Upsilon Phi Chi Psi Omega";

/** The rest of HTML 4.01's symbol and special sets, and `apos`. */
const OTHERS: Record<string, number> = {
  quot: 34, amp: 38, apos: 39, lt: 60, gt: 62,
  OElig: 338, oelig: 339, Scaron: 352, scaron: 353, Yuml: 376, fnof: 402, circ: 710, tilde: 732,
  thetasym: 977, upsih: 978, piv: 982,
  ensp: 8194, emsp: 8195, thinsp: 8201, zwnj: 8204, zwj: 8205, lrm: 8206, rlm: 8207,
  ndash: 8211, mdash: 8212, lsquo: 8216, rsquo: 8217, sbquo: 8218, ldquo: 8220, rdquo: 8221, bdquo: 8222,
  dagger: 8224, Dagger: 8225, bull: 8226, hellip: 8230, permil: 8240, prime: 8242, Prime: 8243,
  lsaquo: 8249, rsaquo: 8250, oline: 8254, frasl: 8260, euro: 8364,
  image: 8465, weierp: 8472, real: 8476, trade: 8482, alefsym: 8501,
  larr: 8592, uarr: 8593, rarr: 8594, darr: 8595, harr: 8596, crarr: 8629, lArr: 8656, uArr: 8657, rArr: 8658, dArr: 8659, hArr: 8660,
  forall: 8704, part: 8706, exist: 8707, empty: 8709, nabla: 8711, isin: 8712, notin: 8713, ni: 8715, prod: 8719, sum: 8721,
  minus: 8722, lowast: 8727, radic: 8730, prop: 8733, infin: 8734, ang: 8736, and: 8743, or: 8744, cap: 8745, cup: 8746, int: 8747,
  there4: 8756, sim: 8764, cong: 8773, asymp: 8776, ne: 8800, equiv: 8801, le: 8804, ge: 8805,
  sub: 8834, sup: 8835, nsub: 8836, sube: 8838, supe: 8839, oplus: 8853, otimes: 8855, perp: 8869, sdot: 8901,
  lceil: 8968, rceil: 8969, lfloor: 8970, rfloor: 8971,
  // HTML5 moved these two from U+2329/U+232A to the mathematical angle brackets.
  lang: 10216, rang: 10217,
  loz: 9674, spades: 9824, clubs: 9827, hearts: 9829, diams: 9830,
};

function buildTable(): ReadonlyMap<string, string> {
  const table = new Map<string, string>();
  LATIN1.split(" ").forEach((name, i) => table.set(name, String.fromCodePoint(0xa0 + i)));
  GREEK.split(" ").forEach((name, i) => {
    if (name === "_") return;
    table.set(name, String.fromCodePoint(0x391 + i));
    table.set(name.toLowerCase(), String.fromCodePoint(0x3b1 + i));
  });
  table.set("sigmaf", String.fromCodePoint(0x3c2));
  for (const [name, codePoint] of Object.entries(OTHERS)) table.set(name, String.fromCodePoint(codePoint));
  return table;
}

export const NAMED_ENTITIES: ReadonlyMap<string, string> = buildTable();

/** The spec's three forms: `&name;`, `&#` 1-7 digits `;`, `&#x` 1-6 hex digits `;`. */
const REFERENCE = /&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{0,31}));/g;

function fromCodePoint(n: number): string {
  return n === 0 || (n >= 0xd800 && n <= 0xdfff) || n > 0x10ffff ? "\ufffd" : String.fromCodePoint(n);
}

/** Text with every character reference CommonMark recognizes replaced by its character. */
export function decodeHtmlEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(REFERENCE, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (dec !== undefined) return fromCodePoint(Number.parseInt(dec, 10));
    if (hex !== undefined) return fromCodePoint(Number.parseInt(hex, 16));
    return NAMED_ENTITIES.get(name!) ?? whole;
  });
}
