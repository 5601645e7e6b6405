export { OwnershipModule } from './ownership.module';
export { OWNERSHIP_OPTIONS, type OwnershipModuleOptions } from './ownership.options';
export { ownershipHostedService } from './ownership.hosted';
export { seedDirectory } from './seed/seed-directory';
export { DeadlineScheduler } from './deadlines/deadline-scheduler';
export { AssignmentWorker, ASSIGNMENT_GROUP } from './assignment/assignment.worker';
