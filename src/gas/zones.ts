// ZoneOffsetPort through Utilities.formatDate, which knows every IANA zone and its history.

import { memoizeZoneOffsets, parseRfc822Offset, type ZoneOffsetPort } from '../core/cells/time-zone';

export function appsScriptZones(): ZoneOffsetPort {
  return memoizeZoneOffsets({
    offsetMinutes(instantMs, timeZone) {
      const offset = parseRfc822Offset(Utilities.formatDate(new Date(instantMs), timeZone, 'Z'));
      if (offset === null) throw new Error(`No offset for time zone ${timeZone}`);
      return offset;
    },
  });
}
