/**
 * Which HTTP request sends each command: the controller method that sends it says so with
 * `@Sends('AcceptCommitment')`, and its route is read from the controller's own Nest metadata — so
 * the route of an allowed action is the one the controller serves, written once.
 */
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';

type Handler = (...args: never[]) => unknown;

const SENDERS = new Map<string, { controller: object; handler: Handler }>();

/** Marks the controller method that sends `command` (one method per command). */
export function Sends(command: string): MethodDecorator {
  return (target, _key, descriptor) => {
    const existing = SENDERS.get(command);
    if (existing && existing.handler !== descriptor.value) throw new Error(`two controller methods send ${command}`);
    SENDERS.set(command, { controller: target.constructor, handler: descriptor.value as Handler });
  };
}

export interface CommandRoute {
  readonly method: string;
  /** e.g. `/commitments/:id/revisions/:subId/acceptance` */
  readonly template: string;
}

/** The commands some controller sends. */
export function sentCommands(): string[] {
  return [...SENDERS.keys()];
}

const routes = new Map<string, CommandRoute | null>();

/** The route that sends the command, or null when no controller sends it (e.g. an act's AmendCharter). */
export function routeOf(command: string): CommandRoute | null {
  let route = routes.get(command);
  if (route === undefined) {
    const sender = SENDERS.get(command);
    route = sender ? { method: RequestMethod[Reflect.getMetadata(METHOD_METADATA, sender.handler) as number], template: joinPath(sender.controller, sender.handler) } : null;
    routes.set(command, route);
  }
  return route;
}

function joinPath(controller: object, handler: Handler): string {
  const parts = [Reflect.getMetadata(PATH_METADATA, controller) as string, Reflect.getMetadata(PATH_METADATA, handler) as string];
  return `/${parts.flatMap((part) => (part ?? '').split('/')).filter((segment) => segment !== '').join('/')}`;
}

/** The route's path for a record (`:id`) and the sub-record it acts on (any other parameter). */
export function pathOf(template: string, id: string | null, targetId?: string): string {
  return template.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent((name === 'id' ? id : targetId) ?? `:${name}`));
}
