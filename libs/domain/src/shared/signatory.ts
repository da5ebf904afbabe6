import { requireObject, requireText } from './validation';

/** The person who signs for an organization. */
export interface Signatory {
  name: string;
  title: string;
}

export function requireSignatory(value: unknown, path = 'signatory'): Signatory {
  const signatory = requireObject(value, path);
  return { name: requireText(signatory.name, `${path}.name`), title: requireText(signatory.title, `${path}.title`) };
}
