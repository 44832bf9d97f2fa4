/**
 * An amount in the currency's minor units (cents: what Polar's prices and the seat tiers
 * hold) as the reader writes money. The currency's own decimals, not a fixed 100: a yen
 * amount has none.
 */
export function formatMoney(minorUnits: number, currency: string, locale: string): string {
  const code = currency.toUpperCase();
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat(locale, { style: "currency", currency: code });
  } catch {
    // A code Intl does not know is shown as it came, beside the number.
    return `${(minorUnits / 100).toFixed(2)} ${code}`;
  }
  const decimals = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minorUnits / 10 ** decimals);
}
