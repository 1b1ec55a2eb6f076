// solidity-coverage: measure the suite's contracts, not the mocks and attack contracts that only tests deploy.
module.exports = {
  skipFiles: ["test/"],
  // The docs' examples rerun whole commands to compare their output with the manual; `npm test` runs them, and
  // under instrumentation they only add minutes without covering a line the other tests do not.
  mocha: { grep: "the documentation's examples", invert: true },
};
