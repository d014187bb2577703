import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatDate, formatDateTime, formatNumber } from '../../src/i18n/format.ts';
import { formatNumber as formatDecimal } from '../../src/i18n/local-text.ts';
import { formatDate as registerDate, todayInDenmark } from '../../src/register/format.ts';

describe('dates and numbers on pages', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('reuse one formatter per language, so a long list allocates no ICU objects per row', () => {
    // Warm up: the first call in each language builds its formatter.
    for (const locale of ['da', 'en'] as const) {
      formatDate('2026-03-02', locale);
      formatDateTime(new Date(), locale);
      formatNumber(1, locale);
      registerDate('2026-03-02', locale);
    }
    const dates = vi.spyOn(Intl, 'DateTimeFormat');
    const numbers = vi.spyOn(Intl, 'NumberFormat');
    for (let i = 0; i < 5000; i++) {
      formatDate(new Date(i * 86_400_000), i % 2 ? 'da' : 'en');
      formatDateTime(new Date(i * 86_400_000), 'da');
      registerDate('2026-02-01', 'en');
      formatNumber(i, 'da');
      todayInDenmark();
    }
    expect(dates).not.toHaveBeenCalled();
    expect(numbers).not.toHaveBeenCalled();
  });

  it('reuse one decimal formatter per language and digits on an explanation table', () => {
    formatDecimal(0.5, 'da', 3);
    formatDecimal(0.5, 'en', 3);
    const numbers = vi.spyOn(Intl, 'NumberFormat');
    for (let i = 0; i < 1000; i++) formatDecimal(i / 7 - 50, i % 2 ? 'da' : 'en', 3);
    expect(numbers).not.toHaveBeenCalled();
    // A digit setting not seen before gets its own formatter, so the cached ones never mix settings.
    expect(formatDecimal(-0.71, 'da', 1, 1)).toBe('−0,7');
    expect(formatDecimal(-0.7123, 'da', 3)).toBe('−0,712');
    expect(formatDecimal(1234.5, 'en', 2, 2)).toBe('1,234.50');
    expect(formatDecimal(1234.5, 'en')).toBe('1,234.5');
  });

  it('still write dates in Danish time in each language', () => {
    expect(formatDate('2026-03-02', 'da')).toBe('2. marts 2026');
    expect(formatDate('2026-03-02', 'en')).toBe('2 March 2026');
    expect(formatDateTime(new Date('2026-03-02T08:15:00Z'), 'da')).toBe('2. marts 2026 kl. 09.15');
    expect(formatNumber(12345, 'da')).toBe('12.345');
    expect(todayInDenmark(new Date('2026-03-01T23:30:00Z'))).toBe('2026-03-02');
  });
});
