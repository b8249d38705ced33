/**
 * Municipality names arrive as typed at intake ("'s-Hertogenbosch", "Súdwest-Fryslân"): compared
 * without case, surrounding space or doubled spaces, invisible characters, or the kind of
 * apostrophe and dash, so a region's lookup does not depend on typing.
 * The same comparison tells the intake form whether a typed name is one the directory knows.
 */
export const municipalityKey = (name: string): string =>
  name
    .normalize('NFKC')
    // Invisible characters a copy from a document or e-mail brings along: soft hyphen, zero-width
    // space and joiners, word joiner, byte order mark.
    .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '')
    // Apostrophes and dashes as keyboards and word processors write them ("’s-Hertogenbosch",
    // "Súdwest–Fryslân"); without this such a name belonged to no region at all.
    .replace(/[\u2018\u2019\u02bc\u00b4`]/g, "'")
    .replace(/\s*[-\u2010-\u2015\u2212]\s*/g, '-')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();
