// Prints a closing summary from Jest's JSON report: one plain "N passed, N failed, N skipped" line,
// and the name of every skipped test so that a skip is never silent.
const fs = require('node:fs');

const report = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const skipped = [];
for (const file of report.testResults) {
  for (const t of file.assertionResults) {
    if (t.status === 'pending' || t.status === 'skipped' || t.status === 'todo') {
      skipped.push(`${file.name.replace(process.cwd() + '/', '')} › ${t.fullName}`);
    }
  }
}
if (skipped.length > 0) {
  console.log(`skipped tests (${skipped.length}):`);
  for (const s of skipped) console.log(`  - ${s}`);
}
console.log(`suites: ${report.numPassedTestSuites} passed, ${report.numFailedTestSuites} failed`);
console.log(
  `tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests + report.numTodoTests} skipped`,
);
