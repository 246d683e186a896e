// What an insert costs Azurite as its table grows. Azurite keeps each table in a LokiJS collection indexed on
// PartitionKey and RowKey (sorted arrays: an insert at a random key shifts half of each array). Fills one
// collection, or the same rows spread over several, with documents shaped like the barometer ledger's, then
// times 10,000 point lookups and inserts at random keys, as a refresh does.
//   node tests/CrmFunctions.Benchmarks/Azurite/insert-cost.js [rows=100000,1000000] [tables=1,16]
const path = require('path');
const Loki = require(require.resolve('lokijs', { paths: [path.join(__dirname, '..', '..', '..', 'node_modules', 'azurite')] }));

const sizes = (process.argv[2] || '100000,1000000').split(',').map(Number);
const tableCounts = (process.argv[3] || '1,16').split(',').map(Number);

function row(i) {
  return {
    PartitionKey: 'f',
    RowKey: 's|sv-' + i.toString(36) + Math.random().toString(36).slice(2),
    properties: { Version: new Date().toISOString(), Erased: false, Day: '2026-11-20', Property: 'paris-opera',
      Segment: 'leisure', Channel: 'email', Counters: '{"answers":1,"nps|9":1,"csat|4":1}' },
    lastModifiedTime: new Date(),
    eTag: 'W/"x"',
  };
}

for (const tables of tableCounts) {
  for (const size of sizes) {
    const db = new Loki('bench');
    const collections = Array.from({ length: tables }, (_, t) => db.addCollection('t' + t, { indices: ['PartitionKey', 'RowKey'] }));
    for (let i = 0; i < size; i++) collections[i % tables].insert(row(i));
    const started = process.hrtime.bigint();
    for (let i = 0; i < 10000; i++) {
      const next = row(size + i);
      const collection = collections[i % tables];
      collection.findOne({ RowKey: next.RowKey, PartitionKey: next.PartitionKey });
      collection.insert(next);
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(`rows=${size} tables=${tables} lookup+insert of 10000 rows: ${ms.toFixed(0)} ms`);
  }
}
