import type { CalcRepository } from './calc-repository.ts';

/** What every calculation use case needs besides its input. */
export interface CalcContext {
  repo: CalcRepository;
  /** The clock; "today" is taken from it in Asia/Almaty. */
  now: () => Date;
  requestId: string;
}
