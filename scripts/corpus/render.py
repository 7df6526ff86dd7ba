"""Producers: each draws the narrative and the table specs into a PDF with a real PDF producer."""
import html
import os
import shutil
import subprocess
import tempfile

from model import fact_value


def narrative(doc):
    if doc.get("tables_only"):  # the tables file of a report published as two PDFs (北京, 江苏)
        return {"intro": [], "outro": []}
    if "narrative" in doc:  # a narrative written out in full (the n-series, narrative.py)
        return doc["narrative"]
    u, y, s = doc["unit"], doc["year"], doc["scope"]
    k = doc.get("doc_kind", "决算")
    line = doc["summary"]
    return {
        "intro": [f"第一部分 {u}概况", "一、主要职能", f"{u}承担本辖区内相关公共服务和管理工作，承办上级交办的其他事项。",
                  "二、人员构成",
                  f"{u}在职实有人数{doc['staff']}人，离退休人员{doc['retirees']}人。",
                  f"第二部分 {u}{y}年度{s}{k}表"],
        "outro": [f"第三部分 {u}{y}年度{s}{k}情况说明",
                  f"一、收入支出{k}总体情况说明：{y}年度收、支总计{fact_value(line[30])}万元。",
                  f"二、收入{k}情况说明：{y}年度收入合计{fact_value(line[27])}万元。",
                  f"三、支出{k}情况说明：{y}年度支出合计{fact_value(line[57])}万元。"]
                 + doc.get("outro_extra", []),
    }


def unit_line(doc):
    return f"单位：{doc['unit']}", f"单位：{doc.get('amount_unit', '万元')}"


# ---------------------------------------------------------------- HTML (Chromium, and LibreOffice)

def html_text(text):
    """Cell text for HTML: a "\n" is a forced line break (headers printed one character per line)."""
    return "<br>".join(html.escape(part) for part in text.split("\n"))


def reportlab_text(c, style):
    """Cell text for a reportlab Paragraph; with `split_numbers`, the decimals of an amount are drawn
    as a separate run 2 pt higher, as 重庆's split numbers ("174,900" and ".64" on two baselines)."""
    text = "<br/>".join(html.escape(part) for part in c.text.split("\n"))
    if style.get("split_numbers") and c.align == "right" and "." in text:
        whole, decimals = text.split(".", 1)
        return f'{whole}<super rise="2" size="7.5">.{decimals}</super>'
    return text


def rowspan_attr(c):
    """A body cell spanning rows (the 一级/二级 indicator cells of 绩效 tables); none for the rest, so
    that the HTML of tables without such cells is what it always was."""
    return f' rowspan="{c.rowspan}"' if c.rowspan > 1 else ""


def html_table(t, style, repeat_header=True):
    total = sum(t.widths)
    cols = "".join(f'<col style="width:{w / total * 100:.2f}%">' for w in t.widths)
    head = "".join("<tr>" + "".join(
        f'<th colspan="{c.colspan}" rowspan="{c.rowspan}">{html_text(c.text)}</th>' for c in row) + "</tr>"
        for row in t.header)
    body = "".join("<tr>" + "".join(
        f'<td colspan="{c.colspan}"{rowspan_attr(c)} class="{c.align}">{html_text(c.text)}</td>' for c in row)
        + "</tr>" for row in t.rows)
    thead = f"<thead>{head}</thead>" if repeat_header else ""
    body = body if repeat_header else head + body
    return f'<table><colgroup>{cols}</colgroup>{thead}<tbody>{body}</tbody></table>'


def borderless_css(style):
    """No ruling lines: columns only by alignment; `zebra` adds an outer frame and shaded rows."""
    if style.get("borders") == "none":
        return "th, td { border: none; padding: 1.5pt 4pt; }"
    if style.get("borders") == "zebra":
        return ("th, td { border: none; padding: 1.5pt 4pt; } table { border: 0.8pt solid #000; } "
                "tbody tr:nth-child(even) td { background: #e4e4e4; }")
    return ""


