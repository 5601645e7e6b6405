import { CompareVersions } from './queries/compare-versions.query';
import { GetStepStats } from './queries/get-step-stats.query';
import { narrowedTo } from './process-scope';

describe('narrowedTo', () => {
  it('narrows every scope a query holds, keeping its class and other fields', () => {
    const steps = narrowedTo(new GetStepStats({ tenantId: 'acme' }, 10, 'token'), ['claims']);
    expect(steps).toBeInstanceOf(GetStepStats);
    expect(steps).toEqual({
      scope: { tenantId: 'acme', definitionIds: ['claims'] },
      pageSize: 10,
      pageToken: 'token',
    });
    const compared = narrowedTo(
      new CompareVersions(
        { definitionId: 'claims', definitionVersion: 1 },
        { definitionId: 'claims', definitionVersion: 2 },
      ),
      [],
    );
    expect(compared).toBeInstanceOf(CompareVersions);
    expect([compared.base.definitionIds, compared.candidate.definitionIds]).toEqual([[], []]);
  });

  it('leaves the query as it is for a caller who reads all', () => {
    const query = new GetStepStats({}, 0, '');
    expect(narrowedTo(query, undefined)).toBe(query);
  });
});
