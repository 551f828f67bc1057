// Type errors of one k6-side module, compiled with the k6 side's own tsconfig.json (as `make build` does).
import { resolve } from 'node:path';
import ts from 'typescript';

export function typeErrors(file: string): string[] {
  const { config } = ts.readConfigFile(resolve('tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, resolve('.'));
  const program = ts.createProgram([file], { ...options, typeRoots: [resolve('node_modules/@types')] });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
}
