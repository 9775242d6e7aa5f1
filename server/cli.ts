/** The gett-server command line. */
console.error('gett-server: no commands yet');
process.exitCode = 2;
