// A pool worker of the seed server's `pool` variant: renders and compresses one page.
const { page } = require('./page');

module.exports = (path) => page(path);
