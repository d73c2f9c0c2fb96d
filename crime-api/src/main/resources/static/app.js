// The Gotham crime data page: signs in with Keycloak (authorization code + PKCE S256, public client
// crime-web), then calls crime-api with the access token. Plain JavaScript, no framework, no build
// step, nothing loaded from elsewhere. Tokens live in sessionStorage: they survive a reload of this
// tab and go with it.
'use strict';

const STORAGE_TOKENS = 'gotham.tokens';
const STORAGE_LOGIN = 'gotham.login';
const REFRESH_MARGIN_MS = 30_000;
const PAGE_SIZE = 100;
const REPORT_FIELDS = ['type', 'date_time', 'location', 'suspect_name', 'description', 'latitude', 'longitude'];
const NUMBER_FIELDS = new Set(['latitude', 'longitude']);

/** The session ended (refresh refused or expired): the user has to sign in again. */
class SessionEnded extends Error {}

const el = (id) => document.getElementById(id);
let config = null; // {keycloakUrl, realm, clientId, pageUrl} from crime-api's /web-config
let crimesLoaded = 0;

// --- Keycloak: endpoints, PKCE, tokens ----------------------------------------------------------

function endpoint(name) {
    const base = config.keycloakUrl.replace(/\/+$/, '');
    return `${base}/realms/${encodeURIComponent(config.realm)}/protocol/openid-connect/${name}`;
}

/** This page's address without query or fragment: the redirect URI and the post-logout URI. */
function pageUrl() {
    return window.location.origin + window.location.pathname;
}

