// Amounts in a record's own currency (issue 17, "Formats that match Zoho"): in a multi-currency
// org each deal's Amount shows its own currency, follows a change of currency in Zoho on that row
// only (never touching the value), stays with its record when the rep sorts, and a row the rep adds
// is in the org's base currency. Through the real bundle in the Apps Script runtime against the
// Zoho emulator, whose EU org (base: euro) is made multi-currency by an admin call.

import { cellLook } from '../../emulators/apps-script/services/sheet-styles';
import type { SyncNowResult } from '../../src/shared/rpc';
import { columnOf, givenConnectedUser, givenSyncedSheet, givenWorld, sheetValues, statusOf, type World } from '../helpers/world';

const FIELDS = ['Deal_Name', 'Stage', 'Amount', 'Weighted_Amount'];
const OTHER_CURRENCIES = [
  { iso_code: 'USD', symbol: '$', name: 'US Dollar - USD', exchange_rate: '1.080000000' },
  { iso_code: 'JPY', symbol: '¥', name: 'Yen - JPY', exchange_rate: '160.000000000', decimal_places: 0 },
];
/** How a cell of each currency reads: its symbol first, and the currency's decimal places. */
const SHOWN: Record<string, RegExp> = { EUR: /^€\d{1,3}(,\d{3})*\.\d\d$/, USD: /^\$\d{1,3}(,\d{3})*\.\d\d$/, JPY: /^¥\d{1,3}(,\d{3})*$/ };

let world: World;
afterEach(async () => world?.stop());

const sheet = (w: World) => w.runtime.getSpreadsheet(w.spreadsheetId)!.sheet('Deals')!;
const column = (w: World, header: string) => columnOf(sheetValues(w, 'Deals'), header) + 1;
const shown = (w: World, row: number, header = 'Amount') => cellLook(sheet(w), row, column(w, header)).display;
const idAt = (w: World, row: number) => String(sheet(w).readValue(row, column(w, 'Zoho record ID')));
const rows = (w: World) => Array.from({ length: sheet(w).lastRow() - 1 }, (_, i) => i + 2);
const rowOf = (w: World, id: string) => rows(w).find((row) => idAt(w, row) === id)!;

function sync(w: World, fn = 'syncNow'): SyncNowResult & { calls: number } {
  const result = w.rpc<SyncNowResult>(fn);
  if (!result.ok) throw new Error(`${fn} failed: ${result.error?.message}`);
  return { ...result.value!, calls: result.counters.urlfetchCalls };
}

/** A colleague changes a deal in Zoho a minute later (its Modified_Time moves). */
async function inZohoLater(w: World, change: () => Promise<unknown>): Promise<void> {
  await w.zoho.admin.advanceClock(60);
  await change();
}

/**
 * An EU org with six deals, made multi-currency before the rep connects: deals 2 and 4 in dollars,
 * deal 5 in yen, the rest in the base (euro). Pulled once into the sheet "Deals".
 */
async function givenDealsInThreeCurrencies(options: { recordSymbols?: boolean; multiCurrency?: boolean; deals?: number; withoutScope?: string } = {}): Promise<{ w: World; currencyOf: Map<string, string> }> {
  const w = await givenWorld({ records: 10 });
  await w.zoho.admin.reset({ moduleSizes: { Deals: options.deals ?? 6 } });
  const { records } = await w.zoho.admin.listRecords('eu', 'Deals');
  const currencyOf = new Map(records.map((r) => [r.id, 'EUR']));
  if (options.multiCurrency !== false) {
    await w.zoho.admin.setCurrencies('eu', OTHER_CURRENCIES, { recordSymbols: options.recordSymbols ?? true });
    // Deals 2 and 4 in dollars, 5 in yen; past six, every third in dollars.
    const own = records.map((r, i) => [r.id, i === 4 ? 'JPY' : i === 1 || i === 3 || (i > 5 && i % 3 === 0) ? 'USD' : 'EUR'] as const);
    for (const [id, code] of own.filter(([, c]) => c !== 'EUR')) {
      await w.zoho.admin.setRecordCurrency('eu', 'Deals', id, code);
      currencyOf.set(id, code);
    }
  }
  if (options.withoutScope) {
    // The consent an older version of the add-on asked for.
    const start = w.rpc<{ authorizationUrl: string }>('startConnect').value!;
    const older = start.authorizationUrl.replace(/scope=([^&]+)/, (_, scopes: string) => `scope=${encodeURIComponent(decodeURIComponent(scopes).split(',').filter((x) => x !== options.withoutScope).join(','))}`);
    w.runtime.handleUserCallback(await w.zoho.admin.completeConsent(older, { user: w.zoho.info.users.eu! }), 'rep@example.com');
  } else {
    await givenConnectedUser(w, 'eu');
  }
  givenSyncedSheet(w, 'Deals', 'Deals', FIELDS);
  sync(w);
  return { w, currencyOf };
}

