import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type { LedgerConfig } from '@ledger/config';
import { utcDateOf, type Organization } from '@ledger/domain';
import type { Clock, RecordedEvent } from '@ledger/event-store';
import type { NotificationStore } from '@ledger/support-store';
import { AccessIndex } from '../access/access-index.service';
import { LEDGER_CLOCK, LEDGER_CONFIG } from '../infrastructure/tokens';
import { InboxService } from '../queries/inbox.service';
import { QueryService } from '../queries/query.service';
import { formatDate, formatMoney, LANGUAGES, messagesFor, type Language } from '../reports/i18n';
import { reminderItem, type ReminderItem } from './reminder-items';
import { NOTIFICATION_STORE } from './tokens';

/** How often the scheduler looks at the clock (and retries failed sends of the day). */
const TICK_MS = 60_000;
/** A day's run is repeated this often while some of its sends failed. */
const RETRY_MS = 5 * 60_000;

export interface Contact {
  contactId: string;
  organizationId: string;
  email: string;
  name: string | null;
  language: Language;
}

export interface ReminderRun {
  day: string;
  /** Messages sent by this run. */
  sent: number;
  /** Sends that failed (retried by a later run of the day). */
  failed: number;
  /** Contacts skipped: already sent to today (or a send cut short by a crash). */
  skipped: number;
  /** Organizations with contacts and nothing waiting on them. */
  nothingDue: number;
}

/**
 * Reminders by e-mail (LEDGER.md "Reminders"): each day from LEDGER_REMINDER_HOUR (UTC), every
 * contact of an organization with something waiting on it — its inbox now (InboxService, the same
 * items as GET /organizations/:id/inbox) — gets one message in its language listing it, through the
 * SMTP server at LEDGER_SMTP_URL (nodemailer).
 *
 * Each (day, organization, contact) is claimed in the notification store before the message is
 * sent and marked sent after: a restart never sends the same day's reminder twice, and a send the
 * SMTP server refused (or a server down) is marked failed and tried again by the next run of the day
 * (every 5 minutes while some failed). A crash between the claim and the mark leaves it claimed: at
 * most once. The contacts are learned from the log through the access index (their events are the
 * organization's own).
 */
