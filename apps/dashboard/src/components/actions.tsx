import type { ComponentChildren, JSX } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { currencyDigits, has, language, t, tn, tOr } from '../i18n';
import { ApiError, explain, type FieldProblem } from '../lib/api';
import { allowedActionsOf, fieldPath, sendCommand, type AllowedAction } from '../lib/actions';
import { CURRENCIES, FINAL_COMMANDS, formFields, type FieldSpec, type FormContext } from '../lib/commands';
import { hashFile, normaliseDigest } from '../lib/evidence';
import { commandLabel, matterLabel } from '../lib/format';
import { NamesContext, useApi, useApp } from '../state';

/**
 * The actions the signed-in organization may take on a record now — exactly the `allowedActions`
 * its GET answered that this app has a form for — each a button opening an accessible dialog.
 */
export function ActionsPanel({
  actions,
  context,
  revision,
  onDone,
  title,
  id = 'actions',
  describe,
}: {
  actions: AllowedAction[];
  context: FormContext;
  /** The record's stream revision as the page shows it (sent as If-Match); null for a command that creates a record. */
  revision: number | null;
  onDone(answer: { id: string } | null, action: AllowedAction): void;
  title?: string;
  id?: string;
  /** Words for an action's target ("the revision of 30 Sep"). */
  describe?: (action: AllowedAction) => string | undefined;
}) {
  const shown = offeredActions(actions, context);
  if (shown.length === 0) return null;
  return (
    <section class="card actions-card" aria-labelledby={`${id}-title`} id={id} data-actions={shown.map((a) => a.command).join(' ')}>
      <div class="card-head">
        <h2 id={`${id}-title`} tabIndex={-1}>
          {title ?? t('actions.title')}
        </h2>
      </div>
      <p class="muted small">{t('actions.help')}</p>
      <ActionButtons actions={shown} context={context} revision={revision} onDone={onDone} describe={describe} fallbackFocus={`${id}-title`} />
    </section>
  );
}

/** The actions the app has a form for. */
export function offeredActions(actions: AllowedAction[], context: FormContext): AllowedAction[] {
  return actions.filter((a) => a.path !== null && formFields(a, context, {}) !== null);
}

/** A button per action, each opening its command's dialog; the outcome said politely after. */
export function ActionButtons({
  actions,
  context,
  revision,
  onDone,
  describe,
  fallbackFocus,
  compact,
}: {
  actions: AllowedAction[];
  context: FormContext;
  revision: number | null;
  onDone(answer: { id: string } | null, action: AllowedAction): void;
  describe?: (action: AllowedAction) => string | undefined;
  /** Where the keyboard goes when the button that opened a dialog is gone. */
  fallbackFocus?: string;
  compact?: boolean;
}) {
  // The revision the page showed when the dialog opened: what the person decided on, even if live updates re-read the record meanwhile.
  const [open, setOpen] = useState<{ action: AllowedAction; revision: number | null } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const shown = offeredActions(actions, context);
  return (
    <>
      <ul class={`action-buttons${compact ? ' compact' : ''}`} role="list">
        {shown.map((action) => {
          const target = action.target ? Object.values(action.target)[0] : undefined;
          const matter = action.command === 'ProposeResolution' && typeof action.body?.matter === 'string' ? action.body.matter : undefined;
          const extra = describe?.(action);
          return (
            <li key={`${action.command}-${target ?? ''}-${matter ?? ''}`}>
              <button
                type="button"
                class={FINAL_COMMANDS.has(action.command) || compact ? 'secondary' : undefined}
                data-command={action.command}
                data-target={target}
                data-matter={matter}
                onClick={(e) => {
                  opener.current = e.currentTarget as HTMLElement;
                  setDone(null);
                  setOpen({ action, revision });
                }}
              >
                {actionLabel(action)}
                {extra && <span class="muted small"> — {extra}</span>}
              </button>
            </li>
          );
        })}
      </ul>
      {done && (
        <p class="success" role="status" data-done={done}>
          {done}
        </p>
      )}
      {open && (
        <CommandDialog
          action={open.action}
          context={context}
          revision={open.revision}
          onClose={(answer, message) => {
            const action = open.action;
            setOpen(null);
            if (message) setDone(message);
            // Back to the button that opened it (or the panel's heading when the button is gone).
            setTimeout(() => (opener.current?.isConnected ? opener.current : fallbackFocus ? document.getElementById(fallbackFocus) : null)?.focus(), 0);
            if (answer !== undefined) onDone(answer, action);
          }}
        />
      )}
    </>
  );
}

