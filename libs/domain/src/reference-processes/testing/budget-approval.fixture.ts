import { instanceSpec, startInstance, T0, HOUR, versionOf } from '../../instance/testing';
import type { DataRecord } from '../../shared/data';
import { loadReferenceProcess } from './reference-process';

// Shared by the budget-approval specs: the published definition and one engineering request.
export const definition = loadReferenceProcess('budget-approval');
export const spec = instanceSpec(definition);
export const request = {
  requestId: 'BR-9',
  requesterId: 'rosa',
  department: 'engineering',
  departmentHeadId: 'hugo',
  amount: 50_000,
  currency: 'EUR',
  fiscalYear: 2026,
  justification: 'GPU cluster for the forecasting team',
};
export const h = (hours: number) => ({ now: T0 + hours * HOUR });
export const startWith = (data: DataRecord) =>
  startInstance(
    versionOf(definition),
    data,
    {},
    { businessKey: 'BR-9', triggerType: 'finance.budget.requested' },
  );
export const breakdown = (n: number) => ({ costBreakdownUrl: `https://sheets.example.test/br-9-v${n}` });