/** Every row's Amount and Weighted Amount read in its record's currency (blank amounts aside). */
function expectEachRowInItsCurrency(w: World, currencyOf: ReadonlyMap<string, string>): void {
  for (const row of rows(w)) {
    const code = currencyOf.get(idAt(w, row))!;
    for (const header of ['Amount', 'Weighted Amount']) {
      const text = shown(w, row, header);
      if (text !== '') expect({ row, header, text }).toEqual({ row, header, text: expect.stringMatching(SHOWN[code]!) });
    }
  }
}

describe('a multi-currency org', () => {
  it.each([
    ['records carry $currency_symbol', true],
    ['records come without $currency_symbol (the currency list names the symbol)', false],
  ])('shows each deal\'s amounts in its own currency after the first pull, when %s', async (_, recordSymbols) => {
    ({ w: world } = await givenDealsInThreeCurrencies({ recordSymbols }));
    const currencyOf = await currenciesInZoho(world);

    expectEachRowInItsCurrency(world, currencyOf);
    expect([...currencyOf.values()].sort()).toEqual(['EUR', 'EUR', 'EUR', 'JPY', 'USD', 'USD']);
    expect(shown(world, rowOf(world, [...currencyOf].find(([, c]) => c === 'USD')![0]))).toMatch(/^\$/);
  });

  it('re-formats only the row of a deal whose currency changed in Zoho at the next sync, and keeps its value', async () => {
    const given = await givenDealsInThreeCurrencies();
    world = given.w;
    const euro = [...given.currencyOf].find(([, c]) => c === 'EUR')![0];
    const row = rowOf(world, euro);
    const value = sheet(world).readValue(row, column(world, 'Amount'));
    const before = rows(world).map((r) => [shown(world, r), shown(world, r, 'Weighted Amount')]);

    await inZohoLater(world, () => world.zoho.admin.setRecordCurrency('eu', 'Deals', euro, 'USD'));
    const result = sync(world);

    expect(shown(world, row)).toMatch(SHOWN.USD!);
    expect(sheet(world).readValue(row, column(world, 'Amount'))).toBe(value);
    expect(rows(world).filter((r) => r !== row).map((r) => [shown(world, r), shown(world, r, 'Weighted Amount')])).toEqual(before.filter((_, i) => i + 2 !== row));
    expect(result.sheets[0]).toMatchObject({ updated: 1, conflicts: 0 });
    // Settled: the next sync finds nothing to change.
    expect(sync(world).sheets[0]).toMatchObject({ updated: 0, inserted: 0 });
  });

  it('keeps an amount the rep typed when the deal\'s currency changes in Zoho meanwhile: the edit reaches Zoho and the row shows the new currency', async () => {
    const given = await givenDealsInThreeCurrencies();
    world = given.w;
    const euro = [...given.currencyOf].find(([, c]) => c === 'EUR')![0];
    const row = rowOf(world, euro);
    sheet(world).writeValue(row, column(world, 'Amount'), 4321.5);

    await inZohoLater(world, () => world.zoho.admin.setRecordCurrency('eu', 'Deals', euro, 'USD'));
    sync(world);

    expect(sheet(world).readValue(row, column(world, 'Amount'))).toBe(4321.5);
    expect(shown(world, row)).toBe('$4,321.50');
    expect(await world.zoho.admin.getRecord('eu', 'Deals', euro)).toMatchObject({ Amount: 4321.5, Currency: 'USD' });
  });

  it('keeps each row\'s format with its record when the rep sorts, through an incremental pull that changes some of them', async () => {
    const given = await givenDealsInThreeCurrencies();
    world = given.w;
    const currencyOf = new Map(given.currencyOf);
    sheet(world).sortRows(2, sheet(world).lastRow(), column(world, 'Deal Name'), { descending: true });
    const [dollar, euro] = [[...currencyOf].find(([, c]) => c === 'USD')![0], [...currencyOf].find(([, c]) => c === 'EUR')![0]];

    await inZohoLater(world, async () => {
      await world.zoho.admin.setRecordCurrency('eu', 'Deals', dollar, 'JPY');
      await world.zoho.admin.patchRecord('eu', 'Deals', euro, { Amount: 777 });
    });
    currencyOf.set(dollar, 'JPY');
    sync(world);

    expectEachRowInItsCurrency(world, currencyOf);
    expect(shown(world, rowOf(world, euro))).toBe('€777.00');
    expect(shown(world, rowOf(world, dollar))).toMatch(SHOWN.JPY!);
  });

  it('keeps every row\'s currency when a pull rewrites a whole block of sorted rows (changes on many rows apart)', async () => {
    const given = await givenDealsInThreeCurrencies({ deals: 30 });
    world = given.w;
    sheet(world).sortRows(2, sheet(world).lastRow(), column(world, 'Deal Name'), { descending: true });
    // Every third row as sorted changes in Zoho: more runs of rows than are written one by one.
    const changed = rows(world).filter((r) => r % 3 === 0).map((r) => idAt(world, r));

    await inZohoLater(world, async () => {
      for (const [i, id] of changed.entries()) await world.zoho.admin.patchRecord('eu', 'Deals', id, { Amount: 1000 + i });
    });
    const result = sync(world);

    expect(changed.length).toBeGreaterThan(8);
    expect(result.sheets[0]).toMatchObject({ updated: changed.length });
    expectEachRowInItsCurrency(world, given.currencyOf);
  });

  it('still formats amounts in their currency with a connection made before the add-on asked to read currencies', async () => {
    const given = await givenDealsInThreeCurrencies({ withoutScope: 'ZohoCRM.settings.currencies.READ' });
    world = given.w;

    const again = sync(world);

    expect(again.message).not.toMatch(/Connect again/);
    // The records' own $currency_symbol stands in for the list (the yen then shows cents).
    for (const row of rows(world)) {
      const code = given.currencyOf.get(idAt(world, row))!;
      const text = shown(world, row);
      if (text !== '') expect(text.charAt(0)).toBe({ EUR: '€', USD: '$', JPY: '¥' }[code]);
    }
  });

  it('gives a row the rep adds the base currency, and sends no currency with it', async () => {
    ({ w: world } = await givenDealsInThreeCurrencies());
    const row = sheet(world).lastRow() + 1;
    sheet(world).writeValue(row, column(world, 'Deal Name'), 'Added in the sheet');
    sheet(world).writeValue(row, column(world, 'Stage'), 'Qualification');
    sheet(world).writeValue(row, column(world, 'Amount'), 1500);

    const typed = shown(world, row);
    const result = sync(world);
    const id = idAt(world, row);

    expect(typed).toBe('€1,500.00');
    expect(result.pushed?.[0]).toMatchObject({ inserted: 1, failed: 0 });
    expect(shown(world, row)).toBe('€1,500.00');
    const record = (await world.zoho.admin.listRecords('eu', 'Deals')).records.find((r) => r.id === id);
    expect(record?.Amount).toBe(1500);
    expect((await currenciesInZoho(world)).get(id)).toBe('EUR');
  });

  it('shows the base currency on a row pasted from a dollar deal once it is created, since Zoho puts the new deal in the base', async () => {
    const given = await givenDealsInThreeCurrencies();
    world = given.w;
    const from = rowOf(world, [...given.currencyOf].find(([, c]) => c === 'USD')![0]);
    const row = sheet(world).lastRow() + 1;
    // The rep pastes the visible cells of a dollar row: its amount keeps the dollar format.
    for (const header of ['Deal Name', 'Stage', 'Amount']) {
      sheet(world).writeValue(row, column(world, header), header === 'Deal Name' ? 'Pasted deal' : sheet(world).readValue(from, column(world, header)));
    }
    sheet(world).setNumberFormat(row, column(world, 'Amount'), sheet(world).numberFormat(from, column(world, 'Amount'))!);
    const pasted = shown(world, row);

    sync(world);

    expect(pasted).toMatch(/^\$/);
    expect((await currenciesInZoho(world)).get(idAt(world, row))).toBe('EUR');
    expect(shown(world, row)).toMatch(SHOWN.EUR!);
    expect(shown(world, from)).toMatch(SHOWN.USD!);
  });

  it('quotes a conflict\'s amounts with the row\'s symbol', async () => {
    const given = await givenDealsInThreeCurrencies();
    world = given.w;
    const dollar = [...given.currencyOf].find(([, c]) => c === 'USD')![0];
    const row = rowOf(world, dollar);
    sheet(world).writeValue(row, column(world, 'Amount'), 1234.5);

    await inZohoLater(world, () => world.zoho.admin.patchRecord('eu', 'Deals', dollar, { Amount: 99 }));
    sync(world, 'pushChanges');

    expect(statusOf(world, 'Deals', row).note).toContain('this sheet has Amount "$1,234.50"; Zoho has Amount "$99.00"');
  });

  it('restores a row from Zoho in its record\'s currency', async () => {
    const given = await givenDealsInThreeCurrencies();
    world = given.w;
    const yen = [...given.currencyOf].find(([, c]) => c === 'JPY')![0];
    const row = rowOf(world, yen);
    // The rep clears the row's formats by hand, then takes Zoho's version back.
    sheet(world).setNumberFormat(row, column(world, 'Amount'), '0.00');

    const restored = world.rpc('restoreRow', ['Deals', yen]);

    expect(restored.ok).toBe(true);
    expect(shown(world, row)).toMatch(SHOWN.JPY!);
  });

  it('reads the org\'s currency list at most once a sync, and a later sync costs what it does in a single-currency org', async () => {
    ({ w: world } = await givenDealsInThreeCurrencies());
    const first = (await world.zoho.admin.counters()).calls['GET /crm/v8/org/currencies'] ?? 0;

    const steady = sync(world);
    const second = (await world.zoho.admin.counters()).calls['GET /crm/v8/org/currencies'] ?? 0;

    expect(first).toBe(1);
    expect(second).toBe(1);
    // The page of changes (read ahead, with Currency) and the page of deletions, as below.
    expect(steady.calls).toBe(2);
  });
});

