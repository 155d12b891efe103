"""The certificate as a PDF: Noto fonts shaped by HarfBuzz, laid out by xhtml2pdf, a QR
code, and a PAdES signature (fonts.py, shaping.py, render.py, signing.py)."""
