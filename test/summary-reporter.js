/**
 * Prints the plain closing line CI reads in any language ("N passed, N failed, N skipped"), after
 * jest's own summary. Skipped tests are counted, never folded into passed.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(`\n${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}\n`);
  }
}
module.exports = SummaryReporter;