describe('a single-currency org', () => {
  it('formats every amount in the org\'s currency, asks Zoho for no currency and no currency list', async () => {
    const given = await givenDealsInThreeCurrencies({ multiCurrency: false });
    world = given.w;

    const steady = sync(world);
    const counters = await world.zoho.admin.counters();

    expectEachRowInItsCurrency(world, given.currencyOf);
    expect(counters.calls['GET /crm/v8/org/currencies'] ?? 0).toBe(0);
    expect(steady.calls).toBe(2);
  });
});

describe('an org an admin makes multi-currency after the rep connected', () => {
  it('shows a dollar deal in dollars at the first sync after the module\'s metadata is read again, with no reconnect, and from then on', async () => {
    const given = await givenDealsInThreeCurrencies({ multiCurrency: false });
    world = given.w;
    const dollar = idAt(world, 3);

    await inZohoLater(world, async () => {
      await world.zoho.admin.setCurrencies('eu', OTHER_CURRENCIES, { recordSymbols: false });
      await world.zoho.admin.setRecordCurrency('eu', 'Deals', dollar, 'USD');
    });
    // The add-on keeps a module's field metadata for half an hour (src/core/zoho/metadata.ts), as it
    // does for a field an admin renames: the metadata read after that lists Currency.
    world.runtime.clock.advance(31 * 60 * 1000);
    sync(world);

    expectEachRowInItsCurrency(world, await currenciesInZoho(world));
    expect(shown(world, rowOf(world, dollar))).toMatch(SHOWN.USD!);
    // Noted with the connection: the next sync plans for the currency and reads no more than usual.
    expect(sync(world).calls).toBe(2);
  });
});

/** Each deal's currency as Zoho has it now (EUR for a record in the base). */
async function currenciesInZoho(w: World): Promise<Map<string, string>> {
  const { records } = await w.zoho.admin.listRecords('eu', 'Deals');
  return new Map(records.map((r) => [r.id, String(r.Currency ?? 'EUR')]));
}
