// dchat web page: sign-in, rooms, messages, presence and typing, over the
// JSON API and the /ws event socket of dchat-ui (docs/web-api.md).
//
// All user-supplied text is put on the page with textContent, never as
// markup, so a message such as "<script>" shows as typed.
'use strict';

const HISTORY_PAGE = 50;
const TYPING_SEND_INTERVAL_MS = 3000;
const TYPING_SHOW_MS = 5000;
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 15000;
// The gateway sends no event when someone creates a room, so the room list
// is reloaded this often while the page is visible, and when the window
// gets focus, but not more often than ROOM_LIST_MIN_INTERVAL_MS.
const ROOM_LIST_REFRESH_MS = 30000;
const ROOM_LIST_MIN_INTERVAL_MS = 5000;

const state = {
  me: null,
  csrf: '',
  joined: [],
  visible: [],
  current: '',
  // Per room: Map of seq -> message, plus paging facts.
  rooms: new Map(),
  // user_id -> username, learned from rosters, messages and presence.
  usernames: new Map(),
  socket: null,
  socketLive: false,
  reconnectDelay: RECONNECT_MIN_MS,
  reconnectTimer: 0,
  lastTypingSent: 0,
  rosterTimer: 0,
  roomsLoadedAt: 0,
  roomsLoading: null,
  signedIn: false,
};

const $ = (id) => document.getElementById(id);

// ---- HTTP ----------------------------------------------------------------

