import { commonV1 } from '@baton/contracts';

const {
  ASSIGNMENT_STRATEGY_ROUND_ROBIN: RR,
  ASSIGNMENT_STRATEGY_LEAST_LOADED: LL,
  ASSIGNMENT_STRATEGY_MANUAL: MANUAL,
} = commonV1.AssignmentStrategy;

export interface SeedPerson {
  readonly id: string;
  readonly name: string;
  readonly roles?: readonly string[];
}

export interface SeedTeam {
  readonly id: string;
  readonly name: string;
  readonly members: readonly string[];
  readonly strategy: commonV1.AssignmentStrategy;
  /** A role notified when the team's overdue work has no chain of its own. */
  readonly escalateTo?: string;
}

/** Every role the reference processes name is held by someone (examples/*.yaml). */
export const SEED_PEOPLE: readonly SeedPerson[] = [
  { id: 'alice.martin', name: 'Alice Martin', roles: ['finance-director'] },
  { id: 'ben.okafor', name: 'Ben Okafor', roles: ['finance-coordinator'] },
  { id: 'carla.romero', name: 'Carla Romero' },
  { id: 'dmitri.ivanov', name: 'Dmitri Ivanov', roles: ['finance-systems-lead'] },
  { id: 'elena.rossi', name: 'Elena Rossi', roles: ['head-of-engineering'] },
  { id: 'farid.haddad', name: 'Farid Haddad', roles: ['head-of-sales', 'sales-manager'] },
  { id: 'grace.lee', name: 'Grace Lee', roles: ['vp-customer-success'] },
  { id: 'hugo.bernard', name: 'Hugo Bernard', roles: ['cs-manager'] },
  { id: 'ines.costa', name: 'Ines Costa' },
  { id: 'jonas.weber', name: 'Jonas Weber', roles: ['hr-director'] },
  { id: 'kemi.adeyemi', name: 'Kemi Adeyemi', roles: ['hr-business-partner', 'hr-coordinator'] },
  { id: 'liam.walsh', name: 'Liam Walsh', roles: ['hr-operations-lead'] },
  { id: 'maya.cohen', name: 'Maya Cohen', roles: ['it-lead'] },
  { id: 'noah.kim', name: 'Noah Kim' },
  { id: 'olivia.brown', name: 'Olivia Brown' },
  { id: 'priya.patel', name: 'Priya Patel', roles: ['hr-coordinator'] },
  { id: 'quentin.dubois', name: 'Quentin Dubois', roles: ['revops-director'] },
  { id: 'rosa.garcia', name: 'Rosa Garcia', roles: ['revops-manager'] },
  { id: 'sam.taylor', name: 'Sam Taylor', roles: ['sales-operations-lead'] },
  { id: 'tariq.aziz', name: 'Tariq Aziz', roles: ['billing-lead'] },
  { id: 'uma.nair', name: 'Uma Nair' },
  { id: 'victor.silva', name: 'Victor Silva', roles: ['operations-manager'] },
  { id: 'wen.zhang', name: 'Wen Zhang', roles: ['collections-manager'] },
  { id: 'xavier.moreau', name: 'Xavier Moreau' },
  { id: 'yara.haddad', name: 'Yara Haddad', roles: ['procurement-director'] },
  { id: 'zoe.clark', name: 'Zoe Clark', roles: ['procurement-lead'] },
  { id: 'amir.rahman', name: 'Amir Rahman', roles: ['legal-operations-manager'] },
  { id: 'bea.schmidt', name: 'Bea Schmidt', roles: ['accounts-payable-lead'] },
  { id: 'chris.evans', name: 'Chris Evans' },
  { id: 'dana.white', name: 'Dana White' },
];

export const SEED_TEAMS: readonly SeedTeam[] = [
  {
    id: 'fp-and-a',
    name: 'FP&A',
    members: ['alice.martin', 'ben.okafor', 'carla.romero'],
    strategy: LL,
    escalateTo: 'finance-director',
  },
  { id: 'finance-systems', name: 'Finance Systems', members: ['dmitri.ivanov', 'uma.nair'], strategy: RR },
  {
    id: 'sales',
    name: 'Sales',
    members: ['farid.haddad', 'sam.taylor', 'xavier.moreau'],
    strategy: RR,
    escalateTo: 'sales-manager',
  },
  {
    id: 'customer-success',
    name: 'Customer Success',
    members: ['grace.lee', 'hugo.bernard', 'ines.costa'],
    strategy: RR,
    escalateTo: 'cs-manager',
  },
  {
    id: 'client-operations',
    name: 'Client Operations',
    members: ['hugo.bernard', 'ines.costa'],
    strategy: MANUAL,
  },
  {
    id: 'hr-operations',
    name: 'HR Operations',
    members: ['liam.walsh', 'kemi.adeyemi', 'priya.patel'],
    strategy: RR,
    escalateTo: 'hr-operations-lead',
  },
  {
    id: 'people-experience',
    name: 'People Experience',
    members: ['kemi.adeyemi', 'olivia.brown'],
    strategy: RR,
  },
  {
    id: 'it-service-desk',
    name: 'IT Service Desk',
    members: ['maya.cohen', 'noah.kim', 'chris.evans'],
    strategy: LL,
    escalateTo: 'it-lead',
  },
  {
    id: 'revops',
    name: 'Revenue Operations',
    members: ['quentin.dubois', 'rosa.garcia'],
    strategy: LL,
    escalateTo: 'revops-manager',
  },
  {
    id: 'finance-billing',
    name: 'Finance Billing',
    members: ['tariq.aziz', 'uma.nair'],
    strategy: RR,
    escalateTo: 'billing-lead',
  },
  {
    id: 'fulfilment',
    name: 'Fulfilment',
    members: ['victor.silva', 'dana.white'],
    strategy: RR,
    escalateTo: 'operations-manager',
  },
  {
    id: 'customer-operations',
    name: 'Customer Operations',
    members: ['victor.silva', 'dana.white', 'olivia.brown'],
    strategy: MANUAL,
  },
  {
    id: 'collections',
    name: 'Collections',
    members: ['wen.zhang', 'chris.evans'],
    strategy: RR,
    escalateTo: 'collections-manager',
  },
  {
    id: 'procurement',
    name: 'Procurement',
    members: ['yara.haddad', 'zoe.clark'],
    strategy: RR,
    escalateTo: 'procurement-lead',
  },
  {
    id: 'legal',
    name: 'Legal',
    members: ['amir.rahman', 'xavier.moreau'],
    strategy: MANUAL,
    escalateTo: 'legal-operations-manager',
  },
  {
    id: 'accounts-payable',
    name: 'Accounts Payable',
    members: ['bea.schmidt', 'carla.romero'],
    strategy: RR,
    escalateTo: 'accounts-payable-lead',
  },
];
