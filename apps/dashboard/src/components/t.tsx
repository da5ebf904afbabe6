import type { ComponentChildren, JSX } from 'preact';
import { Fragment, h } from 'preact';
import { formatNumber, message } from '../i18n';

/**
 * A message with parts that are elements (links, dates): its `{{name}}` placeholders filled with the
 * given nodes, the text around them translated; `count` chooses its plural form and fills `{{count}}`.
 */
export function T({ k, values = {}, count }: { k: string; values?: Record<string, ComponentChildren>; count?: number }): JSX.Element {
  const text = message(k, count);
  const all: Record<string, ComponentChildren> = count === undefined ? values : { count: formatNumber(count), ...values };
  const parts: ComponentChildren[] = [];
  let last = 0;
  for (const match of text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
    parts.push(text.slice(last, match.index));
    parts.push(all[match[1]] ?? '');
    last = (match.index ?? 0) + match[0].length;
  }
  parts.push(text.slice(last));
  return h(Fragment, null, ...parts);
}
