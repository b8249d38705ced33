import { z } from 'zod';

// Dates on the wire are RFC 3339, and the document says which kind each field is (`format`), so a
// client can parse them without guessing: an instant is a `date-time` in UTC (`...Z`, as
// `Date.prototype.toISOString` writes it), a calendar day a `date` (`2026-03-10`).

/** An instant the server writes: `2026-03-10T08:30:00.000Z`. */
export const instantOutput = () => z.string().meta({ format: 'date-time' });

/** A calendar day the server writes: `2026-03-10`. */
export const dayOutput = () => z.string().meta({ format: 'date' });
