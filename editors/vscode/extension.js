// Starts `dossier lsp` for the Markdown and TOML files of a folder with a
// site.toml, and stops it when VS Code closes.
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration('dossier').get('path') || 'dossier';
  const server = { command, args: ['lsp'] };
  client = new LanguageClient(
    'dossier',
    'dossier',
    { run: server, debug: server },
    {
      documentSelector: [
        { scheme: 'file', language: 'markdown' },
        { scheme: 'file', pattern: '**/site.toml' },
      ],
    },
  );
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