/** "Accept", or for a proposal carrying an act, "Propose a resolution: Adjudicate a dispute". */
export function actionLabel(action: AllowedAction): string {
  if (action.command === 'ProposeResolution' && typeof action.body?.matter === 'string') return t('actions.proposeMatter', { matter: matterLabel(action.body.matter) });
  return commandLabel(action.command);
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node: Record<string, unknown> | unknown[] = target;
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    const key = /^\d+$/.test(part) ? Number(part) : part;
    const container = node as Record<string | number, unknown>;
    if (last) {
      container[key] = value;
      return;
    }
    if (container[key] === undefined || container[key] === null || typeof container[key] !== 'object') container[key] = /^\d+$/.test(parts[i + 1]) ? [] : {};
    node = container[key] as Record<string, unknown>;
  });
}

/** The fixed fields and the form's, merged (a proposal's act keeps its fixed target). */
function merge(base: unknown, extra: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(extra)) return Array.from({ length: Math.max(base.length, extra.length) }, (_, i) => merge(base[i], extra[i]));
  if (base && extra && typeof base === 'object' && typeof extra === 'object' && !Array.isArray(base) && !Array.isArray(extra)) {
    const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
    for (const [k, v] of Object.entries(extra as Record<string, unknown>)) out[k] = merge(out[k], v);
    return out;
  }
  return extra === undefined ? base : extra;
}

/** A field left empty is left out (the DTOs refuse empty strings for optional text). */
function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.values(value as Record<string, unknown>).every(isEmpty);
  return false;
}

/** Drops the empty parts of a value (empty strings, objects all empty): the body sent. */
function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(prune);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (!isEmpty(v)) out[k] = prune(v);
    return out;
  }
  return value;
}

/** The decimal a person typed, in their locale's way ("1 234,50", "1,234.50"), as the ledger writes it ("1234.50"); null if not a number. */
export function parseTypedDecimal(text: string): string | null {
  let s = text.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (s === '') return null;
  if (language() === 'fr') s = s.replace(/\./g, '').replace(',', '.');
  else s = s.replace(/,/g, '');
  return /^-?\d+(\.\d+)?$/.test(s) ? s.replace(/^(-?)0+(?=\d)/, '$1') : null;
}

/** An amount written with its currency's digits ("1000" → "1000.00" in CAD); too many digits are left for the ledger to refuse. */
export function withCurrencyDigits(amount: string, currency: string): string {
  const digits = currencyDigits(currency);
  const [whole, fraction = ''] = amount.split('.');
  if (fraction.length > digits) return amount;
  return digits === 0 ? whole + (fraction ? `.${fraction}` : '') : `${whole}.${fraction.padEnd(digits, '0')}`;
}

interface FormState {
  values: Record<string, unknown>;
  errors: Record<string, string>;
  general: string | null;
  busy: boolean;
  conflict: boolean;
}

