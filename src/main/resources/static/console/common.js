// What every console page shares: the caller, notices, API calls with the session's CSRF token, table cells.
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
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
  if (!response.ok) {
    throw new Error((data && data.error) || response.status + ' ' + response.statusText);
  }
  return data;
}

// Runs an action from a button, showing its error instead of losing it.
function guarded(action) {
  return async () => {
    try { await action(); } catch (e) { notice(e.message, true); }
  };
}

function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text === null || text === undefined ? '' : String(text);
  row.appendChild(td);
  return td;
}
