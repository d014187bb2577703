/** Durations on the statutory pages in words: whole hours as hours, anything else in minutes. */
import type { TFunction } from 'i18next';

/** `480` -> "8 timer" / "8 hours"; `15` -> "15 minutter" / "15 minutes". */
export function durationText(minutes: number, t: TFunction): string {
  return minutes >= 60 && minutes % 60 === 0
    ? t('duration.hours', { ns: 'statutory', count: minutes / 60 })
    : t('duration.minutes', { ns: 'statutory', count: minutes });
}
