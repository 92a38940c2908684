#!/usr/bin/env python3
"""Draws docs/architecture.svg: the core's layers, top to bottom as the transports see them.
Run after changing a layer (the order is tests/core/layers.rs's LAYERS, reversed)."""
from pathlib import Path

ROWS = [
    ("transports", "ui/ (Svelte) → src-tauri/ (desktop shell) · src/cli/ (panier) · server/ (panier serve)", "#e8eef7"),
    ("demo", "src/demo/ — the seeded association, the benchmark", "#f4f4f4"),
    ("ops", "src/ops/ — one definition per operation: request, response, rule, role allowed", "#dfe9d8"),
    ("dashboard", "src/dashboard.rs — the figures of the first screen", "#fbf1df"),
    ("bridges", "src/bridges/ — csv_file, helloasso (files, API, sync), members_csv, paheko, mail", "#fbf1df"),
    ("public", "src/public/ — report (gather, html, pdf, chatonsinfos, charts), charter", "#fbf1df"),
    ("rights", "src/rights/ — requests, export (summary), erasure, scrub", "#fbf1df"),
    ("hosting", "src/hosting/ — accounts, quota, nextcloud (plan, apply, pull, occ, pacing)", "#fbf1df"),
    ("books", "src/books/ — chart, ledger, payments, receipts, years, closing, statements, FEC", "#fbf1df"),
    ("membership", "src/membership/ — plans and tiers, subscriptions, renewals, dues", "#fbf1df"),
    ("people", "src/people/ — members", "#fbf1df"),
    ("store", "src/store/ — db, open, integrity, repair, output, audit, backup, crypt, secrets, settings", "#e6e0f0"),
    ("kernel", "src/kernel/ — ids, dates, money, lang, error, field, files, size, text, search, csv, pdf, http", "#e6e0f0"),
]

W, H, GAP, TOP = 940, 46, 8, 50
height = TOP + len(ROWS) * (H + GAP) + 30
out = [
    f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{height}" '
    f'viewBox="0 0 {W} {height}" font-family="DejaVu Sans, Helvetica, sans-serif">',
    f'<rect width="{W}" height="{height}" fill="white"/>',
    '<text x="20" y="30" font-size="18" font-weight="bold" fill="#222">'
    "Panier: each layer imports only those below it</text>",
]
for i, (name, text, colour) in enumerate(ROWS):
    y = TOP + i * (H + GAP)
    out.append(f'<rect x="20" y="{y}" width="{W - 90}" height="{H}" rx="6" fill="{colour}" stroke="#888"/>')
    out.append(f'<text x="32" y="{y + 19}" font-size="14" font-weight="bold" fill="#222">{name}</text>')
    out.append(f'<text x="32" y="{y + 37}" font-size="12" fill="#333">{text}</text>')
top, bottom = TOP + H / 2, TOP + (len(ROWS) - 1) * (H + GAP) + H / 2
out += [
    f'<line x1="{W - 40}" y1="{top}" x2="{W - 40}" y2="{bottom}" stroke="#555" stroke-width="2"/>',
    f'<polygon points="{W - 47},{bottom - 10} {W - 33},{bottom - 10} {W - 40},{bottom + 2}" fill="#555"/>',
    f'<text x="{W - 30}" y="{(top + bottom) / 2}" font-size="12" fill="#555" '
    f'transform="rotate(90 {W - 30} {(top + bottom) / 2})">imports</text>',
    "</svg>",
]
Path(__file__).resolve().parent.parent.joinpath("docs/architecture.svg").write_text("\n".join(out) + "\n")
