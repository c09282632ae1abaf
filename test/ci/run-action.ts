/**
 * Runs a composite action's steps the way the GitHub runner does, as far as a test can: inputs with their
 * defaults, `${{ … }}` expressions, each `run:` step in `bash --noprofile --norc -eo pipefail` with its `env:`
 * and `working-directory`, a fresh GITHUB_OUTPUT file per step read back into `steps.<id>.outputs`, one
 * GITHUB_STEP_SUMMARY file, `if:` conditions, and skipping after a failed step. `uses:` steps (the artifact
 * upload) are recorded with their evaluated inputs, not run. An expression this small evaluator does not know
 * throws, so the action cannot grow a construct the test silently ignores.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

interface ActionStep {
  name?: string;
  id?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  'working-directory'?: string;
}

export interface ActionFile {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export interface StepRecord {
  name: string;
  outcome: 'success' | 'failure' | 'skipped' | 'uses';
  exitCode?: number;
  stdout: string;
  stderr: string;
  with?: Record<string, string>;
}

export interface ActionRun {
  steps: StepRecord[];
  outputs: Record<string, string>;
  summary: string;
  /** True when a step failed: the job fails. */
  failed: boolean;
  log: string;
}

export function readAction(file: string): ActionFile {
  return parse(readFileSync(file, 'utf8')) as ActionFile;
}

/** `name=value` lines and `name<<DELIMITER` blocks, as the runner reads GITHUB_OUTPUT. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    const block = /^([^=<]+)<<(.+)$/.exec(line);
    if (block) {
      const end = lines.indexOf(block[2]!, index + 1);
      if (end < 0) throw new Error(`GITHUB_OUTPUT: no closing ${block[2]} for ${block[1]}`);
      outputs[block[1]!] = lines.slice(index + 1, end).join('\n');
      index = end;
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    } else if (line.trim() !== '') {
      throw new Error(`GITHUB_OUTPUT: unreadable line ${JSON.stringify(line)}`);
    }
  }
  return outputs;
}

interface Context {
  inputs: Record<string, string>;
  actionPath: string;
  steps: Record<string, Record<string, string>>;
  anyFailed: boolean;
}

/** The subset of GitHub's expression language action.yml uses. */
function evaluate(expression: string, context: Context): string | boolean {
  const text = expression.trim();
  if (text.includes('&&')) return text.split('&&').every((part) => truthy(evaluate(part, context)));
  if (text.includes('||')) {
    for (const part of text.split('||')) {
      const value = evaluate(part, context);
      if (truthy(value)) return value;
    }
    return '';
  }
  const comparison = /^(.+?)\s*==\s*'([^']*)'$/.exec(text);
  if (comparison) return String(evaluate(comparison[1]!, context)) === comparison[2];
  if (text === 'always()') return true;
  if (text === 'github.action_path') return context.actionPath;
  const input = /^inputs\.([\w-]+)$/.exec(text);
  if (input) {
    if (!(input[1]! in context.inputs)) throw new Error(`unknown input ${input[1]}`);
    return context.inputs[input[1]!]!;
  }
  const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(text);
  if (output) return context.steps[output[1]!]?.[output[2]!] ?? '';
  throw new Error(`expression not understood by the test runner: ${text}`);
}

const truthy = (value: string | boolean): boolean => value !== false && value !== '';

function interpolate(text: string, context: Context): string {
  return text.replace(/\$\{\{(.+?)\}\}/g, (_, expression: string) => String(evaluate(expression, context)));
}

export interface RunActionOptions {
  actionPath: string;
  with: Record<string, string>;
  /** The runner's own variables a job sees (PATH, GITHUB_*); the test adds its own. */
  env: Record<string, string>;
  workspace: string;
}

export async function runAction(action: ActionFile, options: RunActionOptions): Promise<ActionRun> {
  if (action.runs.using !== 'composite') throw new Error('not a composite action');
  const unknown = Object.keys(options.with).filter((name) => !(name in action.inputs));
  if (unknown.length > 0) throw new Error(`unexpected input(s) ${unknown.join(', ')}`);
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([name, spec]) => [name, options.with[name] ?? spec.default ?? '']));
  const context: Context = { inputs, actionPath: options.actionPath, steps: {}, anyFailed: false };
  const scratch = mkdtempSync(join(tmpdir(), 'scim-action-runner-'));
  const summaryFile = join(scratch, 'step-summary.md');
  writeFileSync(summaryFile, '');
  const records: StepRecord[] = [];
  let log = '';
  for (const [index, step] of action.runs.steps.entries()) {
    const name = step.name ?? `step ${index + 1}`;
    const condition = step.if === undefined ? !context.anyFailed : truthy(evaluate(step.if.replace(/^\$\{\{|\}\}$/g, ''), context)) && (!context.anyFailed || step.if.includes('always()'));
    if (!condition) {
      records.push({ name, outcome: 'skipped', stdout: '', stderr: '' });
      continue;
    }
    if (step.uses !== undefined) {
      const withValues = Object.fromEntries(Object.entries(step.with ?? {}).map(([key, value]) => [key, interpolate(String(value), context)]));
      records.push({ name, outcome: 'uses', stdout: '', stderr: '', with: withValues });
      continue;
    }
    if (step.shell !== 'bash' || step.run === undefined) throw new Error(`${name}: a composite run step needs shell: bash`);
    const script = join(scratch, `step-${index + 1}.sh`);
    writeFileSync(script, interpolate(step.run, context));
    const outputFile = join(scratch, `output-${index + 1}`);
    writeFileSync(outputFile, '');
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([key, value]) => [key, interpolate(String(value), context)]));
    // Asynchronous: the target may be a server in this very process.
    const result = await runScript(script, {
      cwd: step['working-directory'] === undefined ? options.workspace : interpolate(step['working-directory'], context),
      env: {
        ...options.env,
        GITHUB_ACTIONS: 'true',
        GITHUB_ACTION_PATH: options.actionPath,
        GITHUB_WORKSPACE: options.workspace,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        ...stepEnv,
      },
    });
    const exitCode = result.status;
    log += result.stdout + result.stderr;
    if (step.id !== undefined) context.steps[step.id] = parseOutputFile(readFileSync(outputFile, 'utf8'));
    if (exitCode !== 0) context.anyFailed = true;
    records.push({ name, outcome: exitCode === 0 ? 'success' : 'failure', exitCode, stdout: result.stdout, stderr: result.stderr });
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([name, spec]) => [name, String(interpolate(spec.value, context))]));
  return { steps: records, outputs, summary: readFileSync(summaryFile, 'utf8'), failed: context.anyFailed, log };
}

function runScript(script: string, options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ status: code ?? 1, stdout, stderr });
    });
  });
}
