/**
 * Forward pass per backend in the browser, through the Run view as a user runs it: LeNet-5 (the
 * app's example) and a ResNet-18-sized torch nn.Sequential (ResNet-18's convolutions without the
 * residual adds, which the torch runtime cannot run; 11 M parameters, 224×224 input) written by
 * real torch into the temp folder with its output for the same input, so a backend that runs but
 * computes nonsense is caught. tfjs falls back silently: the backend that ran is recorded.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { PYTHON } from './bigFiles';
import { pageWithFile } from './browser';
import { median } from './results';

export const BACKENDS = ['wasm', 'webgl', 'cpu'] as const;
export type Backend = (typeof BACKENDS)[number];

export interface ForwardModel {
  label: string;
  key: string;
  file: string;
  /** a .npy input (its shape wins over the one the app infers) and torch's output for it */
  input?: { path: string; shape: number[] };
  expected?: number[];
}
export interface ForwardMeasure {
  model: ForwardModel;
  requested: Backend;
  ran: string;
  fellBack: boolean;
  /** forward + read back, per run; the first is cold (kernels compiled, buffers allocated) */
  ms: number[];
  setupMs: number[];
  inputShape: string;
  /** max |Δ| to torch's output relative to its largest value (undefined when no reference) */
  relError?: number;
}

/** What WebGL runs on in this browser (headless Chromium without a GPU: SwiftShader, a CPU renderer). */
export async function webglRenderer(browser: Browser): Promise<string> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
      if (!gl) return 'no WebGL';
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      return String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    });
  } finally {
    await page.close();
  }
}

/** ResNet-18's layers as a plain Sequential, whole module pickled, plus a seeded input and torch's output. */
const RESNET_SCRIPT = String.raw`
import json, sys, numpy as np, torch, torch.nn as nn
out = sys.argv[1]
torch.manual_seed(0)
layers = []
def conv(cin, cout, k, s):
    layers.extend([nn.Conv2d(cin, cout, k, s, k // 2, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True)])
conv(3, 64, 7, 2)
layers.append(nn.MaxPool2d(3, 2, 1))
c = 64
for width, stride in [(64, 1), (128, 2), (256, 2), (512, 2)]:
    for j in range(4):
        conv(c, width, 3, stride if j == 0 else 1)
        c = width
layers.extend([nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(512, 1000)])
model = nn.Sequential(*layers).eval()
for m in model.modules():
    if isinstance(m, nn.BatchNorm2d):
        m.running_mean.uniform_(-0.1, 0.1)
        m.running_var.uniform_(0.5, 1.5)
torch.save(model, out + '/resnet18-plain.pt')
x = np.random.default_rng(0).standard_normal((1, 3, 224, 224)).astype(np.float32)
np.save(out + '/resnet18-input.npy', x)
with torch.no_grad():
    y = model(torch.from_numpy(x)).numpy().ravel()
json.dump({'output': y[:64].tolist(), 'params': sum(p.numel() for p in model.parameters())}, open(out + '/resnet18-output.json', 'w'))
`;

export function writeResNet18(dir: string): ForwardModel {
  const r = spawnSync(PYTHON, ['-c', RESNET_SCRIPT, dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`making the ResNet-18-sized model with ${PYTHON} failed: ${r.stderr}`);
  const ref = JSON.parse(readFileSync(join(dir, 'resnet18-output.json'), 'utf8')) as { output: number[]; params: number };
  return {
    label: `ResNet-18-sized torch Sequential (${(ref.params / 1e6).toFixed(1)} M params, 1×3×224×224)`, key: 'resnet18-plain',
    file: join(dir, 'resnet18-plain.pt'), input: { path: join(dir, 'resnet18-input.npy'), shape: [1, 3, 224, 224] }, expected: ref.output,
  };
}

async function runOnce(page: Page): Promise<{ ms: number; setupMs: number; ran: string; fellBack: boolean; values: number[]; requested: string }> {
  const card = page.getByTestId('run-card-left');
  await card.getByTestId('run-btn-left').click();
  const handle = await page.waitForFunction(() => {
    const c = document.querySelector('[data-testid="run-card-left"]');
    const err = c?.querySelector('[data-testid="run-error"]');
    if (err) return { error: err.textContent ?? 'error' };
    const btn = c?.querySelector<HTMLButtonElement>('[data-testid="run-btn-left"]');
    const res = c?.querySelector<HTMLElement>('[data-testid="run-result"]');
    if (!btn || btn.disabled || !res) return false;
    const d = res.dataset;
    return { ms: Number(d.ms), setupMs: Number(d.setupMs), ran: d.backend ?? '', fellBack: d.fellBack === 'true', values: JSON.parse(d.values ?? '[]') as number[], requested: d.requested ?? '' };
  }, undefined, { timeout: 300_000, polling: 50 });
  const r = (await handle.jsonValue()) as { error?: string; ms: number; setupMs: number; ran: string; fellBack: boolean; values: number[]; requested: string };
  if (r.error !== undefined) throw new Error(`the run failed: ${r.error}`);
  return r;
}

/** One model on every backend: `runs` timed runs after one cold one, each on a fresh session (as the button does). */
export async function measureForward(browser: Browser, url: string, model: ForwardModel, runs: number): Promise<ForwardMeasure[]> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  try {
    const { page, errors } = await pageWithFile(context, url, model.file);
    await page.getByTestId('mode-run').click();
    const card = page.getByTestId('run-card-left');
    await page.waitForFunction(() => ['ready', 'unrunnable', 'error'].includes(document.querySelector('[data-testid="run-card-left"]')?.getAttribute('data-state') ?? ''), undefined, { timeout: 120_000 });
    if ((await card.getAttribute('data-state')) !== 'ready') throw new Error(`${model.label} cannot run: ${await card.textContent()}`);
    if (model.input) await page.getByTestId('run-input-file').setInputFiles(model.input.path);
    const inputShape = model.input?.shape ?? JSON.parse((await card.getByTestId('run-input-shape').getAttribute('data-shape')) ?? '[]') as number[];
    const out: ForwardMeasure[] = [];
    for (const backend of BACKENDS) {
      await page.getByTestId(`run-backend-${backend}`).click();
      const m: ForwardMeasure = { model, requested: backend, ran: '', fellBack: false, ms: [], setupMs: [], inputShape: inputShape.join('×') };
      for (let i = 0; i <= runs; i++) {
        const r = await runOnce(page);
        if (r.requested !== backend) throw new Error(`asked for ${backend}, the result says ${r.requested}`);
        m.ms.push(r.ms);
        m.setupMs.push(r.setupMs);
        m.ran = r.ran;
        m.fellBack = r.fellBack;
        if (model.expected) {
          const scale = Math.max(...model.expected.map(Math.abs));
          const err = Math.max(...model.expected.map((v, k) => Math.abs(v - (r.values[k] ?? NaN)))) / scale;
          m.relError = Math.max(m.relError ?? 0, Number.isNaN(err) ? Infinity : err);
        }
      }
      out.push(m);
    }
    if (errors.length) throw errors[0];
    return out;
  } finally {
    await context.close();
  }
}

/** warm = median of the runs after the first */
export const warmMs = (m: ForwardMeasure): number => median(m.ms.slice(1));
