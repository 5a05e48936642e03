import { it, expect } from 'vitest';
import { forEachDatabase, workInput } from '../test/helpers.js';
forEachDatabase((t) => {
  it('probe', async () => {
    const b = t().browser();
    await t().signUp(b);
    const csrf = b.csrfToken();
    const r1 = await b.request('/works', { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=zzz', 'x-csrf-token': csrf }, body: 'garbage--zzz\r\nnope' });
    console.log('multipart garbage', r1.status, (await r1.text()).slice(0, 200));
    const r2 = await b.request('/works', { method: 'POST', headers: { 'content-type': 'text/plain', 'x-csrf-token': csrf }, body: 'hello' });
    console.log('text/plain page', r2.status);
    const r3 = await b.request('/works', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: '{bad' });
    console.log('json page', r3.status);
    const big = 'x'.repeat(2000);
    const r4 = await t().api('POST', '/api/v1/works', { body: big, headers: { 'content-type': 'application/json' } });
    console.log('big api', r4.status, await r4.text());
    const r5 = await b.request('/works', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '_csrf=' + csrf + '&title=' + big });
    console.log('big page', r5.status, r5.headers.get('content-type'));
    const r6 = await t().api('POST', '/api/v1/works');
    console.log('nobody', r6.status, await r6.text());
    const { token } = await t().apiUser();
    const r7 = await t().api('POST', '/api/v1/works', { token });
    console.log('nobody token', r7.status, await r7.text());
    const r8 = await t().api('POST', '/api/v1/works', { token, body: 'x', headers: { 'content-type': 'text/plain' } });
    console.log('text api', r8.status, await r8.text());
    expect(1).toBe(1);
  });
}, { maxBodyBytes: 1000 });
