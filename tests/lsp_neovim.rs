//! A real editor as the client: headless Neovim, configured with the Lua
//! block of `docs/editors.md` as written, opens a briefing with a mistyped
//! actor and reads the warning back through its built-in LSP client.

mod lsp_client;

use std::path::Path;
use std::process::Command;

/// The first ```lua block of docs/editors.md.
fn documented_config() -> String {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/editors.md"))
            .expect("docs/editors.md");
    let start = doc
        .find("```lua\n")
        .expect("a Lua block in docs/editors.md")
        + 7;
    let len = doc[start..].find("```").expect("the end of the Lua block");
    doc[start..start + len].to_string()
}

/// Waits (boundedly) for the buffer's diagnostics and writes them to a file
/// as `line:col:severity:message`, one per line; then quits.
const DRIVE: &str = r#"
vim.cmd('edit ' .. vim.fn.fnameescape(vim.env.DOSSIER_FILE))
local found = {}
for _ = 1, 600 do
  vim.wait(100)
  found = vim.diagnostic.get(0)
  if #found > 0 then
    break
  end
end
local lines = {}
for _, d in ipairs(found) do
  local message = d.message:gsub('\n', ' / ')
  table.insert(lines, string.format('%d:%d:%d:%s', d.lnum, d.col, d.severity, message))
end
vim.fn.writefile(lines, vim.env.DOSSIER_OUT)
vim.cmd('qa!')
"#;

#[test]
fn neovim_shows_the_warning_for_a_mistyped_actor() {
    let site = lsp_client::example_site();
    let brief = site.path().join("content/briefings/2025-11-30-typo.md");
    std::fs::write(
        &brief,
        "+++\ntitle = \"外交部 denies\"\ndate = 2025-11-30\nactors = [\"外交部\", \"Pakistn\"]\n+++\nBody.\n",
    )
    .expect("briefing");
    let config = site.path().join("init.lua");
    std::fs::write(&config, documented_config()).expect("init.lua");
    let drive = site.path().join("drive.lua");
    std::fs::write(&drive, DRIVE).expect("drive.lua");
    let out = site.path().join("diagnostics.txt");
    // `dossier` on the PATH, as the documentation asks.
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_dossier"))
        .parent()
        .expect("bin dir");
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let status = Command::new("nvim")
        .args(["--headless", "-i", "NONE", "-n", "-u"])
        .arg(&config)
        .arg("-c")
        .arg(format!("luafile {}", drive.display()))
        .env("PATH", path)
        .env("HOME", site.path())
        .env("XDG_STATE_HOME", site.path().join("state"))
        .env("DOSSIER_FILE", &brief)
        .env("DOSSIER_OUT", &out)
        .current_dir(site.path())
        .status()
        .expect("nvim runs (Debian package `neovim`; .ci/run installs it)");
    assert!(status.success(), "nvim exited with {status}");
    let got = std::fs::read_to_string(&out).expect("nvim wrote the diagnostics");
    // Line 4, byte column 23 (after `外交部`, 9 bytes): Neovim converted the
    // server's UTF-16 range into its own byte columns.
    assert_eq!(
        got,
        "3:23:2:no actor profile matches `Pakistn` / hint: did you mean `Pakistan`? Otherwise create content/actors/pakistn.md with `name = \"Pakistn\"`, or add it as an alias of an existing profile; it is listed as an implicit actor for now\n"
    );
}
