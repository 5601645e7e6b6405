/**
 * Test support for integration tests against real servers. Global setup (jest.config.js,
 * "integration" project) provides a Kafka broker and a PostgreSQL; test files use these helpers.
 */
export {
  describeWith,
  describeWithKafka,
  describeWithPostgres,
  kafkaBrokers,
  databaseUrl,
} from './describe-with';
export { uniqueName } from './unique-name';
export { isCi, type ServerKind } from './env';
export {
  describeWithRestartableKafka,
  restartableKafkaAvailability,
} from './describe-with-restartable-kafka';
export { startRestartableKafka, type RestartableKafka } from './kafka-launcher';
export { describeWithSecureServers, secureServersAvailability } from './describe-with-secure-servers';
export { startSecurePostgres, type SecurePostgres } from './secure-postgres-launcher';
export { startSecureKafka, type SecureKafka } from './secure-kafka';
export { makeClientCertificate, makeTestCertificates, type TestCertificates } from './test-certificates';
