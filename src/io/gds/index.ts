export * from './records.ts';
export * from './real8.ts';
export * from './sink.ts';
export * from './writer.ts';
export * from './reader.ts';