class ApiError extends Error {
  constructor(message, status, code) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function api(method, path, body) {
  const headers = {};
  if (method !== 'GET') headers['X-CSRF-Token'] = state.csrf;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (error) {
    throw new ApiError('Cannot reach the server. Check your connection.', 0, 'UNAVAILABLE');
  }
  if (response.status === 204) return null;
  let data = null;
  try {
    data = await response.json();
  } catch (error) {
    data = null;
  }
  if (!response.ok) {
    const message = data && data.error ? data.error.message : `Request failed (${response.status})`;
    const code = data && data.error ? data.error.code : '';
    if (response.status === 401 && state.signedIn) signedOut('Your session ended. Please sign in again.');
    throw new ApiError(message, response.status, code);
  }
  return data;
}

function roomPath(roomId, action) {
  return `/api/rooms/${encodeURIComponent(roomId)}/${action}`;
}

function newIdempotencyKey() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// ---- Errors and status -----------------------------------------------------

let chatErrorTimer = 0;
function showChatError(message) {
  $('chat-error').textContent = message;
  clearTimeout(chatErrorTimer);
  chatErrorTimer = setTimeout(() => { $('chat-error').textContent = ''; }, 8000);
}

function showBanner(text) {
  const banner = $('banner');
  banner.textContent = text;
  banner.hidden = !text;
}

function setConnection(status) {
  const dot = $('connection');
  dot.className = `connection ${status}`;
  dot.title = status === 'live' ? 'Connected' : status === 'down' ? 'Reconnecting' : 'Connecting';
}

// ---- Sign-in -------------------------------------------------------------

function showAuth(message) {
  $('chat-view').hidden = true;
  $('auth-view').hidden = false;
  $('auth-error').textContent = message || '';
  $('auth-username').focus();
}

function readCredentials() {
  const username = $('auth-username').value.trim();
  const password = $('auth-password').value;
  if (!username || !password) {
    $('auth-error').textContent = 'Enter a username and a password.';
    return null;
  }
  return { username, password };
}

async function signIn(credentials) {
  const session = await api('POST', '/api/login', credentials);
  await enterChat(session);
}

async function onLogin(event) {
  event.preventDefault();
  const credentials = readCredentials();
  if (!credentials) return;
  setAuthBusy(true);
  try {
    await signIn(credentials);
  } catch (error) {
    $('auth-error').textContent = error.status === 401
      ? 'Wrong username or password.'
      : error.message;
  } finally {
    setAuthBusy(false);
  }
}

async function onRegister() {
  const credentials = readCredentials();
  if (!credentials) return;
  setAuthBusy(true);
  try {
    await api('POST', '/api/register', credentials);
    await signIn(credentials);
  } catch (error) {
    $('auth-error').textContent = error.status === 409
      ? 'That username is taken. Choose another or sign in.'
      : error.message;
  } finally {
    setAuthBusy(false);
  }
}

function setAuthBusy(busy) {
  $('login-button').disabled = busy;
  $('register-button').disabled = busy;
}

async function onLogout() {
  try {
    await api('POST', '/api/logout');
  } catch (error) {
    // Signed out on the server already, or unreachable: leave the page anyway.
  }
  signedOut('');
}

function signedOut(message) {
  state.signedIn = false;
  closeSocket();
  state.rooms.clear();
  state.current = '';
  $('message-list').replaceChildren();
  showAuth(message);
}

// ---- Chat start -------------------------------------------------------------

async function enterChat(session) {
  state.me = session.user;
  state.csrf = session.csrf_token;
  state.signedIn = true;
  state.usernames.set(session.user.user_id, session.user.username);
  $('auth-password').value = '';
  $('auth-view').hidden = true;
  $('chat-view').hidden = false;
  $('me').textContent = session.user.username;

  await loadRooms();
  if (!state.joined.some((room) => room.room_id === 'general')) {
    try {
      await api('POST', roomPath('general', 'join'));
      await loadRooms();
    } catch (error) {
      // The server may have no "general" room; the page works without it.
    }
  }

  const saved = localStorage.getItem('dchat.room');
  const start = state.joined.find((room) => room.room_id === saved) ||
    state.joined.find((room) => room.room_id === 'general') || state.joined[0];
  if (start) await selectRoom(start.room_id);
  else renderRoomHeader();
  connectSocket();
}

// ---- Rooms ---------------------------------------------------------------

function roomState(roomId) {
  let room = state.rooms.get(roomId);
  if (!room) {
    room = { messages: new Map(), loaded: false, hasOlder: false, loadingOlder: false, unread: 0,
      typing: new Map() };
    state.rooms.set(roomId, room);
  }
  return room;
}

// Loads both room lists. A background refresh (quiet) shows no error,
// because the connection banner already shows when the server is unreachable.
async function loadRooms({ quiet = false } = {}) {
  state.roomsLoadedAt = Date.now();
  try {
    const [joined, visible] = await Promise.all([
      api('GET', '/api/rooms?scope=joined'),
      api('GET', '/api/rooms?scope=visible'),
    ]);
    state.joined = joined.rooms;
    state.visible = visible.rooms;
  } catch (error) {
    if (!quiet) showChatError(`Could not load rooms: ${error.message}`);
  }
  renderRooms();
}

// Reloads the room lists after a change made elsewhere: a room created by
// someone else, or joined or left in another tab. One load runs at a time.
// When the shown room has been left, the page moves to another.
async function refreshRooms() {
  if (!state.signedIn) return;
  if (state.roomsLoading) return state.roomsLoading;
  state.roomsLoading = (async () => {
    try {
      await loadRooms({ quiet: true });
      const stillJoined = state.joined.some((room) => room.room_id === state.current);
      if (state.signedIn && state.current && !stillJoined) {
        state.rooms.delete(state.current);
        await showNextRoom();
      }
    } finally {
      state.roomsLoading = null;
    }
  })();
  return state.roomsLoading;
}

function refreshRoomsWhenDue() {
  if (document.visibilityState !== 'visible') return;
  if (Date.now() - state.roomsLoadedAt < ROOM_LIST_MIN_INTERVAL_MS) return;
  refreshRooms();
}

function renderRooms() {
  const joinedIds = new Set(state.joined.map((room) => room.room_id));
  const joinedList = $('joined-rooms');
  joinedList.replaceChildren(...state.joined.map((room) => {
    const item = document.createElement('li');
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.room = room.room_id;
    if (room.room_id === state.current) button.className = 'current';
    const label = document.createElement('span');
    label.className = 'room-label';
    label.textContent = `# ${room.name}`;
    button.append(label);
    const unread = state.rooms.has(room.room_id) ? state.rooms.get(room.room_id).unread : 0;
    if (unread > 0 && room.room_id !== state.current) {
      const badge = document.createElement('span');
      badge.className = 'unread';
      badge.textContent = unread > 99 ? '99+' : String(unread);
      button.append(badge);
    }
    button.addEventListener('click', () => { selectRoom(room.room_id); closeSidebar(); });
    item.append(button);
    return item;
  }));

  const others = state.visible.filter((room) => !joinedIds.has(room.room_id));
  $('no-other-rooms').hidden = others.length > 0;
  $('other-rooms').replaceChildren(...others.map((room) => {
    const item = document.createElement('li');
    const label = document.createElement('span');
    label.className = 'room-label';
    label.textContent = `# ${room.name}`;
    label.title = room.topic;
    label.style.flex = '1';
    label.style.padding = '7px 10px';
    const join = document.createElement('button');
    join.type = 'button';
    join.className = 'join';
    join.textContent = 'Join';
    join.addEventListener('click', () => joinRoom(room.room_id));
    item.append(label, join);
    return item;
  }));
}

function currentRoomInfo() {
  return state.joined.find((room) => room.room_id === state.current) ||
    state.visible.find((room) => room.room_id === state.current);
}

function renderRoomHeader() {
  const info = currentRoomInfo();
  $('room-name').textContent = info ? `# ${info.name}` : 'No room yet';
  $('room-topic').textContent = info ? info.topic : 'Join or create a room to start.';
  $('composer-input').placeholder = info ? `Message # ${info.name}` : 'Join a room first';
  $('composer-input').disabled = !info;
  $('leave-button').hidden = !info;
  document.title = info ? `# ${info.name} · dchat` : 'dchat';
}

async function selectRoom(roomId) {
  state.current = roomId;
  localStorage.setItem('dchat.room', roomId);
  const room = roomState(roomId);
  room.unread = 0;
  renderRooms();
  renderRoomHeader();
  renderMessages({ stickToBottom: true });
  renderTyping();
  if (!room.loaded) await loadLatest(roomId);
  refreshRoster();
}

async function joinRoom(roomId) {
  try {
    await api('POST', roomPath(roomId, 'join'));
    await loadRooms();
    await selectRoom(roomId);
    closeSidebar();
  } catch (error) {
    showChatError(`Could not join the room: ${error.message}`);
  }
}

async function onLeave() {
  const roomId = state.current;
  if (!roomId) return;
  try {
    await api('POST', roomPath(roomId, 'leave'));
  } catch (error) {
    showChatError(`Could not leave the room: ${error.message}`);
    return;
  }
  state.rooms.delete(roomId);
  await loadRooms();
  await showNextRoom();
}

// Shows "general" or the first joined room after the shown one was left.
async function showNextRoom() {
  const next = state.joined.find((room) => room.room_id === 'general') || state.joined[0];
  state.current = '';
  $('message-list').replaceChildren();
  if (next) await selectRoom(next.room_id);
  else {
    renderRooms();
    renderRoomHeader();
    $('roster').replaceChildren();
  }
}

async function onCreateRoom(event) {
  event.preventDefault();
  const name = $('create-room-name').value.trim();
  if (!name) return;
  try {
    const created = await api('POST', '/api/rooms', {
      name,
      topic: $('create-room-topic').value.trim(),
      visibility: $('create-room-private').checked ? 'private' : 'public',
    });
    $('create-room-form').reset();
    await loadRooms();
    await selectRoom(created.room.room_id);
    closeSidebar();
    resumeSocket();
  } catch (error) {
    showChatError(`Could not create the room: ${error.message}`);
  }
}

// ---- Messages --------------------------------------------------------------

function addMessage(message) {
  const room = roomState(message.room_id);
  if (room.messages.has(message.seq)) return false;
  room.messages.set(message.seq, message);
  state.usernames.set(message.sender_id, message.sender_username);
  room.typing.delete(message.sender_id);
  return true;
}

// The page's cursor for a room: the newest sequence it holds. Pages of a
// loaded room are contiguous, and the server sends every later message.
function cursorOf(roomId) {
  const room = state.rooms.get(roomId);
  if (!room || !room.loaded) return null;
  let newest = room.lastSeq || 0;
  for (const seq of room.messages.keys()) newest = Math.max(newest, seq);
  return newest;
}

async function loadLatest(roomId) {
  const room = roomState(roomId);
  try {
    const page = await api('GET', `${roomPath(roomId, 'messages')}?limit=${HISTORY_PAGE}`);
    page.messages.forEach(addMessage);
    room.loaded = true;
    room.lastSeq = Math.max(room.lastSeq || 0, page.last_seq);
    room.hasOlder = page.has_more;
  } catch (error) {
    showChatError(`Could not load messages: ${error.message}`);
    return;
  }
  if (roomId === state.current) renderMessages({ stickToBottom: true });
  resumeSocket();
}

async function loadOlder() {
  const roomId = state.current;
  const room = roomState(roomId);
  if (!room.loaded || !room.hasOlder || room.loadingOlder || room.messages.size === 0) return;
  room.loadingOlder = true;
  $('history-status').textContent = 'Loading older messages…';
  const oldest = Math.min(...room.messages.keys());
  try {
    const page = await api('GET',
      `${roomPath(roomId, 'messages')}?before=${oldest}&limit=${HISTORY_PAGE}`);
    page.messages.forEach(addMessage);
    room.hasOlder = page.has_more;
  } catch (error) {
    showChatError(`Could not load older messages: ${error.message}`);
  } finally {
    room.loadingOlder = false;
  }
  if (roomId === state.current) renderMessages({ keepPosition: true });
}

function avatarColor(name) {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.codePointAt(0)) >>> 0;
  return `hsl(${hash % 360} 55% 45%)`;
}

