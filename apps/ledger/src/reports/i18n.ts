/**
 * The words of the ledger's reports and reminders, in English and French, and the formatting of
 * dates, numbers and money for each language (Intl, given decimal strings: never floats). One
 * catalogue per language, each with every key (the type says so), so a report is never half
 * translated.
 */
import type { ReminderKind } from '../notifications/reminder-items';

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

const en = {
  boardPack: 'Board pack',
  asOf: 'As of',
  period: 'Period',
  generated: 'Generated',
  region: 'Region',
  pathwayPhase: 'Pathway phase',
  page: (n: number, of: number) => `Page ${n} of ${of}`,
  notYet: 'The collaborative did not exist yet at this moment: the ledger holds nothing for it.',
  integrity: 'Integrity',
  integrityNote:
    'This report was made from the ledger as it stood at the tree size and root hash below. Any reader can later ask the ledger for a ' +
    'consistency proof from this tree to a newer one, and an inclusion proof of any event, to check that the report came from that state.',
  treeSize: 'Tree size (events)',
  rootHash: 'Root hash (SHA-256, RFC 6962)',
  checkpointKey: 'Checkpoint key',
  goals: 'Shared goals',
  noGoals: 'No shared goal adopted.',
  indicator: 'Indicator',
  baseline: 'Baseline',
  target: 'Target',
  latest: 'Latest measurement',
  achieved: 'Achieved',
  measurements: 'Measurements',
  noMeasurements: 'No measurement recorded.',
  correctedFrom: (value: string) => `corrected; first recorded as ${value}`,
  higherIsBetter: 'higher is better',
  lowerIsBetter: 'lower is better',
  commitments: 'Commitments',
  byStatus: 'By status',
  onTimeRate: 'On-time rate',
  overdue: 'Overdue commitments',
  disputed: 'Disputed commitments',
  none: 'None.',
  title: 'Title',
  promisor: 'Promisor',
  promisee: 'Promisee',
  dueDate: 'Due',
  funds: 'Funds per funder',
  noFunds: 'No pledge.',
  funder: 'Funder',
  currency: 'Currency',
  pledged: 'Pledged',
  disbursed: 'Disbursed',
  outstanding: 'Outstanding',
  overdueFunds: 'Overdue',
  settlements: 'Risk settlements',
  noSettlements: 'No settlement.',
  agreement: 'Agreement',
  periodEnd: 'Period end',
  pool: 'Pool',
  poolNote: 'A negative pool and parts are losses the parties owe.',
  paid: 'Paid',
  parts: 'Parts',
  decisions: 'Decisions adopted in the period',
  noDecisions: 'No decision adopted in the period.',
  matter: 'Matter',
  adoptedOn: 'Adopted',
  tally: 'For / against / abstain',
  participation: "Members' participation",
  member: 'Member',
  role: 'Role',
  votes: 'Votes cast / eligible',
  participationRate: 'Participation',
  made: 'Made',
  delivered: 'Delivered',
  status: {
    proposed: 'proposed',
    declined: 'declined',
    active: 'active',
    overdue: 'overdue',
    delivery_claimed: 'delivery claimed',
    disputed: 'disputed',
    delivered: 'delivered',
    delivered_late: 'delivered late',
    partially_delivered: 'partially delivered',
    missed: 'missed',
    withdrawn: 'withdrawn',
  } as Record<string, string>,
  roles: { steward: 'steward', member: 'member', auditor: 'auditor', observer: 'observer' } as Record<string, string>,
  // Reminders
  reminderSubject: (organization: string, count: number) => `Stewardship ledger: ${count} item${count === 1 ? '' : 's'} for ${organization}`,
  reminderGreeting: (name: string | null) => (name ? `Hello ${name},` : 'Hello,'),
  reminderIntro: (organization: string, date: string) => `As of ${date}, these items of the stewardship ledger wait on ${organization}:`,
  reminderOutro: 'You receive this message because your address is registered as a contact of your organization on the ledger. ' +
    'Your organization (or the operator) can remove it.',
  reminderKinds: {
    commitment_overdue: 'Overdue commitment',
    commitment_due_soon: 'Commitment due soon',
    commitment_to_accept: 'Commitment to accept or decline',
    revision_to_accept: 'Revision of a commitment to accept',
    delivery_to_confirm: 'Delivery to confirm or dispute',
    dispute_to_resolve: 'Dispute to resolve',
    pledge_to_acknowledge: 'Pledge to acknowledge',
    receipt_to_confirm: 'Receipt of a disbursement to confirm',
    installment_overdue: 'Overdue installment',
    installment_due_soon: 'Installment due soon',
    declaration_to_sign: 'Declaration to sign',
    risk_agreement_to_sign: 'Shared-risk agreement to sign',
    risk_result_to_record: 'Shared-risk result to record',
    resolution_to_vote: 'Resolution to vote on',
    resolution_to_close: 'Resolution to close',
  } satisfies Record<ReminderKind, string>,
  due: 'due',
};

