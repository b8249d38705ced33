import { RequestMethod } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { HEADERS_METADATA, HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';

/** One handler as Nest will route it: `key` is `METHOD /path`, without the global prefix. */
export type ServedRoute = { key: string; path: string; headers: unknown; status: unknown };

/**
 * What these controllers serve, read from Nest's own route metadata, without starting an app: the
 * specs that hold controllers to their route declarations compare against this.
 */
export const servedRoutes = (controllers: readonly Type[]): ServedRoute[] =>
  controllers.flatMap((controller) => {
    const prefix = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '/');
    const prototype = controller.prototype as Record<string, unknown>;
    return Object.getOwnPropertyNames(prototype).flatMap((name) => {
      const handler = prototype[name];
      if (name === 'constructor' || typeof handler !== 'function') return [];
      const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (path === undefined) return [];
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      const full = `/${prefix}/${path}`.replace(/\/+/g, '/');
      return [
        {
          key: `${method} ${full}`,
          path: full,
          headers: Reflect.getMetadata(HEADERS_METADATA, handler) as unknown,
          status: Reflect.getMetadata(HTTP_CODE_METADATA, handler) as unknown,
        },
      ];
    });
  });
