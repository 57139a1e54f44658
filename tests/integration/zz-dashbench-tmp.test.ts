import { it } from 'vitest';
import { call, cleanup, openTest } from '../helpers/domain-fixtures';
it('bench', async () => {
  const rt = openTest();
  await call(rt, 'demo.load', { accounts: 1000, people: 8000, touchpoints: 40000 });
  rt.store.sqlite.prepare("UPDATE accounts SET created_at = '2020-01-01T00:00:00.000Z'").run();
  const id = (await call<any>(rt, 'portfolio.list', {})).rows[0].id;
  for (let i = 0; i < 4; i++) {
    if (i === 2) await call(rt, 'purchases.create', { accountId: id, period: '2026-01', amount: 5, currency: 'EUR' });
    const t0 = performance.now();
    const d = await call<any>(rt, 'health.dashboard', {});
    console.log(
      'portfolio',
      Math.round(performance.now() - t0),
      'ms',
      d.portfolio.total,
      JSON.stringify(d.portfolio.colours),
      d.portfolio.fell30.length,
      d.portfolio.fell90.length,
    );
  }
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await call<any>(rt, 'health.dashboard', { accountId: id });
    console.log('account', Math.round(performance.now() - t0), 'ms');
  }
  cleanup();
}, 500_000);
