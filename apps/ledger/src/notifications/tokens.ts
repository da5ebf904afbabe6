/** The notifications' tables (NotificationStore from @ledger/support-store). */
export const NOTIFICATION_STORE = Symbol('NOTIFICATION_STORE');