def render_html(doc, style, tables):
    nar = narrative(doc)
    orient = "landscape" if style["landscape"] else "portrait"
    parts = [f"""<!doctype html><html><head><meta charset="utf-8"><style>
@page {{ size: A4 {orient}; margin: 15mm 12mm; }}
body {{ font-family: 'Noto Serif CJK SC', 'Noto Sans CJK SC', serif; font-size: 10.5pt; }}
h2 {{ font-size: 15pt; text-align: center; margin: 4pt 0; }}
.sec {{ page-break-before: always; }}
.units {{ display: flex; justify-content: space-between; font-size: 9pt; }}
table {{ border-collapse: collapse; width: 100%; table-layout: fixed; font-size: 8pt; }}
th, td {{ border: 0.7pt solid #000; padding: 1.5pt 2pt; word-wrap: break-word; font-weight: normal; }}
{borderless_css(style)}
td.right {{ text-align: right; }} td.left {{ text-align: left; }} td.center {{ text-align: center; }}
tr {{ page-break-inside: avoid; }}
.note {{ font-size: 8pt; }}
.num {{ text-align: right; font-size: 9pt; margin: 0; }}
</style></head><body>"""]
    parts += [f"<p>{html.escape(p)}</p>" for p in nar["intro"]]
    for t in tables:
        a, b = unit_line(doc)
        number = f'<p class="num">{html.escape(t.number_line)}</p>' if t.number_line else ""
        parts.append(f'<div class="sec">{number}<h2>{html.escape(t.title)}</h2>'
                     f'<div class="units"><span>{html.escape(a)}</span><span>{b}</span></div>')
        if getattr(t, "space_before", 0):  # room above the table, to place its page break (o-series)
            parts.append(f'<div style="height:{t.space_before}pt"></div>')
        parts.append(html_table(t, style, style["repeat_header"]))
        parts += [f'<p class="note">{html.escape(n)}</p>' for n in t.notes]
        if t.empty_sentence:
            parts.append(f"<p>{html.escape(t.empty_sentence)}</p>")
        parts.append("</div>")
    parts.append('<div class="sec">' + "".join(f"<p>{html.escape(p)}</p>" for p in nar["outro"]) + "</div>")
    parts.append("</body></html>")
    return "".join(parts)


# Characters some producers map to Kangxi / CJK radicals-supplement code points in ToUnicode
RADICALS = {"工": "⼯", "人": "⼈", "支": "⽀", "长": "⻓", "金": "⾦", "用": "⽤"}


def map_to_radicals(path):
    """Rewrite every ToUnicode CMap so that the characters above decode to their radical look-alikes,
    as some converters' fonts do (工 → U+2F2F): text that looks right and compares wrong."""
    import pypdf
    from pypdf.generic import NameObject

    reader = pypdf.PdfReader(path)
    writer = pypdf.PdfWriter(clone_from=reader)
    done = set()
    for page in writer.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for name in fonts:
            font = fonts[name].get_object()
            tu = font.get("/ToUnicode")
            if tu is None or tu.idnum in done:
                continue
            done.add(tu.idnum)
            stream = tu.get_object()
            data = stream.get_data()
            for plain, radical in RADICALS.items():
                data = data.replace(f"<{ord(plain):04X}>".encode(), f"<{ord(radical):04X}>".encode())
                data = data.replace(f"<{ord(plain):04x}>".encode(), f"<{ord(radical):04X}>".encode())
            stream.set_data(data)
            stream[NameObject("/Filter")] = stream.get("/Filter", NameObject("/FlateDecode"))
    with open(path, "wb") as f:
        writer.write(f)


def produce_chromium(doc, style, tables, out_pdf):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "doc.html")
        with open(src, "w", encoding="utf-8") as f:
            f.write(render_html(doc, style, tables))
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", f"--user-data-dir={tmp}/profile", "--no-pdf-header-footer",
                        f"--print-to-pdf={out_pdf}", src], check=True, capture_output=True, timeout=120)


