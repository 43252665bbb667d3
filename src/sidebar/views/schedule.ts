// The spreadsheet's schedule, as every editor sees it: how often, whose (the Zoho account it runs
// as), the last and next run, whether it stopped. Its owner changes it, each choice saved as it is
// picked; anyone else can take it over rather than add a second, overlapping schedule.

import type { ScheduleEveryHours, ScheduleFrequency, ScheduleInput, ScheduleState } from '../../shared/rpc';
import { button, h, uid, type Child } from '../dom';
import { formatDateTime, hourLabel, runStatusLabel, scheduleLabel, weekDayLabel } from '../format';
import { call } from '../rpc';
import { bindView, isBusy, track, updateSidebar, type AppState } from '../state';

const OFF = 'off';
const EVERY_HOURS = [1, 2, 4, 6, 8, 12] as const;
const WEEK_DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
const DEFAULT_HOUR = 7;
const kindId = uid('schedule-kind');
const hourId = uid('schedule-hour');
const dayId = uid('schedule-day');
const mailId = uid('schedule-mail');

export function mountSchedule(el: HTMLElement): void {
  bindView(el, (s) => [s.sidebar?.schedule, s.busy], render);
}

/** The "how often" choice as one option value: off, every-N, daily, weekly. */
function kindValue(frequency: ScheduleFrequency | null): string {
  if (!frequency) return OFF;
  return frequency.kind === 'hourly' ? `every-${frequency.everyHours}` : frequency.kind;
}

function frequencyFrom(kind: string, current: ScheduleFrequency | null, patch: { hour?: number; weekDay?: string } = {}): ScheduleFrequency | null {
  const hour = patch.hour ?? (current && current.kind !== 'hourly' ? current.hour : DEFAULT_HOUR);
  if (kind === OFF) return null;
  if (kind.startsWith('every-')) return { kind: 'hourly', everyHours: Number(kind.slice(6)) as ScheduleEveryHours };
  if (kind === 'daily') return { kind: 'daily', hour };
  const weekDay = (patch.weekDay ?? (current?.kind === 'weekly' ? current.weekDay : 'MONDAY')) as (typeof WEEK_DAYS)[number];
  return { kind: 'weekly', weekDay, hour };
}

function render(s: AppState): Child[] {
  const schedule = s.sidebar?.schedule;
  if (!schedule) return [];
  const saving = isBusy('schedule');
  const others = Boolean(schedule.owner) && !schedule.mine && !schedule.stopped;
  return [
    h('p', { role: 'status' }, h('strong', null, scheduleLabel(schedule)), saving ? h('span', { className: 'muted' }, ' Saving…') : null),
    schedule.stopped ? h('div', { className: 'notice warn' },
      `The schedule stopped ${formatDateTime(schedule.stopped.at)}: ${schedule.stopped.reason}. `,
      schedule.mine ? 'Pick how often to sync to start it again.' : 'Take it over to start it again with your Zoho account.') : null,
    details(schedule),
    others || schedule.stopped ? takeOver(schedule, saving) : null,
    others ? null : controls(schedule, saving),
    h('p', { className: 'muted small' }, 'Scheduled syncs run even when the spreadsheet is closed. Google starts each run at a moment it picks inside the hour, and at most once an hour.'),
  ];
}

function details(schedule: ScheduleState): Child {
  if (!schedule.owner || schedule.stopped) return null;
  const owner = schedule.mine ? `you (${schedule.owner})` : schedule.owner;
  return h('ul', { className: 'plain small' },
    h('li', null, `Whose: ${owner}. Scheduled runs read and write Zoho as this account, so teammates' edits they push show in Zoho as made by ${schedule.mine ? 'you' : schedule.owner}.`),
    h('li', null, 'Last run: ', schedule.lastRun ? `${formatDateTime(schedule.lastRun.at)}, ${runStatusLabel(schedule.lastRun.status)}` : 'not yet'),
    schedule.nextRunAt ? h('li', null, `Next run: between ${formatDateTime(schedule.nextRunAt)} and the hour after`) : null);
}

