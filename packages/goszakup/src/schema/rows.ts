/**
 * Rows of schema `goszakup` as `@zakupai/db` returns them: `bigint` and `numeric` columns come back as strings
 * (exact money, ids without precision loss), `integer`/`smallint` as numbers, `timestamp` as Date (the naive portal
 * time read in the process's zone by both drivers), arrays as string[].
 */
export interface TrdBuyRow {
  id: string;
  number_anno: string;
  name_ru: string | null;
  name_kz: string | null;
  total_sum: string | null;
  count_lots: number | null;
  ref_trade_methods_id: number | null;
  ref_subject_type_id: number | null;
  ref_buy_status_id: number | null;
  ref_type_trade_id: number | null;
  customer_bin: string | null;
  customer_pid: string | null;
  customer_name_ru: string | null;
  org_bin: string | null;
  org_pid: string | null;
  org_name_ru: string | null;
  id_supplier: string | null;
  biin_supplier: string | null;
  singl_org_sign: number | null;
  is_construction_work: number | null;
  is_light_industry: number | null;
  fin_year: number | null;
  kato: string[] | null;
  publish_date: Date | null;
  start_date: Date | null;
  end_date: Date | null;
  repeat_start_date: Date | null;
  repeat_end_date: Date | null;
  itogi_date_public: Date | null;
  last_update_date: Date | null;
  index_date: Date | null;
  system_id: number | null;
  raw: Record<string, unknown>;
  synced_at: Date;
}

export interface LotRow {
  id: string;
  lot_number: string;
  trd_buy_id: string | null;
  trd_buy_number_anno: string | null;
  ref_lot_status_id: number | null;
  ref_trade_methods_id: number | null;
  name_ru: string | null;
  name_kz: string | null;
  description_ru: string | null;
  description_kz: string | null;
  count: string | null;
  amount: string;
  customer_id: string | null;
  customer_bin: string | null;
  customer_name_ru: string | null;
  enstru_list: string[] | null;
  dumping: number | null;
  dumping_lot_price: string | null;
  psd_sign: number | null;
  consulting_services: number | null;
  singl_org_sign: number | null;
  is_construction_work: number | null;
  is_light_industry: number | null;
  union_lots: number | null;
  last_update_date: Date | null;
  index_date: Date | null;
  system_id: number | null;
  raw: Record<string, unknown>;
  synced_at: Date;
}

export interface ContractRow {
  id: string;
  parent_id: string | null;
  root_id: string | null;
  trd_buy_id: string | null;
  trd_buy_number_anno: string | null;
  lot_id: string | null;
  contract_number: string | null;
  contract_number_sys: string | null;
  ref_contract_status_id: number | null;
  ref_contract_type_id: number | null;
  ref_contract_cancel_id: number | null;
  fakt_trade_methods_id: number | null;
  deleted: number | null;
  supplier_id: string | null;
  supplier_biin: string | null;
  customer_id: string | null;
  customer_bin: string | null;
  fin_year: number | null;
  ref_currency_code: string | null;
  contract_sum: string | null;
  contract_sum_wnds: string | null;
  fakt_sum: string | null;
  fakt_sum_wnds: string | null;
  contract_ms: string | null;
  description_ru: string | null;
  crdate: Date | null;
  sign_date: Date | null;
  ec_end_date: Date | null;
  plan_exec_date: Date | null;
  fakt_exec_date: Date | null;
  contract_end_date: Date | null;
  last_update_date: Date | null;
  index_date: Date | null;
  system_id: number | null;
  raw: Record<string, unknown>;
  synced_at: Date;
}

export interface RnuRow {
  id: string;
  pid: string | null;
  supplier_biin: string;
  supplier_innunp: string | null;
  supplier_name_ru: string | null;
  supplier_name_kz: string | null;
  customer_biin: string | null;
  customer_name_ru: string | null;
  court_decision: string | null;
  court_decision_date: Date | null;
  start_date: Date | null;
  end_date: Date | null;
  ref_reason_id: number | null;
  kato_list: string[] | null;
  index_date: Date | null;
  system_id: number | null;
  raw: Record<string, unknown>;
  synced_at: Date;
}

export interface BidRow {
  id: string;
  app_id: string;
  trd_buy_id: string | null;
  lot_id: string;
  supplier_id: string | null;
  supplier_bin_iin: string;
  status_id: number | null;
  price: string;
  amount: string | null;
  discount_value: string | null;
  discount_price: string | null;
  date_apply: Date | null;
  raw: Record<string, unknown>;
  synced_at: Date;
}

export interface RefRow {
  ref_name: string;
  id: string;
  code: string | null;
  name_ru: string | null;
  name_kz: string | null;
  raw: Record<string, unknown>;
  synced_at: Date;
}
