/**
 * Deterministic, synthetic Goszakup OWS v3 data of any size, in the documented REST (snake_case) shapes
 * (domain.md §1.4–1.5). Every item is computed from (seed, entity, index) on demand, so a million lots cost no memory.
 *
 * Layout: lot j belongs to announcement floor(j / lotsPerBuy); each announcement gets `bidders` applications
 * (TrdApp), the first bidder on every lot, the others on some (so some lots have a single bid); every second lot has
 * a contract with its lowest bidder; some bids are far below the lot amount (dumping); some suppliers are in the RNU.
 * Ids grow with the index; REST lists serve them newest (largest id) first, GraphQL in id order.
 */
export type FakeEntity = 'trd_buy' | 'lots' | 'contracts' | 'rnu' | 'bids';
export type Item = Record<string, unknown>;

export interface FakeDataOptions {
  lots: number;
  seed?: number;
  lotsPerBuy?: number;
  bidders?: number;
  customers?: number;
  suppliers?: number;
  /** Suppliers (by pool index) on the RNU list. Default: every 7th supplier. */
  rnuEvery?: number;
  /** Items served without their required fields (by entity and index): the "broken page" fault. */
  broken?: Partial<Record<FakeEntity, number[]>>;
}

const BASE = {
  trd_buy: 5_000_000,
  lots: 20_000_000,
  contracts: 30_000_000,
  rnu: 100_000,
  bids: 40_000_000,
} as const;
const RNU_DETAIL_BASE = 200_000;
const APP_LOT_BASE = 60_000_000;

const CUSTOMER_NAMES = [
  'ГУ «Отдел образования города Алматы»',
  'КГП на ПХВ «Городская поликлиника №5» УОЗ г. Астаны',
  'ГУ «Аппарат акима Карагандинской области»',
  'РГУ «Департамент государственных доходов по г. Шымкент»',
  'ГУ «Управление строительства Павлодарской области»',
  'КГУ «Школа-гимназия №12» г. Актобе',
];
const LOT_NAMES: [string, string][] = [
  ['Бумага офисная формата А4', '171912.100.000000'],
  ['Услуги по уборке помещений', '812110.000.000000'],
  ['Картридж для лазерного принтера', '262040.900.000013'],
  ['Бензин марки АИ-92', '192121.100.000002'],
  ['Текущий ремонт кровли здания', '433910.000.000000'],
  ['Перчатки медицинские смотровые', '222960.900.000021'],
  ['Услуги по организации питания', '562910.000.000000'],
  ['Компьютер персональный настольный', '262013.000.000005'],
  ['Мебель офисная: стол письменный', '310112.500.000001'],
  ['Услуги охраны объектов', '801010.000.000000'],
];
const SUPPLIER_FORMS = ['ТОО', 'ТОО', 'ТОО', 'ИП', 'АО'];
const SUPPLIER_WORDS = [
  'Алем',
  'Береке',
  'Жулдыз',
  'Сапа',
  'Нур',
  'Самрук',
  'Тулпар',
  'Арман',
  'Даму',
  'Болашак',
];