function formatTime(microseconds) {
  const date = new Date(microseconds / 1000);
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function messageElement(message, previous) {
  const item = document.createElement('li');
  item.className = 'message';
  item.dataset.seq = String(message.seq);
  // Consecutive messages of one sender within five minutes share a header.
  if (previous && previous.sender_id === message.sender_id &&
      message.created_at_us - previous.created_at_us < 5 * 60 * 1e6) {
    item.classList.add('continued');
  }

  const avatar = document.createElement('div');
  avatar.className = 'avatar';
  avatar.style.background = avatarColor(message.sender_username);
  avatar.textContent = (message.sender_username || '?').slice(0, 1).toUpperCase();
  avatar.setAttribute('aria-hidden', 'true');

  const meta = document.createElement('div');
  meta.className = 'meta';
  const author = document.createElement('span');
  author.className = 'author';
  if (state.me && message.sender_id === state.me.user_id) author.classList.add('own');
  author.textContent = message.sender_username;
  const time = document.createElement('time');
  time.className = 'time';
  time.textContent = formatTime(message.created_at_us);
  time.dateTime = new Date(message.created_at_us / 1000).toISOString();
  meta.append(author, time);

  const body = document.createElement('div');
  body.className = 'body';
  body.textContent = message.text;

  item.append(avatar, meta, body);
  return item;
}

function renderMessages({ stickToBottom = false, keepPosition = false } = {}) {
  const scroller = $('messages');
  const nearBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
  const previousHeight = scroller.scrollHeight;
  const previousTop = scroller.scrollTop;

  const room = state.rooms.get(state.current);
  const messages = room ? Array.from(room.messages.values()).sort((a, b) => a.seq - b.seq) : [];
  const items = messages.map((message, index) => messageElement(message, messages[index - 1]));
  if (room && room.loaded && messages.length === 0) {
    const empty = document.createElement('li');
    empty.className = 'empty-room';
    empty.textContent = 'No messages yet. Say hello!';
    items.push(empty);
  }
  $('message-list').replaceChildren(...items);

  const status = $('history-status');
  if (!room || !room.loaded) status.textContent = room ? 'Loading…' : '';
  else if (room.hasOlder) status.textContent = 'Scroll up for older messages';
  else status.textContent = messages.length > 0 ? 'Start of the conversation' : '';

  if (keepPosition) scroller.scrollTop = previousTop + (scroller.scrollHeight - previousHeight);
  else if (stickToBottom || nearBottom) scroller.scrollTop = scroller.scrollHeight;
}

function onScroll() {
  if ($('messages').scrollTop < 80) loadOlder();
}

async function onSend(event) {
  event.preventDefault();
  const input = $('composer-input');
  const text = input.value;
  if (!text.trim() || !state.current) return;
  const roomId = state.current;
  input.value = '';
  // The message ends the typing notice on other pages, so the next
  // keystroke must be able to start a new one at once.
  state.lastTypingSent = 0;
  try {
    const sent = await api('POST', roomPath(roomId, 'messages'),
      { text, idempotency_key: newIdempotencyKey() });
    if (addMessage(sent.message) && roomId === state.current) {
      renderMessages({ stickToBottom: true });
    }
  } catch (error) {
    if (!input.value) input.value = text;
    showChatError(`Message not sent: ${error.message}`);
  }
}

// ---- Typing and roster ---------------------------------------------------

function onComposerInput() {
  const now = Date.now();
  if (!state.current || now - state.lastTypingSent < TYPING_SEND_INTERVAL_MS) return;
  if (!$('composer-input').value) return;
  state.lastTypingSent = now;
  api('POST', roomPath(state.current, 'typing')).catch(() => {});
}

function renderTyping() {
  const room = state.rooms.get(state.current);
  const now = Date.now();
  const names = [];
  if (room) {
    for (const [userId, until] of room.typing) {
      if (until <= now) room.typing.delete(userId);
      else if (!state.me || userId !== state.me.user_id) names.push(state.usernames.get(userId) || 'Someone');
    }
  }
  let text = '';
  if (names.length === 1) text = `${names[0]} is typing…`;
  else if (names.length === 2) text = `${names[0]} and ${names[1]} are typing…`;
  else if (names.length > 2) text = 'Several people are typing…';
  $('typing').textContent = text;
}

function onTyping(event) {
  const room = roomState(event.room_id);
  room.typing.set(event.user_id, Date.now() + TYPING_SHOW_MS);
  if (!state.usernames.has(event.user_id) && event.room_id === state.current) refreshRoster();
  if (event.room_id === state.current) renderTyping();
}

function refreshRoster() {
  clearTimeout(state.rosterTimer);
  state.rosterTimer = setTimeout(loadRoster, 150);
}

async function loadRoster() {
  const roomId = state.current;
  if (!roomId) return;
  let roster;
  try {
    roster = await api('GET', roomPath(roomId, 'roster'));
  } catch (error) {
    return;
  }
  if (roomId !== state.current) return;
  const entries = roster.entries.filter((entry) => entry.status !== 'offline');
  entries.sort((a, b) => a.username.localeCompare(b.username));
  $('roster').replaceChildren(...entries.map((entry) => {
    state.usernames.set(entry.user_id, entry.username);
    const item = document.createElement('li');
    const dot = document.createElement('span');
    dot.className = `status-dot ${entry.status}`;
    dot.title = entry.status;
    const name = document.createElement('span');
    name.textContent = entry.username;
    item.append(dot, name);
    if (entry.status === 'away') {
      const note = document.createElement('span');
      note.className = 'typing-note';
      note.textContent = 'away';
      item.append(note);
    }
    return item;
  }));
  renderTyping();
}

async function onPresenceChange() {
  try {
    await api('POST', '/api/presence', { status: $('presence-select').value });
    refreshRoster();
  } catch (error) {
    showChatError(`Could not change your status: ${error.message}`);
  }
}

// ---- Live events -----------------------------------------------------------

function socketUrl() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const params = new URLSearchParams();
  for (const roomId of state.rooms.keys()) {
    const cursor = cursorOf(roomId);
    if (cursor !== null) params.set(roomId, String(cursor));
  }
  const query = params.toString();
  return `${scheme}//${location.host}/ws${query ? `?${query}` : ''}`;
}

