// The Rabta console: plain JavaScript over the ops API, with the session's CSRF token on every change.
'use strict';

function button(row, label, action, testId) {
  const td = document.createElement('td');
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  if (testId) { b.dataset.test = testId; }
  b.addEventListener('click', guarded(action));
  td.appendChild(b);
  row.appendChild(td);
  return b;
}

// The reason typed for the next action (null when none); an action that needs one refuses to go on without it.
function reason(required, what) {
  const text = $('reason').value.trim();
  if (required && !text) {
    throw new Error(what + ' needs a reason: write it in the Reason field above');
  }
  return text || null;
}

function pathOf(flow, id) {
  return '/api/ops/dead-letters/' + encodeURIComponent(flow) + '/' + encodeURIComponent(id);
}

// ---- Flows

async function showFlows() {
  const flows = await api('GET', '/api/ops/flows');
  const body = $('flow-rows');
  body.replaceChildren();
  for (const f of flows) {
    const row = document.createElement('tr');
    row.dataset.flow = f.flow;
    cell(row, f.flow);
    const state = cell(row, f.state);
    state.className = 'state-' + f.state;
    state.dataset.test = 'state';
    cell(row, f.captured);
    cell(row, f.delivered).dataset.test = 'delivered';
    cell(row, f.deadLetters);
    cell(row, f.waiting).dataset.test = 'waiting';
    cell(row, f.deliveredPerSecond);
    cell(row, f.lagSeconds === null ? '-' : f.lagSeconds).dataset.test = 'lag';
    cell(row, f.lastError);
    if (me.operator) {
      const paused = f.state === 'PAUSED';
      button(row, paused ? 'Resume' : 'Pause', async () => {
        await api('POST', '/api/ops/flows/' + encodeURIComponent(f.flow) + (paused ? '/resume' : '/pause'), { reason: reason(false) });
        await showFlows();
        notice((paused ? 'Resumed ' : 'Paused ') + f.flow);
      }, paused ? 'resume' : 'pause');
    }
    body.appendChild(row);
  }
}

// ---- Dead letters

let letterOffset = 0;
let shownPage = { total: 0, items: [] };

function letterQuery() {
  const params = new URLSearchParams();
  for (const input of $('letter-filter').querySelectorAll('input')) {
    if (input.value.trim()) { params.set(input.name, input.value.trim()); }
  }
  return params;
}

function letterFilter() {
  const filter = {};
  for (const [k, v] of letterQuery()) { filter[k] = v; }
  return filter;
}

function pageSize() {
  const size = parseInt($('page-size').value, 10);
  return size >= 1 && size <= 1000 ? size : 50;
}

function showExportLinks() {
  const query = letterQuery().toString();
  $('export-json').href = '/api/ops/dead-letters/export?format=json' + (query ? '&' + query : '');
  $('export-csv').href = '/api/ops/dead-letters/export?format=csv' + (query ? '&' + query : '');
}

async function showLetters() {
  const params = letterQuery();
  params.set('offset', letterOffset);
  params.set('limit', pageSize());
  const page = await api('GET', '/api/ops/dead-letters?' + params.toString());
  if (page.items.length === 0 && letterOffset > 0 && page.total > 0) {
    // The page emptied (its letters were replayed or discarded): show the last page there is.
    letterOffset = Math.max(0, Math.floor((page.total - 1) / pageSize()) * pageSize());
    return showLetters();
  }
  shownPage = page;
  showExportLinks();
  $('select-all').checked = false;
  const body = $('letter-rows');
  body.replaceChildren();
  for (const l of page.items) {
    const row = document.createElement('tr');
    row.dataset.id = l.deadLetterId;
    const pick = document.createElement('td');
    if (me.operator && l.replayable) {
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.value = l.deadLetterId;
      box.dataset.test = 'pick';
      pick.appendChild(box);
    }
    row.appendChild(pick);
    const idCell = cell(row, l.deadLetterId);
    idCell.className = 'link';
    idCell.dataset.test = 'open';
    idCell.addEventListener('click', () => showLetter(l.flow, l.deadLetterId).catch(e => notice(e.message, true)));
    cell(row, l.flow);
    cell(row, l.reason);
    cell(row, l.entityKey);
    cell(row, l.lastFailedAt);
    cell(row, l.message);
    if (me.operator && l.replayable) {
      button(row, 'Replay', async () => {
        await api('POST', pathOf(l.flow, l.deadLetterId) + '/replay', { reason: reason(false) || 'from the console' });
        await showLetters();
        notice('Replayed ' + l.deadLetterId);
      }, 'replay');
    } else {
      cell(row, '');
    }
    if (me.operator) {
      button(row, 'Discard', async () => {
        const why = reason(true, 'A discard');
        if (!confirm('Discard dead letter ' + l.deadLetterId + '? It will not be delivered.')) { return; }
        await api('POST', pathOf(l.flow, l.deadLetterId) + '/discard', { reason: why });
        await showLetters();
        notice('Discarded ' + l.deadLetterId);
      }, 'discard');
    }
    body.appendChild(row);
  }
  const first = page.items.length ? letterOffset + 1 : 0;
  $('page-info').textContent = first + '–' + (letterOffset + page.items.length) + ' of ' + page.total;
  $('page-previous').disabled = letterOffset === 0;
  $('page-next').disabled = letterOffset + page.items.length >= page.total;
  notice(page.items.length + ' of ' + page.total + ' dead letter(s)');
}