# ---------------------------------------------------------------- reportlab (STSong-Light, UniGB-UCS2-H)

def produce_reportlab(doc, style, tables, out_pdf):
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    size = landscape(A4) if style["landscape"] else A4
    body = ParagraphStyle("b", fontName="STSong-Light", fontSize=10.5, leading=15, wordWrap="CJK")
    title = ParagraphStyle("t", parent=body, fontSize=15, leading=20, alignment=1)
    cell = {a: ParagraphStyle("c" + a, fontName="STSong-Light", fontSize=7.5, leading=9.5, wordWrap="CJK",
                              alignment={"left": 0, "center": 1, "right": 2}[a]) for a in ("left", "center", "right")}
    story = [Paragraph(p, body) for p in narrative(doc)["intro"]]
    avail = size[0] - 60
    for t in tables:
        story.append(PageBreak())
        if t.number_line:
            story.append(Paragraph(t.number_line, ParagraphStyle("num", parent=body, alignment=2)))
        story.append(Paragraph(t.title, title))
        a, b = unit_line(doc)
        story.append(Table([[Paragraph(a, body), Paragraph(b, ParagraphStyle("r", parent=body, alignment=2))]],
                           colWidths=[avail * 0.7, avail * 0.3]))
        if getattr(t, "space_before", 0):
            story.append(Spacer(1, t.space_before))
        grid, spans = place(t.header + t.rows, t.ncols)
        data = [[Paragraph(reportlab_text(c, style), cell[c.align]) if c else "" for c in row] for row in grid]
        total = sum(t.widths)
        tbl = Table(data, colWidths=[avail * w / total for w in t.widths],
                    repeatRows=len(t.header) if style["repeat_header"] else 0)
        lines = [] if style.get("borders") == "none" else [("GRID", (0, 0), (-1, -1), 0.6, colors.black)]
        valign = "TOP" if style.get("valign") == "split" else "MIDDLE"
        cmds = lines + [("VALIGN", (0, 0), (-1, -1), valign),
                ("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]
        cmds += [("SPAN", (c0, r0), (c1, r1)) for (r0, c0, r1, c1) in spans]
        if style.get("valign") == "split":
            # amounts at the top of their cells, wrapped names at the bottom: the amount is printed
            # on the line above the end of its label (普陀)
            cmds += [("VALIGN", (c, r), (c, r), "BOTTOM") for r, row in enumerate(grid)
                     for c, cl in enumerate(row) if cl is not None and cl.align == "left"]
        tbl.setStyle(TableStyle(cmds))
        story.append(tbl)
        story += [Paragraph(n, ParagraphStyle("n", parent=body, fontSize=8, leading=11)) for n in t.notes]
        if t.empty_sentence:
            story.append(Paragraph(t.empty_sentence, body))
    story.append(PageBreak())
    story += [Paragraph(p, body) for p in narrative(doc)["outro"]]

    def on_page(canvas, d):
        canvas.setFont("STSong-Light", 9)
        canvas.drawCentredString(size[0] / 2, 18, f"— {canvas.getPageNumber()} —")
        if style.get("running_header"):  # the report's name at the top of every page
            canvas.drawString(30, size[1] - 22, f"{doc['unit']}{doc['year']}年度{doc['scope']}决算")
            canvas.line(30, size[1] - 26, size[0] - 30, size[1] - 26)

    # a running header over a deep top margin: long tables must continue under it on the next page
    top = 300 if style.get("running_header") else 36
    SimpleDocTemplate(out_pdf, pagesize=size, leftMargin=30, rightMargin=30, topMargin=top, bottomMargin=36,
                      title=f"{doc['unit']}{doc['year']}年度{doc.get('doc_kind', '决算')}", invariant=1).build(
        story, onFirstPage=on_page, onLaterPages=on_page)
    if style.get("rotate_page"):
        store_rotated(out_pdf, style["rotate_page"])



def store_rotated(path, number):
    """Store page `number` the way many landscape tables are saved: content drawn turned a quarter
    and /Rotate 90, so that it displays exactly as before."""
    from pypdf import PdfWriter, Transformation

    writer = PdfWriter(clone_from=path)
    page = writer.pages[number - 1]
    w, h = float(page.mediabox.width), float(page.mediabox.height)
    # turn the drawing a quarter counter-clockwise into an h x w box; /Rotate 90 turns it back
    page.add_transformation(Transformation().rotate(90).translate(h, 0))
    page.mediabox.upper_right = (h, w)
    page.cropbox.upper_right = (h, w)
    page.rotation = 90
    with open(path, "wb") as f:
        writer.write(f)


def place(rows, ncols):
    """Lay span cells on a full grid: returns (grid of Cell|None, spans as (r0, c0, r1, c1))."""
    grid = []
    taken = {}
    spans = []
    for r, row in enumerate(rows):
        out = [None] * ncols
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            out[c] = cell
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken[(r + dr, c + dc)] = True
            if cell.rowspan > 1 or cell.colspan > 1:
                spans.append((r, c, r + cell.rowspan - 1, c + cell.colspan - 1))
            c += cell.colspan
        grid.append(out)
    return grid, spans


# ---------------------------------------------------------------- LibreOffice Writer from .docx

def produce_libreoffice(doc, style, tables, out_pdf):
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml.ns import qn
    from docx.shared import Pt, Mm

    d = Document()
    sec = d.sections[0]
    if style["landscape"]:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Mm(297), Mm(210)
    else:
        sec.page_width, sec.page_height = Mm(210), Mm(297)
    for m in ("left_margin", "right_margin"):
        setattr(sec, m, Mm(15))
    sec.top_margin = sec.bottom_margin = Mm(15)
    normal = d.styles["Normal"]
    normal.font.name = "Noto Serif CJK SC"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    normal.font.size = Pt(10.5)
    for p in narrative(doc)["intro"]:
        d.add_paragraph(p)
    avail = (sec.page_width - sec.left_margin - sec.right_margin)
    for t in tables:
        d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        if t.number_line:
            d.add_paragraph(t.number_line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        h = d.add_paragraph(t.title)
        h.alignment = WD_ALIGN_PARAGRAPH.CENTER
        h.runs[0].font.size = Pt(15)
        a, b = unit_line(doc)
        units = d.add_paragraph(f"{a}\u3000\u3000\u3000\u3000{b}")
        units.runs[0].font.size = Pt(9)
        if getattr(t, "space_before", 0):
            units.paragraph_format.space_after = Pt(t.space_before)
        grid, spans = place(t.header + t.rows, t.ncols)
        tbl = d.add_table(rows=len(grid), cols=t.ncols)
        tbl.style = "Table Grid"
        tbl.autofit = False
        total = sum(t.widths)
        for r, row in enumerate(grid):
            for c, cellspec in enumerate(row):
                cell = tbl.cell(r, c)
                cell.width = int(avail * t.widths[c] / total)
                if cellspec is not None:
                    para = cell.paragraphs[0]
                    run = para.add_run(cellspec.text)
                    run.font.size = Pt(7.5)
                    para.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                                      "right": WD_ALIGN_PARAGRAPH.RIGHT}[cellspec.align]
        for r0, c0, r1, c1 in spans:
            tbl.cell(r0, c0).merge(tbl.cell(r1, c1))
        if style["repeat_header"]:
            for r in range(len(t.header)):
                trPr = tbl.rows[r]._tr.get_or_add_trPr()
                el = trPr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
                trPr.append(el)
        for n in t.notes:
            d.add_paragraph(n).runs[0].font.size = Pt(8)
        if t.empty_sentence:
            d.add_paragraph(t.empty_sentence)
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for p in narrative(doc)["outro"]:
        d.add_paragraph(p)
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "doc.docx")
        d.save(src)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/lo", "--headless", "--convert-to", "pdf",
                        "--outdir", tmp, src], check=True, capture_output=True, timeout=180)
        shutil.move(os.path.join(tmp, "doc.pdf"), out_pdf)


