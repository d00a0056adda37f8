export { main } from './main.ts';
export type { CliIo, Command } from './io.ts';
