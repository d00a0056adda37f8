import type { Localized } from './result.ts';
import type { IndicatorCode } from './settings.ts';

/**
 * What each indicator is, where its definition lives, and which OCDS fields it reads (docs/cardinal.md repeats
 * the field list for the export). Kazakh titles and texts here and in the indicators are drafts for a native
 * speaker to review (ux-brief: "mark any you are unsure of").
 */
export interface IndicatorInfo {
  title: Localized;
  /** The groups it reports in Cardinal's output. */
  groups: readonly string[];
  /** OCDS fields read, as JSON paths. */
  reads: readonly string[];
  /** The methodology it follows: Cardinal's page and the sources Cardinal cites. Statistical, not a legal norm. */
  basis: Localized;
}

const docs = (code: string) => `open-contracting/cardinal-rs docs/cli/indicators/R/${code.slice(1)}.md`;

function basis(code: IndicatorCode, titleEn: string, sources: string): Localized {
  return {
    en: `Open Contracting Partnership, Cardinal ${code} "${titleEn}" (${docs(code)}); based on ${sources}. A statistical red flag, not a legal norm.`,
    ru: `Open Contracting Partnership, Cardinal ${code} «${titleEn}» (${docs(code)}); по ${sources}. Статистический признак риска, не норма права.`,
    kk: `Open Contracting Partnership, Cardinal ${code} «${titleEn}» (${docs(code)}); дереккөз: ${sources}. Тәуекелдің статистикалық белгісі, құқық нормасы емес.`,
  };
}

const FAZEKAS_CRI =
  'Fazekas et al., "An Objective Corruption Risk Index Using Public Procurement Data" (2016)';
const TOTH_TOOLKIT = 'Tóth et al., "Toolkit for detecting collusive bidding in public procurement" (2014)';
const EC_RED_FLAGS =
  'European Commission, "Fraud in Public Procurement: A collection of Red Flags and Best Practices" (2017)';

/** What R024 and R058 read: the winner's and the second-lowest valid bid of a price-only award. */
const COMPARISON_READS = [
  '/bids/details[]/status',
  '/bids/details[]/value/amount',
  '/bids/details[]/value/currency',
  '/bids/details[]/tenderers[]/id',
  '/awards[]/status',
  '/awards[]/suppliers[]/id',
  '/tender/procurementMethodDetails',
];

