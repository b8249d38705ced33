import type { z, ZodType } from 'zod';
import type { CaseCommandName } from '@ketenregie/access-domain';
import type { OrganisationDirectory, Principal } from '@ketenregie/access-domain';
import type { CaseCommand, TimeDrivenCaseCommand } from '@ketenregie/cases-domain';
import type { CommandMetadata } from '@ketenregie/kernel';
import type { Named } from '../http/person-refs';
import type { NewFamily } from './case-command';

/** `:caseId/handovers/:handoverId` → `'caseId' | 'handoverId'`. */
type ParamNames<Path extends string> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : Path extends `${string}:${infer Name}`
    ? Name
    : never;

/** Commands users send; the time-driven ones are the scheduler's only. */
export type UserCommandType = Exclude<CaseCommandName, TimeDrivenCaseCommand['type']>;

/** What a route's mapping may use besides its input: all of it data, decided before the command is sent. */
export type RouteContext = {
  metadata: CommandMetadata;
  principal: Principal;
  directory: OrganisationDirectory;
  /** An id for `name` that is stable across retries of this request (same Idempotency-Key). */
  idFor: (name: string) => string;
  /** The request pinned a version (`If-Match`). */
  ifMatch: boolean;
};

/** The plain command a route maps its input onto, and the ids the client gets back. */
export type RoutedCommand<Type extends UserCommandType = UserCommandType> = {
  caseId: string;
  target: 'open' | 'existing';
  command: Extract<CaseCommand, { type: Type }>;
  ids?: Record<string, string>;
  newFamily?: NewFamily;
};

/**
 * One case command endpoint, declared once: the router, the OpenAPI document and the
 * authorisation-matrix test are all read from it. `path` is relative to the API prefix; each
 * `:param` is a path id (404 when it cannot be one) unless `params` gives it a schema.
 */
export type CaseCommandRoute<
  Path extends string = string,
  Body extends ZodType = ZodType,
  Type extends UserCommandType = UserCommandType,
> = {
  path: Path;
  /** The domain command it sends, and so the access rule that applies (`caseCommandAccess`). */
  commandType: Type;
  operationId: string;
  summary: string;
  body: Body;
  bodyName: string;
  params?: Partial<Record<ParamNames<Path>, ZodType<string>>>;
  /** Opens a case (201, `Location`); also adds the known-family answers to its documented problems. */
  creates?: true;
  toCommand: (
    input: { body: Named<z.output<Body>>; params: Record<ParamNames<Path>, string> },
    context: RouteContext,
  ) => RoutedCommand<Type>;
};

/**
 * Declares a route, checking its mapping against its own path, body and command type; the list
 * of all routes then holds them without those types, each having been checked where declared.
 */
export const caseCommandRoute = <Path extends string, Body extends ZodType, Type extends UserCommandType>(
  route: CaseCommandRoute<Path, Body, Type>,
): CaseCommandRoute => route as unknown as CaseCommandRoute;

/** The usual mapping's answer: this command, on an existing case, with the ids the client gets back. */
export const onCase = <Type extends UserCommandType>(
  caseId: string,
  command: Extract<CaseCommand, { type: Type }>,
  ids?: Record<string, string>,
): RoutedCommand<Type> => ({ caseId, target: 'existing', command, ...(ids ? { ids } : {}) });
