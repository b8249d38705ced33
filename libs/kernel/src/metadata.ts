// Who did something and why it happened: every command and every stored event carries this,
// so the access log and the timeline can always answer "who, when, in which chain of actions".
export type Actor = {
  userId: string;
  /** Organisation the actor works for, e.g. a Veilig Thuis region or a local team. */
  organisationId?: string;
  /** The user on whose behalf the actor acted, when different. */
  onBehalfOf?: string;
};

export type CommandMetadata = {
  now: Date;
  actor: Actor;
  correlationId: string;
  causationId?: string;
};

export const systemActor = (process: string): Actor => ({ userId: `system:${process}` });