export const INDICATOR_INFO: Record<IndicatorCode, IndicatorInfo> = {
  R003: {
    title: {
      en: 'Short submission period',
      ru: 'Короткий срок подачи заявок',
      kk: 'Өтінім берудің қысқа мерзімі',
    },
    groups: ['OCID'],
    reads: [
      '/tender/tenderPeriod/startDate',
      '/tender/tenderPeriod/endDate',
      '/tender/procurementMethod',
      '/tender/procurementMethodDetails',
    ],
    basis: basis('R003', 'Short submission period', `${FAZEKAS_CRI}; ${EC_RED_FLAGS}`),
  },
  R018: {
    title: { en: 'Single bid received', ru: 'Подана одна заявка', kk: 'Бір ғана өтінім берілді' },
    groups: ['OCID'],
    reads: ['/tender/numberOfTenderers', '/tender/procurementMethod'],
    basis: basis('R018', 'Single bid received', FAZEKAS_CRI),
  },
  R024: {
    title: {
      en: 'Price close to winning bid',
      ru: 'Цена близка к победившей заявке',
      kk: 'Баға жеңген өтінімге жақын',
    },
    groups: ['OCID', 'Tenderer'],
    reads: COMPARISON_READS,
    basis: basis('R024', 'Price close to winning bid', `${TOTH_TOOLKIT}; ${EC_RED_FLAGS}`),
  },
  R025: {
    title: {
      en: 'Excessive unsuccessful bids',
      ru: 'Слишком много проигранных заявок',
      kk: 'Тым көп ұтылған өтінім',
    },
    groups: ['Tenderer'],
    reads: [
      '/bids/details[]/status',
      '/bids/details[]/tenderers[]/id',
      '/awards[]/status',
      '/awards[]/suppliers[]/id',
    ],
    basis: basis('R025', 'Excessive unsuccessful bids', `${TOTH_TOOLKIT} ("superfluous losing bidders")`),
  },
  R028: {
    title: { en: 'Identical bid prices', ru: 'Одинаковые цены заявок', kk: 'Өтінімдердің бірдей бағасы' },
    groups: ['OCID', 'Tenderer'],
    reads: [
      '/bids/details[]/status',
      '/bids/details[]/value/amount',
      '/bids/details[]/value/currency',
      '/bids/details[]/tenderers[]/id',
      '/tender/procurementMethodDetails',
    ],
    basis: basis(
      'R028',
      'Identical bid prices',
      `Fazekas and Tóth, collusion in Swedish procurement (2016); ${EC_RED_FLAGS}`,
    ),
  },
  R030: {
    title: { en: 'Late bid won', ru: 'Победила поздняя заявка', kk: 'Кешіккен өтінім жеңді' },
    groups: ['OCID', 'Tenderer'],
    reads: [
      '/tender/tenderPeriod/endDate',
      '/bids/details[]/status',
      '/bids/details[]/date',
      '/bids/details[]/tenderers[]/id',
      '/awards[]/status',
      '/awards[]/suppliers[]/id',
    ],
    basis: basis(
      'R030',
      'Late bid won',
      `Ferwerda et al., "Corruption in Public Procurement: Finding the Right Indicators" (2017); ${EC_RED_FLAGS}`,
    ),
  },
  R035: {
    title: {
      en: 'All except winning bid disqualified',
      ru: 'Отклонены все заявки, кроме победившей',
      kk: 'Жеңген өтінімнен басқасының бәрі қабылданбады',
    },
    groups: ['OCID', 'Tenderer'],
    reads: [
      '/bids/details[]/status',
      '/bids/details[]/tenderers[]/id',
      '/awards[]/status',
      '/awards[]/suppliers[]/id',
    ],
    basis: basis('R035', 'All except winning bid disqualified', `${FAZEKAS_CRI}; ${TOTH_TOOLKIT}`),
  },
  R036: {
    title: {
      en: 'Lowest bid disqualified',
      ru: 'Отклонена самая дешёвая заявка',
      kk: 'Ең арзан өтінім қабылданбады',
    },
    groups: ['OCID'],
    reads: [
      '/bids/details[]/status',
      '/bids/details[]/value/amount',
      '/bids/details[]/value/currency',
      '/awards[]/status',
      '/tender/procurementMethodDetails',
    ],
    basis: basis(
      'R036',
      'Lowest bid disqualified',
      `${EC_RED_FLAGS}; World Bank, "Common Red Flags of Fraud and Corruption in Procurement"`,
    ),
  },
  R038: {
    title: {
      en: 'Excessive disqualified bids',
      ru: 'Слишком много отклонённых заявок',
      kk: 'Тым көп қабылданбаған өтінім',
    },
    groups: ['Buyer', 'ProcuringEntity', 'Tenderer'],
    reads: [
      '/bids/details[]/status',
      '/bids/details[]/tenderers[]/id',
      '/buyer/id',
      '/tender/procuringEntity/id',
    ],
    basis: basis(
      'R038',
      'Excessive disqualified bids',
      'IACRC, "Guide to Combating Corruption & Fraud in Infrastructure Development Projects"; TI Ukraine, "Behind the Scenes of ProZorro" (2019)',
    ),
  },
  R048: {
    title: { en: 'Heterogeneous supplier', ru: 'Разнородный поставщик', kk: 'Әртекті жеткізуші' },
    groups: ['Tenderer'],
    reads: ['/awards[]/status', '/awards[]/suppliers[]/id', '/awards[]/items[]/classification/id'],
    basis: basis(
      'R048',
      'Heterogeneous supplier',
      'IA-OCP working paper, supplier-side corruption risk index, component C1B (2021)',
    ),
  },
  R058: {
    title: {
      en: 'Heavily discounted bid',
      ru: 'Сильно заниженная заявка',
      kk: 'Бағасы қатты төмендетілген өтінім',
    },
    groups: ['OCID', 'Tenderer'],
    reads: COMPARISON_READS,
    basis: basis(
      'R058',
      'Heavily discounted bid',
      `${EC_RED_FLAGS}; Fazekas and Tóth (2016); Akerlof, "The Market for Lemons" (1970)`,
    ),
  },
};