export type Messages = typeof en;

const fr: Messages = {
  boardPack: 'Dossier du conseil',
  asOf: 'En date du',
  period: 'Période',
  generated: 'Produit le',
  region: 'Région',
  pathwayPhase: 'Phase du parcours',
  page: (n, of) => `Page ${n} sur ${of}`,
  notYet: "La collaboration n'existait pas encore à ce moment : le registre ne contient rien pour elle.",
  integrity: 'Intégrité',
  integrityNote:
    "Ce rapport a été produit à partir du registre tel qu'il était à la taille d'arbre et à l'empreinte racine ci-dessous. Tout lecteur peut " +
    "demander plus tard au registre une preuve de cohérence de cet arbre vers un plus récent, et une preuve d'inclusion de tout événement, " +
    'pour vérifier que le rapport provient bien de cet état.',
  treeSize: "Taille de l'arbre (événements)",
  rootHash: 'Empreinte racine (SHA-256, RFC 6962)',
  checkpointKey: 'Clé des points de contrôle',
  goals: 'Objectifs communs',
  noGoals: 'Aucun objectif commun adopté.',
  indicator: 'Indicateur',
  baseline: 'Valeur de référence',
  target: 'Cible',
  latest: 'Dernière mesure',
  achieved: 'Atteint',
  measurements: 'Mesures',
  noMeasurements: 'Aucune mesure enregistrée.',
  correctedFrom: (value: string) => `corrigée; d'abord inscrite à ${value}`,
  higherIsBetter: 'plus haut est mieux',
  lowerIsBetter: 'plus bas est mieux',
  commitments: 'Engagements',
  byStatus: 'Par statut',
  onTimeRate: 'Taux de livraison à temps',
  overdue: 'Engagements en retard',
  disputed: 'Engagements contestés',
  none: 'Aucun.',
  title: 'Titre',
  promisor: 'Promettant',
  promisee: 'Bénéficiaire',
  dueDate: 'Échéance',
  funds: 'Fonds par bailleur',
  noFunds: 'Aucune promesse de financement.',
  funder: 'Bailleur',
  currency: 'Devise',
  pledged: 'Promis',
  disbursed: 'Versé',
  outstanding: 'Restant dû',
  overdueFunds: 'En retard',
  settlements: 'Règlements du partage de risque',
  noSettlements: 'Aucun règlement.',
  agreement: 'Entente',
  periodEnd: 'Fin de période',
  pool: 'Montant partagé',
  poolNote: 'Un montant et des parts négatifs sont des pertes dues par les parties.',
  paid: 'Payé',
  parts: 'Parts',
  decisions: 'Décisions adoptées pendant la période',
  noDecisions: 'Aucune décision adoptée pendant la période.',
  matter: 'Objet',
  adoptedOn: 'Adoptée le',
  tally: 'Pour / contre / abstention',
  participation: 'Participation des membres',
  member: 'Membre',
  role: 'Rôle',
  votes: 'Votes exprimés / admissibles',
  participationRate: 'Participation',
  made: 'Pris',
  delivered: 'Livrés',
  status: {
    proposed: 'proposé',
    declined: 'refusé',
    active: 'actif',
    overdue: 'en retard',
    delivery_claimed: 'livraison déclarée',
    disputed: 'contesté',
    delivered: 'livré',
    delivered_late: 'livré en retard',
    partially_delivered: 'livré en partie',
    missed: 'manqué',
    withdrawn: 'retiré',
  },
  roles: { steward: 'intendant', member: 'membre', auditor: 'vérificateur', observer: 'observateur' },
  reminderSubject: (organization, count) => `Registre d'intendance : ${count} élément${count === 1 ? '' : 's'} pour ${organization}`,
  reminderGreeting: (name) => (name ? `Bonjour ${name},` : 'Bonjour,'),
  reminderIntro: (organization, date) => `En date du ${date}, ces éléments du registre d'intendance attendent ${organization} :`,
  reminderOutro:
    "Vous recevez ce message parce que votre adresse est inscrite comme contact de votre organisation dans le registre. " +
    "Votre organisation (ou l'opérateur) peut la retirer.",
  reminderKinds: {
    commitment_overdue: 'Engagement en retard',
    commitment_due_soon: 'Engagement bientôt dû',
    commitment_to_accept: 'Engagement à accepter ou refuser',
    revision_to_accept: "Révision d'engagement à accepter",
    delivery_to_confirm: 'Livraison à confirmer ou contester',
    dispute_to_resolve: 'Contestation à trancher',
    pledge_to_acknowledge: 'Promesse de financement à reconnaître',
    receipt_to_confirm: "Réception d'un versement à confirmer",
    installment_overdue: 'Versement en retard',
    installment_due_soon: 'Versement bientôt dû',
    declaration_to_sign: 'Déclaration à signer',
    risk_agreement_to_sign: 'Entente de partage des risques à signer',
    risk_result_to_record: 'Résultat du partage des risques à inscrire',
    resolution_to_vote: 'Résolution à voter',
    resolution_to_close: 'Résolution à clore',
  },
  due: 'échéance',
};

