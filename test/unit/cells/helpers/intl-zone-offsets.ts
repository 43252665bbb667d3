// Node's stand-in for the Apps Script ZoneOffsetPort adapter (Utilities.formatDate(d, tz, 'Z')):
// the same answer, from Intl's tz database. Counts calls so tests can see the cache work.

import type { ZoneOffsetPort } from '../../../../src/core/cells/time-zone';

export class IntlZoneOffsets implements ZoneOffsetPort {
  calls = 0;
  private readonly formatters: Record<string, Intl.DateTimeFormat> = {};

  offsetMinutes(instantMs: number, timeZone: string): number {
    this.calls += 1;
    // Like SimpleDateFormat's 'Z', resolve the offset for the whole second containing the instant.
    const second = Math.floor(instantMs / 1000) * 1000;
    const parts: Record<string, number> = {};
    for (const part of this.formatterFor(timeZone).formatToParts(new Date(second))) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const wall = new Date(0);
    wall.setUTCFullYear(parts.year!, parts.month! - 1, parts.day!);
    wall.setUTCHours(parts.hour!, parts.minute!, parts.second!, 0);
    return Math.round((wall.getTime() - second) / 60000);
  }

  private formatterFor(timeZone: string): Intl.DateTimeFormat {
    let formatter = this.formatters[timeZone];
    if (!formatter) {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
        hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
      this.formatters[timeZone] = formatter;
    }
    return formatter;
  }
}

/** The shared port most tests use. */
export const intlZones = new IntlZoneOffsets();