function connectSocket() {
  if (!state.signedIn || state.socket) return;
  clearTimeout(state.reconnectTimer);
  setConnection('connecting');
  const socket = new WebSocket(socketUrl());
  state.socket = socket;
  socket.addEventListener('message', (event) => onSocketMessage(event.data));
  socket.addEventListener('close', (event) => onSocketClose(socket, event));
}

function closeSocket() {
  clearTimeout(state.reconnectTimer);
  if (state.socket) {
    const socket = state.socket;
    state.socket = null;
    socket.close(1000, 'signed out');
  }
  state.socketLive = false;
  setConnection('connecting');
  showBanner('');
}

// Tells the server the cursors of rooms loaded since the socket opened.
function resumeSocket() {
  if (!state.socket || state.socket.readyState !== WebSocket.OPEN) return;
  const cursors = {};
  for (const roomId of state.rooms.keys()) {
    const cursor = cursorOf(roomId);
    if (cursor !== null) cursors[roomId] = cursor;
  }
  state.socket.send(JSON.stringify({ type: 'resume', cursors }));
}

function onSocketMessage(data) {
  let event;
  try {
    event = JSON.parse(data);
  } catch (error) {
    return;
  }
  switch (event.type) {
    case 'message':
      onLiveMessages(event.message.room_id, [event.message]);
      break;
    case 'backlog':
      onLiveMessages(event.room_id, event.messages);
      break;
    case 'typing':
      onTyping(event);
      break;
    case 'presence':
      if (event.presence.username) state.usernames.set(event.presence.user_id, event.presence.username);
      if (event.room_ids.includes(state.current)) refreshRoster();
      break;
    case 'membership':
      if (state.me && event.user_id === state.me.user_id) refreshRooms();
      if (event.room_id === state.current) refreshRoster();
      break;
    case 'ready':
      state.socketLive = true;
      state.reconnectDelay = RECONNECT_MIN_MS;
      setConnection('live');
      showBanner('');
      break;
    default:
      break;
  }
}