const CATALOGUES: Record<Language, Messages> = { en, fr };

const LOCALES: Record<Language, string> = { en: 'en-CA', fr: 'fr-CA' };

export function messagesFor(language: Language): Messages {
  return CATALOGUES[language];
}

/** A calendar date (YYYY-MM-DD) or an instant, written for the language, in UTC. */
export function formatDate(language: Language, value: string): string {
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  return new Intl.DateTimeFormat(LOCALES[language], { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(date);
}

/** An instant with its time, UTC. */
export function formatInstant(language: Language, iso: string): string {
  return new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso)) + ' UTC';
}

/**
 * A decimal string written for the language, exactly: Intl formats the string itself (no float on
 * the way), keeping every fraction digit it has.
 */
export function formatDecimal(language: Language, value: string): string {
  const digits = value.includes('.') ? value.length - value.indexOf('.') - 1 : 0;
  const format = new Intl.NumberFormat(LOCALES[language], { minimumFractionDigits: digits, maximumFractionDigits: Math.min(digits, 100) });
  return (format.format as (value: string) => string)(value);
}

/** Money `{ currency, amount }`: the amount written for the language, then the ISO code. */
export function formatMoney(language: Language, money: { currency: string; amount: string }): string {
  return `${formatDecimal(language, money.amount)} ${money.currency}`;
}

/** A percentage string ("66.67"), or a dash. */
export function formatPercent(language: Language, value: string | null): string {
  return value === null ? '—' : `${formatDecimal(language, value)} %`;
}
