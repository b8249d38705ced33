/** TypeORM answers UPDATE and DELETE with `[rows, count]` and every other statement with the rows. */
export const returnedRows = <Row>(result: unknown): Row[] => {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as Row[];
  }
  return result as Row[];
};
