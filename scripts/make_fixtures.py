#!/usr/bin/python3
"""Writes the project's own PyTorch fixtures with real torch, and their reference files.

    /usr/bin/python3 scripts/make_fixtures.py        (or: npm run fixtures)

Debian's torch (python3-torch) lives in /usr/bin/python3; a pyenv python first on PATH has none.

Outputs (all small, committed):
  tests/fixtures/torch/    model files + <name>.ref.json (schema: scripts/fixtures/refs.py)
  tests/fixtures/hostile/  pickles that run a (harmless) command under a naive loader
  public/examples/         the app's one-click example models + index.json

Seeds are fixed and torch runs single-threaded, so a rerun writes the same bytes. Before
finishing, every non-hostile file is loaded back with torch.load / torch.jit.load and must
reproduce its reference file exactly (hashes, and outputs where there is a model to run).

This file must stay the `__main__` module: usernet.pt pickles its class as `__main__.UserNet`.
"""
import io
import json
import os
import shutil
import sys
import threading
import zipfile
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import torch
import torch.nn as nn

sys.dont_write_bytecode = True  # no __pycache__ beside the helpers in the repository
from fixtures import hostile, models, refs, ziptools  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / 'tests/fixtures/torch'
HOSTILE = ROOT / 'tests/fixtures/hostile'
EXAMPLES = ROOT / 'public/examples'