function onLiveMessages(roomId, messages) {
  let added = 0;
  for (const message of messages) {
    if (addMessage(message)) added += 1;
  }
  if (added === 0) return;
  if (roomId === state.current) {
    renderMessages();
    renderTyping();
  } else {
    const own = state.me && messages.every((message) => message.sender_id === state.me.user_id);
    if (!own) roomState(roomId).unread += added;
    renderRooms();
  }
}

async function onSocketClose(socket, event) {
  if (state.socket !== socket) return;
  state.socket = null;
  state.socketLive = false;
  setConnection('down');
  if (!state.signedIn) return;

  // 1008: the server ended the session. Confirm before leaving the page.
  if (event.code === 1008) {
    try {
      await api('GET', '/api/me');
    } catch (error) {
      if (error.status === 401) return;
    }
  }

  showBanner('Connection lost. Reconnecting…');
  const delay = state.reconnectDelay * (0.75 + Math.random() * 0.5);
  state.reconnectDelay = Math.min(state.reconnectDelay * 2, RECONNECT_MAX_MS);
  state.reconnectTimer = setTimeout(connectSocket, delay);
}

// ---- Small-screen sidebar ----------------------------------------------------

function openSidebar() {
  $('sidebar').classList.add('open');
  $('sidebar-backdrop').hidden = false;
  $('menu-button').setAttribute('aria-expanded', 'true');
}