function base64Url(bytes) {
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomToken(byteCount = 32) {
    return base64Url(crypto.getRandomValues(new Uint8Array(byteCount)));
}

async function s256(text) {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
    return base64Url(new Uint8Array(digest));
}

/** The claims of a JWT, unverified: only used on tokens that came straight from the token endpoint. */
function claimsOf(jwt) {
    const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(payload.padEnd(payload.length + ((4 - (payload.length % 4)) % 4), '='));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
}

async function signIn() {
    if (!window.crypto || !crypto.subtle) {
        showError('Signing in needs a secure page: open it over https or as http://localhost.');
        return;
    }
    const login = { verifier: randomToken(48), state: randomToken(), nonce: randomToken(), redirectUri: pageUrl() };
    sessionStorage.setItem(STORAGE_LOGIN, JSON.stringify(login));
    const params = new URLSearchParams({
        client_id: config.clientId,
        response_type: 'code',
        scope: 'openid',
        redirect_uri: login.redirectUri,
        state: login.state,
        nonce: login.nonce,
        code_challenge: await s256(login.verifier),
        code_challenge_method: 'S256',
    });
    window.location.assign(`${endpoint('auth')}?${params}`);
}

/** Finishes a sign-in if Keycloak just redirected back here with a code (or an error). */
async function completeSignIn() {
    const query = new URLSearchParams(window.location.search);
    if (!query.has('code') && !query.has('error')) return;
    const login = JSON.parse(sessionStorage.getItem(STORAGE_LOGIN) || 'null');
    sessionStorage.removeItem(STORAGE_LOGIN);
    window.history.replaceState(null, '', pageUrl());
    if (query.has('error')) {
        throw new Error(`Sign-in did not finish: ${query.get('error_description') || query.get('error')}.`);
    }
    if (!login || query.get('state') !== login.state) {
        throw new Error('That sign-in answer does not belong to this page: please sign in again.');
    }
    const tokens = await tokenRequest({
        grant_type: 'authorization_code',
        client_id: config.clientId,
        code: query.get('code'),
        redirect_uri: login.redirectUri,
        code_verifier: login.verifier,
    });
    if (!tokens.id_token || claimsOf(tokens.id_token).nonce !== login.nonce) {
        throw new Error('The sign-in answer failed its nonce check: please sign in again.');
    }
    saveTokens(tokens);
}

async function tokenRequest(form) {
    const response = await fetch(endpoint('token'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
        const error = new Error(body.error_description || body.error || `Keycloak answered ${response.status}`);
        error.code = body.error;
        throw error;
    }
    return body;
}

function saveTokens(answer, previous = {}) {
    const now = Date.now();
    const tokens = {
        accessToken: answer.access_token,
        refreshToken: answer.refresh_token || previous.refreshToken,
        idToken: answer.id_token || previous.idToken,
        expiresAt: now + answer.expires_in * 1000,
        refreshExpiresAt: answer.refresh_expires_in ? now + answer.refresh_expires_in * 1000 : null,
    };
    sessionStorage.setItem(STORAGE_TOKENS, JSON.stringify(tokens));
    return tokens;
}

function loadTokens() {
    return JSON.parse(sessionStorage.getItem(STORAGE_TOKENS) || 'null');
}

function forgetTokens() {
    sessionStorage.removeItem(STORAGE_TOKENS);
}

/** A current access token: refreshed when it is about to expire (or when forced after a 401). */
async function accessToken(forceRefresh = false) {
    const tokens = loadTokens();
    if (!tokens) throw new SessionEnded('You are signed out.');
    if (!forceRefresh && tokens.expiresAt - Date.now() > REFRESH_MARGIN_MS) return tokens.accessToken;
    if (!tokens.refreshToken || (tokens.refreshExpiresAt && tokens.refreshExpiresAt <= Date.now())) {
        forgetTokens();
        throw new SessionEnded('Your session has ended: sign in again.');
    }
    try {
        const answer = await tokenRequest({
            grant_type: 'refresh_token',
            client_id: config.clientId,
            refresh_token: tokens.refreshToken,
        });
        return saveTokens(answer, tokens).accessToken;
    } catch (error) {
        if (error.code) { // Keycloak refused the refresh token (invalid_grant): the session is over
            forgetTokens();
            throw new SessionEnded('Your session has ended: sign in again.');
        }
        throw error;
    }
}

function signOut() {
    const tokens = loadTokens();
    forgetTokens();
    const params = new URLSearchParams({ client_id: config.clientId, post_logout_redirect_uri: pageUrl() });
    if (tokens && tokens.idToken) params.set('id_token_hint', tokens.idToken);
    window.location.assign(`${endpoint('logout')}?${params}`);
}

// --- crime-api ------------------------------------------------------------------------------------

/** Calls crime-api with the access token; after a 401 it refreshes once and tries again. */
async function api(path, { method = 'GET', body } = {}) {
    for (let attempt = 0; ; attempt++) {
        const headers = { Accept: 'application/json, application/problem+json' };
        if (body !== undefined) headers['Content-Type'] = 'application/json';
        headers.Authorization = `Bearer ${await accessToken(attempt > 0)}`;
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const response = await fetch(path, { method, headers, body: payload });
        if (response.status !== 401) return response;
        if (attempt > 0) {
            forgetTokens();
            throw new SessionEnded('crime-api no longer accepts your sign-in: sign in again.');
        }
    }
}

async function problemText(response) {
    const problem = await response.json().catch(() => ({}));
    return problem.detail || problem.title || `crime-api answered ${response.status}`;
}

async function loadMe() {
    const response = await api('users/me');
    if (!response.ok) throw new Error(`Could not read who you are: ${await problemText(response)}.`);
    return response.json();
}

async function loadCrimes(reset) {
    const tbody = el('crimes').tBodies[0];
    if (reset) {
        tbody.replaceChildren();
        crimesLoaded = 0;
    }
    const response = await api(`crimes?skip=${crimesLoaded}&limit=${PAGE_SIZE}`);
    if (!response.ok) throw new Error(`Could not load the crimes: ${await problemText(response)}.`);
    const crimes = await response.json();
    for (const crime of crimes) tbody.append(crimeRow(crime));
    crimesLoaded += crimes.length;
    el('crimes-empty').hidden = crimesLoaded > 0;
    el('more-crimes').hidden = crimes.length < PAGE_SIZE;
}

function crimeRow(crime) {
    const row = document.createElement('tr');
    row.dataset.id = String(crime.id);
    const coordinates = crime.latitude != null && crime.longitude != null ? `${crime.latitude}, ${crime.longitude}` : null;
    const values = [crime.id, crime.type, null, crime.location, crime.suspect_name, crime.description, coordinates];
    values.forEach((value, index) => {
        const cell = document.createElement(index === 0 ? 'th' : 'td');
        if (index === 0) cell.scope = 'row';
        if (index === 2 && crime.date_time) {
            const time = document.createElement('time');
            time.dateTime = crime.date_time;
            time.textContent = crime.date_time.replace('T', ' ');
            cell.append(time);
        } else {
            cell.textContent = value == null || value === '' ? '—' : String(value);
            if (value == null || value === '') cell.classList.add('none');
        }
        row.append(cell);
    });
    return row;
}

// --- The report form --------------------------------------------------------------------------------

function fieldInput(field) {
    return el(`report-${field}`);
}

function setFieldError(field, message) {
    const error = el(`report-${field}-error`);
    error.textContent = message;
    error.hidden = false;
    fieldInput(field).setAttribute('aria-invalid', 'true');
}

function clearFieldErrors() {
    for (const field of REPORT_FIELDS) {
        el(`report-${field}-error`).hidden = true;
        fieldInput(field).removeAttribute('aria-invalid');
    }
    el('report-result').textContent = '';
}

function focusFirstInvalid() {
    const first = REPORT_FIELDS.map(fieldInput).find((input) => input.getAttribute('aria-invalid') === 'true');
    if (first) first.focus();
}

/** The form as a crime: only the fields filled in, numbers as numbers. */
function formCrime() {
    const crime = {};
    let valid = true;
    for (const field of REPORT_FIELDS) {
        const input = fieldInput(field);
        if (input.validity.badInput) {
            setFieldError(field, 'Enter a number.');
            valid = false;
            continue;
        }
        const value = input.value.trim();
        if (value !== '') crime[field] = NUMBER_FIELDS.has(field) ? Number(value) : value;
    }
    return valid ? crime : null;
}

async function reportCrime(event) {
    event.preventDefault();
    clearFieldErrors();
    const crime = formCrime();
    if (!crime) {
        focusFirstInvalid();
        return;
    }
    const submit = el('report-submit');
    const result = el('report-result');
    submit.disabled = true;
    try {
        const response = await api('crimes', { method: 'POST', body: crime });
        if (response.status === 201) {
            const created = await response.json();
            el('report-form').reset();
            result.textContent = `Crime #${created.id} reported.`;
            if (el('more-crimes').hidden) { // every crime is on the page: add the new one at the end
                el('crimes').tBodies[0].append(crimeRow(created));
                crimesLoaded += 1;
                el('crimes-empty').hidden = true;
            }
        } else if (response.status === 400) {
            showProblem(await response.json().catch(() => ({})));
        } else if (response.status === 403) {
            result.textContent = 'You may not report crimes: that needs the editor role.';
        } else {
            result.textContent = `The crime was not reported: ${await problemText(response)}.`;
        }
    } catch (error) {
        handle(error);
    } finally {
        submit.disabled = false;
    }
}

/** A 400's problem body: its field errors beside their fields, anything else in the result line. */
function showProblem(problem) {
    const unplaced = [];
    let placed = 0;
    for (const entry of Array.isArray(problem.errors) ? problem.errors : []) {
        if (REPORT_FIELDS.includes(entry.field)) {
            setFieldError(entry.field, entry.message);
            placed += 1;
        } else {
            unplaced.push(entry.field ? `${entry.field}: ${entry.message}` : entry.message);
        }
    }
    let summary = unplaced.join('; ');
    if (!summary) summary = placed ? 'Please correct the marked fields.' : (problem.detail || 'crime-api refused it.');
    el('report-result').textContent = `The crime was not reported. ${summary}`;
    focusFirstInvalid();
}

// --- Page states ----------------------------------------------------------------------------------

function showError(message) {
    el('error').textContent = message;
    el('error').hidden = !message;
}

function setStatus(message) {
    el('status').textContent = message;
    el('status').hidden = !message;
}

function showSignedOut(message = '') {
    el('sign-in').hidden = false;
    el('sign-out').hidden = true;
    el('signed-in-as').hidden = true;
    el('welcome').hidden = false;
    el('crimes-section').hidden = true;
    el('report-section').hidden = true;
    setStatus(message);
}

async function showSignedIn() {
    setStatus('Loading your crimes…');
    const me = await loadMe();
    el('user-name').textContent = me.username || me.subject || 'unknown user';
    el('user-roles').textContent = me.roles && me.roles.length ? me.roles.join(', ') : 'none';
    el('sign-in').hidden = true;
    el('sign-out').hidden = false;
    el('signed-in-as').hidden = false;
    el('welcome').hidden = true;
    el('report-section').hidden = !(me.roles || []).includes('editor');
    el('crimes-section').hidden = false;
    await loadCrimes(true);
    setStatus('');
}

function handle(error) {
    if (error instanceof SessionEnded) {
        showSignedOut(error.message);
    } else {
        showError(error.message || String(error));
        setStatus('');
    }
}

/**
 * Keycloak accepts only the page's public URL as a redirect URI: opened under another address of the
 * same server (http://127.0.0.1:8081 for http://localhost:8081, say), the page goes there first, so that
 * signing in works wherever a person opened it. True if the browser is on its way.
 */
function movedToPublicUrl() {
    if (!config.pageUrl) return false;
    const target = new URL(config.pageUrl);
    if (target.origin === window.location.origin) return false;
    window.location.replace(target.origin + window.location.pathname + window.location.search + window.location.hash);
    return true;
}

async function start() {
    el('sign-in').addEventListener('click', () => signIn().catch(handle));
    el('sign-out').addEventListener('click', signOut);
    el('more-crimes').addEventListener('click', () => loadCrimes(false).catch(handle));
    el('report-form').addEventListener('submit', reportCrime);
    try {
        const response = await fetch('web-config', { headers: { Accept: 'application/json' } });
        if (!response.ok) throw new Error(`crime-api did not give its sign-in settings (${response.status}).`);
        config = await response.json();
        if (movedToPublicUrl()) return;
        await completeSignIn();
        if (loadTokens()) await showSignedIn();
        else showSignedOut();
    } catch (error) {
        handle(error);
        if (config && !loadTokens()) showSignedOut();
    }
}

start();
