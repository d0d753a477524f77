// The report's stylesheet, inlined into its <style>: light by default, dark where the reader prefers it.
export const REPORT_CSS = `
:root { color-scheme: light dark; --fg: #1d2430; --muted: #5d6776; --line: #d9dee5; --panel: #f5f7fa; --bad: #c23b3b; --warn: #a86a00; --good: #1f8a55; --accent: #2f7fd8; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ee; --muted: #9aa4b2; --line: #2f3742; --panel: #1a1f26; --bad: #ff7b7b; --warn: #f5b84a; --good: #3ecf8e; --accent: #6bb4ff; } body { background: #0f1216; } }
body { font: 14px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: var(--fg); max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; } h3 { font-size: 15px; margin: 18px 0 8px; }
.muted { color: var(--muted); } .bad { color: var(--bad); font-weight: 600; } .good { color: var(--good); }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 500; }
.scroll { overflow-x: auto; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px; overflow-x: auto; font: 12px/1.45 ui-monospace, Menlo, monospace; }
code { font: 12px ui-monospace, Menlo, monospace; }
.src { text-decoration: underline dotted; text-underline-offset: 3px; cursor: help; }
.badge { font-size: 11px; padding: 0 6px; border-radius: 8px; border: 1px solid var(--line); }
.badge.verified { color: var(--good); } .badge.estimated { color: var(--warn); } .badge.user { color: var(--accent); }
.verdict { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; }
.verdict li { margin: 2px 0; }
.warning { border-left: 3px solid var(--warn); padding: 4px 10px; margin: 6px 0; background: var(--panel); }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 12px; }
.charts svg { max-width: 100%; height: auto; }
details { border: 1px solid var(--line); border-radius: 8px; padding: 6px 12px; margin: 8px 0; }
summary { cursor: pointer; font-weight: 600; }
`;
