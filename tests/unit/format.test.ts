import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatDate, formatDateTime, formatNumber } from '../../src/i18n/format.ts';
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

  it('still write dates in Danish time in each language', () => {
    expect(formatDate('2026-03-02', 'da')).toBe('2. marts 2026');
    expect(formatDate('2026-03-02', 'en')).toBe('2 March 2026');
    expect(formatDateTime(new Date('2026-03-02T08:15:00Z'), 'da')).toBe('2. marts 2026 kl. 09.15');
    expect(formatNumber(12345, 'da')).toBe('12.345');
    expect(todayInDenmark(new Date('2026-03-01T23:30:00Z'))).toBe('2026-03-02');
  });
});