/** A 32-bit mix of the inputs (murmur3 finaliser), the only source of "randomness". */
function mix(...xs: number[]): number {
  let h = 0x9e3779b9;
  for (const x of xs) {
    h = Math.imul(h ^ (x | 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** A valid Kazakh BIN: YYMM, type 4 (resident legal entity), 0, a 5-digit serial, then the check digit. */
export function makeBin(seed: number, n: number, kind: 'bin' | 'iin' = 'bin'): string {
  for (let salt = 0; ; salt += 1) {
    const h = mix(seed, 77, n, salt);
    const yy = String((h % 20) + 2).padStart(2, '0');
    const mm = String(((h >>> 8) % 12) + 1).padStart(2, '0');
    const body =
      kind === 'bin'
        ? `${yy}${mm}40${String((n * 7919 + salt) % 100_000).padStart(5, '0')}`
        : `${yy}${mm}${String(((h >>> 4) % 28) + 1).padStart(2, '0')}3${String((n * 31 + salt) % 10_000).padStart(4, '0')}`;
    const check = binCheckDigit(body);
    if (check !== null) return body + String(check);
  }
}

/** The IIN/BIN control digit (weights 1..11, then 3..11,1,2 when the first sum gives 10); null = invalid serial. */
export function binCheckDigit(first11: string): number | null {
  const d = [...first11].map(Number);
  const sum = (w: number[]) => d.reduce((s, x, i) => s + x * w[i]!, 0) % 11;
  let c = sum([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  if (c === 10) c = sum([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]);
  return c === 10 ? null : c;
}

/** Exact money: an integer number of tiyn written as a decimal; the API sends such amounts as JSON numbers. */
function money(tiyn: number): number {
  const s = `${Math.floor(tiyn / 100)}.${String(tiyn % 100).padStart(2, '0')}`;
  return Number(s);
}

function date(seed: number, key: number, from: number, spanDays: number): string {
  const t = Date.UTC(2024, 0, 1) + from * 86_400_000 + (mix(seed, key) % (spanDays * 86_400)) * 1000;
  return new Date(t).toISOString().slice(0, 19).replace('T', ' ');
}

export class FakeGoszakupData {
  readonly seed: number;
  readonly lots: number;
  readonly lotsPerBuy: number;
  readonly bidders: number;
  readonly customers: number;
  readonly suppliers: number;
  readonly rnuEvery: number;
  readonly #broken: Map<FakeEntity, Set<number>>;
  readonly #rnuByBiin = new Map<string, number>();
  /** The last announcement built: consecutive lots share it, so a page of lots builds it once. */
  #lastBuy: { index: number; item: Item } | undefined;

  constructor(o: FakeDataOptions) {
    this.seed = o.seed ?? 1;
    this.lots = o.lots;
    this.lotsPerBuy = o.lotsPerBuy ?? 2;
    this.bidders = o.bidders ?? 3;
    this.customers = o.customers ?? 4;
    this.suppliers = o.suppliers ?? 40;
    this.rnuEvery = o.rnuEvery ?? 7;
    this.#broken = new Map(Object.entries(o.broken ?? {}).map(([k, v]) => [k as FakeEntity, new Set(v)]));
    for (let i = 0; i < this.count('rnu'); i += 1)
      this.#rnuByBiin.set(this.supplierBin(this.#rnuSupplier(i)), i);
  }

  count(entity: FakeEntity): number {
    const buys = Math.ceil(this.lots / this.lotsPerBuy);
    switch (entity) {
      case 'lots':
        return this.lots;
      case 'trd_buy':
        return buys;
      case 'contracts':
        return Math.floor(this.lots / 2);
      case 'bids':
        return buys * this.bidders;
      case 'rnu':
        return Math.floor((this.suppliers - 1) / this.rnuEvery) + 1;
    }
  }

  idAt(entity: FakeEntity, index: number): number {
    return BASE[entity] + index;
  }

  indexOf(entity: FakeEntity, id: number): number | undefined {
    const i = id - BASE[entity];
    return Number.isInteger(i) && i >= 0 && i < this.count(entity) ? i : undefined;
  }

  isBroken(entity: FakeEntity, index: number): boolean {
    return this.#broken.get(entity)?.has(index) ?? false;
  }

  customerBin(c: number): string {
    return makeBin(this.seed, 1000 + c);
  }

  supplierBin(s: number): string {
    return makeBin(this.seed, 5000 + s, s % 5 === 3 ? 'iin' : 'bin');
  }

  supplierName(s: number): string {
    const form = SUPPLIER_FORMS[s % SUPPLIER_FORMS.length]!;
    const word = SUPPLIER_WORDS[mix(this.seed, 11, s) % SUPPLIER_WORDS.length]!;
    return form === 'ИП' ? `ИП «${word}-${s}»` : `${form} «${word} ${s}»`;
  }

  /** The full item; `item(e, i)` for REST entities is the REST item, contracts also carry `contract_units`. */
  item(entity: FakeEntity, index: number): Item {
    const it = this.#build(entity, index);
    if (!this.isBroken(entity, index)) return it;
    // A broken item keeps its id but loses a field the schema requires.
    const drop: Record<FakeEntity, string[]> = {
      lots: ['lot_number', 'amount'],
      trd_buy: ['number_anno'],
      contracts: ['id'],
      rnu: ['supplier_biin'],
      bids: ['app_lots'],
    };
    for (const k of drop[entity]) delete it[k];
    if (entity === 'contracts') it.contract_number = `broken-${index}`;
    return it;
  }

  /** Items of one RNU supplier as `/v3/rnu/{biin}` lists them, or null for a 404 ("not listed"). */
  rnuDetail(biin: string): Item[] | null {
    const i = this.#rnuByBiin.get(biin);
    if (i === undefined || i % 5 === 4) return null;
    const list = this.item('rnu', i);
    const n = 1 + (mix(this.seed, 21, i) % 2);
    return Array.from({ length: n }, (_, k) => ({
      id: RNU_DETAIL_BASE + i * 2 + k,
      pid: list.pid,
      customer_biin: this.customerBin(k % this.customers),
      customer_name_ru: CUSTOMER_NAMES[k % CUSTOMER_NAMES.length],
      supplier_biin: biin,
      supplier_name_ru: list.supplier_name_ru,
      supplier_name_kz: list.supplier_name_kz,
      supplier_innunp: list.supplier_innunp,
      supplier_head_name_ru: 'Иванов Иван Иванович',
      supplier_head_biin: makeBin(this.seed, 9000 + i, 'iin'),
      court_decision: `№2-${1000 + i}/${k}`,
      court_decision_date: date(this.seed, 30_000 + i * 2 + k, 0, 300),
      start_date: date(this.seed, 31_000 + i * 2 + k, 300 - 400 * k, 60),
      end_date: date(this.seed, 32_000 + i * 2 + k, 700 - 400 * k, 60),
      ref_reason_id: 1 + (mix(this.seed, 22, i, k) % 4),
      index_date: date(this.seed, 33_000 + i, 400, 30),
      system_id: 3,
    }));
  }

  /** Every item of an entity in id order (a generator: large sizes stream). */
  *all(entity: FakeEntity): Generator<Item> {
    for (let i = 0; i < this.count(entity); i += 1) yield this.item(entity, i);
  }

  #rnuSupplier(i: number): number {
    return i * this.rnuEvery;
  }

  #lotAmountTiyn(j: number): number {
    return (50_000 + (mix(this.seed, 3, j) % 20_000_000)) * 100 + (mix(this.seed, 4, j) % 100);
  }

  /** Which supplier bids as slot s of announcement b (slot 0 always bids, on every lot). */
  #bidder(b: number, s: number): number {
    return (mix(this.seed, 5, b) + s * 13) % this.suppliers;
  }

  #bids(j: number, s: number): boolean {
    return s === 0 || mix(this.seed, 6, j, s) % 10 < 6;
  }

  #bidPriceTiyn(j: number, s: number): number {
    const amount = this.#lotAmountTiyn(j);
    // 8% of bids at 55–69% of the lot amount (dumping); the rest at 80–100%.
    const dumping = mix(this.seed, 7, j, s) % 100 < 8;
    const pct = dumping ? 55 + (mix(this.seed, 8, j, s) % 15) : 80 + (mix(this.seed, 8, j, s) % 21);
    return Math.floor((amount / 100) * pct);
  }

  #build(entity: FakeEntity, i: number): Item {
    const seed = this.seed;
    switch (entity) {
      case 'trd_buy': {
        const c = mix(seed, 1, i) % this.customers;
        const firstLot = i * this.lotsPerBuy;
        const lotCount = Math.min(this.lotsPerBuy, this.lots - firstLot);
        let total = 0;
        for (let m = 0; m < lotCount; m += 1) total += this.#lotAmountTiyn(firstLot + m);
        const publish = date(seed, 100 + i, 0, 330);
        const single = mix(seed, 9, i) % 12 === 0;
        return {
          id: this.idAt('trd_buy', i),
          number_anno: `${15_000_000 + i}-1`,
          name_ru: `${LOT_NAMES[mix(seed, 2, firstLot) % LOT_NAMES.length]![0]} и прочее`,
          name_kz: null,
          total_sum: money(total),
          count_lots: lotCount,
          ref_trade_methods_id: single ? 6 : [2, 3, 7, 32][mix(seed, 10, i) % 4],
          ref_subject_type_id: 1 + (i % 3),
          ref_buy_status_id: [210, 220, 240, 350][mix(seed, 12, i) % 4],
          ref_type_trade_id: 1,
          customer_bin: this.customerBin(c),
          customer_pid: 700_000 + c,
          customer_name_ru: CUSTOMER_NAMES[c % CUSTOMER_NAMES.length],
          org_bin: this.customerBin(c),
          org_pid: 700_000 + c,
          org_name_ru: CUSTOMER_NAMES[c % CUSTOMER_NAMES.length],
          id_supplier: single ? 800_000 + this.#bidder(i, 0) : null,
          biin_supplier: single ? this.supplierBin(this.#bidder(i, 0)) : null,
          singl_org_sign: single ? 1 : 0,
          is_construction_work: mix(seed, 2, firstLot) % LOT_NAMES.length === 4 ? 1 : 0,
          is_light_industry: 0,
          fin_year: 2024,
          kato: ['751110000'],
          publish_date: publish,
          start_date: publish,
          end_date: date(seed, 200 + i, 335, 20),
          repeat_start_date: null,
          repeat_end_date: null,
          itogi_date_public: date(seed, 300 + i, 356, 8),
          last_update_date: date(seed, 400 + i, 340, 25),
          index_date: date(seed, 500 + i, 365, 1),
          system_id: 3,
        };
      }
      case 'lots': {
        const b = Math.floor(i / this.lotsPerBuy);
        if (this.#lastBuy?.index !== b) this.#lastBuy = { index: b, item: this.#build('trd_buy', b) };
        const buy = this.#lastBuy.item;
        const [name, enstru] = LOT_NAMES[mix(seed, 2, i) % LOT_NAMES.length]!;
        const amount = this.#lotAmountTiyn(i);
        const qty = 1 + (mix(seed, 13, i) % 500);
        return {
          id: this.idAt('lots', i),
          lot_number: `${15_000_000 + b}-ЗЦП${(i % this.lotsPerBuy) + 1}`,
          trd_buy_id: buy.id,
          trd_buy_number_anno: buy.number_anno,
          ref_lot_status_id: [240, 350, 360][mix(seed, 14, i) % 3],
          ref_trade_methods_id: buy.ref_trade_methods_id,
          name_ru: name,
          name_kz: null,
          description_ru: `${name}, согласно технической спецификации`,
          description_kz: null,
          count: qty,
          amount: money(amount),
          customer_id: buy.customer_pid,
          customer_bin: buy.customer_bin,
          customer_name_ru: buy.customer_name_ru,
          enstru_list: [enstru],
          dumping: 0,
          dumping_lot_price: null,
          psd_sign: 0,
          consulting_services: 0,
          singl_org_sign: buy.singl_org_sign,
          is_construction_work: buy.is_construction_work,
          is_light_industry: 0,
          union_lots: 0,
          last_update_date: buy.last_update_date,
          index_date: buy.index_date,
          system_id: 3,
        };
      }
      case 'contracts': {
        const j = i * 2;
        const lot = this.#build('lots', j);
        const b = Math.floor(j / this.lotsPerBuy);
        let best = 0;
        for (let s = 1; s < this.bidders; s += 1)
          if (this.#bids(j, s) && this.#bidPriceTiyn(j, s) < this.#bidPriceTiyn(j, best)) best = s;
        const supplier = this.#bidder(b, best);
        const sum = this.#bidPriceTiyn(j, best);
        const noVat = Math.floor((sum * 100) / 112);
        const sign = date(seed, 600 + i, 360, 5);
        return {
          id: this.idAt('contracts', i),
          parent_id: null,
          root_id: this.idAt('contracts', i),
          trd_buy_id: lot.trd_buy_id,
          trd_buy_number_anno: lot.trd_buy_number_anno,
          contract_number: `${i + 1}-Д`,
          contract_number_sys: `${String(lot.customer_bin)}/${i + 1}/24`,
          ref_contract_status_id: [230, 240, 250][mix(seed, 15, i) % 3],
          ref_contract_type_id: 1,
          ref_contract_cancel_id: null,
          fakt_trade_methods_id: lot.ref_trade_methods_id,
          deleted: 0,
          supplier_id: 800_000 + supplier,
          supplier_biin: this.supplierBin(supplier),
          customer_id: lot.customer_id,
          customer_bin: lot.customer_bin,
          fin_year: 2024,
          ref_currency_code: 'KZT',
          contract_sum: money(noVat),
          contract_sum_wnds: money(sum),
          fakt_sum: null,
          fakt_sum_wnds: null,
          contract_ms: (mix(seed, 16, i) % 1000) / 10,
          description_ru: lot.name_ru,
          crdate: sign,
          sign_date: sign,
          ec_end_date: '2024-12-31 23:59:59',
          plan_exec_date: date(seed, 700 + i, 365, 60),
          fakt_exec_date: null,
          contract_end_date: null,
          last_update_date: date(seed, 800 + i, 361, 5),
          index_date: date(seed, 900 + i, 366, 1),
          system_id: 3,
          contract_units: [{ id: 50_000_000 + i, lot_id: lot.id }],
        };
      }
      case 'rnu': {
        const s = this.#rnuSupplier(i);
        return {
          id: this.idAt('rnu', i),
          pid: 800_000 + s,
          supplier_biin: this.supplierBin(s),
          supplier_innunp: null,
          supplier_name_ru: this.supplierName(s),
          supplier_name_kz: this.supplierName(s),
          kato_list: ['751110000'],
          index_date: date(seed, 33_000 + i, 400, 30),
          system_id: 3,
        };
      }
      case 'bids': {
        const b = Math.floor(i / this.bidders);
        const s = i % this.bidders;
        const supplier = this.#bidder(b, s);
        const appLots: Item[] = [];
        for (let m = 0; m < this.lotsPerBuy; m += 1) {
          const j = b * this.lotsPerBuy + m;
          if (j >= this.lots || !this.#bids(j, s)) continue;
          const price = this.#bidPriceTiyn(j, s);
          appLots.push({
            id: APP_LOT_BASE + i * this.lotsPerBuy + m,
            lot_id: this.idAt('lots', j),
            status_id: 1,
            price: money(price),
            amount: money(price),
            discount_value: null,
            discount_price: null,
          });
        }
        return {
          id: this.idAt('bids', i),
          buy_id: this.idAt('trd_buy', b),
          supplier_id: 800_000 + supplier,
          supplier_bin_iin: this.supplierBin(supplier),
          prot_id: 3_000_000 + b,
          prot_number: `${15_000_000 + b}-1`,
          date_apply: date(seed, 1000 + i, 336, 15),
          app_lots: appLots,
        };
      }
    }
  }
}

/** Reference lists as `/v3/refs/{name}` serves them (ids in the fake deliberately match no particular source). */
export const FAKE_REFS: Record<string, Item[]> = {
  ref_trade_methods: [
    { id: 2, code: 'OK', name_ru: 'Открытый конкурс', name_kz: 'Ашық конкурс' },
    { id: 3, code: 'ZCP', name_ru: 'Запрос ценовых предложений', name_kz: 'Баға ұсыныстарын сұрату' },
    { id: 6, code: 'IZ', name_ru: 'Из одного источника', name_kz: 'Бір көзден' },
    { id: 7, code: 'AUC', name_ru: 'Аукцион', name_kz: 'Аукцион' },
    {
      id: 32,
      code: 'KPO',
      name_ru: 'Конкурс с предварительным квалификационным отбором',
      name_kz: 'Конкурс',
    },
  ],
  ref_buy_status: [
    { id: 210, code: 'PUB', name_ru: 'Опубликовано', name_kz: 'Жарияланды' },
    { id: 220, code: 'ACC', name_ru: 'Опубликовано (прием заявок)', name_kz: 'Өтінімдер қабылдау' },
    { id: 240, code: 'EVA', name_ru: 'Изменена документация', name_kz: 'Құжаттама өзгертілді' },
    { id: 350, code: 'SIGN', name_ru: 'Завершено', name_kz: 'Аяқталды' },
  ],
  ref_lots_status: [
    { id: 240, code: 'ACC', name_ru: 'Опубликован', name_kz: 'Жарияланды' },
    { id: 350, code: 'DONE', name_ru: 'Закупка состоялась', name_kz: 'Сатып алу өтті' },
    { id: 360, code: 'FAIL', name_ru: 'Закупка не состоялась', name_kz: 'Сатып алу өтпеді' },
  ],
  ref_reason: [
    { id: 1, code: '1', name_ru: 'Предоставление недостоверной информации', name_kz: 'Анық емес ақпарат' },
    { id: 2, code: '2', name_ru: 'Уклонение от заключения договора', name_kz: 'Шарт жасасудан жалтару' },
    {
      id: 3,
      code: '3',
      name_ru: 'Неисполнение обязательств по договору',
      name_kz: 'Міндеттемелерді орындамау',
    },
    { id: 4, code: '4', name_ru: 'Ненадлежащее исполнение обязательств', name_kz: 'Тиісінше орындамау' },
  ],
  ref_contract_status: [
    { id: 230, code: 'SIGN', name_ru: 'Подписан', name_kz: 'Қол қойылды' },
    { id: 240, code: 'EXEC', name_ru: 'Исполнен', name_kz: 'Орындалды' },
    { id: 250, code: 'TERM', name_ru: 'Расторгнут', name_kz: 'Бұзылды' },
  ],
};
