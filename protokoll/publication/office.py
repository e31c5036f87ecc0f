"""The protocol as a Word document (python-docx) and as a PDF (fpdf2), for a clerk to file."""

from __future__ import annotations

import io

from protokoll.publication.document import protocol_blocks
from protokoll.records import StoredMeeting

__all__ = ["to_docx", "to_pdf"]


def to_docx(bundle: StoredMeeting, part: str = "all") -> bytes:
    """Return the protocol as .docx bytes."""
    import docx

    document = docx.Document()
    document.core_properties.title = bundle.meeting.title
    document.core_properties.language = "de-DE"
    for block in protocol_blocks(bundle, part):
        if block.kind == "title":
            document.add_heading(block.text, level=0)
        elif block.kind in ("heading", "subheading"):
            document.add_heading(block.text, level=1 if block.kind == "heading" else 2)
        elif block.kind in ("fact", "utterance"):
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{block.label}: " if block.kind == "fact" else f"{block.label}\n").bold = True
            paragraph.add_run(block.text)
        elif block.kind == "bullet":
            document.add_paragraph(block.text, style="List Bullet")
        else:
            document.add_paragraph(block.text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# The PDF core fonts cover Latin-1 only; these are the characters of German text outside it.
_LATIN1 = str.maketrans({"„": '"', "“": '"', "”": '"', "‚": "'", "‘": "'", "’": "'", "–": "-", "—": "-", "…": "...",
                         "€": "EUR", "\u00a0": " "})  # fmt: skip


def _latin1(text: str) -> str:
    return text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")


def to_pdf(bundle: StoredMeeting, part: str = "all") -> bytes:
    """Return the protocol as PDF bytes."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(bundle.meeting.title))
    pdf.set_lang("de")
    pdf.set_creator("Protokoll")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    sizes = {"title": 16, "heading": 14, "subheading": 12}
    for block in protocol_blocks(bundle, part):
        text = _latin1(block.text)
        if block.kind in sizes:
            pdf.set_font("Helvetica", "B", sizes[block.kind])
            pdf.ln(2)
            pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
            continue
        pdf.set_font("Helvetica", "", 10)
        if block.kind in ("fact", "utterance"):
            pdf.set_font("Helvetica", "B", 10)
            pdf.multi_cell(0, 5, _latin1(block.label) + ":", new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Helvetica", "", 10)
        prefix = "- " if block.kind == "bullet" else ""
        pdf.multi_cell(0, 5, prefix + text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    return bytes(pdf.output())
