"""Command line: ``yingshang parse FILE [--issued-on YYYY-MM-DD] [--format json|table]``."""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import date

from . import parse
from .model import Ledger, Options
from .reader import ReadError, decode, read_document

log = logging.getLogger("policyparse")


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD / expected YYYY-MM-DD: {value}") from exc


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="yingshang parse",
        description="把政策文件解析为任务台账 JSON / parse a policy document into a task ledger (JSON)",
    )
    p.add_argument("file", help="文件路径（.txt .docx .pdf），- 表示标准输入 / file path, - for stdin")
    p.add_argument(
        "--issued-on", type=_date, default=None, help="印发日期，用于补全无年份的日期 / issue date"
    )
    p.add_argument("--format", choices=("json", "table"), default="json", help="输出格式 / output format")
    p.add_argument("--spans", action="store_true", help="在 JSON 中包含原文位置 / include source spans")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.file == "-":
            data = sys.stdin.buffer.read()
            if not data.strip():
                raise ReadError("标准输入为空", "stdin is empty", "-")
            text, scanned = decode(data, "-"), False
        else:
            source = read_document(args.file)
            text, scanned = source.text, source.scan is not None
    except ReadError as exc:
        print(exc.bilingual(), file=sys.stderr)
        return 2
    try:
        ledger = parse(text, options=Options(issued_on=args.issued_on, paragraphs=scanned))
    except Exception as exc:  # a parser bug must still not print a traceback at the user
        log.exception("parse failed for %s", args.file)
        print(f"错误：解析失败 / error: parse failed: {args.file}: {type(exc).__name__}", file=sys.stderr)
        return 1
    for warning in ledger.warnings:
        print(f"警告 / warning: {warning}", file=sys.stderr)
    out = ledger.to_json(spans=args.spans) if args.format == "json" else render_table(ledger)
    try:
        sys.stdout.write(out + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # "… | head" closed the pipe: not an error of ours
        return 0
    return 0


def render_table(ledger: Ledger) -> str:
    """A readable summary: header, then one block per leaf."""
    d = ledger.document
    lines = [
        f"标题 title:      {d.title or '-'}",
        f"文号 number:     {d.doc_number or '-'}",
        f"发文 issuers:    {'、'.join(d.issuers) or '-'}",
        f"日期 issued:     {d.issue_date.isoformat() if d.issue_date else '-'}",
        f"类型 kind:       {d.kind}",
        f"任务 leaves:     {len(ledger.leaves)} / 节点 nodes: {len(ledger.measures)}",
        "",
    ]
    for m in ledger.leaves:
        lines.append(f"[{m.path}] {m.title}")
        if m.lead_units:
            lines.append(f"    牵头: {'、'.join(u.name for u in m.lead_units)}")
        if m.cooperating_units:
            lines.append(f"    配合: {'、'.join(u.name for u in m.cooperating_units)}")
        if m.implied_units:
            lines.append(f"    另含: {'、'.join(u.name for u in m.implied_units)}")
        for dl in m.deadlines:
            lines.append(f"    时限: {dl.due.isoformat() if dl.due else '?'}  {dl.phrase}")
        for r in m.recurrences:
            lines.append(f"    周期: {r.freq}  {r.phrase}")
        for t in m.targets:
            base = f" (原{t.baseline:g})" if t.baseline is not None else ""
            lines.append(f"    目标: {t.comparator} {t.value:g}{t.unit}{base}  {t.subject}")
        if m.indicators:
            lines.append(f"    指标: {'、'.join(i.name for i in m.indicators)}")
    return "\n".join(lines)
