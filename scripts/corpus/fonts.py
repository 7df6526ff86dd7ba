"""Font variants made by rewriting a reportlab PDF (STSong-Light, UniGB-UCS2-H, not embedded):

- `to_gbk`: the same font under the predefined GBK-EUC-H CMap, every string re-encoded to GBK bytes,
  no ToUnicode, nothing embedded: what WPS writes for SimSun on many 决算 PDFs;
- `to_type3`: every all-ASCII string (amounts, codes, 行次) drawn with a Type3 font whose glyphs
  are little filled shapes, with a ToUnicode map: what some OFD and report-server converters emit.

The glyph widths are STSong-Light's, so every position reportlab computed stays true.
"""
import pypdf
from pypdf.generic import (ArrayObject, ByteStringObject, ContentStream, DecodedStreamObject, DictionaryObject,
                           FloatObject, NameObject, NumberObject, TextStringObject)

CID_FONT = "/F2"


def raw(s):
    """A string operand's bytes as written (pypdf may have decoded it, and re-adds a BOM)."""
    b = s.get_original_bytes() if isinstance(s, TextStringObject) else bytes(s)
    return b[2:] if b[:2] in (b"\xfe\xff", b"\xff\xfe") else b


def rewrite(path, edit_page):
    reader = pypdf.PdfReader(path)
    writer = pypdf.PdfWriter(clone_from=reader)
    for page in writer.pages:
        content = ContentStream(page.get_contents(), writer)
        edit_page(writer, page, content)
        page.replace_contents(content)
    with open(path, "wb") as f:
        writer.write(f)


def to_gbk(path):
    def edit(writer, page, content):
        font = None
        for operands, op in content.operations:
            if op == b"Tf":
                font = operands[0]
            elif font == CID_FONT and op in (b"Tj", b"'", b'"'):
                operands[-1] = ByteStringObject(raw(operands[-1]).decode("utf-16-be").encode("gbk"))
            elif font == CID_FONT and op == b"TJ":
                operands[0] = ArrayObject(
                    ByteStringObject(raw(x).decode("utf-16-be").encode("gbk")) if isinstance(x, (bytes, str)) else x
                    for x in operands[0])
        fonts = page["/Resources"].get_object().get("/Font", {})
        if CID_FONT in fonts:
            font = fonts[CID_FONT].get_object()
            if font.get("/Encoding") != "/GBK-EUC-H":
                font[NameObject("/Encoding")] = NameObject("/GBK-EUC-H")
                # GBK-EUC-H puts the single bytes <21>…<7E> at CIDs 814…907 and <20> at 7716: give
                # them the widths the ASCII characters had (CIDs 1…95), so that nothing moves
                cid = font["/DescendantFonts"][0].get_object()
                widths = stsong_widths(cid)
                dw = float(cid.get("/DW", 1000))
                for b in range(0x21, 0x7F):
                    widths[814 + b - 0x21] = widths.get(b - 31, dw)
                widths[7716] = widths.get(1, dw)
                w = ArrayObject()
                for c in sorted(widths):
                    w += [NumberObject(c), ArrayObject([FloatObject(widths[c])])]
                cid[NameObject("/W")] = w

    rewrite(path, edit)


def stsong_widths(cid_font):
    """CID → width from the CIDFont's /W array."""
    w = list(cid_font["/W"])
    out, i = {}, 0
    while i < len(w):
        first = int(w[i])
        if isinstance(w[i + 1], list):
            for k, width in enumerate(w[i + 1]):
                out[first + k] = float(width)
            i += 2
        else:
            for c in range(first, int(w[i + 1]) + 1):
                out[c] = float(w[i + 2])
            i += 3
    return out


def type3_font(writer, cid_font):
    widths = stsong_widths(cid_font)
    dw = float(cid_font.get("/DW", 1000))
    procs = DictionaryObject()
    differences = ArrayObject([NumberObject(32)])
    width_list = ArrayObject()
    for code in range(32, 127):
        name = f"g{code}"
        width = widths.get(code - 31, dw)  # UniGB-UCS2-H puts U+0020…U+007E at CIDs 1…95
        glyph = DecodedStreamObject()
        shape = "" if code == 32 else f"{width * 0.15:.0f} 0 {width * 0.7:.0f} 700 re f"
        glyph.set_data(f"{width:.0f} 0 0 0 {width:.0f} 700 d1 {shape}".encode())
        procs[NameObject("/" + name)] = writer._add_object(glyph)
        differences.append(NameObject("/" + name))
        width_list.append(FloatObject(width))
    to_unicode = DecodedStreamObject()
    to_unicode.set_data(b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
                        b"/CMapName /T3-UCS def /CMapType 2 def 1 begincodespacerange <00> <FF> endcodespacerange "
                        b"1 beginbfrange <20> <7E> <0020> endbfrange endcmap CMapName currentdict /CMap defineresource pop "
                        b"end end")
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type3"),
        NameObject("/FontBBox"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(1000), NumberObject(1000)]),
        NameObject("/FontMatrix"): ArrayObject([FloatObject(0.001), NumberObject(0), NumberObject(0),
                                                FloatObject(0.001), NumberObject(0), NumberObject(0)]),
        NameObject("/CharProcs"): procs,
        NameObject("/Encoding"): DictionaryObject({NameObject("/Type"): NameObject("/Encoding"),
                                                   NameObject("/Differences"): differences}),
        NameObject("/FirstChar"): NumberObject(32), NameObject("/LastChar"): NumberObject(126),
        NameObject("/Widths"): width_list, NameObject("/Resources"): DictionaryObject(),
        NameObject("/ToUnicode"): writer._add_object(to_unicode),
    })
    return writer._add_object(font)


def to_type3(path):
    shared = {}

    def edit(writer, page, content):
        fonts = page["/Resources"].get_object().get("/Font")
        if fonts is None or CID_FONT not in fonts:
            return
        fonts = fonts.get_object()
        if "font" not in shared:
            cid = fonts[CID_FONT].get_object()["/DescendantFonts"][0].get_object()
            shared["font"] = type3_font(writer, cid)
        fonts[NameObject("/T3")] = shared["font"]
        font, size, out = None, None, []
        for operands, op in content.operations:
            if op == b"Tf":
                font, size = operands[0], operands[1]
            if font == CID_FONT and op == b"Tj":
                text = raw(operands[0]).decode("utf-16-be")
                if text and all(" " <= ch <= "~" for ch in text):
                    out.append(([NameObject("/T3"), size], b"Tf"))
                    out.append(([ByteStringObject(text.encode("ascii"))], b"Tj"))
                    out.append(([NameObject(CID_FONT), size], b"Tf"))
                    continue
            out.append((operands, op))
        content.operations = out

    rewrite(path, edit)
