// Sidebar entry: renders into #app. All server calls go through rpc.ts.
const app = document.getElementById('app');
if (app) app.textContent = 'Zoho CRM Sync';
