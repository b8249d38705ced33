/**
 * Municipality names arrive as typed at intake ("'s-Hertogenbosch", "Súdwest-Fryslân"): compared
 * without case, surrounding space or doubled spaces, so a region's lookup does not depend on typing.
 * The same comparison tells the intake form whether a typed name is one the directory knows.
 */
export const municipalityKey = (name: string): string => name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
