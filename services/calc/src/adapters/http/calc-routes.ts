import type { FastifyRequest } from 'fastify';
import type { Registry } from 'prom-client';
import type { App } from '@zakupai/kit';
import type { CalcContext } from '../../app/calc-context.ts';
import { calcHistory } from '../../app/calc-history.ts';
import type { CalcRepository } from '../../app/calc-repository.ts';
import { calculateMargin } from '../../app/calculate-margin.ts';
import { calculatePenalty } from '../../app/calculate-penalty.ts';
import { calculateVat } from '../../app/calculate-vat.ts';
import { checkBidForDumping } from '../../app/check-anti-dumping.ts';
import { antiDumpingCounter } from '../metrics/anti-dumping-counter.ts';
import {
  AntiDumpingBody,
  AntiDumpingResponse,
  HistoryQuery,
  HistoryResponse,
  MarginBody,
  MarginResponse,
  PenaltyBody,
  PenaltyResponse,
  VatBody,
  VatResponse,
} from './calc-schemas.ts';
import { fieldIn } from './field-in.ts';

export interface CalcRouteDeps {
  repo: CalcRepository;
  /** The service's metrics registry; `anti_dumping_checks_total` is registered on it. */
  registry: Registry;
  /** The clock; defaults to the system clock. */
  now?: () => Date;
}

/** POST /vat, /margin, /penalty, /anti-dumping and GET /calc/history on a kit app. */
export function registerCalcRoutes(app: App, deps: CalcRouteDeps): void {
  const now = deps.now ?? (() => new Date());
  const onChecked = antiDumpingCounter(deps.registry);
  const ctx = (req: FastifyRequest): CalcContext => ({ repo: deps.repo, now, requestId: req.id });
  const tags = ['calc'];

  app.post(
    '/vat',
    {
      schema: {
        tags,
        summary: 'Split an amount into base, VAT and total at the rate in force on a date',
        body: VatBody,
        response: { 200: VatResponse },
      },
    },
    (req) => fieldIn('body', () => calculateVat(req.body, ctx(req))),
  );
  app.post(
    '/margin',
    {
      schema: {
        tags,
        summary: 'Revenue, profit, margin, ROI, break-even and securities of a bid',
        body: MarginBody,
        response: { 200: MarginResponse },
      },
    },
    (req) => fieldIn('body', () => calculateMargin(req.body, ctx(req))),
  );
  app.post(
    '/penalty',
    {
      schema: {
        tags,
        summary: 'Late-performance or late-payment penalty, capped',
        body: PenaltyBody,
        response: { 200: PenaltyResponse },
      },
    },
    (req) => fieldIn('body', () => calculatePenalty(req.body, ctx(req))),
  );
  app.post(
    '/anti-dumping',
    {
      schema: {
        tags,
        summary: 'Check a bid against the Rules 687 Chapter 5 dumping thresholds',
        body: AntiDumpingBody,
        response: { 200: AntiDumpingResponse },
      },
    },
    (req) => fieldIn('body', () => checkBidForDumping(req.body, ctx(req), { onChecked })),
  );
  app.get(
    '/calc/history',
    {
      schema: {
        tags,
        summary: 'Recent calculations, newest first',
        querystring: HistoryQuery,
        response: { 200: HistoryResponse },
      },
    },
    (req) => fieldIn('querystring', () => calcHistory(deps.repo, req.query.limit)),
  );
}
