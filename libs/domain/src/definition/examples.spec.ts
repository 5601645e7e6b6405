import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { evaluateCondition } from './condition';
import { incomingHandoffs, outgoingHandoffs, stepById } from './graph';
import { canPublish, lintDefinition } from './lint';
import { START, type ProcessDefinition } from './model';
import { parseDefinitionYaml } from './parse';
import { serializeDefinitionYaml } from './serialize';
import { aDirectory } from './test-builders';

const EXAMPLES = join(__dirname, '../../../../examples');
const DAY = 24 * 60 * 60 * 1000;

function load(file: string): ProcessDefinition {
  const result = parseDefinitionYaml(readFileSync(join(EXAMPLES, file), 'utf8'));
  if (!result.ok) throw new Error(`${file}: ${JSON.stringify(result.errors, null, 2)}`);
  return result.definition;
}

describe('Reference processes (examples/*.yaml)', () => {
  const files = readdirSync(EXAMPLES).filter((file) => file.endsWith('.yaml'));

  it('ships the five reference processes', () => {
    expect(files.sort()).toEqual([
      'budget-approval.yaml',
      'client-lifecycle.yaml',
      'employee-onboarding.yaml',
      'order-to-cash.yaml',
      'vendor-management.yaml',
    ]);
  });

  describe.each(files)('%s', (file) => {
    const definition = load(file);

    it('is named after its file', () => {
      expect(`${definition.id}.yaml`).toBe(file);
    });

    it('lints clean against a directory where every team and role has two people', () => {
      const findings = lintDefinition(definition, { directory: aDirectory() });
      expect(findings.filter((finding) => !finding.waived && finding.severity !== 'info')).toEqual([]);
      expect(canPublish(findings).ok).toBe(true);
    });

    it('is flagged when every team has one person', () => {
      const lonely = { membersOfTeam: () => ['solo'], holdersOfRole: () => ['solo'] };
      const findings = lintDefinition(definition, { directory: lonely });
      expect(findings.some((finding) => finding.rule === 'single-person-dependency')).toBe(true);
    });

    it('reads back from its serialized form unchanged', () => {
      const again = parseDefinitionYaml(serializeDefinitionYaml(definition));
      expect(again.ok && again.definition).toEqual(definition);
    });
  });

  describe('order-to-cash', () => {
    const definition = load('order-to-cash.yaml');

    it('sends an invoice mismatch to a RevOps reconciliation step and back to invoicing, at most twice', () => {
      expect(definition.exceptions).toContainEqual(
        expect.objectContaining({
          from: 'issue-invoice',
          action: 'exception-step',
          target: 'reconcile-invoice',
          maxIterations: 2,
        }),
      );
      expect(stepById(definition, 'reconcile-invoice')?.owner).toEqual({ kind: 'team', teamId: 'revops' });
      expect(outgoingHandoffs(definition, 'reconcile-invoice').flatMap((h) => h.to)).toEqual([
        'issue-invoice',
      ]);
    });

    it('waits for the payment event correlated by order id', () => {
      expect(stepById(definition, 'collect-payment')).toMatchObject({
        kind: 'wait-for-event',
        event: 'payments.payment.received',
        correlationKey: 'orderId',
        deadline: { kind: 'relative', field: 'invoiceDueDate', offsetMs: 7 * DAY },
      });
    });
  });

  describe('employee-onboarding', () => {
    const definition = load('employee-onboarding.yaml');
    const branches = ['provision-it', 'process-paperwork', 'prepare-orientation'];

    it('starts three parallel branches and joins all of them before day one', () => {
      expect(outgoingHandoffs(definition, START)[0]?.to).toEqual(branches);
      expect(incomingHandoffs(definition, 'welcome-on-day-one')[0]).toMatchObject({
        from: branches,
        join: { kind: 'all' },
      });
    });

    it('escalates IT to the IT lead two days before the start date', () => {
      expect(stepById(definition, 'provision-it')).toMatchObject({
        deadline: { kind: 'relative', field: 'startDate', offsetMs: -2 * DAY },
        escalations: [{ afterMs: 0, action: 'reassign', to: { kind: 'role', role: 'it-lead' } }],
      });
    });
  });

  describe('vendor-management', () => {
    it('sends a legal rejection back to procurement, three times at most, then cancels', () => {
      const definition = load('vendor-management.yaml');
      expect(
        definition.exceptions.map((e) => [e.id, e.action, 'target' in e ? e.target : undefined]),
      ).toEqual([
        ['legal-rejects-contract', 'rework', 'collect-documentation'],
        ['vendor-abandoned', 'cancel', undefined],
      ]);
      expect(definition.exceptions[0]).toMatchObject({ maxIterations: 3, outcomes: ['rejected'] });
    });
  });

  describe('client-lifecycle', () => {
    const definition = load('client-lifecycle.yaml');

    it('hands the deal context to Customer Success in the data contract', () => {
      const handoff = definition.handoffs.find((h) => h.id === 'deal-context-to-cs');
      expect(handoff?.data?.map((field) => field.name)).toEqual(
        expect.arrayContaining([
          'dealId',
          'accountName',
          'dealValue',
          'primaryContact',
          'productsPurchased',
          'successCriteria',
        ]),
      );
    });

    it('activates renewal outreach by CS on a timer 60 days before the renewal date', () => {
      expect(stepById(definition, 'wait-for-renewal-window')).toMatchObject({
        kind: 'timer',
        fires: { kind: 'relative', field: 'renewalDate', offsetMs: -60 * DAY },
      });
      expect(outgoingHandoffs(definition, 'wait-for-renewal-window')[0]?.to).toEqual(['renewal-outreach']);
      expect(stepById(definition, 'renewal-outreach')?.owner).toEqual({
        kind: 'team',
        teamId: 'customer-success',
      });
    });
  });

  describe('budget-approval', () => {
    const definition = load('budget-approval.yaml');

    it.each([
      ['engineering', 'engineering-head-review'],
      ['sales', 'sales-head-review'],
      ['legal', 'department-head-review'],
    ])('routes a %s request to %s', (department, target) => {
      const holds = (condition: string) => {
        const result = evaluateCondition(condition, { department });
        return result.ok && result.value;
      };
      const routes = outgoingHandoffs(definition, 'prepare-request');
      const chosen =
        routes.find((h) => h.condition !== undefined && holds(h.condition)) ?? routes.find((h) => h.default);
      expect(chosen?.to).toEqual([target]);
    });

    it('lets Finance approve or return with comments, back to the requester twice at most', () => {
      expect(stepById(definition, 'finance-review')).toMatchObject({
        kind: 'approval',
        outcomes: ['approved', 'returned-with-comments'],
      });
      expect(definition.exceptions[0]).toMatchObject({
        from: 'finance-review',
        outcomes: ['returned-with-comments'],
        action: 'rework',
        target: 'prepare-request',
        maxIterations: 2,
      });
      expect(stepById(definition, 'prepare-request')?.owner).toEqual({
        kind: 'data-field',
        field: 'requesterId',
      });
    });
  });
});

describe('The example in README.md', () => {
  const readme = readFileSync(join(__dirname, 'README.md'), 'utf8');
  const yaml = /## A complete example\s+```yaml\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';

  it('parses and lints clean, its one finding waived', () => {
    const result = parseDefinitionYaml(yaml);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const findings = lintDefinition(result.definition, { directory: aDirectory() });
    expect(findings.map((finding) => [finding.rule, finding.path, finding.waived?.approvedBy])).toEqual([
      [
        'handoff-without-owner',
        'handoffs[provision-it+process-paperwork+prepare-orientation->welcome].owner',
        'hr-director-1',
      ],
    ]);
    expect(result.locate(findings[0]?.path ?? '')).toEqual({ line: expect.any(Number), column: 5 });
  });
});
