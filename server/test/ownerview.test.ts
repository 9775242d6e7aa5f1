/**
 * The public share view names no owner: anonymous visitors (and other accounts) get no
 * `userid` or `fullname`; the owner's own calls keep them, as later versions of the service sent.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addUser } from '../admin.js';
import { asShare, startHarness, type Harness, type Login } from './harness.js';

let h: Harness;
let owner: Login;
let sharename: string;
beforeAll(async () => {
  h = await startHarness();
  // No name given: the account's name defaults to the email's local part.
  await addUser(h.dataDir, { email: 'anna.secret@example.test', password: 'long secret pw' });
  owner = await h.login();
  const created = asShare(
    await h.call('POST', `/1/shares/create?accesstoken=${owner.accesstoken}`, {
      body: { title: 'Trip' },
    }),
  );
  sharename = created.sharename;
  await h.call('POST', `/1/files/${sharename}/create?accesstoken=${owner.accesstoken}`, {
    body: { filename: 'a.txt' },
  });
});
afterAll(() => h.close());

test('anonymous, foreign and broken-token views carry no owner', async () => {
  const other = await h.login();
  for (const query of [
    '',
    `?accesstoken=${other.accesstoken}`,
    '?accesstoken=a.bad.token',
    '?t=1',
  ]) {
    const res = await h.call('GET', `/1/shares/${sharename}${query}`);
    expect(res.status, query).toBe(200);
    const share = asShare(res);
    expect(share, query).not.toHaveProperty('userid');
    expect(share, query).not.toHaveProperty('fullname');
    expect(res.text).not.toContain(owner.user.userid);
    // Everything old clients read is still there.
    expect(share).toMatchObject({ sharename, title: 'Trip', live: false });
    expect(share.files).toHaveLength(1);
    expect(share.getturl).toMatch(new RegExp(`/${sharename}$`));
  }
});

test("the owner's calls keep userid and fullname", async () => {
  const t = `?accesstoken=${owner.accesstoken}`;
  const views = [
    asShare(await h.call('GET', `/1/shares/${sharename}${t}`)),
    asShare(await h.call('POST', `/1/shares/${sharename}/update${t}`, { body: { title: 'T2' } })),
    ...((await h.call('GET', `/1/shares${t}`)).json as Record<string, unknown>[]),
    asShare(await h.call('POST', `/1/shares/create${t}`)),
  ];
  for (const view of views) {
    expect(view).toMatchObject({ userid: owner.user.userid, fullname: 'Test User' });
  }
});

test("a name that defaults to the email's local part never reaches a visitor", async () => {
  const { apikey } = await import('../admin.js').then((m) =>
    m.addApp(h.dataDir, { name: 'x', ownerEmail: 'anna.secret@example.test' }),
  );
  const login = (
    await h.call('POST', '/1/users/login', {
      body: { apikey, email: 'anna.secret@example.test', password: 'long secret pw' },
    })
  ).json as { accesstoken: string; user: { fullname: string } };
  expect(login.user.fullname).toBe('anna.secret');
  const share = asShare(await h.call('POST', `/1/shares/create?accesstoken=${login.accesstoken}`));
  const res = await h.call('GET', `/1/shares/${share.sharename}`);
  expect(res.text).not.toContain('anna.secret');
});
