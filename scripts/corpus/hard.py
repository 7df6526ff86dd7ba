"""Hard real-world layouts (issue: hard layouts), each a 决算 document with one difficulty turned on.

Every variant names the real report it was modelled on; corpus/README.md tables them.
"""

HARD_VARIANTS = [
    # (name, producer, style overrides)
    ("letterspaced", "chromium", {"letter_spaced": True}),
    ("letterspaced", "libreoffice", {"letter_spaced": True}),
    ("splitnumbers", "reportlab", {"split_numbers": True, "decimals": "fixed"}),
    ("runningheader", "reportlab", {"running_header": True, "landscape": False, "repeat_header": False}),
    ("runningheader", "typst", {"running_header": True, "landscape": False}),
    ("tablesonly", "chromium", {"tables_only": True}),
    ("tablesonly", "typst", {"tables_only": True}),
    ("kangxi", "typst", {"kangxi": True}),
    ("gbkfont", "reportlab", {"gbk_font": True}),
    ("type3digits", "reportlab", {"type3_digits": True}),
    ("borderless", "chromium", {"borders": "none"}),
    ("borderless", "reportlab", {"borders": "none"}),
    ("zebra", "chromium", {"borders": "zebra"}),
    ("borderlesssplit", "reportlab", {"borders": "none", "split_numbers": True, "valign": "split",
                                      "decimals": "fixed", "name_width": 2.0}),
]

SPACED = {"合计": "合　　计", "总计": "总　　计", "项目": "项　　目", "栏次": "栏　　次"}


def letter_space(tables):
    """"合　　计" / "项　　目" labels, and long header cells printed one character per line
    ("事\\n业\\n收\\n入"), as 普陀's and the Shanghai template's tables print them."""
    for t in tables:
        for row in t.header:
            for c in row:
                if c.text in SPACED:
                    c.text = SPACED[c.text]
                elif t.kind == "income" and 4 <= len(c.text) <= 6 and c.text.endswith("收入"):
                    c.text = "\n".join(c.text)
        for row in t.rows:
            for c in row:
                if c.text in SPACED:
                    c.text = SPACED[c.text]
    return tables
