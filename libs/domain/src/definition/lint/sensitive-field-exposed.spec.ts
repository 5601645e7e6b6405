import { lintDefinition } from '.';
import { parseDefinitionYaml } from '../parse';

function findings(yaml: string) {
  const result = parseDefinitionYaml(yaml);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return lintDefinition(result.definition).filter((found) => found.rule === 'sensitive-field-exposed');
}

const process = (trigger: string, owner: string) => `
id: payroll
name: Payroll
category: support
owner: { role: hr }
trigger: ${trigger}
steps:
  - { id: pay, owner: ${owner}, deadline: P1D }
handoffs:
  - { from: start, to: pay, owner: { role: hr }, data: [] }
  - { from: pay, to: end, on: completed }
`;

describe('lint sensitive-field-exposed', () => {
  it('warns when a sensitive field is the business key or names an owner', () => {
    const found = findings(
      process(
        '{ event: hr.hired, correlationKey: ssn, requires: [{ name: ssn, sensitive: true }, { name: managerId, sensitive: true }] }',
        '{ dataField: managerId }',
      ),
    );
    expect(found.map(({ path, severity }) => ({ path, severity }))).toEqual([
      { path: 'trigger.correlationKey', severity: 'warning' },
      { path: 'steps[pay].owner.dataField', severity: 'warning' },
    ]);
    expect(found[0]?.message).toContain("sensitive field 'ssn'");
  });

  it('is silent when sensitive fields are only data', () => {
    expect(
      findings(
        process(
          '{ event: hr.hired, correlationKey: employeeId, requires: [{ name: salary, type: number, sensitive: true }] }',
          '{ team: payroll }',
        ),
      ),
    ).toEqual([]);
  });
});