@Injectable()
export class Reminders implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Reminders');
  private readonly contacts = new Map<string, Map<string, Contact>>();
  private transport: Transporter | null = null;
  private unfollow: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<ReminderRun> | null = null;
  private lastRun: (ReminderRun & { at: string }) | null = null;
  private lastError: string | null = null;
  private lastAttemptMs = 0;

  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(NOTIFICATION_STORE) private readonly store: NotificationStore,
    @Inject(LEDGER_CLOCK) private readonly clock: Clock,
    private readonly index: AccessIndex,
    private readonly queries: QueryService,
    private readonly inbox: InboxService,
  ) {}

  get enabled(): boolean {
    return this.config.mail.smtpUrl !== undefined;
  }

  onModuleInit(): void {
    this.unfollow = this.index.follow((event) => this.learn(event));
  }

  onApplicationBootstrap(): void {
    if (!this.config.mail.smtpUrl) return;
    this.transport = createTransport(this.config.mail.smtpUrl, { from: this.config.mail.from });
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
  }

  /** The organization's contacts in force. */
  contactsOf(organizationId: string): Contact[] {
    return [...(this.contacts.get(organizationId)?.values() ?? [])];
  }

  status(): { enabled: boolean; reminderHour: number; lastRun: (ReminderRun & { at: string }) | null; lastError: string | null } {
    return { enabled: this.enabled, reminderHour: this.config.mail.reminderHour, lastRun: this.lastRun, lastError: this.lastError };
  }

  private learn(event: RecordedEvent): void {
    if (event.type === 'ContactRegistered') {
      const data = event.data as Organization.ContactRegistered['data'];
      const book = this.contacts.get(data.organizationId) ?? new Map<string, Contact>();
      const language = (LANGUAGES as readonly string[]).includes(data.language) ? (data.language as Language) : 'en';
      book.set(data.contactId, { contactId: data.contactId, organizationId: data.organizationId, email: data.email, name: data.name ?? null, language });
      this.contacts.set(data.organizationId, book);
    } else if (event.type === 'ContactRemoved') {
      const data = event.data as Organization.ContactRemoved['data'];
      this.contacts.get(data.organizationId)?.delete(data.contactId);
    }
  }

  /** Once the day's hour has come: a run, then again while some of its sends failed. */
  private async tick(): Promise<void> {
    const now = this.clock();
    if (now.getUTCHours() < this.config.mail.reminderHour) return;
    const day = utcDateOf(now.toISOString());
    const done = this.lastRun?.day === day && this.lastRun.failed === 0 && this.lastError === null;
    if (done || now.getTime() - this.lastAttemptMs < (this.lastRun?.day === day ? RETRY_MS : 0)) return;
    await this.runNow().catch(() => undefined);
  }

  /** Sends the day's reminders not yet sent (ledger reminders --now; the scheduler). */
  runNow(): Promise<ReminderRun> {
    if (!this.transport) return Promise.reject(new Error('reminders are off: set LEDGER_SMTP_URL'));
    this.running ??= this.run(this.transport).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(transport: Transporter): Promise<ReminderRun> {
    this.lastAttemptMs = this.clock().getTime();
    const day = utcDateOf(this.clock().toISOString());
    const result: ReminderRun = { day, sent: 0, failed: 0, skipped: 0, nothingDue: 0 };
    try {
      await this.index.current();
      for (const [organizationId, book] of this.contacts) {
        if (book.size === 0) continue;
        const items = await this.queries.answer(undefined, async (m) => (await this.inbox.itemsAt(organizationId, m, false)).map(reminderItem));
        if (items.length === 0) {
          result.nothingDue++;
          continue;
        }
        for (const contact of book.values()) {
          if (!(await this.store.claimReminder(day, organizationId, contact.contactId, this.clock().toISOString()))) {
            result.skipped++;
            continue;
          }
          try {
            await transport.sendMail({ ...reminderMessage(contact, items, day), messageId: `<reminder.${day}.${organizationId}.${contact.contactId}@stewardship-ledger>` });
            await this.store.markReminder(day, organizationId, contact.contactId, 'sent', null, this.clock().toISOString());
            result.sent++;
          } catch (error) {
            const message = (error as Error)?.message ?? String(error);
            await this.store.markReminder(day, organizationId, contact.contactId, 'failed', message.slice(0, 500), this.clock().toISOString());
            result.failed++;
            this.lastError = `SMTP: ${message}`;
            this.logger.warn(`reminder to a contact of ${organizationId} not sent (retried later): ${message}`);
          }
        }
      }
      if (result.failed === 0) this.lastError = null;
    } catch (error) {
      this.lastError = (error as Error)?.message ?? String(error);
      this.logger.warn(`reminders run stopped: ${this.lastError}`);
      throw error;
    } finally {
      this.lastRun = { ...result, at: this.clock().toISOString() };
    }
    return result;
  }

  async onApplicationShutdown(): Promise<void> {
    this.unfollow?.();
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    this.transport?.close();
  }
}

/** One message: the items listed in the contact's language, as plain text. */
export function reminderMessage(contact: Contact, items: readonly ReminderItem[], day: string): { to: string; subject: string; text: string } {
  const t = messagesFor(contact.language);
  const lines = items.map((item) => {
    const due = item.dueDate ? ` (${t.due} ${formatDate(contact.language, item.dueDate)})` : '';
    const amount = item.amount ? `, ${formatMoney(contact.language, item.amount)}` : '';
    return `- ${t.reminderKinds[item.kind]}: ${item.title}${due}${amount} [${item.collaborativeId} / ${item.id}]`;
  });
  return {
    to: contact.email,
    subject: t.reminderSubject(contact.organizationId, items.length),
    text: [t.reminderGreeting(contact.name), '', t.reminderIntro(contact.organizationId, formatDate(contact.language, day)), '', ...lines, '', t.reminderOutro, ''].join('\n'),
  };
}
