// Prints one closing line CI can read: "jest: N passed, N failed, N skipped".
// A test whose title says "NOT RUN" (the live KurrentDB suite on machines without a server) is
// counted and named as skipped, never as passed.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const notRun = [];
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        if (test.status === 'passed' && /NOT RUN/.test(test.title)) {
          skipped++;
          notRun.push(test.fullName);
        } else if (test.status === 'passed') passed++;
        else if (test.status === 'failed') failed++;
        else skipped++;
      }
    }
    failed += results.numRuntimeErrorTestSuites;
    for (const name of notRun) process.stdout.write(`not run: ${name}\n`);
    process.stdout.write(`jest: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
module.exports = SummaryReporter;
