import { DateTime } from 'luxon';

/** An amount of money in its currency, in the user's locale. */
export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency,
      maximumFractionDigits: 2,
    }).format(amount);
  } catch {
    // An unknown currency code: show it as it is.
    return `${amount.toLocaleString()} ${currency}`;
  }
}

/** Amounts by currency as `$12,000.00 + €20,000.00`, largest first. */
export function formatAmounts(byCurrency: Record<string, number>): string {
  const entries = Object.entries(byCurrency).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) {
    return '—';
  }
  return entries
    .map(([currency, amount]) => formatMoney(amount, currency))
    .join(' + ');
}

/** Whole days from today to an ISO date (negative once it has passed). */
export function daysUntil(date: string, now: DateTime = DateTime.now()) {
  const end = DateTime.fromISO(date);
  if (!end.isValid) {
    return undefined;
  }
  return Math.round(end.startOf('day').diff(now.startOf('day'), 'days').days);
}

/** How urgent an expiry is: within 30 days, within 90 days, or later. */
export function expiryTone(days: number): 'bad' | 'warning' | 'neutral' {
  if (days <= 30) {
    return 'bad';
  }
  return days <= 90 ? 'warning' : 'neutral';
}
