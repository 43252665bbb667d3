// The daily sync: off, or one hour of the day in the spreadsheet's time zone.

import { button, h, uid, type Child } from '../dom';
import { hourLabel, scheduleLabel } from '../format';
import { call } from '../rpc';
import { bindView, isBusy, track, updateSidebar, type AppState } from '../state';

const OFF = 'off';
const selectId = uid('schedule-hour');
/** What the user picked but has not saved; null = shows the saved value. */
let draft: string | null = null;

export function mountSchedule(el: HTMLElement): void {
  const rerender = bindView(el, (s) => [s.sidebar?.schedule, s.busy], (s) => render(s, () => rerender()));
}

function render(s: AppState, rerender: () => void): Child[] {
  const schedule = s.sidebar?.schedule;
  if (!schedule) return [];
  const saved = schedule.enabled && schedule.hour !== null ? String(schedule.hour) : OFF;
  const value = draft ?? saved;
  const saving = isBusy('schedule');
  const hours = Array.from({ length: 24 }, (_, hour) => hour);
  return [
    h('p', { role: 'status' }, h('strong', null, scheduleLabel(schedule))),
    h('label', { for: selectId }, `Time of the daily sync (${schedule.timeZone})`),
    h('div', { className: 'copy-row' },
      h('select', {
        id: selectId, disabled: saving, 'data-key': 'schedule-hour',
        onChange: (e) => { draft = (e.target as HTMLSelectElement).value; rerender(); },
      },
      h('option', { value: OFF, selected: value === OFF }, 'Off'),
      hours.map((hour) => h('option', { value: String(hour), selected: value === String(hour) }, hourLabel(hour)))),
      button(saving ? 'Saving…' : 'Save', () => void save(rerender), {
        className: 'btn primary', disabled: saving || value === saved, 'data-key': 'schedule-save',
      })),
    h('p', { className: 'muted small' }, 'The daily sync runs even when the spreadsheet is closed. Google starts it within the hour you pick.'),
  ];
}

async function save(rerender: () => void): Promise<void> {
  if (draft === null) return;
  const hour = draft === OFF ? null : Number(draft);
  const schedule = await track('schedule', () => call('setSchedule', hour));
  if (schedule) {
    draft = null;
    updateSidebar({ schedule });
  } else {
    rerender();
  }
}