function closeSidebar() {
  $('sidebar').classList.remove('open');
  $('sidebar-backdrop').hidden = true;
  $('menu-button').setAttribute('aria-expanded', 'false');
}

// ---- Start -------------------------------------------------------------------

async function start() {
  $('auth-form').addEventListener('submit', onLogin);
  $('register-button').addEventListener('click', onRegister);
  $('logout-button').addEventListener('click', onLogout);
  $('leave-button').addEventListener('click', onLeave);
  $('create-room-form').addEventListener('submit', onCreateRoom);
  $('composer').addEventListener('submit', onSend);
  $('composer-input').addEventListener('input', onComposerInput);
  $('messages').addEventListener('scroll', onScroll, { passive: true });
  $('presence-select').addEventListener('change', onPresenceChange);
  $('menu-button').addEventListener('click', () => {
    if ($('sidebar').classList.contains('open')) closeSidebar();
    else openSidebar();
  });
  $('sidebar-backdrop').addEventListener('click', closeSidebar);
  setInterval(renderTyping, 1000);
  setInterval(() => {
    if (state.signedIn && document.visibilityState === 'visible') refreshRooms();
  }, ROOM_LIST_REFRESH_MS);
  window.addEventListener('focus', refreshRoomsWhenDue);
  document.addEventListener('visibilitychange', refreshRoomsWhenDue);
  window.addEventListener('online', () => {
    if (!state.socket && state.signedIn) {
      state.reconnectDelay = RECONNECT_MIN_MS;
      connectSocket();
    }
  });

  try {
    const session = await api('GET', '/api/me');
    await enterChat(session);
  } catch (error) {
    showAuth(error.status === 401 || error.status === undefined ? '' : error.message);
  }
}

start();