class UserNet(nn.Module):
    """A user-defined class: its forward is not in the file, only its name and state are."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(20, 8, padding_idx=0)
        self.conv = nn.Conv2d(3, 4, 3)
        self.bn = nn.BatchNorm2d(4)
        self.lstm = nn.LSTM(8, 6, batch_first=True)
        self.gru = nn.GRU(6, 5, bidirectional=True)
        self.norm = nn.LayerNorm(10)
        self.head = nn.Linear(10, 3)
        # plain attributes user classes carry; they end up in the pickled __dict__
        self.vocab = ['<pad>', 'the', 'cat']
        self.hparams = {'hidden': 6, 'dropout': 0.1, 'bidirectional': True}


@dataclass
class Spec:
    """One model file and what its reference says about it."""
    file: str
    model: str
    contents: str                     # state_dict | module | checkpoint | torchscript
    fmt: str                          # zip | legacy | torchscript
    describe: str
    groups: Optional[dict] = None     # checkpoints: top-level key -> tensor group
    run: Optional[Callable] = None    # loaded object -> nn.Module to run, for the reference output
    x: Optional[torch.Tensor] = None
    layout: str = 'NCHW'
    # Does torch 1.13's weights_only loader accept the file? It refuses whole modules and
    # quantized tensors, and even plain Python floats (BINFLOAT), hence every checkpoint here.
    weights_only: bool = True


SPECS: list = []


def named_tensors(obj, spec):
    if spec.contents in ('module', 'torchscript'):
        return [(k, v, 'model') for k, v in obj.state_dict().items()]
    if spec.contents == 'checkpoint':
        return list(refs.grouped(obj, spec.groups))
    return list(refs.grouped(obj, {}, 'model'))


def make_ref(spec, obj):
    fwd = None
    if spec.run is not None:
        fwd = (spec.layout, spec.x, models.forward(spec.run(obj), spec.x))
    return refs.make_ref(model=spec.model, file=spec.file, contents=spec.contents, fmt=spec.fmt,
                         tensors=refs.tensor_entries(named_tensors(obj, spec)), forward=fwd)


def save(spec, obj, *, raw: Optional[bytes] = None):
    """Write the file (torch.save unless raw bytes are given) and its ref, and remember the spec."""
    path = OUT / spec.file
    if raw is not None:
        path.write_bytes(raw)
    elif spec.fmt == 'legacy':
        buf = io.BytesIO()
        torch.save(obj, buf, _use_new_zipfile_serialization=False)
        path.write_bytes(ziptools.stabilize_legacy(buf.getvalue()))
    elif spec.fmt == 'torchscript':
        obj.save(str(path))
    else:
        torch.save(obj, str(path))  # a path, not a stream: torch names the zip's top folder after it
    stem = spec.file.rsplit('.', 1)[0]
    refs.write_json(OUT / f'{stem}.ref.json', make_ref(spec, obj))
    SPECS.append(spec)


def trace_stably(model, x):
    """torch.jit.trace records the Python call stack (file paths, line numbers) in the saved
    .debug_pkl entries. Tracing in a fresh thread, from code with a fixed file name, keeps those
    bytes independent of where the checkout lives and of edits to this script."""
    out = {}
    code = compile("out['traced'] = torch.jit.trace(model, x)", '<make_fixtures>', 'exec')
    t = threading.Thread(target=exec, args=(code, {'torch': torch, 'model': model, 'x': x, 'out': out}))
    t.start()
    t.join()
    return out['traced']


def load_state(model, sd):
    model.load_state_dict(sd)
    return model


# --- 1. LeNet-5 in every way torch saves it ----------------------------------------------------

def make_lenet5():
    model = models.lenet5()
    x = models.seeded_input((1, 1, 28, 28), 101)
    run_sd = lambda sd: load_state(models.lenet5(), sd)  # noqa: E731
    common = dict(model='lenet5', x=x)
    save(Spec('lenet5.pt', contents='module', fmt='zip', run=lambda m: m, weights_only=False,
              describe='LeNet-5 nn.Sequential, whole module (torch.save(model))', **common), model)
    save(Spec('lenet5.state_dict.pt', contents='state_dict', fmt='zip', run=run_sd,
              describe='the same weights as a state_dict', **common), model.state_dict())
    save(Spec('lenet5.legacy.pt', contents='state_dict', fmt='legacy', run=run_sd,
              describe='the same state_dict in the pre-1.6 legacy format (storage keys renumbered '
                       'for byte-stable reruns)', **common), model.state_dict())
    traced = trace_stably(model.eval(), x)
    save(Spec('lenet5.torchscript.pt', contents='torchscript', fmt='torchscript', run=lambda m: m,
              weights_only=False, describe='the same model traced to TorchScript', **common), traced)

    trained = models.lenet5()
    trained.load_state_dict(model.state_dict())
    g = torch.Generator().manual_seed(102)
    opt, loss = models.adam_step(trained, torch.rand(8, 1, 28, 28, generator=g),
                                 torch.randint(0, 10, (8,), generator=g))
    ckpt = {'epoch': 5, 'model_state_dict': trained.state_dict(), 'optimizer_state_dict': opt.state_dict(),
            'train_loss': loss, 'val_loss': 0.4375, 'best_acc': 0.9125}
    save(Spec('lenet5.checkpoint.pth', contents='checkpoint', fmt='zip', weights_only=False,
              groups={'model_state_dict': 'model', 'optimizer_state_dict': 'optimizer'},
              run=lambda c: run_sd(c['model_state_dict']),
              describe='{epoch, model_state_dict, optimizer_state_dict (Adam after one step), '
                       'train_loss, val_loss, best_acc}; weights differ from lenet5.pt', **common), ckpt)
    return model


# --- 2-4. dtypes, views, quantized tensors -----------------------------------------------------

def make_dtypes():
    g = torch.Generator().manual_seed(202)
    r = lambda *s: torch.randn(*s, generator=g)  # noqa: E731
    ints = lambda lo, hi, s, dt: torch.randint(lo, hi, s, generator=g, dtype=dt)  # noqa: E731
    sd = OrderedDict([
        ('float32', r(2, 3)),
        ('float64', r(3, 2).double()),
        ('float16', r(4).half()),
        ('bfloat16', r(2, 2).bfloat16()),
        ('int8', ints(-128, 128, (5,), torch.int8)),
        ('int16', ints(-32768, 32768, (2, 3), torch.int16)),
        ('int32', ints(-2**31, 2**31 - 1, (3,), torch.int32)),
        # 2**53 + 1 has no float64: a reader must pass the bytes through, not the numbers
        ('int64', torch.tensor([0, -1, 2**40 + 3, 2**53 + 1], dtype=torch.int64)),
        ('uint8', ints(0, 256, (6,), torch.uint8)),
        ('bool', r(7) > 0),
        ('complex64', torch.complex(r(3), r(3))),
        ('scalar', torch.tensor(3.25)),
        ('scalar_int64', torch.tensor(1234)),  # like BatchNorm's num_batches_tracked
        ('empty', torch.empty(0, 3)),
    ])
    save(Spec('dtypes.pt', model='dtypes', contents='state_dict', fmt='zip',
              describe='one tensor of every dtype: float32/64/16, bfloat16, int8-64, uint8, bool, '
                       'complex64, 0-d scalars, an empty [0, 3] tensor'), sd)


def make_views():
    g = torch.Generator().manual_seed(303)
    r = lambda *s: torch.randn(*s, generator=g)  # noqa: E731
    big = r(10, 4)
    qkv = r(12, 4)
    wide = r(3, 6)
    embed = r(16, 4)
    sd = OrderedDict([
        ('transposed', r(5, 7).t()),           # stride (1, 7): not contiguous
        ('sliced', big[3:7]),                  # storage_offset 12 into a 40-element storage
        ('embed.weight', embed),               # tied: the same tensor under two names
        ('lm_head.weight', embed),
        ('qkv.weight', qkv),                   # a tensor and a narrow() of it share one storage
        ('k_proj.weight', qkv.narrow(0, 4, 4)),
        ('columns', wide[:, 1:3]),             # offset and stride together
        ('expanded', r(1, 4).expand(3, 4)),    # stride 0
    ])
    for fmt, file in (('zip', 'views.pt'), ('legacy', 'views.legacy.pt')):
        save(Spec(file, model='views', contents='state_dict', fmt=fmt,
                  describe=f'views into shared storages ({fmt}): transposed, sliced, tied, narrow, '
                           'column slice, expanded (stride 0)'), sd)


def make_quantized():
    g = torch.Generator().manual_seed(404)
    r = lambda *s: torch.randn(*s, generator=g)  # noqa: E731
    sd = OrderedDict([
        ('fc.weight', torch.quantize_per_tensor(r(4, 6), 0.05, 3, torch.qint8)),
        ('conv.weight', torch.quantize_per_channel(
            r(3, 2, 2, 2), torch.tensor([0.02, 0.05, 0.1], dtype=torch.double),
            torch.tensor([0, 2, -1]), 0, torch.qint8)),
        ('act.quint8', torch.quantize_per_tensor(torch.rand(2, 5, generator=g), 1 / 255, 0, torch.quint8)),
        ('acc.qint32', torch.quantize_per_tensor(r(4) * 100, 0.5, 0, torch.qint32)),
        ('fc.bias', r(4)),
    ])
    save(Spec('quantized.pt', model='quantized', contents='state_dict', fmt='zip', weights_only=False,
              describe='quantized tensors: per-tensor qint8, per-channel qint8 (axis 0), quint8, qint32'), sd)


# --- 5-8. BatchNorm CNN, DataParallel, user class, Lightning, aligned and ZIP64 zips ------------

def make_cnn_bn():
    model = models.cnn_bn()
    x = models.seeded_input((1, 3, 16, 16), 501)
    run_sd = lambda sd: load_state(models.cnn_bn(), sd)  # noqa: E731
    save(Spec('cnn_bn.pt', model='cnn_bn', contents='module', fmt='zip', x=x, run=lambda m: m,
              weights_only=False, describe='nested nn.Sequential with BatchNorm2d, whole module'), model)
    dp = nn.DataParallel(model)  # on a machine without GPUs this only wraps: keys get 'module.'
    save(Spec('cnn_bn.dp.state_dict.pt', model='cnn_bn', contents='state_dict', fmt='zip', x=x,
              run=lambda sd: run_sd(models.strip_prefix(sd, 'module.')),
              describe="the same weights as nn.DataParallel saves them ('module.' prefix)"), dp.state_dict())

    # newer torch's archive extras, a top folder that is not the file's stem, 64-byte alignment
    buf = io.BytesIO()
    torch.save(model.state_dict(), buf)
    entries = ziptools.retop(ziptools.read_entries(buf.getvalue()), 'weird_top-folder')
    top = 'weird_top-folder/'
    pkl = [e for e in entries if e[0].endswith('/data.pkl')]
    data = [e for e in entries if '/data/' in e[0]]
    version = [e for e in entries if e[0].endswith('/version')]
    assert len(pkl) + len(data) + len(version) == len(entries)
    aligned = (pkl + [(top + '.format_version', b'1'), (top + '.storage_alignment', b'64'),
                      (top + 'byteorder', b'little')] + data + version +
               [(top + '.data/serialization_id', b'0123456789012345678901234567890123456789')])
    save(Spec('aligned.pt', model='cnn_bn', contents='state_dict', fmt='zip', x=x, run=run_sd,
              describe='cnn_bn state_dict laid out like torch 2.x: .format_version, .storage_alignment, '
                       'byteorder, .data/serialization_id, top folder weird_top-folder/'),
         model.state_dict(), raw=ziptools.write_zip(aligned))
    zip64 = ziptools.retop(ziptools.read_entries(buf.getvalue()), 'zip64')
    save(Spec('zip64.pt', model='cnn_bn', contents='state_dict', fmt='zip', x=x, run=run_sd,
              describe='cnn_bn state_dict in a ZIP64 archive: ZIP64 extras in local and central '
                       'headers, ZIP64 end record and locator'),
         model.state_dict(), raw=ziptools.write_zip(zip64, zip64=True))


def make_usernet():
    torch.manual_seed(606)
    net = UserNet().eval()
    with torch.no_grad():  # non-default BatchNorm/LayerNorm values, so a swap would show
        for p in (net.bn.weight, net.bn.bias, net.bn.running_mean, net.norm.weight, net.norm.bias):
            p.uniform_(0.1, 0.9)
        net.bn.running_var.uniform_(0.5, 2.0)
    save(Spec('usernet.pt', model='usernet', contents='module', fmt='zip', weights_only=False,
              describe='`__main__.UserNet` (forward not in the file): Embedding, Conv2d, BatchNorm2d, '
                       'LSTM, bidirectional GRU, LayerNorm, Linear, plain attributes'), net)


def make_lightning():
    lit = nn.ModuleDict({'model': models.mlp()})  # a LightningModule with self.model = ...
    g = torch.Generator().manual_seed(701)
    opt, loss = models.adam_step(lit['model'], torch.rand(16, 8, generator=g),
                                 torch.randint(0, 4, (16,), generator=g))
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=10, gamma=0.5)
    monitor = "ModelCheckpoint{'monitor': 'val_loss', 'mode': 'min', 'every_n_train_steps': 0, " \
              "'every_n_epochs': 1, 'train_time_interval': None}"
    ckpt = {
        'epoch': 2,
        'global_step': 120,
        'pytorch-lightning_version': '2.1.3',
        'state_dict': lit.state_dict(),
        'loops': {'fit_loop': {'state_dict': {}, 'epoch_progress': {'total': {'ready': 3, 'completed': 2}}}},
        'callbacks': {monitor: {'monitor': 'val_loss', 'best_model_score': torch.tensor(round(loss, 4)),
                                'best_model_path': '/tmp/ckpts/epoch=2-step=120.ckpt',
                                'dirpath': '/tmp/ckpts', 'last_model_path': ''}},
        'optimizer_states': [opt.state_dict()],
        'lr_schedulers': [sched.state_dict()],
        'hparams_name': 'kwargs',
        'hyper_parameters': {'in_features': 8, 'hidden': 16, 'num_classes': 4, 'lr': 1e-3},
    }
    save(Spec('lightning.ckpt', model='mlp', contents='checkpoint', fmt='zip', weights_only=False,
              groups={'state_dict': 'model', 'optimizer_states': 'optimizer'},
              x=models.seeded_input((1, 8), 702), layout='as-is',
              run=lambda c: load_state(models.mlp(), models.strip_prefix(c['state_dict'], 'model.')),
              describe="PyTorch-Lightning-style checkpoint (built by hand): state_dict with 'model.' "
                       'keys, optimizer_states, lr_schedulers, callbacks (a tensor), hyper_parameters'), ckpt)


# --- 10. the app's examples --------------------------------------------------------------------

def make_examples():
    EXAMPLES.mkdir(parents=True, exist_ok=True)
    index = {'examples': [
        {'file': 'lenet5.pt', 'label': 'LeNet-5 (whole module)',
         'description': 'A classic 28×28 digit classifier: nn.Sequential of Conv2d, Tanh, AvgPool2d, '
                        'Linear, saved with torch.save(model). Random weights, 61,706 parameters.'},
        {'file': 'lenet5.state_dict.pt', 'label': 'LeNet-5 (state_dict)',
         'description': 'The same weights saved as a state_dict: tensors only, no architecture.'},
    ]}
    for e in index['examples']:
        shutil.copyfile(OUT / e['file'], EXAMPLES / e['file'])
        e['bytes'] = (EXAMPLES / e['file']).stat().st_size
    refs.write_json(EXAMPLES / 'index.json', index)


# --- checking everything against real torch ----------------------------------------------------

def verify(spec):
    path = str(OUT / spec.file)
    if spec.contents == 'torchscript':
        obj = torch.jit.load(path)
    else:
        obj = torch.load(path, weights_only=spec.weights_only)
    ref = json.loads((OUT / (spec.file.rsplit('.', 1)[0] + '.ref.json')).read_text())
    again = make_ref(spec, obj)
    for key in ('tensors', 'output', 'total_params'):
        assert again[key] == ref[key], f'{spec.file}: {key} differs after loading it back'
    if spec.fmt != 'legacy':
        with zipfile.ZipFile(path) as z:
            assert z.testzip() is None, f'{spec.file}: bad CRC'


def write_readme():
    lines = ['# Own PyTorch fixtures', '',
             'Written by real torch (Debian python3-torch 1.13) with `npm run fixtures`',
             '(`/usr/bin/python3 scripts/make_fixtures.py`). Do not edit by hand: change the script and rerun.',
             'Each `<stem>.ref.json` says what torch computed; its schema is described in',
             '`scripts/fixtures/refs.py`.', '',
             '| file | bytes | contents | format | what it is |', '|---|---|---|---|---|']
    for s in SPECS:
        size = (OUT / s.file).stat().st_size
        lines.append(f'| `{s.file}` | {size} | {s.contents} | {s.fmt} | {s.describe} |')
    lines += ['', '`truncated.pt` is deliberately absent: tests cut a copy of another file on the fly.', '']
    (OUT / 'README.md').write_text('\n'.join(lines))


def main():
    if sys.byteorder != 'little':
        sys.exit('make_fixtures.py: the reference hashes assume a little-endian machine')
    torch.set_num_threads(1)  # one summation order: identical float results on every run
    for d in (OUT, HOSTILE):  # wholly ours: start empty so a fixture dropped here leaves no orphan
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
    make_lenet5()
    make_dtypes()
    make_views()
    make_quantized()
    make_cnn_bn()
    make_usernet()
    make_lightning()
    for spec in SPECS:
        verify(spec)
    hostile.write_all(HOSTILE)
    make_examples()
    write_readme()
    total = sum(f.stat().st_size for d in (OUT, HOSTILE, EXAMPLES) for f in d.iterdir())
    print(f'{len(SPECS)} model files verified against torch {torch.__version__}; '
          f'{len(hostile.FILES)} hostile files; {total / 1e6:.2f} MB in all')


if __name__ == '__main__':
    os.chdir(ROOT)
    main()
