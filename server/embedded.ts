/** Entry for the server embedded in the app (run in a utility or child process). */
export {};
