import { STATUS_CODES } from 'node:http';
import { HttpException, Injectable } from '@nestjs/common';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { unstorableTextErrors } from '@ketenregie/contracts';

/**
 * The backstop behind the schemas: a request whose path parameters, query or JSON body holds text
 * PostgreSQL cannot store (U+0000, a lone surrogate; keys included) is refused with a 400 naming
 * each field, before any handler runs. Every schema refuses such text itself (the shared rule in
 * `@ketenregie/contracts`); this guard makes sure a field added without it still cannot reach the
 * event store and stop a read model, and gives path parameters, which have no schema of their own
 * in most routes, the same answer. Paths: `params.caseId`, `query.asOf`, and body fields as the
 * schemas name them (`household.address.street`).
 */
@Injectable()
export class StorableInputGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    const errors = [
      ...unstorableTextErrors(request.params, 'params'),
      ...unstorableTextErrors(request.query, 'query'),
      ...unstorableTextErrors(request.body),
    ];
    if (errors.length === 0) return true;
    throw new HttpException(
      { type: 'about:blank', title: STATUS_CODES[400], status: 400, detail: 'Niet alle velden zijn goed ingevuld.', errors },
      400,
    );
  }
}
