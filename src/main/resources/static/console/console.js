// The Rabta console: plain JavaScript over the ops API, with the session's CSRF token on every change.
'use strict';

let me = null;

function $(id) { return document.getElementById(id); }

function notice(text, isError) {
  $('notice').textContent = text;
  $('notice').className = isError ? 'error' : '';
}

async function api(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  if (method !== 'GET') {
    headers[me.csrfHeader] = me.csrfToken;
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new Error((data && data.error) || response.status + ' ' + response.statusText);
  }
  return data;
}

function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text === null || text === undefined ? '' : String(text);
  row.appendChild(td);
  return td;
}

function button(row, label, action, testId) {
  const td = document.createElement('td');
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  if (testId) { b.dataset.test = testId; }
  b.addEventListener('click', async () => {
    try { await action(); } catch (e) { notice(e.message, true); }
  });
  td.appendChild(b);
  row.appendChild(td);
  return b;
}

async function showFlows() {
  const flows = await api('GET', '/api/ops/flows');
  const body = $('flow-rows');
  body.replaceChildren();
  for (const f of flows) {
    const row = document.createElement('tr');
    row.dataset.flow = f.flow;
    cell(row, f.flow);
    cell(row, f.state).className = 'state-' + f.state;
    cell(row, f.captured);
    cell(row, f.delivered).dataset.test = 'delivered';
    cell(row, f.deadLetters);
    cell(row, f.waiting);
    cell(row, f.deliveredPerSecond);
    cell(row, f.lagSeconds);
    cell(row, f.lastError);
    if (me.operator) {
      const paused = f.state === 'PAUSED';
      button(row, paused ? 'Resume' : 'Pause', async () => {
        await api('POST', '/api/ops/flows/' + encodeURIComponent(f.flow) + (paused ? '/resume' : '/pause'), { reason: prompt('Reason?') || '' });
        await showFlows();
      });
    }
    body.appendChild(row);
  }
}

function letterQuery() {
  const params = new URLSearchParams();
  for (const input of $('letter-filter').querySelectorAll('input')) {
    if (input.value.trim()) { params.set(input.name, input.value.trim()); }
  }
  return params;
}

async function showLetters() {
  const page = await api('GET', '/api/ops/dead-letters?' + letterQuery().toString() + '&limit=200');
  const body = $('letter-rows');
  body.replaceChildren();
  for (const l of page.items) {
    const row = document.createElement('tr');
    row.dataset.id = l.deadLetterId;
    const idCell = cell(row, l.deadLetterId);
    idCell.style.cursor = 'pointer';
    idCell.addEventListener('click', () => showLetter(l.flow, l.deadLetterId).catch(e => notice(e.message, true)));
    cell(row, l.flow);
    cell(row, l.reason);
    cell(row, l.entityKey);
    cell(row, l.lastFailedAt);
    cell(row, l.message);
    if (me.operator && l.replayable) {
      button(row, 'Replay', async () => {
        await api('POST', '/api/ops/dead-letters/' + encodeURIComponent(l.flow) + '/' + l.deadLetterId + '/replay', { reason: 'from the console' });
        await showLetters();
        notice('Replayed ' + l.deadLetterId);
      }, 'replay');
    }
    if (me.operator) {
      button(row, 'Discard', async () => {
        const reason = prompt('Why discard this letter?');
        if (!reason) { return; }
        await api('POST', '/api/ops/dead-letters/' + encodeURIComponent(l.flow) + '/' + l.deadLetterId + '/discard', { reason });
        await showLetters();
        notice('Discarded ' + l.deadLetterId);
      });
    }
    body.appendChild(row);
  }
  notice(page.items.length + ' of ' + page.total + ' dead letter(s)');
}

let shownLetter = null;

async function showLetter(flow, id) {
  const letter = await api('GET', '/api/ops/dead-letters/' + encodeURIComponent(flow) + '/' + id);
  shownLetter = { flow, id };
  $('detail-id').textContent = id;
  $('detail-json').textContent = JSON.stringify(letter, null, 2);
  $('letter-detail').hidden = false;
}