function takeOver(schedule: ScheduleState, saving: boolean): Child {
  return h('div', { className: 'actions' },
    // What this sidebar shows: a teammate's change or restart since refuses the take-over.
    button(saving ? 'Taking over…' : 'Take over', () => void save(() => call('takeOverSchedule', { owner: schedule.owner, frequency: schedule.frequency, stopped: Boolean(schedule.stopped) })), {
      className: 'btn primary', disabled: saving, 'data-key': 'schedule-take-over',
      title: schedule.stopped ? 'Restart the schedule with your Zoho account' : `Make this schedule yours: it then runs as your Zoho account and ${schedule.owner ?? 'the current owner'}'s stops`,
    }));
}

function controls(schedule: ScheduleState, saving: boolean): Child[] {
  const current = schedule.stopped ? null : schedule.frequency;
  const kind = kindValue(current);
  const input = (frequency: ScheduleFrequency | null): ScheduleInput => ({ frequency, emailOnFailure: schedule.emailOnFailure });
  const pick = (frequency: ScheduleFrequency | null): void => void save(() => call('setSchedule', input(frequency)));
  return [
    h('label', { for: kindId }, `How often (${schedule.timeZone})`),
    h('select', {
      id: kindId, disabled: saving, 'data-key': 'schedule-kind',
      onChange: (e) => pick(frequencyFrom((e.target as HTMLSelectElement).value, current)),
    },
    h('option', { value: OFF, selected: kind === OFF }, 'Off'),
    EVERY_HOURS.map((n) => h('option', { value: `every-${n}`, selected: kind === `every-${n}` }, n === 1 ? 'Every hour' : `Every ${n} hours`)),
    h('option', { value: 'daily', selected: kind === 'daily' }, 'Daily'),
    h('option', { value: 'weekly', selected: kind === 'weekly' }, 'Weekly')),
    current?.kind === 'weekly' ? [
      h('label', { for: dayId }, 'On'),
      h('select', {
        id: dayId, disabled: saving, 'data-key': 'schedule-day',
        onChange: (e) => pick(frequencyFrom(kind, current, { weekDay: (e.target as HTMLSelectElement).value })),
      }, WEEK_DAYS.map((day) => h('option', { value: day, selected: current.weekDay === day }, weekDayLabel(day)))),
    ] : null,
    current && current.kind !== 'hourly' ? [
      h('label', { for: hourId }, `At (${schedule.timeZone})`),
      h('select', {
        id: hourId, disabled: saving, 'data-key': 'schedule-hour',
        onChange: (e) => pick(frequencyFrom(kind, current, { hour: Number((e.target as HTMLSelectElement).value) })),
      }, Array.from({ length: 24 }, (_, hour) => h('option', { value: String(hour), selected: current.hour === hour }, hourLabel(hour)))),
    ] : null,
    current ? h('div', { className: 'check-row' },
      h('input', {
        type: 'checkbox', id: mailId, checked: schedule.emailOnFailure, disabled: saving, 'data-key': 'schedule-mail',
        onChange: (e) => void save(() => call('setSchedule', { frequency: current, emailOnFailure: (e.target as HTMLInputElement).checked })),
      }),
      h('label', { for: mailId }, `Email me (${schedule.owner ?? 'my Zoho address'}) when a scheduled sync fails or has problems, at most once a day`)) : null,
  ];
}

async function save(task: () => Promise<ScheduleState>): Promise<void> {
  const schedule = await track('schedule', task);
  if (schedule) updateSidebar({ schedule });
  // Refused (a teammate changed or took over the schedule, say): show the schedule as it is now.
  else void call('getSidebarState').then((state) => updateSidebar({ schedule: state.schedule }), () => undefined);
}
