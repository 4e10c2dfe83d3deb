/** KLayout interchange for verification: the DRC deck exporter and the report database (.lyrdb). */
export * from './deck.ts';
export * from './lyrdb.ts';
