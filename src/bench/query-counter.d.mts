// The module only installs the counter (see query-counter.mjs); it exports nothing.
export {};
