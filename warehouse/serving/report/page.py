"""The page around the sections: one self-contained HTML file, inline CSS, no script, no remote asset."""

from __future__ import annotations

from collections.abc import Sequence

from warehouse.serving.report.charts import FONT_STACK, esc

CSS = """
:root { --ink:#0f172a; --body:#334155; --muted:#64748b; --line:#e2e8f0; --panel:#f8fafc; --accent:#1d4ed8; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: #eef2f7; color: var(--body); font-family: FONTS;
       font-size: 14px; line-height: 1.55; }
.page { max-width: 1200px; margin: 0 auto; padding: 0 24px 48px; }
header.cover { background: #0b2a6b; color: #fff;  /* flat: a gradient compresses badly in PNG screenshots */
               padding: 32px 40px 28px; border-radius: 0 0 14px 14px; }
.eyebrow { font-size: 12px; letter-spacing: .08em; text-transform: uppercase; opacity: .8; }
h1 { margin: 6px 0 4px; font-size: 30px; font-weight: 800; letter-spacing: -.01em; }
h1 .en { display: block; font-size: 15px; font-weight: 400; letter-spacing: 0; margin: 2px 0 0; }
header.cover .en { color: rgba(255,255,255,.82); }
dl.meta { display: grid; grid-template-columns: repeat(4, auto); gap: 4px 28px; margin: 18px 0 0;
          font-size: 12.5px; justify-content: start; }
dl.meta dt { opacity: .75; } dl.meta dd { margin: 0; font-weight: 600; word-break: break-all; }
nav.toc { margin: 18px 0 0; display: flex; flex-wrap: wrap; gap: 8px; }
nav.toc a { color: var(--accent); background: #fff; border: 1px solid var(--line); border-radius: 999px;
            padding: 4px 12px; font-size: 12.5px; text-decoration: none; }
.tiles { display: grid; grid-template-columns: repeat(6, 1fr); gap: 12px; margin: 18px 0 0; }
.tile { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; }
.tile .label { font-size: 12px; color: var(--muted); }
.tile .value { font-size: 21px; font-weight: 800; color: var(--ink); margin-top: 2px; white-space: nowrap; }
.tile .sub { font-size: 11.5px; color: var(--muted); }
section { background: #fff; border: 1px solid var(--line); border-radius: 12px; padding: 24px 28px;
          margin: 20px 0 0; }
h2 { margin: 0; font-size: 20px; color: var(--ink); font-weight: 800; }
h2 .num { color: var(--accent); margin-right: 6px; }
h2 .en, h3 .en, th .en, .en { font-weight: 400; color: var(--muted); font-size: .78em; margin-left: 6px; }
h3 { font-size: 15px; color: var(--ink); margin: 20px 0 8px; }
p.provenance { margin: 6px 0 14px; font-size: 12px; color: var(--muted); }
p.provenance code, td code { font-family: ui-monospace, 'DejaVu Sans Mono', monospace; font-size: 11.5px;
                             background: var(--panel); padding: 1px 4px; border-radius: 4px; color: #475569; }
p.note { font-size: 12.5px; color: var(--muted); margin: 10px 0 0; }
table { width: 100%; border-collapse: collapse; font-size: 13px; }
th { text-align: left; font-size: 12px; color: var(--muted); font-weight: 600; border-bottom: 2px solid var(--line);
     padding: 8px 8px; vertical-align: bottom; }
th .en { display: block; margin: 0; font-size: 11px; }
td { border-bottom: 1px solid var(--line); padding: 6px 8px; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.task { background: var(--panel); }
table.scorecard { table-layout: fixed; } table.targets td { overflow-wrap: anywhere; }
.nowrap { white-space: nowrap; } td.vintage { overflow-wrap: anywhere; }
td.num .nodata .en { display: block; margin: 0; }
td.task .id { font-weight: 800; color: var(--accent); margin-right: 4px; }
.kpi-ko { color: var(--ink); font-weight: 600; } .kpi-en { display: block; color: var(--muted); font-size: 11.5px; }
.small { font-size: 11.5px; color: var(--muted); }
.strategy { margin-top: 22px; }
.strategy h3 { background: #eff6ff; border-left: 4px solid var(--accent); padding: 8px 12px; border-radius: 4px;
               margin: 0 0 6px; }
.badge { display: inline-block; border-radius: 999px; padding: 1px 9px; font-size: 11.5px; font-weight: 700;
         white-space: nowrap; margin: 1px 2px 1px 0; }
.badge .en { color: inherit; opacity: .8; margin-left: 3px; font-size: 10.5px; }
.b-on-track { background: #dcfce7; color: #166534; } .b-behind { background: #fee2e2; color: #991b1b; }
.b-no-target { background: #e0e7ff; color: #3730a3; } .b-no-data { background: #f1f5f9; color: #475569;
  border: 1px dashed #94a3b8; } .b-stale { background: #fef3c7; color: #92400e; }
.b-achieved { background: #bbf7d0; color: #14532d; } .b-missed { background: #fecaca; color: #7f1d1d; }
.b-not-due { background: #f1f5f9; color: #334155; } .b-partial { background: #ffedd5; color: #9a3412; }
.b-headline { background: #1d4ed8; color: #fff; }
td.grade .badge, td.grade + td .badge { white-space: normal; } td.grade .en { display: inline; }
td.grade.headline { background: #eff6ff; box-shadow: inset 3px 0 0 var(--accent); }
tr.group td { background: #eff6ff; color: var(--ink); font-weight: 800; border-left: 4px solid var(--accent); }
.kind { display: block; font-size: 11px; color: var(--muted); }
.flag { display: inline-block; font-size: 11px; font-weight: 700; border-radius: 4px; padding: 0 5px; margin-top: 2px; }
.f-partial { background: #ffedd5; color: #9a3412; } .f-ytd { background: #e0f2fe; color: #075985; }
.reason { font-size: 11px; color: var(--muted); margin-top: 3px; overflow-wrap: anywhere; }
.evidence a { overflow-wrap: anywhere; } .attain-pct { font-weight: 700; color: var(--ink); }
svg.attain { display: block; width: 100%; max-width: 150px; height: auto; }
td .id { font-weight: 800; color: var(--accent); margin-right: 4px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 14px; font-size: 12px; color: var(--muted); margin: 4px 0 0; }
.nodata { color: #64748b; font-style: italic; white-space: nowrap; } .nodata .en { font-size: 10.5px; }
.bar { position: relative; height: 8px; background: #e2e8f0; border-radius: 4px; min-width: 90px; margin-top: 5px; }
.bar span { position: absolute; left: 0; top: 0; bottom: 0; border-radius: 4px; background: var(--accent); }
.bar i { position: absolute; top: -3px; bottom: -3px; width: 2px; background: #0f172a; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 18px 28px; margin-top: 8px; }
.charts.one { grid-template-columns: 1fr; }
figure { margin: 0; } figcaption { font-size: 11.5px; color: var(--muted); margin-top: 4px; }
svg.chart { width: 100%; height: auto; display: block; }
.gap-neg { color: #b91c1c; } .gap-pos { color: #166534; }
.causes { font-size: 12px; color: var(--body); max-width: 360px; }
a { color: var(--accent); }
footer { margin: 24px 4px 0; font-size: 12px; color: var(--muted); }
@media print { body { background: #fff; } section { break-inside: avoid; border: none; } }
details.lineage { border-top: 1px solid var(--line); padding: 6px 0; }
details.lineage summary { cursor: pointer; }
details.lineage ul.files { margin: 4px 0 8px; padding-left: 18px; }
a.lineage-link { color: inherit; text-decoration: underline dotted; }
""".replace("FONTS", FONT_STACK)