/** The dialog of one command: its fields, the ledger's refusals field by field, a 409 as "someone acted first". */
function CommandDialog({
  action,
  context,
  revision,
  onClose,
}: {
  action: AllowedAction;
  context: FormContext;
  revision: number | null;
  onClose(answer?: { id: string } | null, message?: string): void;
}) {
  const { session } = useApp();
  const dialog = useRef<HTMLDialogElement>(null);
  const initial: Record<string, unknown> = {};
  for (const field of formFields(action, context, {}) ?? []) if (field.initial !== undefined) initial[field.name] = field.initial;
  const [state, setState] = useState<FormState>({ values: initial, errors: {}, general: null, busy: false, conflict: false });
  const fields = formFields(action, context, state.values) ?? [];
  const title = actionLabel(action);
  const dom = `dialog-${action.command}`;

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    const first = d?.querySelector<HTMLElement>('input, select, textarea, button[type="submit"]');
    first?.focus();
  }, []);

  const set = (name: string, value: unknown) => setState((s) => ({ ...s, values: { ...s.values, [name]: value }, errors: { ...s.errors, [name]: '' } }));

  async function submit(event: Event) {
    event.preventDefault();
    // The rules are the ledger's: what was typed is sent (empty fields left out), and its problem
    // document says, field by field, what it refuses — a missing field, a number that is not one.
    const body: Record<string, unknown> = {};
    for (const field of fields) {
      const value = state.values[field.name];
      if (isEmpty(value) && field.kind !== 'boolean') continue;
      setPath(body, field.name, value);
    }
    const sent = prune(merge(action.body ?? {}, body)) as Record<string, unknown>;
    setState((s) => ({ ...s, busy: true, general: null, errors: {} }));
    try {
      const answer = await sendCommand(session.key, action, sent, revision);
      onClose({ id: answer.id }, t('actions.done', { action: title }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && error.problem?.code !== 'idempotency_key_reused') {
        setState((s) => ({ ...s, busy: false, conflict: true, general: t('errors.conflict') }));
        return;
      }
      const fieldErrors: Record<string, string> = {};
      const problems: FieldProblem[] = error instanceof ApiError ? (error.problem?.errors ?? []) : [];
      for (const p of problems) {
        const path = fieldPath(p.path);
        const field = [...fields].sort((a, b) => b.name.length - a.name.length).find((f) => path === f.name || path.startsWith(`${f.name}.`));
        const message = language() === 'en' ? p.message : p.code ? tOr(`problem.${p.code}`, p.message) : p.message;
        if (field) fieldErrors[field.name] = fieldErrors[field.name] ? `${fieldErrors[field.name]}; ${message}` : message;
      }
      const general = Object.keys(fieldErrors).length > 0 ? t('errors.fixFields') : explain(error);
      setState((s) => ({ ...s, busy: false, errors: fieldErrors, general }));
      focusFirstError(dialog.current);
    }
  }

  return (
    <dialog
      ref={dialog}
      class="command-dialog"
      aria-labelledby={`${dom}-title`}
      aria-describedby={`${dom}-help`}
      data-dialog={action.command}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <form onSubmit={submit} noValidate>
        <h2 id={`${dom}-title`}>{title}</h2>
        <p id={`${dom}-help`} class="muted">
          {has(`command.${action.command}.help`) ? t(`command.${action.command}.help`) : t('actions.generic')}
          {FINAL_COMMANDS.has(action.command) && <strong> {t('actions.final')}</strong>}
        </p>
        {state.general && (
          <div class={state.conflict ? 'notice' : 'error'} role="alert" data-problem={state.conflict ? 'conflict' : 'refused'}>
            <p>{state.general}</p>
            {state.conflict && (
              <button type="button" onClick={() => onClose(null)}>
                {t('actions.reload')}
              </button>
            )}
          </div>
        )}
        {!state.conflict && (
          <>
            {fields.map((field) => (
              <Field key={field.name} dom={dom} field={field} action={action} context={context} value={state.values[field.name]} error={state.errors[field.name]} set={set} />
            ))}
            <div class="dialog-buttons">
              <button type="submit" disabled={state.busy} data-submit={action.command}>
                {state.busy ? t('actions.sending') : title}
              </button>
              <button type="button" class="secondary" onClick={() => onClose()}>
                {t('actions.cancel')}
              </button>
            </div>
          </>
        )}
      </form>
    </dialog>
  );
}

function focusFirstError(root: HTMLElement | null) {
  setTimeout(() => root?.querySelector<HTMLElement>('[aria-invalid="true"], [role="alert"]')?.focus(), 0);
}

function labelOf(field: FieldSpec): string {
  const key = field.label ?? `form.${field.name.split('.').pop()}`;
  return has(key) ? t(key) : (field.name.split('.').pop() ?? field.name);
}

