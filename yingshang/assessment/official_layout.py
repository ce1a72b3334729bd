"""The layout of an official document (GB/T 9704-2012 党政机关公文格式) for python-docx.

What the standard fixes and this module sets:
- A4 paper; top margin 37 mm, bottom 35 mm, left 28 mm, right 26 mm, so the type area is 156 × 225 mm;
- body in 3号仿宋 (16 pt), 22 lines of 28 characters per page: the line pitch is 225 mm / 22 = 28.95 pt
  (exact spacing, so every renderer keeps 22 lines) and the character grid squeezes 28 characters into
  156 mm (`w:docGrid`, honoured by Word; LibreOffice keeps the line pitch);
- the title in 2号小标宋 (22 pt), centred;
- page numbers in 4号 (14 pt) half-width Arabic digits between em dashes (`— 1 —`), odd pages on the
  right and even pages on the left, one character in from the type area's edge, from a PAGE field;
- dates written in Chinese numerals (`二〇二六年十二月三日`), see `core.chinese_dates`.

The document names the official fonts (方正小标宋简体, 仿宋_GB2312, 黑体, 宋体), as the office's machines
have them; where they are missing the renderer substitutes (`fonts.conf` maps them for the PDF).
"""

from __future__ import annotations

from typing import Any

from docx.enum.section import WD_SECTION_START
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from yingshang.core.text import strip_forbidden

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
PAGE_NUMBER_FONT = "宋体"

SIZE_2 = Pt(22)  # 2号
SIZE_3 = Pt(16)  # 3号
SIZE_4 = Pt(14)  # 4号
LINE_PITCH = Pt(28.95)  # 225 mm / 22 lines
CHARS_PER_LINE = 28
LINES_PER_PAGE = 22
# 28 × 16 pt = 448 pt is wider than the 156 mm (442.2 pt) line: each 3号 character is condensed by
# 0.25 pt (in twentieths of a point), so 28 of them take 441 pt.
BODY_CONDENSE = -5
_AFTER_RPR_SPACING = (
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)
RED = RGBColor(0xFF, 0x00, 0x00)

# The children of w:pPr that the schema puts after w:pBdr (ECMA-376 CT_PPrBase order).
_AFTER_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def set_page(section: Any) -> None:
    """A4 with the standard margins; the grid of 22 lines × 28 characters; odd/even page numbers."""
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(15)
    # The page number sits about 7 mm below the type area (GB/T 9704 §7.5).
    section.footer_distance = Mm(22)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    # A line grid only: a character grid makes LibreOffice spread every smaller character (tables) to
    # a 3号 cell. The 28 characters come from condensing body text instead (`BODY_CONDENSE`).
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(int(LINE_PITCH.twips)))


def set_fonts(
    run: Any,
    name: str,
    size: Any,
    *,
    bold: bool = False,
    colour: RGBColor | None = None,
    condense: int = 0,
) -> None:
    run.font.name = name
    run.font.size = size
    run.font.bold = bold
    if colour is not None:
        run.font.color.rgb = colour
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    if condense:
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(condense))
        run._element.get_or_add_rPr().insert_element_before(spacing, *_AFTER_RPR_SPACING)


def body_spacing(paragraph: Any, *, exact: bool = True) -> None:
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE_PITCH


def _field(run: Any, instruction: str) -> None:
    """A field (PAGE) as begin/instruction/separate/result/end, the form Word and LibreOffice both update."""
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    result = OxmlElement("w:t")
    result.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for el in (begin, instr, separate, result, end):
        run._element.append(el)


def _page_number(paragraph: Any, *, right: bool) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
    fmt = paragraph.paragraph_format
    # One (3号) character in from the type area's edge.
    if right:
        fmt.right_indent = SIZE_3
    else:
        fmt.left_indent = SIZE_3
    fmt.space_before = fmt.space_after = Pt(0)
    for text in ("— ", None, " —"):
        run = paragraph.add_run(strip_forbidden(text or ""))
        set_fonts(run, PAGE_NUMBER_FONT, SIZE_4)
        if text is None:
            _field(run, "PAGE")


def add_page_numbers(doc: Any, section: Any) -> None:
    """`— N —` at the foot: odd pages right, even pages left (needs odd/even footers in the settings)."""
    doc.settings.odd_and_even_pages_header_footer = True
    for footer, right in ((section.footer, True), (section.even_page_footer, False)):
        footer.is_linked_to_previous = False
        _page_number(footer.paragraphs[0], right=right)


def heading_paragraph(doc: Any, text: str) -> Any:
    """A first-level heading of the body (一、…) in 3号黑体, on the line grid."""
    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = Pt(SIZE_3.pt * 2)
    body_spacing(p)
    set_fonts(p.add_run(strip_forbidden(text)), HEADING_FONT, SIZE_3, condense=BODY_CONDENSE)
    return p


def body_paragraph(doc: Any, text: str, *, indent: bool = True, size: Any = SIZE_3) -> Any:
    """A paragraph of the body in 3号仿宋, first line indented by two characters."""
    p = doc.add_paragraph()
    if indent:
        p.paragraph_format.first_line_indent = Pt(SIZE_3.pt * 2)
    body_spacing(p)
    set_fonts(
        p.add_run(strip_forbidden(text)), BODY_FONT, size, condense=BODY_CONDENSE if size == SIZE_3 else 0
    )
    return p


def red_rule(paragraph: Any) -> None:
    """The red separator line under the issuing office's mark and document number (版头中的分隔线)."""
    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "12")
    bottom.set(qn("w:space"), "4")
    bottom.set(qn("w:color"), "FF0000")
    border.append(bottom)
    ppr.insert_element_before(border, *_AFTER_PBDR)