def page(title: str, header: str, sections: Sequence[str], footer: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="ko"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{esc(title)}</title><style>{CSS}</style></head><body><div class="page">'
        + header
        + "".join(sections)
        + f"<footer>{footer}</footer></div></body></html>\n"
    )


def section(anchor: str, number: int, ko: str, en: str, provenance: str, body: str) -> str:
    return (
        f'<section id="{esc(anchor)}"><h2><span class="num">{number}.</span>{esc(ko)}'
        f'<span class="en">{esc(en)}</span></h2>{provenance}{body}</section>'
    )


def provenance(sources: Sequence[str], as_of: str, release: str) -> str:
    """The line every section carries: where its numbers come from, as of when, from which release."""
    names = ", ".join(f"<code>{esc(s)}</code>" for s in sources)
    return (
        f'<p class="provenance">출처 <span class="en">sources</span> {names} · 기준일 '
        f'<span class="en">as of</span> {esc(as_of)} · 릴리스 <span class="en">release</span> '
        f"<code>{esc(release)}</code></p>"
    )


def badge(css: str, ko: str, en: str, title: str = "") -> str:
    tip = f' title="{esc(title)}"' if title else ""
    return f'<span class="badge b-{esc(css)}"{tip}>{esc(ko)}<span class="en">{esc(en)}</span></span>'


def figure(svg: str, caption: str = "") -> str:
    cap = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"<figure>{svg}{cap}</figure>"