function Field({
  dom,
  field,
  action,
  context,
  value,
  error,
  set,
}: {
  dom: string;
  field: FieldSpec;
  action: AllowedAction;
  context: FormContext;
  value: unknown;
  error?: string;
  set(name: string, value: unknown): void;
}): JSX.Element {
  const id = `${dom}-${field.name.replace(/\./g, '-')}`;
  const label = labelOf(field);
  const invalid = error ? true : undefined;
  const described = [error ? `${id}-error` : '', has(`formHelp.${field.name.split('.').pop()}`) ? `${id}-help` : ''].filter(Boolean).join(' ') || undefined;
  const common = { id, name: field.name, 'aria-invalid': invalid, 'aria-describedby': described, 'aria-required': field.optional ? undefined : ('true' as const), 'data-field': field.name };
  let input: ComponentChildren;
  switch (field.kind) {
    case 'textarea':
      input = <textarea {...common} rows={3} value={(value as string) ?? ''} onInput={(e) => set(field.name, (e.currentTarget as HTMLTextAreaElement).value)} />;
      break;
    case 'date':
      input = <input {...common} type="date" value={(value as string) ?? ''} onInput={(e) => set(field.name, (e.currentTarget as HTMLInputElement).value)} />;
      break;
    case 'instant':
      input = (
        <input
          {...common}
          type="datetime-local"
          value={typeof value === 'string' ? value.slice(0, 16) : ''}
          onInput={(e) => {
            const v = (e.currentTarget as HTMLInputElement).value;
            set(field.name, v ? `${v}:00Z` : '');
          }}
        />
      );
      break;
    case 'decimal':
    case 'percent':
      input = <DecimalInput common={common} value={value} onValue={(v) => set(field.name, v)} suffix={field.kind === 'percent' ? '%' : undefined} />;
      break;
    case 'money':
      return <MoneyField id={id} label={label} field={field} value={value} error={error} set={set} common={common} />;
    case 'select': {
      const allowed = field.choice ? action.choices?.[field.choice] : undefined;
      const options = (field.options ?? []).filter((o) => !allowed || allowed.includes(o));
      input = (
        <select {...common} value={value === undefined ? '' : String(value)} onChange={(e) => {
          const raw = (e.currentTarget as HTMLSelectElement).value;
          set(field.name, typeof options[0] === 'number' ? Number(raw) : raw);
        }}>
          <option value="">{t('form.choose')}</option>
          {options.map((o) => (
            <option key={o} value={String(o)}>
              {field.optionLabels?.[String(o)] ?? (field.labels ? tOr(`${field.labels}.${o}`, String(o)) : String(o))}
            </option>
          ))}
        </select>
      );
      break;
    }
    case 'member':
      input = <MemberSelect common={common} context={context} value={value as string} onValue={(v) => set(field.name, v)} />;
      break;
    case 'party':
      input = (
        <PartySelect
          common={common}
          context={context}
          value={value as Record<string, string> | undefined}
          onValue={(v) => set(field.name, v)}
        />
      );
      break;
    case 'boolean':
      return (
        <div class="field field-check">
          <input
            {...common}
            type="checkbox"
            checked={value === true}
            onChange={(e) => set(field.name, (e.currentTarget as HTMLInputElement).checked)}
          />
          <label for={id}>{label}</label>
          {has(`formHelp.${field.name}`) && (
            <p class="help" id={`${id}-help`}>
              {t(`formHelp.${field.name}`)}
            </p>
          )}
          {error && <FieldError id={`${id}-error`} text={error} />}
        </div>
      );
    case 'evidence':
      return <EvidenceField id={id} label={label} value={value as Record<string, string> | undefined} error={error} onValue={(v) => set(field.name, v)} />;
    case 'digest':
      return <DigestField id={id} label={label} optional={field.optional} value={value as string | undefined} error={error} onValue={(v) => set(field.name, v)} common={common} />;
    case 'members':
      return <MembersField id={id} label={label} context={context} value={(value as string[]) ?? []} error={error} onValue={(v) => set(field.name, v)} />;
    case 'installments':
      return <InstallmentsField id={id} label={label} field={field} value={(value as Array<Record<string, unknown>>) ?? []} error={error} onValue={(v) => set(field.name, v)} />;
    case 'shares':
      return <SharesField id={id} label={label} context={context} value={(value as Array<{ organizationId: string; shareBps: number | string }>) ?? []} error={error} onValue={(v) => set(field.name, v)} />;
    default:
      input = <input {...common} type="text" value={(value as string) ?? ''} onInput={(e) => set(field.name, (e.currentTarget as HTMLInputElement).value)} />;
  }
  return (
    <div class={`field${error ? ' field-invalid' : ''}`}>
      <label for={id}>
        {label}
        {field.optional && <span class="muted small"> {t('form.optional')}</span>}
      </label>
      {has(`formHelp.${field.name.split('.').pop()}`) && (
        <p class="help" id={`${id}-help`}>
          {t(`formHelp.${field.name.split('.').pop()}`)}
        </p>
      )}
      {input}
      {error && <FieldError id={`${id}-error`} text={error} />}
    </div>
  );
}

