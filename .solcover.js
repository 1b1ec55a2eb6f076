// solidity-coverage: measure the suite's contracts, not the mocks and attack contracts that only tests deploy.
module.exports = {
  skipFiles: ["test/"],
};
