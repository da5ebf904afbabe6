/**
 * ISO 4217 currencies the ledger accepts, with their minor-unit digits (the number of fraction
 * digits an amount may have). Funds (USN, XDR...) and precious metals are left out on purpose.
 */
export const CURRENCY_MINOR_UNITS: Readonly<Record<string, number>> = Object.freeze({
  // Two fraction digits
  AED: 2, ARS: 2, AUD: 2, BDT: 2, BGN: 2, BRL: 2, BWP: 2, CAD: 2, CHF: 2, CNY: 2, COP: 2, CZK: 2,
  DKK: 2, DOP: 2, DZD: 2, EGP: 2, ETB: 2, EUR: 2, GBP: 2, GHS: 2, GTQ: 2, HKD: 2, HUF: 2, IDR: 2,
  ILS: 2, INR: 2, JMD: 2, KES: 2, KZT: 2, LKR: 2, MAD: 2, MXN: 2, MYR: 2, NGN: 2, NOK: 2, NZD: 2,
  PEN: 2, PHP: 2, PKR: 2, PLN: 2, QAR: 2, RON: 2, RSD: 2, SAR: 2, SEK: 2, SGD: 2, THB: 2, TRY: 2,
  TTD: 2, TWD: 2, TZS: 2, UAH: 2, USD: 2, UYU: 2, XCD: 2, ZAR: 2,
  // No minor unit
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, VND: 0,
  VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  // Three fraction digits
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  // Four fraction digits (unit of account)
  CLF: 4,
});

export function isCurrencyCode(code: unknown): code is string {
  return typeof code === 'string' && Object.hasOwn(CURRENCY_MINOR_UNITS, code);
}

/** Minor-unit digits of a known currency; throws for an unknown code (a programming error here). */
export function minorUnitsOf(currency: string): number {
  if (!isCurrencyCode(currency)) throw new RangeError(`unknown currency ${JSON.stringify(currency)}`);
  return CURRENCY_MINOR_UNITS[currency];
}