async function proposeEdit() {
  const patch = JSON.parse($('edit-patch').value);
  const edit = await api('POST', '/api/ops/dead-letters/' + encodeURIComponent(shownLetter.flow) + '/' + shownLetter.id + '/edits',
    { patch, reason: $('edit-reason').value });
  notice('Edit ' + edit.id + ' waits for approval by someone else');
}

async function replayAll() {
  const params = letterQuery();
  const filter = {};
  for (const [k, v] of params) { filter[k] = v; }
  if (!confirm('Replay every dead letter matching this filter?')) { return; }
  let job = await api('POST', '/api/ops/dead-letters/replay', { filter, reason: 'from the console' });
  while (job.state === 'QUEUED' || job.state === 'RUNNING') {
    notice('Replaying: ' + job.replayed + '/' + job.total + ' (' + job.rate + '/s)');
    await new Promise(r => setTimeout(r, 1000));
    job = await api('GET', '/api/ops/replay-jobs/' + job.id);
  }
  notice(job.state + ': ' + job.replayed + ' replayed, ' + job.failed + ' failed');
  await showLetters();
}

async function showEdits() {
  const edits = await api('GET', '/api/ops/edits');
  const body = $('edit-rows');
  body.replaceChildren();
  for (const e of edits) {
    const row = document.createElement('tr');
    cell(row, e.id);
    cell(row, e.deadLetterId);
    cell(row, e.editor);
    cell(row, e.reason);
    cell(row, JSON.stringify(e.patch));
    cell(row, e.state);
    cell(row, e.approver);
    if (me.approver && e.state === 'PENDING' && e.editor !== me.user) {
      button(row, 'Approve', async () => {
        await api('POST', '/api/ops/edits/' + e.id + '/approve', { comment: prompt('Comment?') || '' });
        await showEdits();
      });
      button(row, 'Reject', async () => {
        const reason = prompt('Why reject?');
        if (!reason) { return; }
        await api('POST', '/api/ops/edits/' + e.id + '/reject', { reason });
        await showEdits();
      });
    }
    body.appendChild(row);
  }
}

async function showAudit() {
  const entries = await api('GET', '/api/ops/audit?limit=200');
  const body = $('audit-rows');
  body.replaceChildren();
  for (const a of entries) {
    const row = document.createElement('tr');
    cell(row, a.seq); cell(row, a.at); cell(row, a.actor); cell(row, a.action); cell(row, a.target); cell(row, a.reason); cell(row, a.details);
    body.appendChild(row);
  }
}

async function verify() {
  const v = await api('GET', '/api/ops/audit/verify');
  $('verify-result').textContent = v.intact ? 'Intact: ' + v.rows + ' rows' : v.problems.map(p => p.problem).join('; ');
}

const views = { flows: showFlows, letters: showLetters, edits: showEdits, audit: showAudit };

async function open(view) {
  for (const section of document.querySelectorAll('.view')) { section.classList.toggle('active', section.id === view); }
  for (const tab of document.querySelectorAll('.tab')) { tab.classList.toggle('active', tab.dataset.view === view); }
  try { await views[view](); } catch (e) { notice(e.message, true); }
}

async function start() {
  me = await api('GET', '/api/ops/me');
  $('me').textContent = me.user + ' (' + me.roles.join(', ') + ')';
  $('logout-csrf').value = me.csrfToken;
  for (const tab of document.querySelectorAll('.tab')) { tab.addEventListener('click', () => open(tab.dataset.view)); }
  $('letter-filter').addEventListener('submit', e => { e.preventDefault(); showLetters().catch(err => notice(err.message, true)); });
  $('replay-all').addEventListener('click', () => replayAll().catch(e => notice(e.message, true)));
  $('edit-submit').addEventListener('click', () => proposeEdit().catch(e => notice(e.message, true)));
  $('verify').addEventListener('click', () => verify().catch(e => notice(e.message, true)));
  await open('flows');
}

start().catch(e => notice(e.message, true));
