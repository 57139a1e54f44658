/**
 * Import benchmark (`npm run bench -- import`), issue 13:
 *
 *   import.csv_100k       seconds to import 100,000 people rows from a CSV (UTF-8, Chinese
 *                         headers) into 2,000 accounts the import adds, with a saved mapping
 *                         (preset) as the CLI runs it: parse, map, validate every row with the
 *                         forms' schemas (on a thread ahead of the job, as the app does), write
 *                         the records through the record calls (history, sync's outbox, health),
 *                         as one undoable batch in job chunks
 *   import.csv_100k_rss   the process's peak resident memory meanwhile, in MB (sampled every 50 ms)
 *
 * Also said (not a figure with a goal): how long the search indexes take to catch up afterwards.
 *
 * IMPORT_BENCH_ROWS=10000 measures a smaller file (the names then say `10k`). The store is a
 * fresh one in a temporary folder, removed at the end.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openRuntime } from '../../electron/host/runtime';
import type { Report } from './run';

const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰'];
const TITLES = ['总经理', '副总裁', '总监', '经理', '主管', '工程师', '专员'];
const DEPARTMENTS = ['采购部', '财务部', '技术部', '运营部', '总经办'];
const ROLES = ['决策者', '影响者', '使用者', '采购者', '把关者'];
const STANCES = ['支持者', '中立', '怀疑', '未知'];

export async function run(report: Report): Promise<void> {
  const rows = Number(process.env.IMPORT_BENCH_ROWS ?? 100_000);
  const label = rows % 1000 === 0 ? `${rows / 1000}k` : String(rows);
  const dir = mkdtempSync(join(tmpdir(), 'rapport-bench-import-'));
  try {
    const lines = ['客户名称,姓名,职务,部门,手机,电子邮箱,采购角色,态度'];
    for (let i = 0; i < rows; i++) {
      const name = `${SURNAMES[i % 10]}${GIVEN[(i >> 3) % 12]}${i}`;
      lines.push(
        [`客户${i % 2000}`, name, TITLES[i % 7], DEPARTMENTS[i % 5], `138${String(i).padStart(8, '0')}`, `p${i}@example.cn`, ROLES[i % 5], STANCES[i % 4]].join(
          ',',
        ),
      );
    }
    const file = join(dir, 'people.csv');
    writeFileSync(file, lines.join('\r\n'));
    // Its rows checked on a thread ahead of the job, as the app does (from the sources here).
    const rt = openRuntime(join(dir, 'data'), 'cli', { importWorkerFile: fileURLToPath(new URL('../helpers/import-thread.mjs', import.meta.url)) });
    try {
      const preset = {
        name: 'bench',
        kind: 'people',
        headers: lines[0]!.split(','),
        mapping: ['account', 'name', 'title', 'department', 'phone', 'email', 'roles', 'stance'],
      };
      const saved = await rt.dispatch('import.savePreset', preset);
      if (!saved.ok) throw new Error(saved.error.message);
      let peak = process.memoryUsage().rss;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
      const started = performance.now();
      const result = await rt.dispatch('import.run', { path: file, kind: 'people', preset: 'bench' });
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      if (!result.ok) throw new Error(result.error.message);
      const value = result.value as { created: number; failed: number };
      if (value.created !== rows || value.failed !== 0) throw new Error(`expected ${rows} people, got ${JSON.stringify(value).slice(0, 300)}`);
      console.error(`# ${rows} rows in ${seconds.toFixed(1)} s: ${Math.round(rows / seconds)} rows/s`);
      // The search indexes take the rows in a job after the import (searchable meanwhile, by scanning).
      const indexing = performance.now();
      await rt.jobs.settled('search');
      console.error(`# search indexes caught up ${((performance.now() - indexing) / 1000).toFixed(1)} s after the import`);
      report(`import.csv_${label}`, seconds, 's', { op: '<=', value: 15 });
      report(`import.csv_${label}_rss`, Math.round(peak / 1048576), 'MB', { op: '<=', value: 1024 });
    } finally {
      rt.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