function FieldError({ id, text }: { id: string; text: string }) {
  return (
    <p class="field-error" id={id} data-field-error>
      {text}
    </p>
  );
}

type Common = Record<string, unknown>;

function DecimalInput({ common, value, onValue, suffix }: { common: Common; value: unknown; onValue(v: string): void; suffix?: string }) {
  const [text, setText] = useState(typeof value === 'string' ? value : '');
  return (
    <span class="with-suffix">
      <input
        {...common}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        value={text}
        onInput={(e) => {
          const typed = (e.currentTarget as HTMLInputElement).value;
          setText(typed);
          // A decimal written the locale's way becomes the ledger's form; anything else goes as typed, for the ledger to refuse.
          onValue(typed.trim() === '' ? '' : (parseTypedDecimal(typed) ?? typed.trim()));
        }}
      />
      {suffix && <span aria-hidden="true">{suffix}</span>}
    </span>
  );
}

function MoneyField({ id, label, field, value, error, set, common }: { id: string; label: string; field: FieldSpec; value: unknown; error?: string; set(name: string, v: unknown): void; common: Common }) {
  const money = (value as { currency?: string; amount?: string } | undefined) ?? {};
  const [currency, setCurrency] = useState(field.currency ?? money.currency ?? field.defaultCurrency ?? CURRENCIES[0]);
  const currencies = [...new Set([currency, ...CURRENCIES])];
  const [text, setText] = useState(typeof field.initial === 'string' ? field.initial : (money.amount ?? ''));
  const digits = currencyDigits(currency);
  const update = (typed: string, code: string) => {
    const parsed = parseTypedDecimal(typed);
    set(field.name, typed.trim() === '' ? '' : { currency: code, amount: parsed === null ? typed.trim() : withCurrencyDigits(parsed, code) });
  };
  useEffect(() => {
    if (text) update(text, currency);
    // Once, for an initial amount.
  }, []);
  return (
    <fieldset class={`field money-field${error ? ' field-invalid' : ''}`} data-money={field.name}>
      <legend>
        {label}
        {field.optional && <span class="muted small"> {t('form.optional')}</span>}
      </legend>
      <div class="money-inputs">
        {field.currency ? (
          <span class="currency" id={`${id}-currency`}>
            {currency}
          </span>
        ) : (
          <>
            <label for={`${id}-currency`} class="visually-hidden">
              {t('form.currency')}
            </label>
            <select
              id={`${id}-currency`}
              value={currency}
              onChange={(e) => {
                const code = (e.currentTarget as HTMLSelectElement).value;
                setCurrency(code);
                update(text, code);
              }}
            >
              {currencies.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </>
        )}
        <label for={id} class="visually-hidden">
          {t('form.amountIn', { currency })}
        </label>
        <input
          {...common}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          placeholder={digits > 0 ? `0${language() === 'fr' ? ',' : '.'}${'0'.repeat(digits)}` : '0'}
          value={text}
          onInput={(e) => {
            const typed = (e.currentTarget as HTMLInputElement).value;
            setText(typed);
            update(typed, currency);
          }}
          onBlur={() => {
            const parsed = parseTypedDecimal(text);
            if (parsed !== null) {
              const written = withCurrencyDigits(parsed, currency);
              setText(language() === 'fr' ? written.replace('.', ',') : written);
            }
          }}
        />
      </div>
      <p class="help">{tn('form.currencyDigits', digits, { currency })}</p>
      {error && <FieldError id={`${id}-error`} text={error} />}
    </fieldset>
  );
}

function MemberSelect({ common, context, value, onValue }: { common: Common; context: FormContext; value: string | undefined; onValue(v: string): void }) {
  const names = useContext(NamesContext);
  const members = [...context.members].sort((a, b) => (names.get(a.organizationId)?.name ?? a.organizationId).localeCompare(names.get(b.organizationId)?.name ?? b.organizationId));
  return (
    <select {...common} value={value ?? ''} onChange={(e) => onValue((e.currentTarget as HTMLSelectElement).value)}>
      <option value="">{t('form.choose')}</option>
      {members.map((m) => (
        <option key={m.organizationId} value={m.organizationId}>
          {names.get(m.organizationId)?.name ?? m.organizationId}
        </option>
      ))}
    </select>
  );
}

function PartySelect({ common, context, value, onValue }: { common: Common; context: FormContext; value: Record<string, string> | undefined; onValue(v: Record<string, string> | ''): void }) {
  const names = useContext(NamesContext);
  const current = value?.collaborativeId ? `c:${value.collaborativeId}` : value?.organizationId ? `o:${value.organizationId}` : '';
  const members = context.members.filter((m) => m.organizationId !== context.self && (m.role === 'steward' || m.role === 'member'));
  return (
    <select
      {...common}
      value={current}
      onChange={(e) => {
        const v = (e.currentTarget as HTMLSelectElement).value;
        onValue(v === '' ? '' : v.startsWith('c:') ? { collaborativeId: v.slice(2) } : { organizationId: v.slice(2) });
      }}
    >
      <option value="">{t('form.choose')}</option>
      <option value={`c:${context.collaborativeId}`}>{t('commitments.thePartnership')}</option>
      {members.map((m) => (
        <option key={m.organizationId} value={`o:${m.organizationId}`}>
          {names.get(m.organizationId)?.name ?? m.organizationId}
        </option>
      ))}
    </select>
  );
}

/** A file hashed in this browser (SHA-256), its name, and the link where it is kept. */
function EvidenceField({ id, label, value, error, onValue }: { id: string; label: string; value: Record<string, string> | undefined; error?: string; onValue(v: Record<string, string> | ''): void }) {
  const [hashing, setHashing] = useState(false);
  const current = value ?? {};
  const update = (patch: Record<string, string>) => {
    const next = { ...current, ...patch };
    onValue(isEmpty(next) ? '' : next);
  };
  return (
    <fieldset class={`field evidence-field${error ? ' field-invalid' : ''}`} data-evidence-field>
      <legend>
        {label} <span class="muted small">{t('form.optional')}</span>
      </legend>
      <p class="help">{t('evidence.help')}</p>
      <label for={`${id}-file`}>{t('evidence.file')}</label>
      <input
        id={`${id}-file`}
        type="file"
        data-field="evidence.file"
        onChange={async (e) => {
          const file = (e.currentTarget as HTMLInputElement).files?.[0];
          if (!file) return;
          setHashing(true);
          const hashed = await hashFile(file);
          setHashing(false);
          update({ sha256: hashed.sha256, name: hashed.name });
        }}
      />
      <p class="muted small" role="status" data-digest={current.sha256 ?? ''}>
        {hashing ? t('evidence.hashing') : current.sha256 ? t('evidence.hashed', { name: current.name ?? '', digest: current.sha256 }) : ''}
      </p>
      <label for={`${id}-uri`}>{t('evidence.link')}</label>
      <input
        id={`${id}-uri`}
        type="url"
        data-field="evidence.uri"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        placeholder="https://"
        value={current.uri ?? ''}
        onInput={(e) => update({ uri: (e.currentTarget as HTMLInputElement).value })}
      />
      {error && <FieldError id={`${id}-error`} text={error} />}
    </fieldset>
  );
}

/** A document's digest: a file hashed here, or the digest pasted. */
function DigestField({ id, label, optional, value, error, onValue, common }: { id: string; label: string; optional?: boolean; value: string | undefined; error?: string; onValue(v: string): void; common: Common }) {
  const [name, setName] = useState<string | null>(null);
  return (
    <fieldset class={`field${error ? ' field-invalid' : ''}`}>
      <legend>
        {label}
        {optional && <span class="muted small"> {t('form.optional')}</span>}
      </legend>
      <label for={`${id}-file`}>{t('evidence.documentFile')}</label>
      <input
        id={`${id}-file`}
        type="file"
        onChange={async (e) => {
          const file = (e.currentTarget as HTMLInputElement).files?.[0];
          if (!file) return;
          const hashed = await hashFile(file);
          setName(hashed.name);
          onValue(hashed.sha256);
        }}
      />
      <label for={id}>{t('evidence.digest')}</label>
      <input
        {...common}
        type="text"
        spellcheck={false}
        autoComplete="off"
        value={value ?? ''}
        onInput={(e) => {
          setName(null);
          const typed = (e.currentTarget as HTMLInputElement).value;
          onValue(normaliseDigest(typed) ?? typed.trim());
        }}
      />
      {name && <p class="muted small">{t('evidence.hashedName', { name })}</p>}
      {error && <FieldError id={`${id}-error`} text={error} />}
    </fieldset>
  );
}

function MembersField({ id, label, context, value, error, onValue }: { id: string; label: string; context: FormContext; value: string[]; error?: string; onValue(v: string[]): void }) {
  const names = useContext(NamesContext);
  const members = context.members.filter((m) => m.role === 'steward' || m.role === 'member');
  return (
    <fieldset class={`field checks-field${error ? ' field-invalid' : ''}`} id={id} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{label}</legend>
      {members.map((m) => (
        <div key={m.organizationId} class="field-check">
          <input
            type="checkbox"
            id={`${id}-${m.organizationId}`}
            data-member={m.organizationId}
            checked={value.includes(m.organizationId)}
            onChange={(e) => onValue((e.currentTarget as HTMLInputElement).checked ? [...value, m.organizationId] : value.filter((v) => v !== m.organizationId))}
          />
          <label for={`${id}-${m.organizationId}`}>{names.get(m.organizationId)?.name ?? m.organizationId}</label>
        </div>
      ))}
      {error && <FieldError id={`${id}-error`} text={error} />}
    </fieldset>
  );
}

function InstallmentsField({ id, label, field, value, error, onValue }: { id: string; label: string; field: FieldSpec; value: Array<Record<string, unknown>>; error?: string; onValue(v: Array<Record<string, unknown>>): void }) {
  const [rows, setRows] = useState<Array<{ dueDate: string; amount: string }>>(value.map((r) => ({ dueDate: String(r.dueDate ?? ''), amount: String((r.amount as { amount?: string })?.amount ?? '') })));
  const currency = field.currency ?? 'CAD';
  const push = (next: Array<{ dueDate: string; amount: string }>) => {
    setRows(next);
    onValue(
      next
        .filter((r) => r.dueDate || r.amount)
        .map((r) => {
          const parsed = parseTypedDecimal(r.amount);
          return { dueDate: r.dueDate, amount: { currency, amount: parsed === null ? r.amount : withCurrencyDigits(parsed, currency) } };
        }),
    );
  };
  return (
    <fieldset class={`field installments-field${error ? ' field-invalid' : ''}`} id={id}>
      <legend>
        {label} <span class="muted small">{t('form.optional')}</span>
      </legend>
      {rows.map((row, i) => (
        <div class="installment-row" key={i}>
          <label for={`${id}-${i}-date`}>{t('form.installmentDue', { n: i + 1 })}</label>
          <input id={`${id}-${i}-date`} type="date" value={row.dueDate} onInput={(e) => push(rows.map((r, j) => (j === i ? { ...r, dueDate: (e.currentTarget as HTMLInputElement).value } : r)))} />
          <label for={`${id}-${i}-amount`}>{t('form.installmentAmount', { n: i + 1, currency })}</label>
          <input id={`${id}-${i}-amount`} type="text" inputMode="decimal" value={row.amount} onInput={(e) => push(rows.map((r, j) => (j === i ? { ...r, amount: (e.currentTarget as HTMLInputElement).value } : r)))} />
          <button type="button" class="link-button" onClick={() => push(rows.filter((_, j) => j !== i))}>
            {t('form.removeInstallment', { n: i + 1 })}
          </button>
        </div>
      ))}
      <button type="button" class="secondary" onClick={() => push([...rows, { dueDate: '', amount: '' }])}>
        {t('form.addInstallment')}
      </button>
      <p class="help">{t('form.scheduleCurrency')}</p>
      {error && <FieldError id={`${id}-error`} text={error} />}
    </fieldset>
  );
}

/** Parties to a risk agreement and their shares (percent here, basis points to the ledger). */
function SharesField({ id, label, context, value, error, onValue }: { id: string; label: string; context: FormContext; value: Array<{ organizationId: string; shareBps: number | string }>; error?: string; onValue(v: Array<{ organizationId: string; shareBps: number | string }>): void }) {
  const names = useContext(NamesContext);
  const [shares, setShares] = useState<Record<string, string>>(Object.fromEntries(value.map((v) => [v.organizationId, typeof v.shareBps === 'number' ? String(v.shareBps / 100) : v.shareBps])));
  const members = context.members.filter((m) => m.role === 'steward' || m.role === 'member');
  const push = (next: Record<string, string>) => {
    setShares(next);
    onValue(
      Object.entries(next)
        .filter(([, v]) => v.trim() !== '')
        .map(([organizationId, v]) => {
          const parsed = parseTypedDecimal(v);
          // Percent here, basis points to the ledger; what is not a number goes as typed, for the ledger to refuse.
          return { organizationId, shareBps: parsed === null ? v.trim() : Math.round(Number(parsed) * 100) };
        }),
    );
  };
  return (
    <fieldset class={`field shares-field${error ? ' field-invalid' : ''}`} id={id}>
      <legend>{label}</legend>
      <p class="help">{t('form.sharesHelp')}</p>
      {members.map((m) => (
        <div class="share-row" key={m.organizationId}>
          <label for={`${id}-${m.organizationId}`}>{names.get(m.organizationId)?.name ?? m.organizationId}</label>
          <span class="with-suffix">
            <input id={`${id}-${m.organizationId}`} data-share={m.organizationId} type="text" inputMode="decimal" value={shares[m.organizationId] ?? ''} onInput={(e) => push({ ...shares, [m.organizationId]: (e.currentTarget as HTMLInputElement).value })} />
            <span aria-hidden="true">%</span>
          </span>
        </div>
      ))}
      {error && <FieldError id={`${id}-error`} text={error} />}
    </fieldset>
  );
}

/**
 * The actions panel of a record's page: its `allowedActions` (none when looking at the past), the
 * revision it was read at for If-Match, and a read again once acted on.
 */
export function RecordActions({
  record,
  recordId,
  collaborativeId,
  revision,
  reload,
  currency,
  describe,
  title,
  id,
  onCreated,
}: {
  record: Record<string, unknown> | undefined;
  recordId: string;
  collaborativeId: string;
  revision: number | null;
  reload(): void;
  currency?: string;
  describe?: (action: AllowedAction) => string | undefined;
  title?: string;
  id?: string;
  /** After a command that created a record (a proposal): where to go. */
  onCreated?: (command: string, id: string) => void;
}) {
  const { asOf, members, self } = useApp();
  if (!record || asOf) return null;
  const actions = allowedActionsOf(record, recordId);
  const context: FormContext = { collaborativeId, members, self: self ?? undefined, currency, today: new Date().toISOString().slice(0, 10), record };
  return (
    <ActionsPanel
      actions={actions}
      context={context}
      revision={revision}
      title={title}
      id={id}
      describe={describe}
      onDone={(answer, action) => {
        reload();
        if (answer && answer.id !== recordId && onCreated) onCreated(action.command, answer.id);
      }}
    />
  );
}

/**
 * Actions on the partnership itself (GET /collaboratives/:id answers them): the records one may
 * create in it and its members, goals and measurements — here only the commands `only` names.
 */
export function CollaborativeActions({
  only,
  title,
  id,
  onCreated,
  describe,
  goals,
  declarations,
  currency,
}: {
  /** The partnership's usual currency, offered first in money fields. */
  currency?: string;
  only: string[];
  title?: string;
  id: string;
  onCreated?: (command: string, id: string) => void;
  describe?: (action: AllowedAction) => string | undefined;
  /** The partnership's goals and declarations, for the forms' choices. */
  goals?: FormContext['goals'];
  declarations?: FormContext['declarations'];
}) {
  const { session, asOf, members, self } = useApp();
  const collaborative = useApi<Record<string, unknown> & { lastEvent?: { streamRevision: number } }>(asOf ? null : `/collaboratives/${encodeURIComponent(session.collaborative)}`, { timeTravel: false });
  if (asOf) return null;
  // Marked while its actions are being read, so that "no button" is known to mean "no action".
  if (!collaborative.data) return collaborative.error === undefined ? <span hidden data-actions-pending /> : null;
  const actions = allowedActionsOf(collaborative.data, session.collaborative).filter((a) => only.includes(a.command));
  const context: FormContext = { collaborativeId: session.collaborative, members, self: self ?? undefined, today: new Date().toISOString().slice(0, 10), record: collaborative.data, goals, declarations, currency };
  return (
    <ActionsPanel
      actions={actions}
      context={context}
      revision={collaborative.data.lastEvent?.streamRevision ?? null}
      title={title}
      id={id}
      describe={describe}
      onDone={(answer, action) => {
        collaborative.reload();
        if (answer && answer.id !== session.collaborative && onCreated) onCreated(action.command, answer.id);
      }}
    />
  );
}
