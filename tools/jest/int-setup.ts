// Integration tests talk to a real database server; generous per-test time, no timed assertions.
jest.setTimeout(120_000);