let shownLetter = null;

async function showLetter(flow, id) {
  const letter = await api('GET', pathOf(flow, id));
  shownLetter = { flow, id };
  $('detail-id').textContent = id;
  $('detail-json').textContent = JSON.stringify(letter, null, 2);
  $('letter-detail').hidden = false;
}

async function proposeEdit() {
  let patch;
  try { patch = JSON.parse($('edit-patch').value); } catch (e) { throw new Error('The patch is not JSON: ' + e.message); }
  const edit = await api('POST', pathOf(shownLetter.flow, shownLetter.id) + '/edits', { patch, reason: $('edit-reason').value });
  notice('Edit ' + edit.id + ' waits for approval by someone else');
}

function replayRate() {
  const text = $('replay-rate').value.trim();
  if (!text) { return null; }
  const rate = Number(text);
  if (!(rate >= 0)) { throw new Error('The rate is a number of messages per second, 0 for no limit'); }
  return rate;
}

let followedJob = null;

// Shows a bulk replay's progress until it ends, then the letters that are left.
async function follow(job) {
  followedJob = job.id;
  $('job-progress').hidden = false;
  $('job-cancel').hidden = !me.operator;
  while (true) {
    $('job-bar').max = Math.max(1, job.total);
    $('job-bar').value = job.replayed + job.failed;
    const line = job.state + ': ' + job.replayed + ' of ' + job.total + ' replayed, ' + job.failed + ' failed'
      + (job.notReplayable ? ', ' + job.notReplayable + ' not replayable' : '') + ' (' + job.rate + ' messages/s)';
    $('job-status').textContent = line;
    if (job.state !== 'QUEUED' && job.state !== 'RUNNING') {
      $('job-cancel').hidden = true;
      notice(line);
      break;
    }
    await new Promise(r => setTimeout(r, 500));
    job = await api('GET', '/api/ops/replay-jobs/' + job.id);
  }
  followedJob = null;
  if (document.getElementById('letters').classList.contains('active')) {
    const ended = $('notice').textContent;
    await showLetters();
    notice(ended);
  }
}

async function replaySelected() {
  const ids = Array.from(document.querySelectorAll('#letter-rows input[data-test=pick]:checked')).map(box => box.value);
  if (ids.length === 0) { throw new Error('Tick the letters to replay first'); }
  const job = await api('POST', '/api/ops/dead-letters/replay', { filter: { ids }, ratePerSecond: replayRate(), reason: reason(false) });
  await follow(job);
}

async function replayAll() {
  const filter = letterFilter();
  const rate = replayRate();
  if (!confirm('Replay every one of the ' + shownPage.total + ' dead letter(s) matching this filter?')) { return; }
  const job = await api('POST', '/api/ops/dead-letters/replay', { filter, ratePerSecond: rate, reason: reason(false) });
  await follow(job);
}

async function cancelJob(id) {
  const job = await api('POST', '/api/ops/replay-jobs/' + id + '/cancel', { reason: reason(false) });
  notice('Cancelling replay job ' + job.id + ' after ' + job.replayed + ' of ' + job.total);
}

async function purge() {
  const age = $('purge-age').value.trim();
  if (!confirm('Purge the payload of every dead letter that last failed more than ' + age + ' ago? They cannot be replayed afterwards.')) { return; }
  const outcome = await api('POST', '/api/ops/retention/purge?olderThan=' + encodeURIComponent(age));
  await showLetters();
  notice('Purged the payload of ' + outcome.purged + ' letter(s) that last failed before ' + outcome.cutoff);
}

// ---- Replay jobs

async function showJobs() {
  const jobs = await api('GET', '/api/ops/replay-jobs');
  const body = $('job-rows');
  body.replaceChildren();
  for (const j of jobs) {
    const row = document.createElement('tr');
    row.dataset.job = j.id;
    cell(row, j.id); cell(row, j.state).dataset.test = 'state'; cell(row, j.requestedBy);
    cell(row, j.replayed); cell(row, j.total); cell(row, j.failed); cell(row, j.rate); cell(row, j.startedAt); cell(row, j.finishedAt);
    if (me.operator && (j.state === 'QUEUED' || j.state === 'RUNNING')) {
      button(row, 'Cancel', async () => { await cancelJob(j.id); await showJobs(); }, 'cancel');
    }
    body.appendChild(row);
  }
  notice(jobs.length + ' replay job(s) since the bus started');
}

// ---- Edits

