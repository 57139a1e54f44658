import { afterAll, it } from 'vitest';
import { call, cleanup, openTest } from '../helpers/domain-fixtures';
afterAll(cleanup);
const month = (back: number) => { const d = new Date(); const x = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, 1)); return x.toISOString().slice(0, 7); };
it('probe', async () => {
  const rt = openTest();
  const m = (await call(rt, 'members.create', { name: 'Owner', role: 'kam' })).id;
  const other = (await call(rt, 'accounts.create', { name: 'Other', ownerId: m })).id;
  const acc = (await call(rt, 'accounts.create', { name: 'Falling', ownerId: m, stage: 'growth' })).id;
  for (const [b, amt] of [[4, 1000], [1, 700], [2, 800], [3, 900]] as const) {
    await call(rt, 'purchases.create', { accountId: acc, period: month(b), amount: amt, currency: 'EUR' });
    const al = await call<any[]>(rt, 'alerts.list', { accountId: acc });
    console.log(b, al.map((a) => [a.rule, a.colour, a.evidenceKey]));
  }
  const h = await call<any>(rt, 'health.account', { accountId: acc });
  console.log(h.colour, h.indicators.filter((i: any) => i.status !== 'ok' && i.applicable).map((i: any) => [i.code, i.status, i.evidenceKey, JSON.stringify(i.reason)]));
  const ho = await call<any>(rt, 'health.account', { accountId: other });
  console.log(ho.colour, ho.indicators.filter((i: any) => i.status !== 'ok' && i.applicable).map((i: any) => [i.code, i.status, i.evidenceKey]));
  console.log(JSON.stringify(await call(rt, 'portfolio.list', { sort: 'health' })));
  console.log(JSON.stringify(await call(rt, 'sync.status', {})));
});