# ---------------------------------------------------------------- typst

def typst_str(s):
    return "[" + s.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace("#", "\\#") \
        .replace("*", "\\*").replace("_", "\\_").replace("$", "\\$").replace("@", "\\@").replace("<", "\\<") \
        .replace("-", "\\-").replace("+", "\\+").replace("/", "\\/").replace("=", "\\=") + "]"


def produce_typst(doc, style, tables, out_pdf):
    import typst

    flip = "true" if style["landscape"] else "false"
    header = ""
    if style.get("running_header"):
        header = (f"header: align(left, text(size: 9pt){typst_str(doc['unit'] + str(doc['year']) + '年度决算')}), ")
    margin_y = "90mm" if style.get("running_header") else "15mm"
    src = [f'#set page(paper: "a4", flipped: {flip}, margin: (x: 14mm, y: {margin_y}), {header}'
           'footer: context align(center)[— #counter(page).display() —])',
           '#set text(font: ("Noto Serif CJK SC", "Noto Sans CJK SC"), size: 10.5pt, lang: "zh")',
           '#set par(justify: false)']
    # paragraphs as content blocks; a written-out narrative (n-series) evaluates them ("#[…]"), the
    # others print them bracketed, as they always have
    par = (lambda p: "#" + typst_str(p)) if "narrative" in doc else typst_str
    src += [par(p) + "\n" for p in narrative(doc)["intro"]]
    for t in tables:
        a, b = unit_line(doc)
        src.append("#pagebreak()")
        if t.number_line:
            src.append(f"#align(right, text(size: 9pt){typst_str(t.number_line)})")
        src.append(f"#align(center, text(size: 15pt){typst_str(t.title)})")
        src.append(f"#grid(columns: (1fr, auto), text(size: 9pt){typst_str(a)}, text(size: 9pt){typst_str(b)})")
        if getattr(t, "space_before", 0):
            src.append(f"#v({t.space_before}pt)")
        cols = ", ".join(f"{w}fr" for w in t.widths)
        cells = []
        for row in t.header:
            for c in row:
                cells.append(f"table.cell(colspan: {c.colspan}, rowspan: {c.rowspan}, align: center + horizon)"
                             f"{typst_str(c.text)}")
        head = f"table.header({', '.join(cells)})," if style["repeat_header"] else ", ".join(cells) + ","
        head = head if cells else ""  # a form (绩效 tables) has no header rows
        body = []
        for row in t.rows:
            for c in row:
                al = {"left": "left", "center": "center", "right": "right"}[c.align]
                span = f"rowspan: {c.rowspan}, " if c.rowspan > 1 else ""
                body.append(f"table.cell(colspan: {c.colspan}, {span}align: {al} + horizon){typst_str(c.text)}")
        src.append(f"#text(size: 7.5pt, table(columns: ({cols}), stroke: 0.6pt, inset: 2.5pt, {head} "
                   f"{', '.join(body)}))")
        for n in t.notes:
            src.append(f"#text(size: 8pt){typst_str(n)}\n")
        if t.empty_sentence:
            src.append(typst_str(t.empty_sentence) + "\n")
    src.append("#pagebreak()")
    src += [par(p) + "\n" for p in narrative(doc)["outro"]]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "doc.typ")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(src))
        typst.compile(path, output=out_pdf, font_paths=["/usr/share/fonts/opentype/noto"])


PRODUCERS = {
    "chromium": produce_chromium,
    "reportlab": produce_reportlab,
    "libreoffice": produce_libreoffice,
    "typst": produce_typst,
}
