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

const ASSET_TYPE_LABELS: Record<string, string> = {
  license: 'Licence',
  hardware: 'Hardware',
  cloud: 'Cloud service',
};

/** The display name of an asset type. */
export function assetTypeLabel(type: string): string {
  return ASSET_TYPE_LABELS[type] ?? type;
}

const PERIODS: Record<string, string> = {
  month: 'per month',
  year: 'per year',
  'one-off': 'one-off',
};

/** A cost as `$1,000.00 per month`. */
export function formatCost(cost: {
  amount: number;
  currency: string;
  period: string;
}): string {
  return `${formatMoney(cost.amount, cost.currency)} ${
    PERIODS[cost.period] ?? cost.period
  }`;
}