async function showEdits() {
  const edits = await api('GET', '/api/ops/edits');
  const body = $('edit-rows');
  body.replaceChildren();
  for (const e of edits) {
    const row = document.createElement('tr');
    row.dataset.edit = e.id;
    cell(row, e.id);
    cell(row, e.deadLetterId);
    cell(row, e.editor);
    cell(row, e.reason);
    cell(row, JSON.stringify(e.patch));
    cell(row, e.state).dataset.test = 'state';
    cell(row, e.approver);
    if (me.approver && e.state === 'PENDING' && e.editor !== me.user) {
      button(row, 'Approve', async () => {
        await api('POST', '/api/ops/edits/' + e.id + '/approve', { comment: reason(false) });
        await showEdits();
        notice('Approved edit ' + e.id + '; the edited record is replayed');
      }, 'approve');
      button(row, 'Reject', async () => {
        const why = reason(true, 'A rejection');
        await api('POST', '/api/ops/edits/' + e.id + '/reject', { reason: why });
        await showEdits();
        notice('Rejected edit ' + e.id);
      }, 'reject');
    }
    body.appendChild(row);
  }
}

// ---- Parked entities

async function showParked() {
  const parked = await api('GET', '/api/ops/parked');
  const body = $('parked-rows');
  body.replaceChildren();
  for (const p of parked) {
    const row = document.createElement('tr');
    cell(row, p.flow); cell(row, p.entityKey); cell(row, p.deadLetterId); cell(row, p.held); cell(row, p.parkedAt);
    body.appendChild(row);
  }
  notice(parked.length + ' entit' + (parked.length === 1 ? 'y waits' : 'ies wait') + ' behind a dead letter');
}

// ---- Audit

async function showAudit() {
  const params = new URLSearchParams({ limit: '200' });
  for (const input of $('audit-filter').querySelectorAll('input')) {
    if (input.value.trim()) { params.set(input.name, input.value.trim()); }
  }
  const entries = await api('GET', '/api/ops/audit?' + params.toString());
  const body = $('audit-rows');
  body.replaceChildren();
  for (const a of entries) {
    const row = document.createElement('tr');
    row.dataset.seq = a.seq;
    cell(row, a.seq); cell(row, a.at); cell(row, a.actor); cell(row, a.action).dataset.test = 'action'; cell(row, a.target);
    cell(row, a.reason); cell(row, a.details);
    body.appendChild(row);
  }
}

async function verify() {
  const v = await api('GET', '/api/ops/audit/verify');
  $('verify-result').textContent = v.intact ? 'Intact: ' + v.rows + ' rows' : v.problems.map(p => p.problem).join('; ');
}

const views = { flows: showFlows, letters: showLetters, jobs: showJobs, edits: showEdits, parked: showParked, audit: showAudit };

async function open(view) {
  for (const section of document.querySelectorAll('.view')) { section.classList.toggle('active', section.id === view); }
  for (const tab of document.querySelectorAll('.tab')) { tab.classList.toggle('active', tab.dataset.view === view); }
  try { await views[view](); } catch (e) { notice(e.message, true); }
}

async function start() {
  me = await api('GET', '/api/ops/me');
  $('me').textContent = me.user + ' (' + me.roles.join(', ') + ')';
  $('logout-csrf').value = me.csrfToken;
  for (const element of document.querySelectorAll('.for-operator')) { element.hidden = !me.operator; }
  for (const element of document.querySelectorAll('.for-actor')) { element.hidden = !(me.operator || me.approver); }
  $('purge-box').hidden = !me.admin;
  for (const tab of document.querySelectorAll('.tab')) { tab.addEventListener('click', () => open(tab.dataset.view)); }
  $('letter-filter').addEventListener('submit', e => {
    e.preventDefault();
    letterOffset = 0;
    showLetters().catch(err => notice(err.message, true));
  });
  $('letter-filter').addEventListener('input', showExportLinks);
  $('page-previous').addEventListener('click', guarded(async () => { letterOffset = Math.max(0, letterOffset - pageSize()); await showLetters(); }));
  $('page-next').addEventListener('click', guarded(async () => { letterOffset += pageSize(); await showLetters(); }));
  $('page-size').addEventListener('change', guarded(async () => { letterOffset = 0; await showLetters(); }));
  $('select-all').addEventListener('change', () => {
    for (const box of document.querySelectorAll('#letter-rows input[data-test=pick]')) { box.checked = $('select-all').checked; }
  });
  $('replay-selected').addEventListener('click', guarded(replaySelected));
  $('replay-all').addEventListener('click', guarded(replayAll));
  $('job-cancel').addEventListener('click', guarded(() => cancelJob(followedJob)));
  $('purge').addEventListener('click', guarded(purge));
  $('edit-submit').addEventListener('click', guarded(proposeEdit));
  $('audit-filter').addEventListener('submit', e => { e.preventDefault(); showAudit().catch(err => notice(err.message, true)); });
  $('verify').addEventListener('click', guarded(verify));
  showExportLinks();
  await open('flows');
}

start().catch(e => notice(e.message, true));
